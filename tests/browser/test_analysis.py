"""An impact analysis in the browser: find the server, pick it, analyse, see the services."""

import pytest
from playwright.sync_api import Page, expect

from nakhon.core.permissions import Role
from nakhon.organization.models import UnitKind
from nakhon.organization.services import org_units
from nakhon.repository.services import elements, relationships
from tests.browser.conftest import htmx_settled, login

pytestmark = pytest.mark.browser


@pytest.fixture
def server_model(system_actor, city, make_user, unit_a):
    make_user(Role.VIEWER, unit_a, username="analyst")
    district = org_units.create(
        system_actor,
        name="สำนักงานเขตบางรัก",
        name_en="Bang Rak District Office",
        kind=UnitKind.DISTRICT_OFFICE,
        parent=city,
    )

    def element(type_, name, owner=unit_a):
        return elements.create(system_actor, type=type_, name=name, owner_unit=owner)

    server = element("Node", "เครื่องแม่ข่ายศูนย์ข้อมูล")
    app = element("ApplicationComponent", "ระบบบริการประชาชน")
    permit = element("BusinessService", "การขออนุญาตก่อสร้าง", owner=district)
    complaints = element("BusinessService", "การแจ้งเรื่องร้องเรียน", owner=district)
    element("BusinessService", "การชำระภาษีป้าย")  # runs elsewhere
    for source, target in ((server, app), (app, permit), (app, complaints)):
        relationships.create(system_actor, type="Serving", source=source, target=target)


def test_impact_of_a_server_lists_the_services_that_stop_and_their_district(
    page: Page, server_model
):
    login(page, "analyst")
    page.goto("/analysis/impact/")

    with htmx_settled(page):
        page.fill("#id_q", "ศูนย์ข้อมูล")
    page.get_by_label("เครื่องแม่ข่ายศูนย์ข้อมูล").check()
    page.click("#impact-form button[type=submit]")

    table = page.locator("#impact-table")
    expect(table).to_contain_text("การขออนุญาตก่อสร้าง")
    expect(table).to_contain_text("การแจ้งเรื่องร้องเรียน")
    expect(table).not_to_contain_text("การชำระภาษีป้าย")
    summary = page.locator("[data-testid=service-summary]")
    expect(summary).to_contain_text("สำนักงานเขตบางรัก")
    expect(page.locator("#impact-graph canvas").first).to_be_attached()  # Cytoscape drew it
