"""Capacity building, as the EA office works: it creates a workshop, imports the attendance
from its sign-in sheet (deciding the name put up for review), records new assessments, and the
unit's dashboard shows the gap closing."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from nakhon.capacity.services import (
    assessments,
    people,
    proficiency_levels,
    skill_areas,
    skill_frameworks,
    target_levels,
)
from nakhon.core.permissions import Role
from nakhon.core.tabular import csv_bytes
from nakhon.organization.models import UnitKind, User
from nakhon.organization.services import org_units
from tests.browser.conftest import PASSWORD, in_thai, login

pytestmark = pytest.mark.django_db(transaction=True)
NAMES = ["สมชาย ใจดี", "วิไลวรรณ แก้วมณี", "ประเสริฐ ศรีสุข"]


@pytest.fixture
def programme(system_actor):
    city = org_units.create(system_actor, name="กรุงเทพมหานคร", kind=UnitKind.CITY, code="BMA")
    unit = org_units.create(
        system_actor, name="สำนักการโยธา", kind=UnitKind.DEPARTMENT, code="PWD", parent=city
    )
    framework = skill_frameworks.create(
        system_actor, code="test", name="กรอบทดสอบ", edition="1", is_active=True
    )
    for level in range(5):
        proficiency_levels.create(
            system_actor, framework=framework, level=level, name=f"ระดับ {level}"
        )
    area = skill_areas.create(
        system_actor, framework=framework, code="literacy", name="การรู้ดิจิทัล", kind="core"
    )
    target_levels.create(
        system_actor, area=area, personnel_group="it", role_level="operational", level=3
    )
    staff = []
    for name in NAMES:
        person = people.create(
            system_actor, name=name, unit=unit, personnel_group="it", role_level="operational"
        )
        # Rated 1 against a target of 3: a gap of 2 each before the workshop.
        assessments.create(
            system_actor,
            person=person,
            area=area,
            source="assessor",
            assessed_on=date(2025, 1, 10),
            level=1,
        )
        staff.append(person)
    User.objects.create_user("ea-office", password=PASSWORD, role=Role.EA_OFFICE)
    return unit, area, staff


def test_a_workshop_closes_the_gap_on_the_units_dashboard(page, programme, tmp_path):
    unit, area, staff = programme
    login(page, "ea-office")

    # The workshop, and its session covering the area.
    page.goto("/capacity/events/add/")
    page.select_option("#id_kind", "workshop")
    page.fill("#id_name", "อบรมการรู้ดิจิทัลสำหรับสำนักการโยธา")
    page.select_option("#id_owner_unit", str(unit.pk))
    page.click("main form button[type=submit]")
    expect(page.locator("h1")).to_have_text("อบรมการรู้ดิจิทัลสำหรับสำนักการโยธา")
    page.click(f"text={in_thai('Add a session')}")
    page.fill("#id_starts_at", "2025-06-10T09:00")
    page.fill("#id_venue", "ห้องประชุมสำนักการโยธา")
    page.select_option("#id_skill_areas", str(area.pk))
    page.click("main form button[type=submit]")
    expect(page.get_by_test_id("session-facts")).to_contain_text("10 มิ.ย. 2568 09:00")

    # Its sign-in sheet: one name lost its tone mark and is put up for review, not guessed.
    page.get_by_test_id("import-signin").click()
    sheet = tmp_path / "ใบลงชื่อ.csv"
    rows = [["นายสมชาย ใจดี", "สนย."], ["วิไลวรรณ แกวมณี", "สนย."], ["ประเสริฐ ศรีสุข", "สนย."]]
    sheet.write_bytes(csv_bytes(["ชื่อ-สกุล", "หน่วยงาน"], rows))
    page.set_input_files("#id_file", str(sheet))
    page.click("main form button[type=submit]")
    plan = page.get_by_test_id("plan")
    expect(plan.locator("tr[data-outcome=taken]")).to_have_count(2)
    review = plan.locator("tr[data-outcome=review]")
    expect(review).to_contain_text(in_thai("differs only in tone marks or other marks"))
    # Confirming before deciding records nothing.
    page.get_by_test_id("confirm").click()
    expect(page.get_by_test_id("import-problems")).to_be_visible()
    review.locator("select").select_option(str(staff[1].pk))
    page.get_by_test_id("confirm").click()
    expect(page.get_by_test_id("attended")).to_have_text("3")

    # New assessments after the workshop: each now at the target.
    for person in staff:
        page.goto("/capacity/assessments/add/")
        page.select_option("#id_person", str(person.pk))
        page.select_option("#id_area", str(area.pk))
        page.select_option("#id_source", "assessor")
        page.fill("#id_assessed_on", "2025-07-01")
        page.fill("#id_level", "3")
        page.click("main form button[type=submit]")
        expect(page.locator(".alert-success")).to_be_visible()

    # The unit's dashboard: the gap of 2 at the baseline is closed.
    page.goto(f"/capacity/?unit={unit.pk}")
    gap = page.get_by_test_id(f"gap-{area.code}")
    expect(gap).to_have_text(re.compile(r"^\s*0(\.0+)?\s*\(3\)\s*$"))
    expect(gap.locator("xpath=following-sibling::td[1]")).to_contain_text("2")
    expect(page.get_by_test_id("trained")).to_contain_text("3")
