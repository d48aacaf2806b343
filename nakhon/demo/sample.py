"""The Bangkok demo city: the BMA's org tree and a small, believable architecture around it.

The org tree comes from the reference data in `data/` (the city, its departments and offices, the
50 district offices); the architecture's elements, relationships, plateaus and view are the rows
of `data/sample_*`, their owners given by unit code. The architecture is illustrative: the
systems, services and their links are what a BMA EA officer would find natural, not a record of
how the city really works, and every person named in it is invented.

Everything is written through the services, looked up by a stable `identifier`, and updated only
where it differs, so loading twice changes nothing.
"""

import csv
import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from nakhon.core.permissions import Role
from nakhon.core.services import Actor
from nakhon.organization.models import OrgUnit, UnitKind
from nakhon.organization.services import org_units
from nakhon.repository.models import (
    ConnectionKind,
    Element,
    NodeKind,
    Plateau,
    PlateauState,
    Relationship,
    Status,
    View,
)
from nakhon.repository.services import elements, plateaus, relationships, views

DATA_DIR = Path(__file__).resolve().parent / "data"

DEMO_USERNAME = "nakhon-demo"
# Every element the demo writes has an identifier "bma-demo-<key>".
PREFIX = "bma-demo-"
EA_OFFICE_CODE = "SED"
OFFICE_CODES = {"OPS", "OCC", "OGS"}

# Marks every invented element, so that nobody mistakes the demo for the city's real records.
DEMO_PROPERTY = {
    "key": "demo",
    "value": "ข้อมูลสาธิต ไม่ใช่ข้อมูลทางการ / illustrative demo data, not official",
}


# --- The org tree ---------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitSpec:
    identifier: str
    name: str
    name_en: str
    kind: str
    code: str = ""
    parent: str | None = None
    properties: tuple = ()


CITY = "bma-city"
# The district whose divisions the demo describes in detail (Phra Nakhon).
SAMPLE_DISTRICT_CODE = "1001"


def unit_id(code: str) -> str:
    return f"bma-unit-{code}"


def district_id(code: str) -> str:
    return f"bma-district-{code}"


def division_id(district_code: str, slug: str) -> str:
    return f"bma-division-{district_code}-{slug}"


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def read_json(path: Path):
    with path.open(encoding="utf-8") as stream:
        return json.load(stream)


def optional(value: str, convert=str):
    """An empty column as None, any other value converted."""
    return convert(value) if value else None


def flag(value: str) -> bool:
    """A yes/no column's value."""
    if value not in ("yes", "no"):
        raise DemoDataError(_("Expected yes or no, not “%(value)s”.") % {"value": value})
    return value == "yes"


def owner_identifier(code: str) -> str:
    """A unit's identifier from its code in the files: a department's initials ("FIN"), a
    district code ("1001"), or a district code and a division's slug ("1001/revenue")."""
    district, _slash, division = code.partition("/")
    if division:
        return division_id(district, division)
    return district_id(code) if code.isdigit() else unit_id(code)


def city_unit() -> UnitSpec:
    return UnitSpec(
        CITY, "กรุงเทพมหานคร", "Bangkok Metropolitan Administration", UnitKind.CITY, "BMA"
    )


# The city's reference data (see data/README.md).
DISTRICTS_CSV = DATA_DIR / "bangkok_districts.csv"
DEPARTMENTS_CSV = DATA_DIR / "bma_departments.csv"


def department_kind(code: str) -> str:
    # The BMA has 16 departments and 3 offices (the Permanent Secretary's and the two
    # secretariats); the Civil Service Commission's สำนักงาน ranks as a department.
    return UnitKind.OFFICE if code in OFFICE_CODES else UnitKind.DEPARTMENT


def department_units() -> list[UnitSpec]:
    return [
        UnitSpec(
            unit_id(row["code"]),
            row["name_th"],
            row["name_en"],
            department_kind(row["code"]),
            row["code"],
            CITY,
        )
        for row in read_csv(DEPARTMENTS_CSV)
    ]


