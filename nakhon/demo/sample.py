"""The Bangkok demo city: the BMA's org tree and a small, believable architecture around it.

The org tree comes from the reference data in `data/` (the city, its departments and offices, the
50 district offices). The architecture is illustrative: the systems, services and their links are
what a BMA EA officer would find natural, not a record of how the city really works, and every
person named in it is invented.

Everything is written through the services, looked up by a stable `identifier`, and updated only
where it differs, so loading twice changes nothing.
"""

import csv
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
    AccessType,
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
DISTRICTS_CSV = DATA_DIR / "bangkok_districts.csv"
DEPARTMENTS_CSV = DATA_DIR / "bma_departments.csv"

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


def city_unit() -> UnitSpec:
    return UnitSpec(
        CITY, "กรุงเทพมหานคร", "Bangkok Metropolitan Administration", UnitKind.CITY, "BMA"
    )


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


# (slug, Thai name, English name) of the divisions described under the sample district.
DIVISIONS = (
    ("registration", "ฝ่ายทะเบียน", "Civil Registration Section"),
    ("public-works", "ฝ่ายโยธา", "Public Works Section"),
    ("revenue", "ฝ่ายรายได้", "Revenue Section"),
)


def division_units() -> list[UnitSpec]:
    district = next(
        row for row in read_csv(DISTRICTS_CSV) if row["district_code"] == SAMPLE_DISTRICT_CODE
    )
    return [
        UnitSpec(
            division_id(SAMPLE_DISTRICT_CODE, slug),
            f"{name_th} สำนักงานเขต{district['name_th']}",
            f"{name_en}, {district['name_en']} District Office",
            UnitKind.DIVISION,
            parent=district_id(SAMPLE_DISTRICT_CODE),
        )
        for slug, name_th, name_en in DIVISIONS
    ]


def org_unit_specs() -> list[UnitSpec]:
    """Every unit of the demo, parents before their children."""
    return [city_unit(), *department_units(), *district_units(), *division_units()]


# --- The architecture -----------------------------------------------------------------------

SED = unit_id("SED")
FIN = unit_id("FIN")
PWD = unit_id("PWD")
CPD = unit_id("CPD")
OPS = unit_id("OPS")
DISTRICT = district_id(SAMPLE_DISTRICT_CODE)
REGISTRATION = division_id(SAMPLE_DISTRICT_CODE, "registration")
PUBLIC_WORKS = division_id(SAMPLE_DISTRICT_CODE, "public-works")
REVENUE = division_id(SAMPLE_DISTRICT_CODE, "revenue")


@dataclass(frozen=True)
class ElementSpec:
    key: str
    type: str
    name: str
    name_en: str
    owner: str
    documentation: str = ""
    status: str = Status.ACTIVE
    # An invented person who looks after the element.
    contact: str = ""

    @property
    def identifier(self) -> str:
        return f"{PREFIX}{self.key}"

    @property
    def properties(self) -> list[dict]:
        contact = [{"key": "contact", "value": self.contact}] if self.contact else []
        return [*contact, DEMO_PROPERTY]


