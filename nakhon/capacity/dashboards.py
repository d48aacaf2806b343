"""The capacity dashboards, for one unit (and the units below it) or the whole city: figures
only, never a person's row.

- people trained by skill area: people who came to at least one session covering the area;
- attendance: per event, the registered people of the scope and how many of them came;
- the average gap by skill area and personnel group (the heat map), and by area;
- units with no trained EA liaison: departments, offices and district offices none of whose
  liaisons has come to a session;
- overdue mentoring actions per unit;
- progress per district office: the average gap at the baseline and now.

Consultants and mentors are not among the people counted (they teach, they are not trained).
A figure over fewer than `MIN_PEOPLE` people is withheld (None, with `withheld` set) where
the reader may not see the people themselves, so that no one's rating can be read off an
average of one or two; the open-data statistics always withhold them.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nakhon.capacity import gaps
from nakhon.capacity.models import (
    Attendance,
    MentoringAction,
    Person,
    PersonnelGroup,
    ProgrammeRole,
    Registration,
    SkillArea,
    SkillFramework,
)
from nakhon.capacity.models.events import Session
from nakhon.core.charts import SCHEMA
from nakhon.organization.models import OrgUnit, UnitKind

MIN_PEOPLE = 3
# The units the dashboard names one by one.
NAMED_KINDS = (UnitKind.DEPARTMENT, UnitKind.OFFICE, UnitKind.DISTRICT_OFFICE)


@dataclass(frozen=True)
class Figure:
    """An average over `people` people, or None: unknown (no one) or withheld (too few)."""

    value: Decimal | None
    people: int
    withheld: bool = False


@dataclass
class Dashboard:
    unit: OrgUnit | None
    framework: SkillFramework | None
    areas: list
    people: int
    assessed: int
    trained_by_area: list = field(default_factory=list)  # (area, people)
    attendance: list = field(default_factory=list)  # dicts per event
    attendance_total: dict = field(default_factory=dict)
    heat: dict = field(default_factory=dict)  # (area id, group) -> Figure
    by_area: dict = field(default_factory=dict)  # area id -> Figure
    baseline_by_area: dict = field(default_factory=dict)  # area id -> Figure
    without_liaison: list = field(default_factory=list)  # units
    overdue: list = field(default_factory=list)  # (unit, count, oldest due date)
    district_progress: list = field(default_factory=list)  # dicts per district office

    @property
    def groups(self):
        return list(PersonnelGroup)

    def heat_rows(self) -> list[dict]:
        return [
            {
                "area": area,
                "cells": [self.heat.get((area.pk, group.value)) for group in PersonnelGroup],
                "all": self.by_area.get(area.pk),
                "baseline": self.baseline_by_area.get(area.pk),
            }
            for area in self.areas
        ]


def unit_tree() -> tuple[dict, dict]:
    """Every unit's parent and kind, by id, read once."""
    rows = OrgUnit.objects.values_list("pk", "parent_id", "kind")
    return {pk: parent for pk, parent, _k in rows}, {pk: kind for pk, _p, kind in rows}


def subtree(root_id, parents: dict) -> set:
    children = defaultdict(list)
    for pk, parent in parents.items():
        children[parent].append(pk)
    ids, frontier = {root_id}, [root_id]
    while frontier:
        frontier = [c for pk in frontier for c in children[pk] if c not in ids]
        ids.update(frontier)
    return ids


def nearest(unit_id, kinds, parents: dict, unit_kinds: dict):
    """The unit itself or its nearest ancestor of one of `kinds` (None if there is none)."""
    seen = set()
    while unit_id is not None and unit_id not in seen:
        if unit_kinds.get(unit_id) in kinds:
            return unit_id
        seen.add(unit_id)
        unit_id = parents.get(unit_id)
    return None


def counted_people(unit: OrgUnit | None, parents: dict):
    people = Person.objects.exclude(programme_role=ProgrammeRole.CONSULTANT)
    if unit is None:
        return people
    return people.filter(unit__in=subtree(unit.pk, parents))


def figure(cell: gaps.Cell | None, withhold: bool) -> Figure | None:
    if cell is None:
        return None
    if withhold and cell.people < MIN_PEOPLE:
        return Figure(None, cell.people, withheld=True)
    return Figure(cell.value, cell.people)


