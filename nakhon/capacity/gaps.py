"""Where people stand against their framework's targets, and the events that close the gaps.

The level a person holds in an area is read from their ratings under one framework:
- an assessor's rating counts over a self-assessment, whatever their dates (a self-assessment
  is what the person believes; an assessor's is the programme's evidence);
- of the ratings that count, the latest (on or before the day asked about) is the level.
The baseline is read the same way from each area's earliest day of ratings.

The gap in an area is the target of the person's personnel group and role level less the level
they hold, never below 0 (a surplus in one person does not make up for another's gap). It is
unknown (None) where the person holds no rating in the area or the framework sets no target for
them: unknown is neither counted nor averaged as 0.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from nakhon.capacity.models import (
    Assessment,
    Attendance,
    Person,
    RatingSource,
    Session,
    SkillArea,
    TargetLevel,
)

TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class Rating:
    person_id: object
    area_id: object
    source: str
    assessed_on: date
    level: int


@dataclass(frozen=True)
class Standing:
    """One person in one area: the target set for them, the level they hold, the gap."""

    person_id: object
    unit_id: object
    personnel_group: str
    role_level: str
    area_id: object
    target: int | None
    level: int | None

    @property
    def gap(self) -> int | None:
        return gap(self.target, self.level)


def gap(target: int | None, level: int | None) -> int | None:
    if target is None or level is None:
        return None
    return max(target - level, 0)


def mean(values) -> Decimal | None:
    """The average with two places, rounded half up; None for no values."""
    values = list(values)
    if not values:
        return None
    return (Decimal(sum(values)) / len(values)).quantize(TWO_PLACES, ROUND_HALF_UP)


def held_levels(ratings, on: date | None = None, *, first: bool = False) -> dict:
    """The level each person holds in each area, by (person id, area id).

    `on`: only ratings made on or before that day. `first`: the baseline, from each area's
    earliest day of ratings, rather than the latest."""
    chosen: dict = {}
    if first:
        earliest: dict = {}
        for r in ratings:
            key = (r.person_id, r.area_id)
            if key not in earliest or r.assessed_on < earliest[key]:
                earliest[key] = r.assessed_on
        ratings = [r for r in ratings if r.assessed_on == earliest[(r.person_id, r.area_id)]]
    for r in ratings:
        if on is not None and r.assessed_on > on:
            continue
        key = (r.person_id, r.area_id)
        rank = (r.source == RatingSource.ASSESSOR, r.assessed_on)
        if key not in chosen or rank > chosen[key][0]:
            chosen[key] = (rank, r.level)
    return {key: level for key, (_rank, level) in chosen.items()}


def targets_of(framework) -> dict:
    """The framework's targets by (area id, personnel group, role level)."""
    rows = TargetLevel.objects.filter(area__framework=framework).values_list(
        "area_id", "personnel_group", "role_level", "level"
    )
    return {(area, group, role): level for area, group, role, level in rows}


def ratings_of(framework, people=None) -> list[Rating]:
    """Every rating made under `framework` (of `people`, a queryset, where given)."""
    rows = Assessment.objects.filter(framework=framework)
    if people is not None:
        rows = rows.filter(person__in=people.values("pk"))
    return [
        Rating(*row)
        for row in rows.values_list("person_id", "area_id", "source", "assessed_on", "level")
    ]


def standings(
    framework, people=None, *, on: date | None = None, first: bool = False, ratings=None
) -> list[Standing]:
    """Every person of `people` (a Person queryset; all when None) in every area of
    `framework`, with their target and level. Call it with a queryset the caller restricted:
    aggregate pages pass every person, and only figures leave them."""
    people = Person.objects.all() if people is None else people
    if ratings is None:
        ratings = ratings_of(framework, people)
    levels = held_levels(ratings, on, first=first)
    targets = targets_of(framework)
    areas = list(SkillArea.objects.filter(framework=framework).values_list("pk", flat=True))
    rows = people.values_list("pk", "unit_id", "personnel_group", "role_level")
    return [
        Standing(
            person_id=pk,
            unit_id=unit_id,
            personnel_group=group,
            role_level=role,
            area_id=area,
            target=targets.get((area, group, role)),
            level=levels.get((pk, area)),
        )
        for pk, unit_id, group, role in rows
        for area in areas
    ]


@dataclass(frozen=True)
class Cell:
    """An average gap over the people of one group (who have a known gap), and how many."""

    value: Decimal | None
    people: int


def average_gap(rows, key) -> dict:
    """The average known gap of `rows` (standings) grouped by `key(row)`."""
    groups: dict = defaultdict(list)
    for row in rows:
        if row.gap is not None:
            groups[key(row)].append(row.gap)
    return {k: Cell(mean(v), len(v)) for k, v in groups.items()}


def progress_over_time(person, framework) -> list[dict]:
    """A person's level and gap in each area on every day they were rated: one row per day
    and area, the level as `held_levels` reads it on that day."""
    ratings = ratings_of(framework, Person.objects.filter(pk=person.pk))
    days = sorted({r.assessed_on for r in ratings})
    targets = targets_of(framework)
    areas = list(SkillArea.objects.filter(framework=framework))
    rows = []
    for day in days:
        levels = held_levels(ratings, day)
        for area in areas:
            level = levels.get((person.pk, area.pk))
            if level is None:
                continue
            target = targets.get((area.pk, person.personnel_group, person.role_level))
            rows.append(
                {
                    "day": day,
                    "area": area,
                    "level": level,
                    "target": target,
                    "gap": gap(target, level),
                }
            )
    return rows


def recommended_events(person, framework, today: date | None = None) -> list[dict]:
    """For each area where `person` has a gap, the events with a session covering it: those
    still to come first, then earlier ones (their materials stay useful); events the person
    already came to are left out."""
    today = today or timezone.localdate()
    rows = [
        s
        for s in standings(framework, Person.objects.filter(pk=person.pk))
        if s.gap is not None and s.gap > 0
    ]
    if not rows:
        return []
    attended = set(
        Attendance.objects.filter(person=person).values_list("session__event_id", flat=True)
    )
    areas = {a.pk: a for a in SkillArea.objects.filter(pk__in=[r.area_id for r in rows])}
    sessions = (
        Session.objects.filter(skill_areas__in=list(areas))
        .select_related("event")
        .prefetch_related("skill_areas")
        .order_by("starts_at")
    )
    by_area: dict = defaultdict(dict)
    for session in sessions:
        if session.event_id in attended:
            continue
        for area in session.skill_areas.all():
            if area.pk in areas:
                events = by_area[area.pk]
                first = events.get(session.event_id)
                if first is None or (first.starts_at.date() < today <= session.starts_at.date()):
                    events[session.event_id] = session
    result = []
    for row in sorted(rows, key=lambda r: (-r.gap, areas[r.area_id].order)):
        upcoming = sorted(
            by_area[row.area_id].values(),
            key=lambda s: (s.starts_at.date() < today, abs((s.starts_at.date() - today).days)),
        )
        result.append(
            {
                "area": areas[row.area_id],
                "target": row.target,
                "level": row.level,
                "gap": row.gap,
                "sessions": upcoming,
            }
        )
    return result