ELEMENTS = (
    # Motivation
    ElementSpec(
        "goal-digital-services",
        "Goal",
        "บริการประชาชนสะดวก รวดเร็ว ผ่านช่องทางดิจิทัล",
        "Convenient, fast public services through digital channels",
        SED,
        "เป้าหมายตัวอย่างในแนวของแผนพัฒนากรุงเทพมหานครระยะ 20 ปี (พ.ศ. 2556-2575) "
        "ด้านการบริหารจัดการเมืองมหานคร ถ้อยคำเป็นของข้อมูลสาธิต ไม่ใช่ถ้อยคำในแผน",
    ),
    ElementSpec(
        "driver-digital-government-act",
        "Driver",
        "พ.ร.บ. การบริหารงานและการให้บริการภาครัฐผ่านระบบดิจิทัล พ.ศ. 2562",
        "Digital Government Act B.E. 2562 (2019)",
        SED,
    ),
    ElementSpec(
        "outcome-no-copies",
        "Outcome",
        "ประชาชนไม่ต้องยื่นสำเนาเอกสารที่ราชการออกให้",
        "Citizens no longer hand in copies of state-issued documents",
        SED,
    ),
    # Strategy
    ElementSpec(
        "cap-civil-registration",
        "Capability",
        "การจัดการทะเบียนราษฎร",
        "Civil registration management",
        SED,
    ),
    ElementSpec("cap-building-control", "Capability", "การควบคุมอาคาร", "Building control", PWD),
    ElementSpec(
        "cap-complaints",
        "Capability",
        "การรับและจัดการเรื่องร้องเรียน",
        "Complaint management",
        OPS,
    ),
    ElementSpec("cap-revenue", "Capability", "การจัดเก็บรายได้", "Revenue collection", FIN),
    ElementSpec(
        "cap-geospatial",
        "Capability",
        "การจัดการข้อมูลภูมิสารสนเทศ",
        "Geospatial information management",
        CPD,
    ),
    # Business
    ElementSpec("actor-citizen", "BusinessActor", "ประชาชน", "Citizen", SED),
    ElementSpec("role-applicant", "BusinessRole", "ผู้ขออนุญาต", "Permit applicant", SED),
    ElementSpec(
        "service-building-permit",
        "BusinessService",
        "การขออนุญาตก่อสร้างอาคาร",
        "Building permit",
        PUBLIC_WORKS,
    ),
    ElementSpec(
        "service-birth-registration",
        "BusinessService",
        "การแจ้งเกิด",
        "Birth registration",
        REGISTRATION,
    ),
    ElementSpec(
        "service-signboard-tax",
        "BusinessService",
        "การชำระภาษีป้าย",
        "Signboard tax payment",
        REVENUE,
    ),
    ElementSpec(
        "service-city-issues",
        "BusinessService",
        "การแจ้งปัญหาเมือง",
        "Reporting city problems",
        DISTRICT,
    ),
    ElementSpec(
        "process-permit-review",
        "BusinessProcess",
        "การพิจารณาคำขออนุญาตก่อสร้างอาคาร",
        "Building permit review",
        PUBLIC_WORKS,
    ),
    ElementSpec(
        "process-birth-registration",
        "BusinessProcess",
        "การรับแจ้งเกิด",
        "Registering a birth",
        REGISTRATION,
    ),
    ElementSpec(
        "process-issue-handling",
        "BusinessProcess",
        "การจัดการเรื่องแจ้งปัญหา",
        "Handling a reported problem",
        DISTRICT,
    ),
    ElementSpec(
        "object-permit-application",
        "BusinessObject",
        "คำขออนุญาตก่อสร้างอาคาร",
        "Building permit application",
        PUBLIC_WORKS,
    ),
    ElementSpec(
        "object-building-permit",
        "BusinessObject",
        "ใบอนุญาตก่อสร้างอาคาร",
        "Building permit (document)",
        PUBLIC_WORKS,
    ),
    # Application
    ElementSpec(
        "app-bma-oss",
        "ApplicationComponent",
        "ระบบ BMA OSS",
        "BMA OSS online permit system",
        SED,
        "ระบบยื่นคำขออนุญาตออนไลน์ของกรุงเทพมหานคร (คำอธิบายสาธิต)",
        contact="คุณกมลชนก ศรีวิไล (ชื่อสมมติ)",
    ),
    ElementSpec(
        "app-gis",
        "ApplicationComponent",
        "ระบบภูมิสารสนเทศกรุงเทพมหานคร",
        "BMA GIS",
        CPD,
        contact="คุณธีรวัฒน์ แสงอรุณ (ชื่อสมมติ)",
    ),
    ElementSpec(
        "app-siang-mueang",
        "ApplicationComponent",
        "ระบบรับแจ้งปัญหาเมือง “เสียงเมือง”",
        "Siang Mueang city-problem reporting platform",
        OPS,
        "แพลตฟอร์มสมมติให้ประชาชนแจ้งปัญหาเมืองพร้อมพิกัดและภาพถ่าย",
        contact="คุณปวีณา ทองคำ (ชื่อสมมติ)",
    ),
    ElementSpec(
        "app-civil-registry-link",
        "ApplicationComponent",
        "ระบบเชื่อมโยงข้อมูลทะเบียนราษฎร",
        "Civil-registry data link",
        SED,
        contact="คุณณัฐพล วงศ์สวัสดิ์ (ชื่อสมมติ)",
    ),
    ElementSpec(
        "app-gdx",
        "ApplicationComponent",
        "ศูนย์แลกเปลี่ยนข้อมูลภาครัฐ (GDX)",
        "Government Data Exchange (GDX)",
        SED,
        "ระบบภายนอก ให้บริการโดยสำนักงานพัฒนารัฐบาลดิจิทัล (สพร.)",
    ),
    ElementSpec(
        "app-revenue",
        "ApplicationComponent",
        "ระบบบริหารรายได้",
        "Revenue management system",
        FIN,
        contact="คุณสุภาพร มีสุข (ชื่อสมมติ)",
    ),
    ElementSpec(
        "appservice-online-application",
        "ApplicationService",
        "บริการยื่นคำขออนุญาตออนไลน์",
        "Online permit application",
        SED,
    ),
    ElementSpec(
        "appservice-map-lookup",
        "ApplicationService",
        "บริการแผนที่และตรวจสอบผังเมือง",
        "Map and zoning look-up",
        CPD,
    ),
    ElementSpec(
        "appservice-person-lookup",
        "ApplicationService",
        "บริการตรวจสอบข้อมูลบุคคลและทะเบียนบ้าน",
        "Person and house-registration look-up",
        SED,
    ),
    ElementSpec(
        "data-permit-record", "DataObject", "ข้อมูลคำขออนุญาต", "Permit application record", SED
    ),
    ElementSpec(
        "data-land-parcels",
        "DataObject",
        "ข้อมูลแปลงที่ดินและผังเมืองรวม",
        "Land parcels and zoning",
        CPD,
    ),
    ElementSpec(
        "data-city-issues", "DataObject", "ข้อมูลเรื่องแจ้งปัญหา", "Reported-problem record", OPS
    ),
    ElementSpec("data-civil-registry", "DataObject", "ข้อมูลทะเบียนราษฎร", "Civil registry data", SED),
    # Technology
    ElementSpec(
        "node-data-centre",
        "Node",
        "กลุ่มเครื่องแม่ข่ายเสมือน ศูนย์ข้อมูลกรุงเทพมหานคร",
        "Virtual server cluster, BMA data centre",
        SED,
    ),
    ElementSpec(
        "software-postgresql",
        "SystemSoftware",
        "ระบบจัดการฐานข้อมูล PostgreSQL",
        "PostgreSQL database server",
        SED,
    ),
    ElementSpec(
        "techservice-hosting",
        "TechnologyService",
        "บริการโฮสต์แอปพลิเคชัน",
        "Application hosting",
        SED,
    ),
    # Implementation and migration
    ElementSpec(
        "work-oss-rollout",
        "WorkPackage",
        "โครงการขยาย BMA OSS ให้ครบ 50 เขต",
        "Roll BMA OSS out to all 50 districts",
        SED,
        status=Status.PLAN,
    ),
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


RELATIONSHIPS = (
    # Why
    rel("driver-digital-government-act", "Influence", "goal-digital-services"),
    rel("outcome-no-copies", "Realization", "goal-digital-services"),
    rel("appservice-person-lookup", "Realization", "outcome-no-copies"),
    rel("app-bma-oss", "Realization", "goal-digital-services"),
    # Services realise capabilities
    rel("service-birth-registration", "Realization", "cap-civil-registration"),
    rel("service-building-permit", "Realization", "cap-building-control"),
    rel("service-city-issues", "Realization", "cap-complaints"),
    rel("service-signboard-tax", "Realization", "cap-revenue"),
    rel("cap-geospatial", "Serving", "cap-building-control"),
    # Business layer
    rel("actor-citizen", "Assignment", "role-applicant"),
    rel("service-building-permit", "Serving", "role-applicant"),
    rel("service-birth-registration", "Serving", "actor-citizen"),
    rel("service-city-issues", "Serving", "actor-citizen"),
    rel("service-signboard-tax", "Serving", "actor-citizen"),
    rel("process-permit-review", "Realization", "service-building-permit"),
    rel("process-birth-registration", "Realization", "service-birth-registration"),
    rel("process-issue-handling", "Realization", "service-city-issues"),
    rel("process-permit-review", "Access", "object-permit-application", AccessType.READ),
    rel("process-permit-review", "Access", "object-building-permit", AccessType.WRITE),
    # Application layer
    rel("data-permit-record", "Realization", "object-permit-application"),
    rel("app-bma-oss", "Realization", "appservice-online-application"),
    rel("appservice-online-application", "Serving", "process-permit-review"),
    rel("appservice-online-application", "Serving", "role-applicant"),
    rel("app-bma-oss", "Access", "data-permit-record", AccessType.WRITE),
    rel("app-gis", "Realization", "appservice-map-lookup"),
    rel("appservice-map-lookup", "Serving", "process-permit-review"),
    rel("appservice-map-lookup", "Serving", "app-siang-mueang"),
    rel("app-gis", "Access", "data-land-parcels", AccessType.READ_WRITE),
    rel("app-civil-registry-link", "Realization", "appservice-person-lookup"),
    rel("appservice-person-lookup", "Serving", "process-birth-registration"),
    rel("appservice-person-lookup", "Serving", "app-bma-oss"),
    rel("app-gdx", "Serving", "app-civil-registry-link"),
    rel("app-civil-registry-link", "Access", "data-civil-registry", AccessType.READ),
    rel("app-siang-mueang", "Serving", "process-issue-handling"),
    rel("app-siang-mueang", "Access", "data-city-issues", AccessType.WRITE),
    rel("app-revenue", "Serving", "service-signboard-tax"),
    # Technology layer
    rel("node-data-centre", "Composition", "software-postgresql"),
    rel("node-data-centre", "Realization", "techservice-hosting"),
    rel("techservice-hosting", "Serving", "app-bma-oss"),
    rel("techservice-hosting", "Serving", "app-gis"),
    rel("techservice-hosting", "Serving", "app-siang-mueang"),
    # Change
    rel("work-oss-rollout", "Realization", "app-bma-oss"),
)


@dataclass(frozen=True)
class PlateauSpec:
    key: str
    name: str
    name_en: str
    state: str
    valid_from: date
    members: tuple[str, ...]

    @property
    def identifier(self) -> str:
        return f"bma-demo-{self.key}"


# What the city only gains on the way to the target, so the baseline leaves it out.
NEW_BY_2570 = {
    "outcome-no-copies",
    "app-bma-oss",
    "app-siang-mueang",
    "app-gdx",
    "appservice-online-application",
    "data-permit-record",
    "data-city-issues",
}
# The project is how the city gets there, not part of either state.
NOT_A_STATE = {"work-oss-rollout"}

TARGET_MEMBERS = tuple(s.key for s in ELEMENTS if s.key not in NOT_A_STATE)
BASELINE_MEMBERS = tuple(k for k in TARGET_MEMBERS if k not in NEW_BY_2570)

PLATEAUS = (
    PlateauSpec(
        "plateau-2562",
        "สถาปัตยกรรมปัจจุบัน พ.ศ. 2562",
        "Baseline architecture B.E. 2562 (2019)",
        PlateauState.BASELINE,
        date(2019, 1, 1),
        BASELINE_MEMBERS,
    ),
    PlateauSpec(
        "plateau-2570",
        "สถาปัตยกรรมเป้าหมาย พ.ศ. 2570",
        "Target architecture B.E. 2570 (2027)",
        PlateauState.TARGET,
        date(2027, 1, 1),
        TARGET_MEMBERS,
    ),
)
# Loaded after the plateaus, whose elements they join.
PLATEAU_RELATIONSHIPS = (rel("plateau-2562", "Triggering", "plateau-2570"),)


@dataclass(frozen=True)
class NodeSpec:
    element: str
    x: int
    y: int


@dataclass(frozen=True)
class ViewSpec:
    key: str
    name: str
    name_en: str
    viewpoint: str
    owner: str
    nodes: tuple[NodeSpec, ...]
    # Relationship identifiers; only those between two nodes of the view are drawn.
    connections: tuple[str, ...] = ()

    @property
    def identifier(self) -> str:
        return f"bma-demo-{self.key}"


BUILDING_PERMIT_VIEW = ViewSpec(
    "view-building-permit",
    "การขออนุญาตก่อสร้างอาคาร: จากบริการถึงระบบ",
    "Building permit: from service to systems",
    "layered",
    SED,
    (
        NodeSpec("role-applicant", 240, 20),
        NodeSpec("service-building-permit", 240, 120),
        NodeSpec("process-permit-review", 240, 220),
        NodeSpec("appservice-online-application", 120, 320),
        NodeSpec("appservice-map-lookup", 360, 320),
        NodeSpec("app-bma-oss", 120, 420),
        NodeSpec("app-gis", 360, 420),
        NodeSpec("techservice-hosting", 240, 520),
    ),
    (
        rel("service-building-permit", "Serving", "role-applicant").identifier,
        rel("process-permit-review", "Realization", "service-building-permit").identifier,
        rel("appservice-online-application", "Serving", "process-permit-review").identifier,
        rel("appservice-map-lookup", "Serving", "process-permit-review").identifier,
        rel("app-bma-oss", "Realization", "appservice-online-application").identifier,
        rel("app-gis", "Realization", "appservice-map-lookup").identifier,
        rel("techservice-hosting", "Serving", "app-bma-oss").identifier,
        rel("techservice-hosting", "Serving", "app-gis").identifier,
    ),
)
VIEWS = (BUILDING_PERMIT_VIEW,)


# --- Loading --------------------------------------------------------------------------------

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"

KIND_LABELS = {
    "org_units": _("org units"),
    "elements": _("elements"),
    "relationships": _("relationships"),
    "plateaus": _("plateaus"),
    "views": _("views"),
}


@dataclass
class Summary:
    """How many objects of each kind a load created, updated or left as they were."""

    counts: dict[str, Counter] = field(
        default_factory=lambda: {kind: Counter() for kind in KIND_LABELS}
    )

    def tally(self, kind: str, outcome: str) -> None:
        self.counts[kind][outcome] += 1

    def total(self, kind: str) -> int:
        return sum(self.counts[kind].values())

    def rows(self):
        for kind, label in KIND_LABELS.items():
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
        values = {
            "type": spec.type,
            "name": spec.name,
            "name_en": spec.name_en,
            "documentation": spec.documentation,
            "properties": spec.properties,
            "owner_unit": self.units[spec.owner],
            "status": spec.status,
        }
        element = Element.objects.filter(identifier=spec.identifier).first()
        return self.sync_object("elements", elements, element, spec.identifier, values)

    def sync_relationship(self, spec: RelationshipSpec) -> Relationship:
        values = {
            "type": spec.type,
            "source": self.elements[spec.source],
            "target": self.elements[spec.target],
            "access_type": spec.access_type,
        }
        found = Relationship.objects.filter(identifier=spec.identifier).first()
        return self.sync_object("relationships", relationships, found, spec.identifier, values)

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
            "owner_unit": self.units[SED],
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
        values = {
            "name": spec.name,
            "name_en": spec.name_en,
            "viewpoint": spec.viewpoint,
            "owner_unit": self.units[spec.owner],
            "documentation": DEMO_PROPERTY["value"],
        }
        diagram = self.diagram(spec)
        view = View.objects.filter(identifier=spec.identifier).first()
        if view is None:
            created = views.create(
                self.actor, identifier=spec.identifier, diagram=diagram, **values
            )
            self.summary.tally("views", CREATED)
            return created
        changes = views.changes(view, {**values, "diagram": diagram})
        return self.apply_changes("views", views, view, changes)

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

    def sync_object(self, kind: str, service, obj, identifier: str, values: dict):
        if obj is None:
            created = service.create(self.actor, identifier=identifier, **values)
            self.summary.tally(kind, CREATED)
            return created
        return self.apply_changes(kind, service, obj, service.changes(obj, values))

    def sync_profile(
        self, kind: str, service, profile, identifier: str, element_values, profile_values
    ):
        if profile is None:
            created = service.create(
                self.actor, identifier=identifier, **element_values, **profile_values
            )
            self.summary.tally(kind, CREATED)
            return created
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