def build(
    unit: OrgUnit | None = None,
    framework: SkillFramework | None = None,
    *,
    withhold: bool = True,
    today: date | None = None,
) -> Dashboard:
    """The dashboard of `unit` (None: the city) under `framework` (None: the active one)."""
    today = today or timezone.localdate()
    framework = framework or SkillFramework.active()
    parents, unit_kinds = unit_tree()
    people = counted_people(unit, parents)
    areas = list(SkillArea.objects.filter(framework=framework)) if framework else []
    board = Dashboard(unit, framework, areas, people.count(), 0)
    scope = subtree(unit.pk, parents) if unit else set(parents)
    if framework is not None:
        ratings = gaps.ratings_of(framework, people)
        now = gaps.standings(framework, people, ratings=ratings)
        first = gaps.standings(framework, people, ratings=ratings, first=True)
        board.assessed = len({r.person_id for r in ratings})
        board.heat = {
            k: figure(c, withhold)
            for k, c in gaps.average_gap(now, lambda s: (s.area_id, s.personnel_group)).items()
        }
        board.by_area = {
            k: figure(c, withhold) for k, c in gaps.average_gap(now, lambda s: s.area_id).items()
        }
        board.baseline_by_area = {
            k: figure(c, withhold) for k, c in gaps.average_gap(first, lambda s: s.area_id).items()
        }
        board.trained_by_area = trained_by_area(people, areas)
        board.district_progress = district_progress(
            now, first, scope, parents, unit_kinds, withhold
        )
    board.attendance, board.attendance_total = attendance(people)
    board.without_liaison = units_without_liaison(scope, parents, unit_kinds)
    board.overdue = overdue_actions(scope, today)
    return board


def trained_by_area(people, areas) -> list[tuple]:
    """Per area, the people of the scope who came to at least one session covering it."""
    came = Attendance.objects.filter(person__in=people.values("pk"))
    sessions_by_area = defaultdict(set)
    for session_id, area_id in Session.objects.filter(skill_areas__in=areas).values_list(
        "pk", "skill_areas"
    ):
        sessions_by_area[area_id].add(session_id)
    attended = defaultdict(set)
    for person_id, session_id in came.values_list("person_id", "session_id"):
        attended[session_id].add(person_id)
    return [
        (area, len(set().union(*(attended[s] for s in sessions_by_area[area.pk]))))
        for area in areas
    ]


def attendance(people) -> tuple[list[dict], dict]:
    """Per event with registrations from the scope: registered, came (to at least one of its
    sessions), and the rate; then the same over all events."""
    registered = defaultdict(set)
    events = {}
    for registration in Registration.objects.filter(person__in=people.values("pk")).select_related(
        "event"
    ):
        registered[registration.event_id].add(registration.person_id)
        events[registration.event_id] = registration.event
    came = defaultdict(set)
    for event_id, person_id in Attendance.objects.filter(
        person__in=people.values("pk"), session__event_id__in=list(events)
    ).values_list("session__event_id", "person_id"):
        came[event_id].add(person_id)
    rows = []
    for event_id, event in events.items():
        came_registered = len(came[event_id] & registered[event_id])
        rows.append(
            {
                "event": event,
                "registered": len(registered[event_id]),
                "came": came_registered,
                "rate": rate(came_registered, len(registered[event_id])),
            }
        )
    rows.sort(key=lambda r: str(r["event"]))
    total_registered = sum(r["registered"] for r in rows)
    total_came = sum(r["came"] for r in rows)
    total = {
        "registered": total_registered,
        "came": total_came,
        "rate": rate(total_came, total_registered),
    }
    return rows, total


def rate(part: int, whole: int) -> Decimal | None:
    return gaps.mean([100] * part + [0] * (whole - part)) if whole else None


def units_without_liaison(scope: set, parents: dict, unit_kinds: dict) -> list:
    """The departments, offices and district offices of the scope none of whose EA liaisons
    (in the unit or below it) has come to a session."""
    trained_units = set(
        Attendance.objects.filter(person__programme_role=ProgrammeRole.LIAISON).values_list(
            "person__unit_id", flat=True
        )
    )
    covered = {nearest(u, NAMED_KINDS, parents, unit_kinds) for u in trained_units}
    missing = [pk for pk in scope if unit_kinds.get(pk) in NAMED_KINDS and pk not in covered]
    return list(OrgUnit.objects.filter(pk__in=missing).select_related("element"))


def overdue_actions(scope: set, today: date) -> list[dict]:
    rows = defaultdict(list)
    for unit_id, due in (
        MentoringAction.objects.overdue(today)
        .filter(session__unit__in=scope)
        .values_list("session__unit_id", "due_on")
    ):
        rows[unit_id].append(due)
    units = OrgUnit.objects.in_bulk(list(rows))
    return sorted(
        (
            {
                "unit": units[pk],
                "count": len(dues),
                "oldest": min(dues),
                "days": (today - min(dues)).days,
            }
            for pk, dues in rows.items()
        ),
        key=lambda r: (-r["count"], str(r["unit"])),
    )


def district_progress(now, first, scope, parents, unit_kinds, withhold) -> list[dict]:
    """Per district office of the scope: the average gap at the baseline and now, and the
    change (negative: the gap is closing)."""
    district = {}

    def district_of(unit_id):
        if unit_id not in district:
            district[unit_id] = nearest(unit_id, (UnitKind.DISTRICT_OFFICE,), parents, unit_kinds)
        return district[unit_id]

    current = gaps.average_gap(now, lambda s: district_of(s.unit_id))
    baseline = gaps.average_gap(first, lambda s: district_of(s.unit_id))
    offices = OrgUnit.objects.filter(kind=UnitKind.DISTRICT_OFFICE, pk__in=scope).select_related(
        "element"
    )
    rows = []
    for office in offices.order_by("code"):
        before = figure(baseline.get(office.pk), withhold)
        after = figure(current.get(office.pk), withhold)
        change = (
            after.value - before.value
            if before and after and before.value is not None and after.value is not None
            else None
        )
        rows.append({"unit": office, "baseline": before, "now": after, "change": change})
    return rows


