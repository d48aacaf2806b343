"""A department editor records that a service now accepts e-payment; the department's score and
its fix-first list change at once."""

import re

import pytest
from playwright.sync_api import Page, expect

from nakhon.citizen_services.services import service_profiles
from nakhon.core.permissions import Role
from tests.browser.conftest import in_thai, login
from tests.citizen_services.conftest import counter, step

pytestmark = pytest.mark.browser

FOOD_SHOP = "การขอใบอนุญาตจัดตั้งสถานที่จำหน่ายอาหาร"


@pytest.fixture
def food_shop(system_actor, unit_a):
    return service_profiles.create(
        system_actor,
        name=FOOD_SHOP,
        name_en="Food-shop licence",
        owner_unit=unit_a,
        delivery="central",
        fee=500,
        digital_fee=500,
        payment_methods=["cash"],
        e_receipt=False,
        annual_volume=42000,
        legal_time=30,
        legal_time_unit="day",
        actual_time=45,
        actual_time_unit="day",
        published=False,
        needs_documents=False,
        channels=[counter()],
        steps=[step()],
    )


def test_recording_e_payment_raises_the_department_score_and_reorders_fixes(
    page: Page, make_user, unit_a, food_shop
):
    make_user(Role.UNIT_EDITOR, unit_a, username="somsri")
    login(page, "somsri")

    page.goto(f"/services/departments/{unit_a.pk}/")
    score = page.locator("[data-testid=rollup-score]")
    # Every fact known: 0 (late) + 1 + 3 + 0 + 0 + 0 + 0 = 4 of 21 levels
    expect(score).to_have_text("19.0%")
    payment_fix = page.locator("[data-testid=fix-first] [data-outcome=e_payment]")
    expect(payment_fix).to_contain_text("42,000")
    expect(payment_fix).to_contain_text(in_thai("level %(level)s of 3") % {"level": 0})

    page.get_by_role("link", name=FOOD_SHOP).first.click()
    expect(page.locator("main h1")).to_have_text(FOOD_SHOP)
    page.get_by_role("link", name=in_thai("Edit"), exact=True).click()
    page.check("input[name=payment_methods][value=promptpay]")
    with page.expect_navigation():
        page.click("main form button[type=submit]")

    expect(page).to_have_url(re.compile(rf"/services/list/{food_shop.pk}/$"))
    e_payment = page.locator("[data-testid=scorecard-detail] tr[data-outcome=e_payment]")
    expect(e_payment.locator("[data-testid=level]")).to_have_text("2/3")

    page.get_by_role("link", name=in_thai("department dashboard")).click()
    # e-payment now 2: 6 of 21 levels
    expect(score).to_have_text("28.6%")
    expect(payment_fix).to_contain_text(in_thai("level %(level)s of 3") % {"level": 2})
    # At level 2 the fix is the e-Receipt, and it ranks below the gaps of three levels.
    ranked = page.locator("[data-testid=fix-first] > li")
    outcomes = [ranked.nth(i).get_attribute("data-outcome") for i in range(ranked.count())]
    assert outcomes[-1] == "e_payment"
    assert outcomes.index("e_payment") > outcomes.index("lower_fees")


def test_an_editor_adds_rows_beyond_the_blank_ones_offered(
    page: Page, make_user, unit_a, food_shop
):
    make_user(Role.UNIT_EDITOR, unit_a, username="somsri")
    login(page, "somsri")
    page.goto(f"/services/list/{food_shop.pk}/edit/")
    channels = page.locator("[data-testid=rows-channels]")
    offered = channels.locator("tbody tr").count()
    for _ in range(2):
        channels.get_by_role("button", name=in_thai("Add a row")).click()
    expect(channels.locator("tbody tr")).to_have_count(offered + 2)
    last = offered + 1  # the second added row
    channels.locator(f"select[name=channels-{last}-kind]").select_option("web")
    channels.locator(f"input[name=channels-{last}-url]").fill("https://service.bangkok.go.th/")
    with page.expect_navigation():
        page.click("main form button[type=submit]")

    expect(page).to_have_url(re.compile(rf"/services/list/{food_shop.pk}/$"))
    assert list(food_shop.channels.values_list("kind", "url")) == [
        ("counter", ""),  # the row it had
        ("web", "https://service.bangkok.go.th/"),
    ]
