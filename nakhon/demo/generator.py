"""Synthetic Bangkok-style models of any size, for benchmarks and load tests.

`generate(elements, relationships, views, seed)` builds a `ModelDocument` that looks like a city
administration's EA repository: a type mix weighted like one (many application components,
business processes and services, data objects, nodes, system software, capabilities, actors and
roles; few motivation and implementation elements), Thai names built from word lists with an
English name for a share of them, a few properties on some elements, relationships whose ends
follow a power law (a few hubs that much of the model depends on) and whose types are always
allowed by the ArchiMate 3.2 metamodel, and views of about twenty nodes drawn around a hub and
its neighbours, with a connection for every relationship between two shown elements.

The same arguments give the same document, field for field: everything random comes from one
`random.Random(seed)`, in an order that depends on nothing but the arguments. Identifiers are
"id-" followed by sixteen hex digits mixed from the seed and a running index (unique in the
document, and different for another seed).

To stay lean at a million elements, objects without a name, documentation or properties share
one empty dict / list: treat a generated document as read-only (readers and the importer do).
"""

import itertools
import random

from nakhon.archimate.metamodel import ACCESS_TYPES, allowed_relationship_types
from nakhon.interchange import document

# name -> (elements, relationships, views)
SCALES: dict[str, tuple[int, int, int]] = {
    "city": (50_000, 250_000, 300),
    "nation": (1_000_000, 5_000_000, 2_000),
    "bench": (100_000, 300_000, 500),
}

# The type mix, as weights: a city repository is mostly applications, processes, services,
# data and infrastructure, with few motivation and implementation elements.
TYPE_WEIGHTS: tuple[tuple[str, int], ...] = (
    ("ApplicationComponent", 120),
    ("BusinessProcess", 110),
    ("BusinessService", 90),
    ("DataObject", 90),
    ("Node", 60),
    ("SystemSoftware", 55),
    ("Capability", 50),
    ("BusinessActor", 45),
    ("BusinessRole", 45),
    ("ApplicationService", 45),
    ("ApplicationInterface", 30),
    ("BusinessObject", 30),
    ("BusinessFunction", 25),
    ("TechnologyService", 25),
    ("Device", 20),
    ("Artifact", 20),
    ("ApplicationFunction", 15),
    ("BusinessEvent", 12),
    ("BusinessInterface", 10),
    ("CommunicationNetwork", 8),
    ("Location", 8),
    ("Facility", 6),
    ("Equipment", 6),
    ("ValueStream", 5),
    ("Resource", 5),
    ("Product", 5),
    ("Contract", 4),
    ("Stakeholder", 4),
    ("Goal", 4),
    ("Driver", 3),
    ("Requirement", 4),
    ("Principle", 2),
    ("Outcome", 2),
    ("WorkPackage", 4),
    ("Deliverable", 3),
    ("Plateau", 1),
    ("Grouping", 2),
)