def district_units() -> list[UnitSpec]:
    return [
        UnitSpec(
            district_id(row["district_code"]),
            f"สำนักงานเขต{row['name_th']}",
            f"{row['name_en']} District Office",
            UnitKind.DISTRICT_OFFICE,
            row["district_code"],
            CITY,
            ({"key": "postal_code", "value": row["postal_code"]},),
        )
        for row in read_csv(DISTRICTS_CSV)
    ]


# The divisions described under the sample district.
DIVISIONS = read_csv(DATA_DIR / "sample_divisions.csv")


def division_units() -> list[UnitSpec]:
    district = next(
        row for row in read_csv(DISTRICTS_CSV) if row["district_code"] == SAMPLE_DISTRICT_CODE
    )
    return [
        UnitSpec(
            division_id(SAMPLE_DISTRICT_CODE, division["slug"]),
            f"{division['name_th']} สำนักงานเขต{district['name_th']}",
            f"{division['name_en']}, {district['name_en']} District Office",
            UnitKind.DIVISION,
            parent=district_id(SAMPLE_DISTRICT_CODE),
        )
        for division in DIVISIONS
    ]


def org_unit_specs() -> list[UnitSpec]:
    """Every unit of the demo, parents before their children."""
    return [city_unit(), *department_units(), *district_units(), *division_units()]


# --- The architecture -----------------------------------------------------------------------


@dataclass(frozen=True)
class KeyedSpec:
    """Something the demo writes under the identifier "bma-demo-<key>"."""

    key: str

    @property
    def identifier(self) -> str:
        return f"{PREFIX}{self.key}"


@dataclass(frozen=True)
class ElementSpec(KeyedSpec):
    type: str
    name: str
    name_en: str
    owner: str
    documentation: str = ""
    status: str = Status.ACTIVE
    # An invented person who looks after the element.
    contact: str = ""

    @property
    def properties(self) -> list[dict]:
        contact = [{"key": "contact", "value": self.contact}] if self.contact else []
        return [*contact, DEMO_PROPERTY]


def element_specs(path: Path) -> tuple[ElementSpec, ...]:
    """The elements of a file with the columns key, type, name, name_en, owner (a unit's code),
    and optionally status (empty: active), documentation and contact."""
    return tuple(
        ElementSpec(
            row["key"],
            row["type"],
            row["name"],
            row["name_en"],
            owner_identifier(row["owner"]),
            row.get("documentation", ""),
            row.get("status") or Status.ACTIVE,
            row.get("contact", ""),
        )
        for row in read_csv(path)
    )


@dataclass(frozen=True)
class RelationshipSpec:
    source: str
    type: str
    target: str
    access_type: str = ""

    @property
    def identifier(self) -> str:
        return f"bma-demo-rel-{self.source}-{self.type.lower()}-{self.target}"


def rel(source: str, type_: str, target: str, access_type: str = "") -> RelationshipSpec:
    return RelationshipSpec(source, type_, target, access_type)


def relationship_spec(row: dict) -> RelationshipSpec:
    return rel(row["source"], row["type"], row["target"], row.get("access_type", ""))


def relationship_specs(path: Path) -> tuple[RelationshipSpec, ...]:
    """The relationships of a file with the columns source, type, target (element keys) and
    access_type."""
    return tuple(relationship_spec(row) for row in read_csv(path))


ELEMENTS = element_specs(DATA_DIR / "sample_elements.csv")
RELATIONSHIPS = relationship_specs(DATA_DIR / "sample_relationships.csv")


@dataclass(frozen=True)
class PlateauSpec(KeyedSpec):
    name: str
    name_en: str
    state: str
    valid_from: date
    members: tuple[str, ...]


PLATEAU_DATA = read_json(DATA_DIR / "sample_plateaus.json")
# What the city only gains on the way to the target, so the baseline leaves it out.
NEW_BY_2570 = frozenset(PLATEAU_DATA["new_by_2570"])
# The project is how the city gets there, not part of either state.
NOT_A_STATE = frozenset(PLATEAU_DATA["not_a_state"])

TARGET_MEMBERS = tuple(s.key for s in ELEMENTS if s.key not in NOT_A_STATE)
BASELINE_MEMBERS = tuple(k for k in TARGET_MEMBERS if k not in NEW_BY_2570)


