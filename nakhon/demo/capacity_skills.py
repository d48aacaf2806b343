"""The capacity-building demo's people and their skill assessments.

About 200 invented staff across the 16 departments, the 3 offices and the 50 district offices:
in each department or office a CIO (an executive), an EA liaison (a supervisor) and three
participants, five reviewers more in the EA office; in each district office a liaison and a
participant. Names are common Thai given names and surnames (`data/capacity_names.json`)
combined from a fixed seed, so every load writes the same people.

Their ratings follow them through the programme: under the active framework (OCSC-DGA 2566) a
self-assessment in June 2566 (2023), an assessor's rating for most in July 2566 and, for those
who came to the workshops, a second assessor's rating in July 2567 (2024), mostly higher; the
liaisons are also rated under the programme's EA competencies (2563 and 2567), and the CIOs
rated themselves under the 2561 framework at the opening seminar (15 October 2562), so the
demo shows that each rating keeps the framework it was made under.

People and ratings have fixed ids (derived from their keys), are written through the services
(many at once with `bulk_create`) and are updated only where they differ, so loading twice
changes nothing. A person anonymised since is left as they are.
"""

import json
import random
import uuid
from dataclasses import dataclass
from datetime import date

from nakhon.capacity import gaps
from nakhon.capacity.frameworks import load_shipped
from nakhon.capacity.models import Assessment, Person, SkillArea, SkillFramework
from nakhon.capacity.services import assessments, people
from nakhon.core.services import Actor
from nakhon.demo import sample

SEED = 2562
NAMESPACE = uuid.UUID("6f1d3c52-8a0e-4d1b-9a57-2b7c1e0d2562")
NAMES = json.loads((sample.DATA_DIR / "capacity_names.json").read_text(encoding="utf-8"))
CURRENT, OLDER, EA = "ocsc-dga-2566", "ocsc-2561", "bma-ea-2562"
SELF_DAY, ASSESSED_DAY, FOLLOW_UP_DAY = date(2023, 6, 15), date(2023, 7, 14), date(2024, 7, 15)
EA_BASELINE_DAY, OPENING_SEMINAR = date(2020, 2, 3), date(2019, 10, 15)
OPTIONAL_AREAS = {
    "it": ("digital-technology", "data-utilisation", "cyber-security"),
    "non_it": ("digital-service", "data-utilisation"),
}
CORE_AREAS = ("digital-literacy", "digital-governance", "digital-leadership")
POSITIONS = {
    ("it", "operational"): ("นักวิชาการคอมพิวเตอร์ชำนาญการ", "Computer Technical Officer"),
    ("non_it", "operational"): ("นักวิเคราะห์นโยบายและแผนชำนาญการ", "Policy and Plan Analyst"),
    ("it", "supervisor"): ("หัวหน้ากลุ่มงานเทคโนโลยีสารสนเทศ", "Head of Information Technology"),
    ("non_it", "supervisor"): ("หัวหน้าฝ่ายบริหารงานทั่วไป", "Head of General Administration"),
    ("it", "executive"): ("รองผู้อำนวยการ (ผู้บริหารเทคโนโลยีสารสนเทศระดับสูง)", "Deputy Director, CIO"),
    ("non_it", "executive"): (
        "รองผู้อำนวยการ (ผู้บริหารเทคโนโลยีสารสนเทศระดับสูง)",
        "Deputy Director, CIO",
    ),
}


@dataclass(frozen=True)
class PersonSpec:
    key: str
    name: str
    name_en: str
    unit: str  # the unit's identifier in the demo
    personnel_group: str
    role_level: str
    programme_role: str

    @property
    def id(self) -> uuid.UUID:
        return uuid.uuid5(NAMESPACE, f"person-{self.key}")

    @property
    def position(self) -> str:
        return POSITIONS[(self.personnel_group, self.role_level)][0]


def person_specs() -> list[PersonSpec]:
    rng = random.Random(SEED)
    combos = [(g, s) for g in NAMES["given"] for s in NAMES["surnames"]]
    rng.shuffle(combos)
    plan = []  # (unit identifier, programme role, role level, chance of being IT)
    for unit in sample.department_units():
        plan += [(unit.identifier, "cio", "executive", 0.3)]
        plan += [(unit.identifier, "liaison", "supervisor", 0.7)]
        plan += [(unit.identifier, "participant", "operational", 0.25)] * 3
        if unit.code == sample.EA_OFFICE_CODE:
            plan += [(unit.identifier, "reviewer", "supervisor", 1.0)] * 5
    for unit in sample.district_units():
        plan += [(unit.identifier, "liaison", "operational", 0.6)]
        plan += [(unit.identifier, "participant", "operational", 0.25)]
    specs = []
    for index, (unit, role, level, it_share) in enumerate(plan):
        (given, given_en), (surname, surname_en) = combos[index]
        specs.append(
            PersonSpec(
                key=f"{index:03d}",
                name=f"{given} {surname}",
                name_en=f"{given_en} {surname_en}",
                unit=unit,
                personnel_group="it" if rng.random() < it_share else "non_it",
                role_level=level,
                programme_role=role,
            )
        )
    return specs


