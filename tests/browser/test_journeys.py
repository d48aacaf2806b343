"""Journeys through the staff pages, in headless Chromium, as a person would take them.

Each test creates its data through the services, then uses only what the page offers: links,
fields, buttons. Assertions are on what the page shows; a few also check the database.
Pages are in Thai (the browser asks for Thai, the city's default), so expected sentences are
looked up through Django's own translation machinery and hold whether or not a string has
been translated yet.
"""

import re
from datetime import date

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect

from nakhon.archimate import metamodel
from nakhon.core.permissions import Role
from nakhon.repository.models import Relationship
from nakhon.repository.services import elements
from tests.browser.conftest import PASSWORD, htmx_settled, in_thai, login

pytestmark = pytest.mark.browser

ELEMENTS_URL = "/repository/elements/"


@pytest.fixture
def ea_officer(make_user, unit_a):
    return make_user(Role.EA_OFFICE, unit_a, username="somchai")


def test_log_in_after_a_wrong_password_lands_on_the_overview(page: Page, ea_officer, live_server):
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login/"))  # the overview asks who you are first

    page.fill("#id_username", "somchai")
    page.fill("#id_password", "not-the-password")
    page.click("main form button[type=submit]")
    error = page.locator("main .alert-danger")
    expect(error).to_have_text(in_thai("The user name or password is wrong. Try again."))
    expect(page.locator("#id_username")).to_have_value("somchai")  # kept, only retype password
    expect(page.locator("[data-testid=current-user]")).to_have_count(0)

    page.fill("#id_password", PASSWORD)
    page.click("main form button[type=submit]")
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.locator("main h1")).to_have_text(in_thai("The city's enterprise architecture"))
    expect(page.locator("[data-testid=current-user]")).to_contain_text("somchai")
    expect(page.locator("main .alert-danger")).to_have_count(0)


def test_find_an_element_by_a_thai_substring_and_open_it(page: Page, ea_officer, make_element):
    permit = make_element("BusinessObject", name="ใบอนุญาตก่อสร้างอาคาร")
    make_element("ApplicationComponent", name="ระบบสารบรรณอิเล็กทรอนิกส์")
    login(page, "somchai")

    page.goto(ELEMENTS_URL)
    table = page.locator("#object-table")
    expect(table).to_contain_text("ระบบสารบรรณอิเล็กทรอนิกส์")  # everything, before searching

    page.fill("#id_q", "อนุญาต")  # a word inside the name; Thai has no spaces between words
    expect(table).not_to_contain_text("ระบบสารบรรณอิเล็กทรอนิกส์")
    expect(table.get_by_role("link", name="ใบอนุญาตก่อสร้างอาคาร")).to_be_visible()
    expect(page).to_have_url(re.compile(r"[?&]q=%E0%B8%AD"))  # the search is in the address

    table.get_by_role("link", name="ใบอนุญาตก่อสร้างอาคาร").click()
    expect(page).to_have_url(re.compile(rf"{ELEMENTS_URL}{permit.pk}/$"))
    expect(page.locator("main h1")).to_have_text("ใบอนุญาตก่อสร้างอาคาร")


def test_a_refused_relationship_shows_the_reason_then_the_allowed_one_is_added(
    page: Page, ea_officer, system_actor, unit_a
):
    data = elements.create(
        system_actor, type="DataObject", name="ข้อมูลคำขออนุญาตก่อสร้าง", owner_unit=unit_a
    )
    actor = elements.create(
        system_actor, type="BusinessActor", name="ประชาชนผู้ยื่นคำขอ", owner_unit=unit_a
    )
    with translation.override("th"):
        serving = str(metamodel.RELATIONSHIP_TYPES["Serving"].label)
        association = str(metamodel.RELATIONSHIP_TYPES["Association"].label)
        expected_reason = str(
            metamodel.RelationshipNotAllowed(
                "Serving", "DataObject", "BusinessActor", ["Association"]
            )
        )
    login(page, "somchai")
    page.goto(f"{ELEMENTS_URL}{data.pk}/")
    panel = page.locator("#relationship-add")
    expect(page.locator("[data-testid=outgoing]")).not_to_contain_text("ประชาชนผู้ยื่นคำขอ")

    # Each of these re-renders the panel; the next step waits until it has been swapped in.
    with htmx_settled(page):
        panel.locator("select[name=direction]").select_option("outgoing")
    panel.locator("select[name=type]").select_option("Serving")
    candidates = page.locator("[data-testid=candidate]")
    with htmx_settled(page):
        page.fill("#candidate-search", "คำขอ")  # both elements' names hold this word
    expect(candidates.filter(has_text="ประชาชนผู้ยื่นคำขอ")).to_be_visible()
    with htmx_settled(page):
        page.fill("#candidate-search", "ผู้ยื่น")  # narrowing the search narrows the list
    expect(candidates).to_have_count(1)
    with htmx_settled(page):
        candidates.filter(has_text="ประชาชนผู้ยื่นคำขอ").click()

    expect(panel.locator("[data-testid=chosen-other]")).to_contain_text("ประชาชนผู้ยื่นคำขอ")
    refusal = panel.locator("[data-testid=relationship-refusal]")
    expect(refusal).to_have_text(expected_reason)
    expect(refusal).to_contain_text(serving)
    expect(refusal).to_contain_text(association)
    expect(panel.locator("[data-testid=refused-types]")).to_contain_text(serving)
    type_options = panel.locator("select[name=type] option")
    expect(type_options).to_have_count(1)
    expect(type_options).to_have_attribute("value", "Association")

    panel.locator("select[name=type]").select_option("Association")
    with page.expect_navigation():  # htmx follows the HX-Redirect back to the element
        panel.locator("button[type=submit]").click()
    outgoing = page.locator("[data-testid=outgoing]")
    expect(outgoing).to_contain_text("ประชาชนผู้ยื่นคำขอ")
    expect(outgoing).to_contain_text(association)
    expect(page.locator("[data-testid=relationship-refusal]")).to_have_count(0)
    saved = Relationship.objects.get(source=data, target=actor)
    assert saved.type == "Association"