def heat_map_spec(board: Dashboard) -> dict:
    """The average gap by skill area (rows) and personnel group (columns) as a Vega-Lite heat
    map; withheld and unknown cells are left out and say so in the table beside it."""
    values = []
    for row in board.heat_rows():
        for group, cell in zip(PersonnelGroup, row["cells"], strict=True):
            if cell is None or cell.value is None:
                continue
            values.append(
                {
                    "area": str(row["area"]),
                    "group": str(group.label),
                    "gap": float(cell.value),
                    "people": cell.people,
                }
            )
    return {
        "$schema": SCHEMA,
        "background": "white",
        "config": {"font": "sans-serif", "view": {"stroke": None}},
        "data": {"values": values},
        "width": 240,
        "height": {"step": 28},
        "encoding": {
            "x": {
                "field": "group",
                "type": "nominal",
                "title": None,
                "sort": None,
                "axis": {"labelAngle": 0, "orient": "top"},
            },
            "y": {"field": "area", "type": "nominal", "title": None, "sort": None},
        },
        "layer": [
            {
                "mark": "rect",
                "encoding": {
                    "color": {
                        "field": "gap",
                        "type": "quantitative",
                        "title": str(_("average gap")),
                        "scale": {"scheme": "orangered", "domainMin": 0},
                    },
                    "tooltip": [
                        {"field": "area", "title": str(_("skill area"))},
                        {"field": "group", "title": str(_("personnel group"))},
                        {"field": "gap", "title": str(_("average gap"))},
                        {"field": "people", "title": str(_("people"))},
                    ],
                },
            },
            {
                "mark": {"type": "text", "fontSize": 12},
                "encoding": {"text": {"field": "gap", "type": "quantitative", "format": ".2f"}},
            },
        ],
    }


def open_statistics(framework: SkillFramework | None = None) -> list[dict]:
    """Aggregate statistics for the open-data catalogue, with no personal data: per named
    unit (department, office, district office), skill area and personnel group, how many
    people were assessed, their average gap (withheld under `MIN_PEOPLE` people) and how many
    came to a session covering the area (withheld likewise)."""
    framework = framework or SkillFramework.active()
    if framework is None:
        return []
    parents, unit_kinds = unit_tree()
    people = counted_people(None, parents)
    now = gaps.standings(framework, people)
    named = {}

    def named_of(unit_id):
        if unit_id not in named:
            named[unit_id] = nearest(unit_id, NAMED_KINDS, parents, unit_kinds)
        return named[unit_id]

    cells = gaps.average_gap(now, lambda s: (named_of(s.unit_id), s.area_id, s.personnel_group))
    groups = {
        (p, named_of(u), g) for p, u, g in people.values_list("pk", "unit_id", "personnel_group")
    }
    trained = defaultdict(set)
    areas = list(SkillArea.objects.filter(framework=framework))
    sessions_by_area = defaultdict(set)
    for session_id, area_id in Session.objects.filter(skill_areas__in=areas).values_list(
        "pk", "skill_areas"
    ):
        sessions_by_area[area_id].add(session_id)
    came = defaultdict(set)
    for person_id, session_id in Attendance.objects.filter(
        person__in=people.values("pk")
    ).values_list("person_id", "session_id"):
        came[person_id].add(session_id)
    for person_id, unit_id, group in groups:
        for area in areas:
            if came[person_id] & sessions_by_area[area.pk]:
                trained[(unit_id, area.pk, group)].add(person_id)
    units = OrgUnit.objects.select_related("element").in_bulk(
        {unit for unit, _a, _g in cells} | {unit for unit, _a, _g in trained}
    )
    rows = []
    for unit_id in sorted(units, key=lambda pk: (units[pk].kind, units[pk].code)):
        unit = units[unit_id]
        for area in areas:
            for group in PersonnelGroup:
                cell = cells.get((unit_id, area.pk, group.value))
                count = len(trained.get((unit_id, area.pk, group.value), ()))
                if cell is None and not count:
                    continue
                shown = figure(cell, withhold=True)
                rows.append(
                    {
                        "framework": framework.code,
                        "unit_code": unit.code,
                        "unit": unit.element.name,
                        "unit_en": unit.element.name_en,
                        "unit_kind": unit.kind,
                        "area_code": area.code,
                        "area": area.name,
                        "area_en": area.name_en,
                        "personnel_group": group.value,
                        "people_assessed": shown.people if shown else 0,
                        "average_gap": shown.value if shown else None,
                        "people_trained": count if count == 0 or count >= MIN_PEOPLE else None,
                    }
                )
    return rows
