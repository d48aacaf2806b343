"""Gaps and roll-ups on a small city worked out by hand; every expected figure is written out.

Targets (conftest `framework`, operational staff): literacy IT 3, non-IT 2; technology IT 4,
non-IT 1.

P1 IT, unit A, EA liaison: literacy self 2 and assessor 1 on 10 Jan, assessor 3 on 1 Jun
    -> baseline 1 (gap 2: the assessor counts over the self-rating), now 3 (gap 0);
    technology self 1 -> gap 3 at both.
P2 non-IT, unit A: literacy assessor 0 -> gap 2; technology self 3 -> gap 0 (no surplus).
P3 IT, unit A: never rated -> unknown, counted nowhere.
P4 non-IT, unit B: literacy self 1 -> gap 1.
P5 IT, district office D: literacy assessor 0 on 1 Jan (gap 3), assessor 2 on 1 Jun (gap 1).
C  consultant, no unit: rated, but never counted.
"""

from datetime import date
from decimal import Decimal

import pytest

from nakhon.capacity import dashboards, gaps
from nakhon.capacity.event_services import attendance, registrations, sessions
from nakhon.capacity.mentoring_services import mentoring_actions, mentoring_sessions
from nakhon.capacity.services import assessments
from nakhon.organization.models import UnitKind
from nakhon.organization.services import org_units
from tests.capacity import events_fixtures

pytestmark = pytest.mark.django_db
workshop = events_fixtures.workshop
TODAY = date(2024, 8, 1)


def rate(actor, person, area, source, day, level):
    assessments.create(actor, person=person, area=area, source=source, assessed_on=day, level=level)


@pytest.fixture
def city_people(system_actor, framework, make_person, unit_a, unit_b, city, workshop):
    district = org_units.create(
        system_actor,
        name="สำนักงานเขตพระนคร",
        name_en="Phra Nakhon District Office",
        kind=UnitKind.DISTRICT_OFFICE,
        code="1001",
        parent=city,
    )
    lit, tech = framework.literacy, framework.technology
    p1 = make_person(unit_a, programme_role="liaison")
    p2 = make_person(unit_a, personnel_group="non_it")
    p3 = make_person(unit_a)
    p4 = make_person(unit_b, personnel_group="non_it")
    p5 = make_person(district)
    consultant = make_person(None, programme_role="consultant")
    jan, jun = date(2024, 1, 10), date(2024, 6, 1)
    a = system_actor
    rate(a, p1, lit, "self", jan, 2)
    rate(a, p1, lit, "assessor", jan, 1)
    rate(a, p1, lit, "assessor", jun, 3)
    rate(a, p1, tech, "self", jan, 1)
    rate(a, p2, lit, "assessor", jan, 0)
    rate(a, p2, tech, "self", jan, 3)
    rate(a, p4, lit, "self", date(2024, 3, 1), 1)
    rate(a, p5, lit, "assessor", date(2024, 1, 1), 0)
    rate(a, p5, lit, "assessor", jun, 2)
    rate(a, consultant, lit, "assessor", jan, 0)
    # The workshop's first day covers literacy, its second technology.
    sessions.update(a, workshop.first, version=None, skill_areas=[lit])
    sessions.update(a, workshop.second, version=None, skill_areas=[tech])
    for person in (p1, p2, p4):
        registrations.create(a, event=workshop, person=person)
    attendance.create(a, session=workshop.first, person=p1)
    attendance.create(a, session=workshop.second, person=p2)
    attendance.create(a, session=workshop.first, person=p5)  # came without registering
    meeting = mentoring_sessions.create(a, unit=unit_b, held_on=date(2024, 5, 1), topic="BA")
    mentoring_actions.create(
        a, session=meeting, description="วาดแผนภาพ", owner=p4, due_on=date(2024, 6, 1)
    )
    mentoring_actions.create(
        a,
        session=meeting,
        description="ทบทวนรายการระบบ",
        owner=p4,
        due_on=date(2024, 7, 1),
        status="done",
    )
    return {"p1": p1, "p2": p2, "p3": p3, "p4": p4, "p5": p5, "district": district}


def test_levels_prefer_the_assessor_and_the_latest_day():
    r = gaps.Rating
    ratings = [
        r("p", "a", "self", date(2024, 1, 1), 2),
        r("p", "a", "assessor", date(2024, 1, 1), 1),
        r("p", "a", "self", date(2024, 9, 1), 4),
        r("p", "a", "assessor", date(2024, 6, 1), 3),
    ]
    assert gaps.held_levels(ratings) == {("p", "a"): 3}
    assert gaps.held_levels(ratings, date(2024, 5, 31)) == {("p", "a"): 1}
    assert gaps.held_levels(ratings, first=True) == {("p", "a"): 1}
    assert gaps.held_levels(ratings, date(2023, 12, 31)) == {}
    assert (gaps.gap(3, 1), gaps.gap(1, 3), gaps.gap(None, 1), gaps.gap(2, None)) == (
        2,
        0,
        None,
        None,
    )


