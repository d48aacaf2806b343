"""The application portfolio in a browser: the TIME chart, and filtering it by TIME class."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from nakhon.core.permissions import Role
from nakhon.portfolio.services import application_profiles
from tests.browser.conftest import htmx_settled, in_thai, login

pytestmark = pytest.mark.browser

PORTFOLIO_URL = "/portfolio/applications/"


def test_see_the_time_chart_and_filter_it_by_time_class(
    page: Page, make_user, system_actor, unit_a
):
    make_user(Role.VIEWER, unit_a, username="somying")
    for name, business, technical, cost in (
        ("ระบบ BMA OSS", 4, 4, "4800000"),
        ("ระบบเงินเดือนและค่าตอบแทน", 4, 1, "1100000"),
        ("ระบบจองห้องประชุม", 1, 3, "36000"),
        ("ระบบรับแจ้งเรื่องเทศกิจ", 1, 1, "90000"),
    ):
        application_profiles.create(
            system_actor,
            name=name,
            owner_unit=unit_a,
            business_fit=business,
            technical_fit=technical,
            yearly_cost=Decimal(cost),
        )
    login(page, "somying")

    page.goto("/")
    page.locator("nav").get_by_role("button", name=in_thai("Portfolio")).click()
    page.locator("nav").get_by_role("link", name=in_thai("Applications")).click()
    expect(page).to_have_url(re.compile(rf"{PORTFOLIO_URL}$"))

    chart = page.locator("[data-testid=time-chart]")
    expect(chart).to_be_visible()
    expect(chart.locator("circle")).to_have_count(4)
    expect(chart.locator("[data-quadrant=migrate]")).to_have_text(in_thai("migrate").capitalize())
    expect(page.locator("[data-testid=unit-totals] tfoot")).to_contain_text("6,026,000.00")

    with htmx_settled(page):
        page.locator("select[name=time_class]").select_option("migrate")
    expect(chart.locator("circle")).to_have_count(1)
    expect(chart.locator("circle[data-time-class=migrate]")).to_have_count(1)
    table = page.locator("#object-table")
    expect(table).to_contain_text("ระบบเงินเดือนและค่าตอบแทน")
    expect(table).not_to_contain_text("ระบบ BMA OSS")
    expect(page.locator("[data-testid=portfolio-total]")).to_contain_text("1,100,000.00")
    expect(page).to_have_url(re.compile(r"[?&]time_class=migrate"))

    with page.expect_navigation():
        chart.locator("circle").click()
    expect(page.locator("main h1")).to_have_text("ระบบเงินเดือนและค่าตอบแทน")