def test_a_stale_edit_shows_the_conflict_and_keeps_what_was_typed(
    new_context, make_user, unit_a, system_actor
):
    element = elements.create(
        system_actor, type="ApplicationService", name="บริการรับคำขออนุญาต", owner_unit=unit_a
    )
    make_user(Role.EA_OFFICE, unit_a, username="somchai")
    make_user(Role.EA_OFFICE, unit_a, username="somsri")
    first, second = new_context().new_page(), new_context().new_page()
    login(first, "somchai")
    login(second, "somsri")
    edit_url = f"{ELEMENTS_URL}{element.pk}/edit/"
    first.goto(edit_url)
    second.goto(edit_url)  # both opened version 1

    first.fill("#id_name", "บริการรับคำขออนุญาตออนไลน์")
    with first.expect_navigation():
        first.click("main form button[type=submit]")
    expect(first.locator("main h1")).to_have_text("บริการรับคำขออนุญาตออนไลน์")

    second.fill("#id_name", "บริการรับคำขออนุญาตทางไปรษณีย์")
    with second.expect_navigation() as saved:
        second.click("main form button[type=submit]")
    assert saved.value.status == 409
    expect(second.locator("[data-testid=conflict]")).to_be_visible()
    expect(second.locator("[data-testid=conflict]")).to_contain_text(
        in_thai("Someone else saved this first.")
    )
    expect(second.locator("#id_name")).to_have_value("บริการรับคำขออนุญาตทางไปรษณีย์")

    element.refresh_from_db()
    assert element.name == "บริการรับคำขออนุญาตออนไลน์"
    assert element.version == 2
    with second.context.expect_page() as opened:  # "Current version" opens in a new tab
        second.locator("[data-testid=conflict] a").click()
    current = opened.value
    expect(current.locator("main h1")).to_have_text("บริการรับคำขออนุญาตออนไลน์")
    expect(second.locator("#id_name")).to_have_value("บริการรับคำขออนุญาตทางไปรษณีย์")


def test_a_buddhist_era_date_typed_in_thai_is_stored_and_shown_right(
    page: Page, ea_officer, unit_a, system_actor
):
    element = elements.create(
        system_actor, type="ApplicationComponent", name="ระบบทะเบียนพาณิชย์", owner_unit=unit_a
    )
    login(page, "somchai")
    page.goto(f"{ELEMENTS_URL}{element.pk}/edit/")
    page.fill("#id_active_from", "01/01/2027")  # a Common-Era year, typed in Thai
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    expect(page.locator("main form")).to_contain_text("2027")
    expect(page.locator("main form")).to_contain_text("2570")  # what to type instead
    element.refresh_from_db()
    assert element.active_from is None and element.version == 1

    page.fill("#id_active_from", "01/01/2570")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    expect(page.locator("main")).to_contain_text("1 ม.ค. 2570")
    element.refresh_from_db()
    assert element.active_from == date(2027, 1, 1)
    page.goto(f"{ELEMENTS_URL}{element.pk}/edit/")
    expect(page.locator("#id_active_from")).to_have_value("1 ม.ค. 2570")  # saved again as is


def test_switch_the_language_to_english_and_back_to_thai(page: Page, ea_officer):
    login(page, "somchai")
    page.goto(ELEMENTS_URL)
    html, language = page.locator("html"), page.locator("select[name=language]")
    elements_link = page.locator(f"nav a.nav-link[href='{ELEMENTS_URL}']")
    log_out = page.locator("nav form button[type=submit]")
    expect(html).to_have_attribute("lang", "th")
    expect(language).to_have_value("th")
    thai_label = elements_link.inner_text()
    assert thai_label == in_thai("Elements")

    with page.expect_navigation():
        language.select_option("en")
    expect(page).to_have_url(re.compile(rf"{ELEMENTS_URL}$"))  # stays on the same page
    expect(html).to_have_attribute("lang", "en")
    expect(language).to_have_value("en")
    expect(elements_link).to_have_text("Elements")
    expect(log_out).to_have_text("Log out")

    with page.expect_navigation():
        language.select_option("th")
    expect(html).to_have_attribute("lang", "th")
    expect(language).to_have_value("th")
    expect(elements_link).to_have_text(thai_label)
    if in_thai("Elements") != "Elements":
        assert thai_label != "Elements"
    if in_thai("Log out") != "Log out":  # Django ships this one in Thai
        expect(log_out).to_have_text(in_thai("Log out"))