def test_city_dashboard_by_hand(framework, city_people, unit_b):
    board = dashboards.build(None, framework, withhold=False, today=TODAY)
    lit, tech = framework.literacy.pk, framework.technology.pk
    assert board.people == 5 and board.assessed == 4
    heat = {k: (f.value, f.people) for k, f in board.heat.items()}
    assert heat == {
        (lit, "it"): (Decimal("0.50"), 2),
        (lit, "non_it"): (Decimal("1.50"), 2),
        (tech, "it"): (Decimal("3.00"), 1),
        (tech, "non_it"): (Decimal("0.00"), 1),
    }
    assert {k: (f.value, f.people) for k, f in board.by_area.items()} == {
        lit: (Decimal("1.00"), 4),
        tech: (Decimal("1.50"), 2),
    }
    assert {k: (f.value, f.people) for k, f in board.baseline_by_area.items()} == {
        lit: (Decimal("2.00"), 4),
        tech: (Decimal("1.50"), 2),
    }
    assert [(a.code, n) for a, n in board.trained_by_area] == [("literacy", 2), ("technology", 1)]
    assert [(r["registered"], r["came"], r["rate"]) for r in board.attendance] == [
        (3, 2, Decimal("66.67"))
    ]
    assert {u.code for u in board.without_liaison} == {"HD", "1001"}
    assert [(r["unit"], r["count"], r["oldest"], r["days"]) for r in board.overdue] == [
        (unit_b, 1, date(2024, 6, 1), 61)
    ]
    (district,) = board.district_progress
    assert (district["baseline"].value, district["now"].value, district["change"]) == (
        Decimal("3.00"),
        Decimal("1.00"),
        Decimal("-2.00"),
    )


def test_unit_dashboard_by_hand_and_small_groups_withheld(framework, city_people, unit_a):
    board = dashboards.build(unit_a, framework, withhold=False, today=TODAY)
    lit = framework.literacy.pk
    assert board.people == 3 and board.assessed == 2
    assert (board.by_area[lit].value, board.by_area[lit].people) == (Decimal("1.00"), 2)
    assert [(r["registered"], r["came"], r["rate"]) for r in board.attendance] == [
        (2, 2, Decimal("100.00"))
    ]
    assert board.without_liaison == [] and board.overdue == []
    withheld = dashboards.build(unit_a, framework, today=TODAY)
    assert withheld.by_area[lit] == dashboards.Figure(None, 2, withheld=True)


def test_progress_and_recommendations_for_one_person(framework, city_people, workshop):
    p1 = city_people["p1"]
    rows = [
        (r["day"], r["area"].code, r["level"], r["gap"])
        for r in gaps.progress_over_time(p1, framework)
    ]
    assert rows == [
        (date(2024, 1, 10), "literacy", 1, 2),
        (date(2024, 1, 10), "technology", 1, 3),
        (date(2024, 6, 1), "literacy", 3, 0),
        (date(2024, 6, 1), "technology", 1, 3),
    ]
    (technology,) = gaps.recommended_events(p1, framework, today=TODAY)
    assert technology["area"].code == "technology" and technology["gap"] == 3
    # P1 came to the workshop already, so it is not recommended again.
    assert technology["sessions"] == []
    p3_recommended = gaps.recommended_events(city_people["p3"], framework, today=TODAY)
    assert p3_recommended == []  # never rated: no known gap to close
    p4 = city_people["p4"]
    (literacy,) = gaps.recommended_events(p4, framework, today=TODAY)
    assert [s.event for s in literacy["sessions"]] == [workshop]


def test_anonymising_people_keeps_every_dashboard_figure(
    system_actor, framework, city_people, unit_a, unit_b
):
    from nakhon.capacity.api.skills import dashboard_json
    from nakhon.capacity.services import people

    def figures():
        return [
            dashboard_json(dashboards.build(unit, framework, withhold=False, today=TODAY))
            for unit in (None, unit_a, unit_b, city_people["district"])
        ] + [dashboards.open_statistics(framework)]

    before = figures()
    for key in ("p1", "p2", "p4", "p5"):
        people.anonymise(system_actor, city_people[key])
    assert figures() == before


def test_the_dashboard_page_and_its_exports_show_the_figures(
    client, make_user, framework, city_people, unit_a
):
    import io

    from django.urls import reverse
    from openpyxl import load_workbook

    from nakhon.core.permissions import Role

    client.force_login(make_user(Role.EA_OFFICE))
    url = reverse("capacity:dashboard")
    page = client.get(url, {"framework": framework.pk}).content.decode()
    assert 'data-testid="heat-map"' in page and "<svg" in page
    assert "1.00 <span" in page and "66.67" in page  # literacy's average gap; attendance
    csv = client.get(url, {"framework": framework.pk, "export": "csv"}).content.decode("utf-8-sig")
    assert "การรู้ดิจิทัล,1.00,1.00,4" not in csv  # baseline 2.00, now 1.00
    assert "การรู้ดิจิทัล,2.00,1.00,4," in csv
    workbook = load_workbook(
        io.BytesIO(client.get(url, {"framework": framework.pk, "export": "xlsx"}).content)
    )
    progress = [row for row in workbook["Progress by area"].iter_rows(values_only=True)]
    assert progress[1][:4] == ("การรู้ดิจิทัล", 2, 1, 4)
    viewer = make_user(Role.VIEWER, unit_a)
    client.force_login(viewer)
    thai = client.get(
        url, {"unit": unit_a.pk, "framework": framework.pk}, HTTP_ACCEPT_LANGUAGE="th"
    ).content.decode()
    assert "ช่องว่างเฉลี่ยตามด้านทักษะและกลุ่มบุคลากร" in thai and "ไม่แสดง" in thai