# (Thai, English) subjects of the city's work.
SUBJECTS: tuple[tuple[str, str], ...] = (
    ("ทะเบียนราษฎร", "Civil Registration"),
    ("ใบอนุญาตก่อสร้าง", "Building Permits"),
    ("ภาษีที่ดินและสิ่งปลูกสร้าง", "Land and Building Tax"),
    ("ภาษีป้าย", "Signboard Tax"),
    ("การจัดเก็บขยะ", "Waste Collection"),
    ("การป้องกันน้ำท่วม", "Flood Prevention"),
    ("การระบายน้ำ", "Drainage"),
    ("การจราจร", "Traffic"),
    ("สัญญาณไฟจราจร", "Traffic Signals"),
    ("สาธารณสุข", "Public Health"),
    ("ศูนย์บริการสาธารณสุข", "Public Health Centres"),
    ("การศึกษา", "Education"),
    ("โรงเรียนสังกัด กทม.", "BMA Schools"),
    ("ผังเมือง", "City Planning"),
    ("การโยธา", "Public Works"),
    ("สวนสาธารณะ", "Public Parks"),
    ("ไฟฟ้าส่องสว่าง", "Street Lighting"),
    ("กล้องวงจรปิด", "CCTV"),
    ("คุณภาพอากาศ PM2.5", "Air Quality PM2.5"),
    ("การบรรเทาสาธารณภัย", "Disaster Relief"),
    ("การดับเพลิง", "Fire Fighting"),
    ("เทศกิจ", "City Law Enforcement"),
    ("ร้องเรียนทราฟฟี่ฟองดูว์", "Traffy Fondue Complaints"),
    ("สวัสดิการผู้สูงอายุ", "Elderly Welfare"),
    ("เบี้ยยังชีพ", "Living Allowance"),
    ("การพัฒนาชุมชน", "Community Development"),
    ("ตลาดและหาบเร่แผงลอย", "Markets and Street Vendors"),
    ("การท่องเที่ยว", "Tourism"),
    ("วัฒนธรรมและกีฬา", "Culture and Sports"),
    ("งบประมาณ", "Budget"),
    ("การเงินและบัญชี", "Finance and Accounting"),
    ("พัสดุและจัดซื้อจัดจ้าง", "Procurement"),
    ("ทรัพยากรบุคคล", "Human Resources"),
    ("เงินเดือนและบำเหน็จบำนาญ", "Payroll and Pensions"),
    ("สารบรรณอิเล็กทรอนิกส์", "E-Document Management"),
    ("ข้อมูลเปิดภาครัฐ", "Open Government Data"),
    ("แผนที่ภูมิสารสนเทศ", "GIS Maps"),
    ("ที่จอดรถ", "Parking"),
    ("เรือโดยสารคลอง", "Canal Boats"),
    ("รถโดยสารบีอาร์ที", "BRT Buses"),
    ("ทางเท้า", "Sidewalks"),
    ("น้ำเสีย", "Wastewater"),
    ("สุขาภิบาลอาหาร", "Food Sanitation"),
    ("โรงพยาบาล", "Hospitals"),
    ("การฉีดวัคซีน", "Vaccination"),
    ("ทะเบียนพาณิชย์", "Commercial Registration"),
    ("อาคารสูง", "High-rise Buildings"),
    ("การรื้อถอนอาคาร", "Building Demolition"),
    ("ป้ายรถเมล์", "Bus Stops"),
    ("ความปลอดภัยสาธารณะ", "Public Safety"),
)

UNITS: tuple[tuple[str, str], ...] = (
    ("สำนักปลัดกรุงเทพมหานคร", "Office of the Permanent Secretary"),
    ("สำนักการโยธา", "Public Works Department"),
    ("สำนักการระบายน้ำ", "Drainage and Sewerage Department"),
    ("สำนักอนามัย", "Health Department"),
    ("สำนักการแพทย์", "Medical Service Department"),
    ("สำนักการศึกษา", "Education Department"),
    ("สำนักสิ่งแวดล้อม", "Environment Department"),
    ("สำนักการจราจรและขนส่ง", "Traffic and Transportation Department"),
    ("สำนักการคลัง", "Finance Department"),
    ("สำนักผังเมือง", "City Planning Department"),
    ("สำนักเทศกิจ", "City Law Enforcement Department"),
    ("สำนักพัฒนาสังคม", "Social Development Department"),
    ("สำนักป้องกันและบรรเทาสาธารณภัย", "Fire and Rescue Department"),
    ("สำนักยุทธศาสตร์และประเมินผล", "Strategy and Evaluation Department"),
    ("สำนักวัฒนธรรม กีฬาและการท่องเที่ยว", "Culture, Sports and Tourism Department"),
    ("สำนักงานเขตพระนคร", "Phra Nakhon District Office"),
    ("สำนักงานเขตบางรัก", "Bang Rak District Office"),
    ("สำนักงานเขตปทุมวัน", "Pathum Wan District Office"),
    ("สำนักงานเขตจตุจักร", "Chatuchak District Office"),
    ("สำนักงานเขตบางกะปิ", "Bang Kapi District Office"),
    ("สำนักงานเขตลาดกระบัง", "Lat Krabang District Office"),
    ("สำนักงานเขตหนองจอก", "Nong Chok District Office"),
    ("สำนักงานเขตบางขุนเทียน", "Bang Khun Thian District Office"),
    ("สำนักงานเขตดอนเมือง", "Don Mueang District Office"),
    ("สำนักงานเขตคลองเตย", "Khlong Toei District Office"),
    ("สำนักงานเขตธนบุรี", "Thon Buri District Office"),
    ("สำนักงานเขตบางเขน", "Bang Khen District Office"),
    ("สำนักงานเขตห้วยขวาง", "Huai Khwang District Office"),
    ("สำนักงานเขตมีนบุรี", "Min Buri District Office"),
    ("สำนักงานเขตสาทร", "Sathon District Office"),
)

