"""The capacity-building demo's events and mentoring, on top of its people (`capacity_skills`).

Events (`data/capacity_events.csv`, `capacity_sessions.csv`, `capacity_materials.csv`): the
programme's opening seminar on 15 October 2019 (B.E. 2562) in a hotel meeting room in Bangkok,
the deputy permanent secretary presiding and the CIOs of the departments and offices attending;
and three workshops, for the units' EA liaisons, the departments' liaisons, and those who were
assessed again in July 2024 (the workshop of June 2024 is what they came back from). Who comes
to each session and what they answered in the evaluation are drawn from a seeded generator, the
same on every load.

Mentoring (`capacity_consultants.csv`, `capacity_mentoring*.csv`): four university consultants
(invented people) mentoring ten units, with sessions that reviewed the demo's elements and
views, and agreed actions owned by the unit's CIO or liaison, some still open long after their
due date (overdue).

Everything has a fixed id (derived from its key), is written through the services and is
updated only where it differs, so loading twice changes nothing.
"""

import random
import uuid
from collections import defaultdict
from datetime import UTC, date, datetime
from decimal import Decimal

from django.utils.translation import gettext as _

from nakhon.capacity.event_services import (
    attendance,
    evaluations,
    events,
    materials,
    registrations,
    sessions,
)
from nakhon.capacity.mentoring_services import (
    assignments,
    mentoring_actions,
    mentoring_sessions,
)
from nakhon.capacity.models import (
    Assessment,
    Attendance,
    Evaluation,
    Event,
    Person,
    ProgrammeRole,
    Registration,
    SkillArea,
)
from nakhon.capacity.services import people
from nakhon.core.services import Actor
from nakhon.demo import capacity_skills, sample
from nakhon.repository.models import View

NAMESPACE = uuid.UUID("0b6a0d0e-2c33-4f73-9d5e-15102019a562")
SEED = 2562
DEPARTMENT_KINDS = {"department", "office"}


def fixed_id(*parts) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, "/".join(str(p) for p in parts))


def moment(text: str) -> datetime:
    """A time in the files (with its offset, +07:00) in UTC, as the database gives it back."""
    return datetime.fromisoformat(text).astimezone(UTC)


def read(name: str) -> list[dict]:
    return sample.read_csv(sample.DATA_DIR / name)