def plateau_spec(row: dict) -> PlateauSpec:
    members = {PlateauState.BASELINE: BASELINE_MEMBERS, PlateauState.TARGET: TARGET_MEMBERS}
    return PlateauSpec(
        row["key"],
        row["name"],
        row["name_en"],
        PlateauState(row["state"]),
        date.fromisoformat(row["valid_from"]),
        members[row["state"]],
    )


PLATEAUS = tuple(plateau_spec(row) for row in PLATEAU_DATA["plateaus"])
# Loaded after the plateaus, whose elements they join.
PLATEAU_RELATIONSHIPS = tuple(relationship_spec(row) for row in PLATEAU_DATA["relationships"])


@dataclass(frozen=True)
class NodeSpec:
    element: str
    x: int
    y: int


@dataclass(frozen=True)
class ViewSpec(KeyedSpec):
    name: str
    name_en: str
    viewpoint: str
    owner: str
    nodes: tuple[NodeSpec, ...]
    # Relationship identifiers; only those between two nodes of the view are drawn.
    connections: tuple[str, ...] = ()


def view_spec(view: dict) -> ViewSpec:
    return ViewSpec(
        view["key"],
        view["name"],
        view["name_en"],
        view["viewpoint"],
        owner_identifier(view["owner"]),
        tuple(NodeSpec(**node) for node in view["nodes"]),
        tuple(relationship_spec(row).identifier for row in view["connections"]),
    )


VIEWS = tuple(view_spec(view) for view in read_json(DATA_DIR / "sample_views.json"))
BUILDING_PERMIT_VIEW = next(v for v in VIEWS if v.key == "view-building-permit")


# --- Loading --------------------------------------------------------------------------------

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"

KIND_LABELS = {
    "org_units": _("org units"),
    "elements": _("elements"),
    "relationships": _("relationships"),
    "plateaus": _("plateaus"),
    "views": _("views"),
}
# What the add-on parts of the whole demo count besides (the sample itself writes none).
ADD_ON_KIND_LABELS = {
    "capacity_frameworks": _("skills framework rows"),
    "capacity_people": _("people (capacity building)"),
    "capacity_ratings": _("skill assessments"),
    "capacity_events": _("events, sessions and materials"),
    "capacity_participants": _("registrations, attendance and evaluations"),
    "capacity_mentoring": _("consultants, mentoring sessions and actions"),
}


@dataclass
class Summary:
    """How many objects of each kind a load created, updated or left as they were. A part of
    the demo that writes a kind of its own names it with `add_kind`."""

    counts: dict[str, Counter] = field(
        default_factory=lambda: {kind: Counter() for kind in {**KIND_LABELS, **ADD_ON_KIND_LABELS}}
    )
    labels: dict = field(default_factory=lambda: {**KIND_LABELS, **ADD_ON_KIND_LABELS})

    def add_kind(self, kind: str, label) -> None:
        self.labels.setdefault(kind, label)
        self.counts.setdefault(kind, Counter())

    def tally(self, kind: str, outcome: str) -> None:
        self.counts[kind][outcome] += 1

    def total(self, kind: str) -> int:
        return sum(self.counts[kind].values())

    def rows(self):
        for kind, label in self.labels.items():
            counts = self.counts[kind]
            yield label, counts[CREATED], counts[UPDATED], counts[UNCHANGED]


def demo_user():
    """The account the demo writes as, so that the change log names it; it cannot sign in."""
    user, created = get_user_model().objects.get_or_create(
        username=DEMO_USERNAME, defaults={"role": Role.ADMIN}
    )
    # An account that was demoted or disabled since would make every write below fail.
    if created or user.role != Role.ADMIN or not user.is_active:
        user.role, user.is_active = Role.ADMIN, True
        if created:
            user.set_unusable_password()
        user.save()
    return user