ACTIONS: tuple[tuple[str, str], ...] = (
    ("ยื่นคำขอ", "Submit"),
    ("ตรวจสอบ", "Review"),
    ("อนุมัติ", "Approve"),
    ("ชำระเงิน", "Pay for"),
    ("ลงทะเบียน", "Register"),
    ("แจ้งเตือน", "Notify about"),
    ("ติดตาม", "Track"),
    ("รายงาน", "Report on"),
    ("วางแผน", "Plan"),
    ("ประเมินผล", "Evaluate"),
    ("จัดเก็บ", "Collect"),
    ("เผยแพร่", "Publish"),
)

ROLES: tuple[tuple[str, str], ...] = (
    ("เจ้าหน้าที่", "Officer"),
    ("ผู้อำนวยการ", "Director"),
    ("นักวิชาการ", "Specialist"),
    ("ผู้ตรวจสอบ", "Inspector"),
    ("ผู้ดูแลระบบ", "System Administrator"),
    ("ประชาชนผู้ยื่นคำขอ", "Applicant"),
)

SOFTWARE: tuple[str, ...] = (
    "PostgreSQL 16",
    "Oracle Database 19c",
    "Microsoft SQL Server 2019",
    "Red Hat Enterprise Linux 9",
    "Ubuntu Server 22.04",
    "Windows Server 2022",
    "VMware vSphere 8",
    "Kubernetes 1.29",
    "Apache Kafka",
    "Nginx",
    "Keycloak",
    "GeoServer",
    "Elasticsearch",
    "Redis",
)

QUALIFIERS: tuple[str, ...] = (
    "",
    "",
    "",
    " ออนไลน์",
    " (ระยะที่ 2)",
    " (ระยะที่ 3)",
    " สำรอง",
    " บนมือถือ",
    " ส่วนกลาง",
)

# Thai nouns (and English ones) for the other types; not the types' translated labels, which
# depend on the active language.
OTHER_NOUNS: dict[str, tuple[str, str]] = {
    "ApplicationInterface": ("ส่วนต่อประสานระบบ", "API"),
    "BusinessEvent": ("เหตุการณ์", "Event"),
    "BusinessInterface": ("ช่องทางบริการ", "Channel"),
    "CommunicationNetwork": ("เครือข่าย", "Network"),
    "Location": ("พื้นที่", "Area"),
    "Facility": ("อาคาร", "Building"),
    "Equipment": ("อุปกรณ์", "Equipment"),
    "ValueStream": ("สายธารคุณค่า", "Value Stream"),
    "Resource": ("ทรัพยากร", "Resource"),
    "Product": ("ผลิตภัณฑ์บริการ", "Product"),
    "Contract": ("สัญญา", "Contract"),
    "Stakeholder": ("ผู้มีส่วนได้ส่วนเสียด้าน", "Stakeholder"),
    "Goal": ("เป้าหมายด้าน", "Goal"),
    "Driver": ("ปัจจัยขับเคลื่อนด้าน", "Driver"),
    "Requirement": ("ข้อกำหนดด้าน", "Requirement"),
    "Principle": ("หลักการด้าน", "Principle"),
    "Outcome": ("ผลลัพธ์ด้าน", "Outcome"),
    "WorkPackage": ("โครงการ", "Project"),
    "Deliverable": ("ผลส่งมอบ", "Deliverable"),
    "Plateau": ("สถาปัตยกรรมเป้าหมาย", "Target Architecture"),
    "Grouping": ("กลุ่ม", "Group"),
}