class CapacityEventsLoader(sample.AddOnLoader):
    def load(self) -> sample.Summary:
        self.people = list(Person.objects.select_related("unit").filter(anonymised_at=None))
        if not self.people:
            raise sample.DemoDataError(_("Load the capacity demo's people first."))
        self.load_events()
        self.load_mentoring()
        return self.summary

    # Events

    def load_events(self) -> None:
        areas = {
            f"{a.framework.code}:{a.code}": a for a in SkillArea.objects.select_related("framework")
        }
        sessions_of = defaultdict(list)
        for row in read("capacity_sessions.csv"):
            sessions_of[row["event"]].append(row)
        links = defaultdict(list)
        for row in read("capacity_materials.csv"):
            links[row["event"]].append(row)
        for row in read("capacity_events.csv"):
            event = self.sync_keyed(
                "capacity_events",
                events,
                Event.objects.filter(code=row["key"]).first(),
                {
                    "code": row["key"],
                    "kind": row["kind"],
                    "name": row["name"],
                    "name_en": row["name_en"],
                    "owner_unit": self.units[sample.owner_identifier(row["owner"])],
                    "documentation": row["documentation"],
                },
            )
            held = [self.sync_session(event, spec, areas) for spec in sessions_of[row["key"]]]
            for material in links[row["key"]]:
                self.sync_by_id(
                    "capacity_events",
                    materials,
                    fixed_id("material", row["key"], material["title"]),
                    {"event": event, "title": material["title"], "link": material["link"]},
                )
            self.sync_participants(event, held, self.attendees(row["attendees"]))

    def sync_session(self, event, spec: dict, areas: dict):
        values = {
            "event": event,
            "title": spec["title"],
            "starts_at": moment(spec["starts_at"]),
            "ends_at": sample.optional(spec["ends_at"], moment),
            "venue": spec["venue"],
            "presiding": spec["presiding"],
            "speakers": "\n".join(s for s in spec["speakers"].split("|") if s),
            "skill_areas": [areas[code] for code in spec["areas"].split()],
            "capacity": sample.optional(spec["capacity"], int),
        }
        key = fixed_id("session", event.code, spec["key"])
        return self.sync_by_id("capacity_events", sessions, key, values)

    def attendees(self, who: str) -> list[Person]:
        """The people an event's `attendees` column names, in a fixed order."""
        if who == "reassessed":
            again = Assessment.objects.filter(
                framework__code=capacity_skills.CURRENT,
                source="assessor",
                assessed_on=capacity_skills.FOLLOW_UP_DAY,
            ).values_list("person_id", flat=True)
            chosen = [p for p in self.people if p.pk in set(again)]
        elif who == "liaison-departments":
            chosen = [
                p
                for p in self.people
                if p.programme_role == ProgrammeRole.LIAISON and p.unit.kind in DEPARTMENT_KINDS
            ]
        else:
            chosen = [p for p in self.people if p.programme_role == who]
        return sorted(chosen, key=lambda p: str(p.pk))

    def sync_participants(self, event, held: list, chosen: list[Person]) -> None:
        """Registration for everyone chosen, attendance at most sessions (a seeded tenth miss
        one), and an evaluation from most of those who came; new rows written at once."""
        rng = random.Random(f"{SEED}-{event.code}")
        rows = {Registration: [], Attendance: [], Evaluation: []}
        workshop = event.kind != "seminar"
        for person in chosen:
            rows[Registration].append(
                {
                    "id": fixed_id("registration", event.pk, person.pk),
                    "event_id": event.pk,
                    "person_id": person.pk,
                }
            )
            came = [s for s in held if rng.random() >= 0.1]
            for session in came:
                rows[Attendance].append(
                    {
                        "id": fixed_id("attendance", session.pk, person.pk),
                        "session_id": session.pk,
                        "person_id": person.pk,
                        "source": "sheet",
                    }
                )
            if not came or rng.random() < 0.15:
                continue  # no evaluation form handed in
            pre = rng.choice((None, *range(30, 75, 5))) if workshop else None
            post = None
            if pre is not None and rng.random() < 0.9:
                post = min(100, pre + rng.choice((5, 10, 15, 20, 25, 30)))
            rows[Evaluation].append(
                {
                    "id": fixed_id("evaluation", event.pk, person.pk),
                    "event_id": event.pk,
                    "person_id": person.pk,
                    "satisfaction": rng.choice((None, 3, 4, 4, 4, 5, 5, 5)),
                    "pre_test": None if pre is None else Decimal(pre),
                    "post_test": None if post is None else Decimal(post),
                }
            )
        services = {Registration: registrations, Attendance: attendance, Evaluation: evaluations}
        for model, model_rows in rows.items():
            self.sync_rows("capacity_participants", services[model], model, model_rows)

    def sync_rows(self, kind: str, service, model, rows: list[dict]) -> None:
        """Create the rows not there yet (at once); those there are left as they are (an
        officer may have corrected them)."""
        stored = set(
            model.objects.filter(pk__in=[r["id"] for r in rows]).values_list("pk", flat=True)
        )
        new = [row for row in rows if row["id"] not in stored]
        self.summary.counts[kind][sample.UNCHANGED] += len(rows) - len(new)
        if new:
            service.bulk_create(self.actor, new)
            self.summary.counts[kind][sample.CREATED] += len(new)

    # Mentoring

    def load_mentoring(self) -> None:
        consultants = {}
        for row in read("capacity_consultants.csv"):
            consultants[row["key"]] = self.sync_by_id(
                "capacity_mentoring",
                people,
                fixed_id("consultant", row["key"]),
                {
                    "name": row["name"],
                    "name_en": row["name_en"],
                    "unit": None,
                    "position": row["position"],
                    "personnel_group": "it",
                    "role_level": "executive",
                    "programme_role": ProgrammeRole.CONSULTANT,
                },
                skip_anonymised=True,
            )
        for row in read("capacity_mentoring.csv"):
            unit = self.unit(row["unit"])
            self.sync_by_id(
                "capacity_mentoring",
                assignments,
                fixed_id("assignment", row["unit"], row["consultant"], row["starts_on"]),
                {
                    "consultant": consultants[row["consultant"]],
                    "unit": unit,
                    "starts_on": date.fromisoformat(row["starts_on"]),
                    "ends_on": sample.optional(row["ends_on"], date.fromisoformat),
                },
            )
        views = {
            v.identifier.removeprefix(sample.PREFIX): v
            for v in View.objects.filter(identifier__startswith=sample.PREFIX)
        }
        held = {}
        for row in read("capacity_mentoring_sessions.csv"):
            held[row["key"]] = self.sync_by_id(
                "capacity_mentoring",
                mentoring_sessions,
                fixed_id("mentoring-session", row["key"]),
                {
                    "unit": self.unit(row["unit"]),
                    "held_on": date.fromisoformat(row["held_on"]),
                    "topic": row["topic"],
                    "consultants": [consultants[c] for c in row["consultants"].split()],
                    "elements": [self.elements[key] for key in row["elements"].split()],
                    "views": [views[key] for key in row["views"].split()],
                },
            )
        for row in read("capacity_mentoring_actions.csv"):
            session = held[row["session"]]
            self.sync_by_id(
                "capacity_mentoring",
                mentoring_actions,
                fixed_id("mentoring-action", row["key"]),
                {
                    "session": session,
                    "description": row["description"],
                    "owner": self.unit_person(session.unit, row["owner"]),
                    "due_on": date.fromisoformat(row["due_on"]),
                    "status": row["status"],
                },
            )

    def unit(self, code: str):
        return self.units[sample.owner_identifier(code)]

    def unit_person(self, unit, role: str) -> Person:
        found = [p for p in self.people if p.unit_id == unit.pk and p.programme_role == role]
        if not found:
            raise sample.DemoDataError(
                _("No %(role)s in %(unit)s among the demo's people.") % {"role": role, "unit": unit}
            )
        return min(found, key=lambda p: str(p.pk))

    # Writing

    def sync_keyed(self, kind: str, service, obj, values: dict):
        if obj is None:
            return self.create(kind, service, **values)
        return self.apply_changes(kind, service, obj, service.changes(obj, values))

    def sync_by_id(self, kind, service, pk, values: dict, *, skip_anonymised=False):
        obj = service.model.objects.filter(pk=pk).first()
        if obj is None:
            return self.create(kind, service, id=pk, **values)
        if skip_anonymised and getattr(obj, "is_anonymised", False):
            self.summary.tally(kind, sample.UNCHANGED)
            return obj
        return self.apply_changes(kind, service, obj, service.changes(obj, values))


def load(summary: sample.Summary, user=None) -> sample.Summary:
    return CapacityEventsLoader(Actor.shell(user or sample.demo_user()), summary).load()