class Loader:
    """Writes the sample as `actor`, remembering what it wrote so later parts can link to it."""

    def __init__(self, actor: Actor):
        self.actor = actor
        self.summary = Summary()
        self.units: dict[str, OrgUnit] = {}
        self.elements: dict[str, Element] = {}
        self.relationships: dict[str, Relationship] = {}

    def load(self, *, with_plateaus: bool = True) -> Summary:
        for spec in org_unit_specs():
            self.units[spec.identifier] = self.sync_unit(spec)
        for spec in ELEMENTS:
            self.elements[spec.key] = self.sync_element(spec)
        for spec in RELATIONSHIPS:
            self.relationships[spec.identifier] = self.sync_relationship(spec)
        for spec in PLATEAUS if with_plateaus else ():
            self.elements[spec.key] = self.sync_plateau(spec).element
        for spec in PLATEAU_RELATIONSHIPS if with_plateaus else ():
            self.relationships[spec.identifier] = self.sync_relationship(spec)
        for spec in VIEWS:
            self.sync_view(spec)
        return self.summary

    def sync_unit(self, spec: UnitSpec) -> OrgUnit:
        unit = OrgUnit.objects.filter(element__identifier=spec.identifier).first()
        if unit is None and spec.code:
            # A unit someone entered by hand before the demo: adopt it rather than clash.
            unit = OrgUnit.objects.filter(code=spec.code).first()
        element_values = {"name": spec.name, "name_en": spec.name_en}
        if spec.properties:
            element_values["properties"] = list(spec.properties)
        profile_values = {
            "kind": spec.kind,
            "code": spec.code,
            "parent": self.units.get(spec.parent),
        }
        return self.sync_profile(
            "org_units", org_units, unit, spec.identifier, element_values, profile_values
        )

    def sync_element(self, spec: ElementSpec) -> Element:
        values = spec_values(spec, "type", "name", "name_en", "documentation", "properties")
        values |= {"owner_unit": self.units[spec.owner], "status": spec.status}
        return self.sync_object("elements", elements, spec.identifier, values)

    def sync_relationship(self, spec: RelationshipSpec) -> Relationship:
        values = {
            "type": spec.type,
            "source": self.elements[spec.source],
            "target": self.elements[spec.target],
            "access_type": spec.access_type,
        }
        return self.sync_object("relationships", relationships, spec.identifier, values)

    def sync_plateau(self, spec: PlateauSpec) -> Plateau:
        members = [self.elements[key] for key in spec.members]
        member_ids = {m.pk for m in members}
        # A plateau holds the relationships that stay inside it.
        inner = [
            r
            for r in self.relationships.values()
            if r.source_id in member_ids and r.target_id in member_ids
        ]
        element_values = {
            "name": spec.name,
            "name_en": spec.name_en,
            "owner_unit": self.units[unit_id(EA_OFFICE_CODE)],
            "properties": [DEMO_PROPERTY],
        }
        profile_values = {
            "state": spec.state,
            "valid_from": spec.valid_from,
            "elements": members,
            "relationships": inner,
        }
        plateau = Plateau.objects.filter(element__identifier=spec.identifier).first()
        return self.sync_profile(
            "plateaus", plateaus, plateau, spec.identifier, element_values, profile_values
        )

    def sync_view(self, spec: ViewSpec) -> View:
        values = spec_values(spec, "name", "name_en", "viewpoint")
        values |= {
            "owner_unit": self.units[spec.owner],
            "documentation": DEMO_PROPERTY["value"],
            "diagram": self.diagram(spec),
        }
        return self.sync_object("views", views, spec.identifier, values)

    def diagram(self, spec: ViewSpec) -> dict:
        """The view's diagram in the exact shape `diagram_document` reads back, to compare."""
        shown = {node.element for node in spec.nodes}
        nodes = [
            {
                **blank_item(f"node-{node.element}", NodeKind.ELEMENT),
                "element": str(self.elements[node.element].pk),
                "view_ref": None,
                "x": node.x,
                "y": node.y,
                "w": 160,
                "h": 60,
                "children": [],
            }
            for node in spec.nodes
        ]
        connections = []
        for identifier in spec.connections:
            relationship = self.relationships[identifier]
            source, target = (
                self.key_of(relationship.source_id),
                self.key_of(relationship.target_id),
            )
            if source not in shown or target not in shown:
                continue
            connections.append(
                {
                    **blank_item(f"connection-{identifier}", ConnectionKind.RELATIONSHIP),
                    "relationship": str(relationship.pk),
                    "source": f"node-{source}",
                    "target": f"node-{target}",
                    "bendpoints": [],
                    "source_attachment": None,
                    "target_attachment": None,
                }
            )
        return {"nodes": nodes, "connections": connections}

    def key_of(self, element_id) -> str | None:
        return next((k for k, e in self.elements.items() if e.pk == element_id), None)

    def sync_object(self, kind: str, service, identifier: str, values: dict):
        """Create the object with this identifier, or write what differs from `values`."""
        obj = service.model.objects.filter(identifier=identifier).first()
        if obj is None:
            return self.create(kind, service, identifier=identifier, **values)
        return self.apply_changes(kind, service, obj, service.changes(obj, values))

    def create(self, kind: str, service, /, **values):
        # Positional only: an org unit's values have a "kind" of their own.
        created = service.create(self.actor, **values)
        self.summary.tally(kind, CREATED)
        return created

    def sync_profile(
        self, kind: str, service, profile, identifier: str, element_values, profile_values
    ):
        if profile is None:
            return self.create(
                kind, service, identifier=identifier, **element_values, **profile_values
            )
        element_changes = elements.changes(profile.element, element_values)
        profile_changes = service.changes(profile, profile_values)
        if profile_changes:
            return self.apply_changes(kind, service, profile, profile_changes | element_changes)
        if element_changes:
            # Only the element differs: updating the profile too would log an empty change.
            elements.update(
                self.actor, profile.element, version=profile.element.version, **element_changes
            )
            self.summary.tally(kind, UPDATED)
            profile.refresh_from_db()
            return profile
        self.summary.tally(kind, UNCHANGED)
        return profile

    def apply_changes(self, kind: str, service, obj, changes: dict):
        if not changes:
            self.summary.tally(kind, UNCHANGED)
            return obj
        updated = service.update(self.actor, obj, version=obj.version, **changes)
        self.summary.tally(kind, UPDATED)
        return updated