CRITICALITY = ("สูง", "ปานกลาง", "ต่ำ")
PROPERTY_TYPES = {"criticality": "string", "budget_baht": "number", "since": "number"}

ENGLISH_SHARE = 0.4
PROPERTY_SHARE = 0.15
DOCUMENTATION_SHARE = 0.05
# A pair of types that allows nothing but Association is kept this often (else drawn again);
# other pairs get an Association this often, and otherwise one of their other allowed types
# uniformly, so that Association (allowed between any two elements) does not dominate.
ASSOCIATION_ONLY_KEPT = 0.05
ASSOCIATION_SHARE = 0.05
# Targets are drawn as index = n * u**TARGET_SKEW over a shuffled ranking, sources with a
# milder skew: a few elements get thousands of relationships, most get a handful.
TARGET_SKEW = 3.0
SOURCE_SKEW = 1.5
NODES_PER_VIEW = 20
GRID_COLUMNS = 5
NODE_W, NODE_H = 120, 55
CELL_W, CELL_H = 180, 110
MARGIN = 40

_MASK = (1 << 64) - 1
_MIX = 0x9E3779B97F4A7C15  # odd, so index -> index * _MIX is one-to-one on 64 bits

# Shared, read-only empties (see the module doc).
_NO_TEXT: dict = {}
_NO_PROPERTIES: list = []


class _Identifiers:
    """ "id-" + 16 hex digits, one-to-one with a running index, salted by the seed."""

    def __init__(self, rng: random.Random):
        self.salt = rng.getrandbits(64)
        self.counter = itertools.count()

    def next(self) -> str:
        index = next(self.counter)
        return f"id-{((index * _MIX) ^ self.salt) & _MASK:016x}"


def _names(type_name: str, rng: random.Random) -> tuple[str, str]:
    """A (Thai, English) name for an element of `type_name`."""
    subject_th, subject_en = SUBJECTS[int(rng.random() * len(SUBJECTS))]
    unit_th, unit_en = UNITS[int(rng.random() * len(UNITS))]
    qualifier = QUALIFIERS[int(rng.random() * len(QUALIFIERS))]
    if type_name == "ApplicationComponent":
        return f"ระบบ{subject_th}ของ{unit_th}{qualifier}", f"{subject_en} System ({unit_en})"
    if type_name in ("BusinessService", "ApplicationService", "TechnologyService"):
        kind = {"BusinessService": "", "ApplicationService": "ระบบ", "TechnologyService": "ไอที"}
        return f"บริการ{kind[type_name]}{subject_th}{qualifier}", f"{subject_en} Service"
    if type_name in ("BusinessProcess", "BusinessFunction", "ApplicationFunction"):
        action_th, action_en = ACTIONS[int(rng.random() * len(ACTIONS))]
        return f"การ{action_th}{subject_th}", f"{action_en} {subject_en}"
    if type_name in ("DataObject", "BusinessObject", "Artifact"):
        return f"ข้อมูล{subject_th}{qualifier}", f"{subject_en} Data"
    if type_name == "BusinessActor":
        return unit_th, unit_en
    if type_name == "BusinessRole":
        role_th, role_en = ROLES[int(rng.random() * len(ROLES))]
        return f"{role_th}ฝ่าย{subject_th}", f"{subject_en} {role_en}"
    if type_name == "Capability":
        return f"ความสามารถด้าน{subject_th}", f"{subject_en} Capability"
    if type_name in ("Node", "Device"):
        number = int(rng.random() * 90) + 10
        return f"เครื่องแม่ข่าย{subject_th} {number}", f"{subject_en} Server {number}"
    if type_name == "SystemSoftware":
        software = SOFTWARE[int(rng.random() * len(SOFTWARE))]
        return software, ""
    noun_th, noun_en = OTHER_NOUNS.get(type_name, ("", type_name))
    return f"{noun_th}{subject_th}{qualifier}", f"{subject_en} {noun_en}"


