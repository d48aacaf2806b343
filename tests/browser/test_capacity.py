"""Capacity building in a browser: the EA office runs a workshop and sees a unit's gap close."""

import re
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from nakhon.capacity.frameworks import load_shipped
from nakhon.capacity.models import Assessment, Attendance, SkillArea
from nakhon.capacity.services import assessments, people
from nakhon.core.permissions import Role
from tests.browser.conftest import login

pytestmark = pytest.mark.browser
NAMES = ("สมชาย ใจดี", "มาลี ศรีสุข", "วิชัย ทองดี")


def submit(page: Page) -> None:
    with page.expect_navigation():
        page.click("main form button[type=submit]")


def test_a_workshop_its_sign_in_sheet_and_new_ratings_close_the_units_gap(
    page: Page, make_user, system_actor, unit_a
):
    make_user(Role.EA_OFFICE, username="ea-officer")
    load_shipped(system_actor)
    literacy = SkillArea.objects.get(framework__is_active=True, code="digital-literacy")
    staff = []
    for name, level in zip(NAMES, (0, 1, 1), strict=True):
        person = people.create(
            system_actor,
            name=name,
            unit=unit_a,
            personnel_group="non_it",
            role_level="operational",
        )
        # The target of non-IT operational staff in digital literacy is 2: gaps 2, 1, 1.
        assessments.create(
            system_actor,
            person=person,
            area=literacy,
            source="assessor",
            assessed_on=date(2024, 1, 10),
            level=level,
        )
        staff.append(person)
    login(page, "ea-officer")

    # The workshop and its session, which covers digital literacy.
    page.goto("/capacity/events/add/")
    page.select_option("select[name=kind]", "workshop")
    page.fill("input[name=name]", "อบรมเชิงปฏิบัติการการรู้ดิจิทัล")
    page.select_option("select[name=owner_unit]", str(unit_a.pk))
    submit(page)
    event_url = page.url
    event_id = re.search(r"/events/([0-9a-f-]+)/", event_url).group(1)
    page.goto(f"/capacity/sessions/add/?event={event_id}")
    page.fill("input[name=title]", "วันที่ 1")
    page.fill("input[name=starts_at]", "2024-08-01T09:00")
    page.select_option("select[name=skill_areas]", [str(literacy.pk)])
    submit(page)

    # Its sign-in sheet: everyone signed, every name is someone's exactly.
    page.click("[data-testid=import-signin]")
    sheet = "ชื่อ-สกุล,ลายมือชื่อ\n" + "".join(f"{name},✓\n" for name in NAMES)
    page.set_input_files(
        "input[type=file]",
        {"name": "sign-in.csv", "mimeType": "text/csv", "buffer": sheet.encode("utf-8-sig")},
    )
    submit(page)
    expect(page.locator("[data-testid=plan]")).to_contain_text(NAMES[0])
    with page.expect_navigation():
        page.click("[data-testid=confirm]")
    assert Attendance.objects.filter(person__in=staff).count() == 3

    # New assessor's ratings after the workshop: everyone at the target.
    for person in staff:
        page.goto(f"/capacity/assessments/add/?person={person.pk}")
        page.select_option("select[name=area]", str(literacy.pk))
        page.select_option("select[name=source]", "assessor")
        page.fill("input[name=assessed_on]", "2024-08-15")
        page.fill("input[name=level]", "2")
        submit(page)
    assert Assessment.objects.filter(assessed_on=date(2024, 8, 15)).count() == 3

    # The unit's dashboard: the gap was 1.33 at the baseline and is 0 now; all three trained.
    page.goto("/capacity/")
    page.select_option("select[name=unit]", str(unit_a.pk))
    submit(page)
    row = page.locator("[data-testid=gap-table] tr", has=page.locator("td", has_text="การรู้ดิจิทัล"))
    expect(page.locator("[data-testid=gap-digital-literacy]")).to_contain_text("0.00")
    expect(row).to_contain_text("1.33")
    expect(page.locator("[data-testid=trained]")).to_contain_text("3")
    expect(page.locator("[data-testid=heat-map] svg")).to_be_visible()