def spec_values(spec, *names: str) -> dict:
    """A spec's attributes by name, as the values a service writes."""
    return {name: getattr(spec, name) for name in names}


def blank_item(identifier: str, kind: str) -> dict:
    """The keys every diagram node and connection carries, left empty."""
    return {
        "identifier": identifier,
        "kind": str(kind),
        "label": "",
        "label_en": "",
        "documentation": "",
        "style": {},
        "properties": [],
        "extra": {},
    }


class DemoDataError(RuntimeError):
    """The demo's files or the database are not in the state loading needs."""


def demo_units() -> dict[str, OrgUnit]:
    """The demo's units by their identifier, found as `Loader` finds them: by identifier, or by
    code for a unit someone entered by hand before the demo."""
    units = list(OrgUnit.objects.select_related("element"))
    by_identifier = {u.element.identifier: u for u in units}
    by_code = {u.code: u for u in units if u.code}
    found = {}
    for spec in org_unit_specs():
        unit = by_identifier.get(spec.identifier) or by_code.get(spec.code)
        if unit is not None:
            found[spec.identifier] = unit
    return found


class AddOnLoader(Loader):
    """Writes a further part of the demo (the portfolio, the strategy) on top of what `load`
    wrote, linking to its units and elements and counting into the same summary."""

    def __init__(self, actor: Actor, summary: Summary):
        super().__init__(actor)
        self.summary = summary
        self.units = demo_units()
        if CITY not in self.units:
            raise DemoDataError(_("Load the Bangkok demo first (nakhon demo load)."))
        self.elements = {
            e.identifier.removeprefix(PREFIX): e
            for e in Element.objects.filter(identifier__startswith=PREFIX)
        }


def load(user=None, *, with_plateaus: bool = True) -> Summary:
    """Load (or bring up to date) the sample in one transaction, as `user` via the shell; the
    whole demo (`bangkok.load`) writes plateaus of its own, over all its parts."""
    with transaction.atomic():
        actor = Actor.shell(user or demo_user())
        return Loader(actor).load(with_plateaus=with_plateaus)