class _RelationshipTypes:
    """`allowed_relationship_types` per (source type, target type), computed once per pair."""

    def __init__(self):
        self.cache: dict[tuple, tuple[str, ...]] = {}

    def __call__(self, source_type: str, target_type: str) -> tuple[str, ...]:
        key = (source_type, target_type)
        allowed = self.cache.get(key)
        if allowed is None:
            allowed = tuple(allowed_relationship_types(source_type, target_type))
            self.cache[key] = allowed
        return allowed

    def specific(self, source_type: str, target_type: str) -> tuple[str, ...]:
        """The allowed types but Association (call only when there are some)."""
        key = ("-", source_type, target_type)
        allowed = self.cache.get(key)
        if allowed is None:
            allowed = tuple(t for t in self(source_type, target_type) if t != "Association")
            self.cache[key] = allowed
        return allowed


def generate(
    elements: int, relationships: int, views: int, seed: int = 0
) -> document.ModelDocument:
    """A synthetic city model of these sizes; the same arguments give the same document."""
    if elements < 2 and relationships:
        raise ValueError("Relationships need at least two elements.")
    rng = random.Random(seed)
    ids = _Identifiers(rng)
    doc = document.ModelDocument(
        identifier=ids.next(),
        name=document.join_names(
            f"สถาปัตยกรรมองค์กร กทม. (สังเคราะห์ ชุดที่ {seed})",
            f"Synthetic BMA enterprise architecture (seed {seed})",
        ),
        property_types=dict(PROPERTY_TYPES),
    )
    types = _element_types(elements, rng)
    doc.elements = _elements(types, rng, ids)
    sources, targets = _relationships(doc, types, relationships, rng, ids)
    doc.views = _views(doc, sources, targets, views, rng, ids)
    return doc


def _element_types(count: int, rng: random.Random) -> list[str]:
    names = [name for name, _weight in TYPE_WEIGHTS]
    cumulative = list(itertools.accumulate(weight for _name, weight in TYPE_WEIGHTS))
    return rng.choices(names, cum_weights=cumulative, k=count)


def _elements(types: list[str], rng: random.Random, ids: _Identifiers) -> list[document.ElementDoc]:
    result = []
    for type_name in types:
        thai, english = _names(type_name, rng)
        if rng.random() >= ENGLISH_SHARE:
            english = ""
        documentation = _NO_TEXT
        if rng.random() < DOCUMENTATION_SHARE:
            documentation = {"th": f"{thai}: ข้อมูลสังเคราะห์สำหรับการทดสอบ"}
        properties = _NO_PROPERTIES
        if rng.random() < PROPERTY_SHARE:
            properties = [
                document.Property("criticality", CRITICALITY[int(rng.random() * 3)]),
                document.Property("since", str(2540 + int(rng.random() * 28))),
            ]
            if rng.random() < 0.5:
                properties.append(
                    document.Property("budget_baht", str(int(rng.random() * 200) * 50_000))
                )
        result.append(
            document.ElementDoc(
                identifier=ids.next(),
                type=type_name,
                name=document.join_names(thai, english),
                documentation=documentation,
                properties=properties,
            )
        )
    return result