def rating_rows(spec: PersonSpec, frameworks: dict, areas: dict, targets: dict) -> list[dict]:
    """The ratings of one person, the same on every load (a generator seeded by their key)."""
    rng = random.Random(f"{SEED}-{spec.key}")
    rows = []

    def rate(framework_code, area_code, source, day, level):
        area = areas[(framework_code, area_code)]
        key = f"rating-{spec.key}-{framework_code}-{area_code}-{source}-{day.isoformat()}"
        rows.append(
            {
                "id": uuid.uuid5(NAMESPACE, key),
                "person_id": spec.id,
                "framework_id": frameworks[framework_code].pk,
                "area_id": area.pk,
                "source": source,
                "assessed_on": day,
                "level": max(0, min(level, 4)),
            }
        )

    assessed, followed_up = rng.random() < 0.75, rng.random() < 0.6
    for code in (*CORE_AREAS, *OPTIONAL_AREAS[spec.personnel_group]):
        target = targets[CURRENT].get(
            (areas[(CURRENT, code)].pk, spec.personnel_group, spec.role_level), 2
        )
        level = target - rng.choice((0, 1, 1, 2, 2, 3))
        rate(CURRENT, code, "self", SELF_DAY, level + rng.choice((0, 0, 1)))
        if assessed:
            rate(CURRENT, code, "assessor", ASSESSED_DAY, level)
            if followed_up:
                rate(CURRENT, code, "assessor", FOLLOW_UP_DAY, level + rng.choice((0, 1, 1, 2)))
    if spec.programme_role == "liaison":
        for code in ("ea-reading", "ea-maintaining", "ea-governance"):
            level = rng.choice((0, 0, 1, 1, 2))
            rate(EA, code, "assessor", EA_BASELINE_DAY, level)
            rate(EA, code, "assessor", FOLLOW_UP_DAY, level + rng.choice((1, 1, 2)))
    if spec.programme_role == "cio":
        for area in frameworks[OLDER].areas.all():
            rate(OLDER, area.code, "self", OPENING_SEMINAR, rng.choice((1, 2, 2, 3)))
    return rows


class CapacityLoader(sample.AddOnLoader):
    """Writes the frameworks, the people and their ratings on top of the org tree."""

    def load(self) -> sample.Summary:
        tally = load_shipped(self.actor)
        for outcome in (sample.CREATED, sample.UPDATED, sample.UNCHANGED):
            self.summary.counts["capacity_frameworks"][outcome] += getattr(tally, outcome)
        specs = person_specs()
        self.sync_rows("capacity_people", people, Person, [self.person_row(s) for s in specs])
        frameworks = {
            f.code: f for f in SkillFramework.objects.filter(code__in=(CURRENT, OLDER, EA))
        }
        areas = {
            (a.framework.code, a.code): a
            for a in SkillArea.objects.filter(framework__in=frameworks.values()).select_related(
                "framework"
            )
        }
        targets = {code: gaps.targets_of(framework) for code, framework in frameworks.items()}
        rows = [row for s in specs for row in rating_rows(s, frameworks, areas, targets)]
        self.sync_rows("capacity_ratings", assessments, Assessment, rows)
        return self.summary

    def person_row(self, spec: PersonSpec) -> dict:
        return {
            "id": spec.id,
            "name": spec.name,
            "name_en": spec.name_en,
            "unit_id": self.units[spec.unit].pk,
            "position": spec.position,
            "personnel_group": spec.personnel_group,
            "role_level": spec.role_level,
            "programme_role": spec.programme_role,
        }

    def sync_rows(self, kind: str, service, model, rows: list[dict]) -> None:
        """Create the rows not there yet (at once), update those that differ; a person
        anonymised since stays as they are."""
        stored = model.objects.in_bulk([row["id"] for row in rows])
        new = []
        for row in rows:
            obj = stored.get(row["id"])
            if obj is None:
                new.append(row)
                continue
            if getattr(obj, "is_anonymised", False):
                self.summary.tally(kind, sample.UNCHANGED)
                continue
            values = {k: v for k, v in row.items() if k != "id"}
            self.apply_changes(kind, service, obj, service.changes(obj, values))
        if new:
            service.bulk_create(self.actor, new)
            self.summary.counts[kind][sample.CREATED] += len(new)


def load(summary: sample.Summary, user=None) -> sample.Summary:
    return CapacityLoader(Actor.shell(user or sample.demo_user()), summary).load()