def _relationships(
    doc: document.ModelDocument, types: list[str], count: int, rng: random.Random, ids: _Identifiers
) -> tuple[list[int], list[int]]:
    """Fill doc.relationships; return the element index of each one's source and target."""
    n = len(types)
    sources: list[int] = []
    targets: list[int] = []
    if not count:
        return sources, targets
    # Hubs are the first places of a shuffled ranking, so they are of any type.
    ranking = list(range(n))
    rng.shuffle(ranking)
    allowed_for = _RelationshipTypes()
    random_ = rng.random
    identifiers = [e.identifier for e in doc.elements]
    append = doc.relationships.append
    for _ in range(count):
        while True:
            source = ranking[int(n * random_() ** SOURCE_SKEW)]
            target = ranking[int(n * random_() ** TARGET_SKEW)]
            if source == target:
                continue
            allowed = allowed_for(types[source], types[target])
            if not allowed:
                continue
            if len(allowed) == 1 and allowed[0] == "Association":
                if random_() >= ASSOCIATION_ONLY_KEPT:
                    continue
            elif random_() >= ASSOCIATION_SHARE:
                allowed = allowed_for.specific(types[source], types[target])
            break
        rel_type = allowed[int(random_() * len(allowed))]
        access_type = ACCESS_TYPES[int(random_() * 4)] if rel_type == "Access" else ""
        append(
            document.RelationshipDoc(
                identifier=ids.next(),
                type=rel_type,
                source=identifiers[source],
                target=identifiers[target],
                name=_NO_TEXT,
                documentation=_NO_TEXT,
                properties=_NO_PROPERTIES,
                access_type=access_type,
            )
        )
        sources.append(source)
        targets.append(target)
    return sources, targets


def _views(
    doc: document.ModelDocument,
    sources: list[int],
    targets: list[int],
    count: int,
    rng: random.Random,
    ids: _Identifiers,
) -> list[document.ViewDoc]:
    """Views around hubs: each hub with up to NODES_PER_VIEW - 1 of its neighbours."""
    n = len(doc.elements)
    count = min(count, n)
    if not count:
        return []
    # The hubs: the elements with the most relationships, ties broken by index.
    degree = [0] * n
    for source, target in zip(sources, targets, strict=True):
        degree[source] += 1
        degree[target] += 1
    hubs = sorted(range(n), key=lambda i: (-degree[i], i))[:count]
    shown: list[list[int]] = [[hub] for hub in hubs]
    slot = {hub: view for view, hub in enumerate(hubs)}
    wanted = NODES_PER_VIEW
    for source, target in zip(sources, targets, strict=True):
        for hub, other in ((source, target), (target, source)):
            view = slot.get(hub)
            if view is not None and len(shown[view]) < wanted and other not in shown[view]:
                shown[view].append(other)
    # A view short of nodes (a hub with few neighbours) gets some at random, drawn unconnected.
    for members in shown:
        while len(members) < min(wanted, n):
            other = int(rng.random() * n)
            if other not in members:
                members.append(other)
    # Connections: every relationship between two elements shown in the same view.
    views_of: dict[int, list[int]] = {}
    for view, members in enumerate(shown):
        for element in members:
            views_of.setdefault(element, []).append(view)
    lines: list[list[int]] = [[] for _ in shown]
    for index, (source, target) in enumerate(zip(sources, targets, strict=True)):
        in_source = views_of.get(source)
        if in_source is None:
            continue
        in_target = views_of.get(target)
        if in_target is None:
            continue
        for view in in_source:
            if view in in_target:
                lines[view].append(index)
    result = []
    for view, members in enumerate(shown):
        hub = doc.elements[members[0]]
        thai = hub.name.get("th") or hub.name.get("en", "")
        english = hub.name.get("en", "")
        node_of: dict[int, str] = {}
        nodes = []
        for place, element in enumerate(members):
            row, column = divmod(place, GRID_COLUMNS)
            node = document.NodeDoc(
                identifier=ids.next(),
                kind="element",
                x=MARGIN + column * CELL_W,
                y=MARGIN + row * CELL_H,
                w=NODE_W,
                h=NODE_H,
                ref=doc.elements[element].identifier,
            )
            node_of[element] = node.identifier
            nodes.append(node)
        connections = [
            document.ConnectionDoc(
                identifier=ids.next(),
                kind="relationship",
                source=node_of[sources[index]],
                target=node_of[targets[index]],
                ref=doc.relationships[index].identifier,
            )
            for index in lines[view]
        ]
        result.append(
            document.ViewDoc(
                identifier=ids.next(),
                name=document.join_names(f"มุมมอง {thai}", f"View of {english}" if english else ""),
                nodes=nodes,
                connections=connections,
            )
        )
    return result
