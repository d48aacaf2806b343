"""Bangkok citizen services for the demo: 44 services with citizen's-manual profiles, so that the
Digital Government Act assessment shows a plausible, varied picture.

The services are real kinds of BMA service (civil registration at the district offices, building
and health permits, taxes and fees, Traffy Fondue, public health, schools, allowances), and the
legal rules behind a few figures come from `/work/shared/data/thai_service_facts.json` (the
waste-fee ordinance of 2562, the building-permit time limits, the civil-registration fee tables).
Every other figure (volumes, measured times, satisfaction, channels, which documents are already
obtained by data exchange) is illustrative, not the city's record.

Each service is a BusinessService element with a stable identifier ("svc-…"), owned by a unit of
`nakhon.demo.sample`. The four business services `sample` already describes get a profile on
their existing element. `load` writes through the service layer and only what differs, so loading
twice changes nothing.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from nakhon.core.services import Actor
from nakhon.demo import sample
from nakhon.organization.models import OrgUnit
from nakhon.services.services import service_profiles

# Channels


def counter(identity: str = "in_person") -> dict:
    return {"kind": "counter", "url": "", "end_to_end": True, "identity": identity, "ial": ""}


def online(kind: str, url: str, identity: str = "own_account", ial: str = "", whole=True) -> dict:
    return {"kind": kind, "url": url, "end_to_end": whole, "identity": identity, "ial": ial}


BMA_OSS = "https://oss.bangkok.go.th/"
TRAFFY = "https://citydata.traffy.in.th/"
BANGKOK = "https://www.bangkok.go.th/"


def oss(identity="own_account", ial="", whole=True) -> dict:
    return online("web", BMA_OSS, identity, ial, whole)


def thaid_web(url: str, ial: str = "IAL2.3") -> dict:
    return online("web", url, "thaid", ial)


def line_oa(url: str = "https://line.me/R/ti/p/@bangkokcity", identity="own_account") -> dict:
    return online("line_oa", url, identity)


def app(url: str, identity="own_account", ial="") -> dict:
    return online("mobile_app", url, identity, ial)


KIOSK = {"kind": "kiosk", "url": "", "end_to_end": False, "identity": "in_person", "ial": ""}

# Documents

DOPA, DBD, BMA = "กรมการปกครอง", "กรมพัฒนาธุรกิจการค้า", "กรุงเทพมหานคร"


def doc(
    name: str,
    issuer: str = DOPA,
    *,
    state: bool = True,
    originals: int = 1,
    copies: int = 1,
    electronic: bool = False,
    exchange: str = "",
    ref: str = "",
) -> dict:
    return {
        "name": name,
        "issuer": issuer,
        "government_issued": state,
        "originals": originals,
        "copies": copies,
        "electronic_accepted": electronic,
        "exchange": exchange,
        "exchange_ref": ref,
    }


ID_CARD = doc("บัตรประจำตัวประชาชน", copies=0)
ID_COPY = doc("สำเนาบัตรประจำตัวประชาชน", originals=0)
HOUSE = doc("ทะเบียนบ้าน", copies=0)
HOUSE_COPY = doc("สำเนาทะเบียนบ้าน", originals=0)
ID_LINKED = doc(
    "บัตรประจำตัวประชาชน", originals=0, copies=0, exchange="dopa_linkage", ref="DOPA-LINKAGE-ID"
)
HOUSE_LINKED = doc(
    "ทะเบียนบ้าน", originals=0, copies=0, exchange="dopa_linkage", ref="DOPA-LINKAGE-HOUSE"
)
COMPANY = doc("หนังสือรับรองการจดทะเบียนนิติบุคคล", DBD, originals=0)
COMPANY_GDX = doc(
    "หนังสือรับรองการจดทะเบียนนิติบุคคล",
    DBD,
    originals=0,
    copies=0,
    exchange="gdx",
    ref="gdx-dbd-juristic-person",
)
TITLE_DEED = doc("สำเนาโฉนดที่ดิน", "กรมที่ดิน", originals=0)
PHOTO = doc("รูปถ่าย 1 นิ้ว", "", state=False, originals=2, copies=0)
POWER = doc("หนังสือมอบอำนาจ (กรณีมอบอำนาจ)", "", state=False, copies=0)
PLANS = doc("แบบแปลนอาคาร 5 ชุด", "", state=False, originals=5, copies=0, electronic=True)
MAP = doc("แผนที่ตั้งสถานประกอบการ", "", state=False, copies=0, electronic=True)
MEDICAL = doc("ใบรับรองแพทย์", "สถานพยาบาล", state=False, copies=0)
BANKBOOK = doc("สำเนาหน้าสมุดบัญชีเงินฝาก", "ธนาคาร", state=False, originals=0)
OLD_LICENCE = doc(
    "ใบอนุญาตฉบับเดิม", BMA, copies=0, exchange="city_records", ref="bma-licence-registry"
)

# Steps


def step(name: str, unit: str, minutes: int | None, in_person: bool = False) -> dict:
    return {"name": name, "unit": unit, "minutes": minutes, "in_person": in_person}


DAY = 420  # a working day in minutes, as the profile counts it
REG, WORKS, REVENUE_S, ENV_S, HEALTH_S, SOCIAL_S, LAW_S, EDU_S = (
    "ฝ่ายทะเบียน",
    "ฝ่ายโยธา",
    "ฝ่ายรายได้",
    "ฝ่ายสิ่งแวดล้อมและสุขาภิบาล",
    "ศูนย์บริการสาธารณสุข",
    "ฝ่ายพัฒนาชุมชนและสวัสดิการสังคม",
    "ฝ่ายเทศกิจ",
    "ฝ่ายการศึกษา",
)


def counter_visit(unit: str, minutes: int = 30) -> list[dict]:
    """The usual manual: apply and check, decide, hand over; all at one counter."""
    return [
        step("ยื่นคำขอและตรวจสอบเอกสาร", unit, minutes, True),
        step("พิจารณาและอนุมัติ", unit, minutes),
        step("รับเอกสาร/แจ้งผล", unit, 10, True),
    ]


def permit_steps(unit: str, days: int, inspect: str | None = None) -> list[dict]:
    steps = [step("ยื่นคำขอและตรวจสอบความครบถ้วนของเอกสาร", unit, 60, True)]
    if inspect:
        steps.append(step("ตรวจสถานที่", inspect, 5 * DAY))
    steps += [
        step("พิจารณาออกใบอนุญาต", unit, days * DAY),
        step("แจ้งผลและชำระค่าธรรมเนียม", unit, 30, True),
    ]
    return steps


def online_steps(unit: str, minutes: int) -> list[dict]:
    return [
        step("ยื่นคำขอทางออนไลน์", unit, 15),
        step("ตรวจสอบและพิจารณา", unit, minutes),
        step("แจ้งผลทางออนไลน์", unit, 5),
    ]


@dataclass(frozen=True)
class ServiceSpec:
    key: str
    name: str
    name_en: str
    owner: str  # an org unit's identifier in `sample`
    volume: int
    legal_days: str | None
    actual_days: str | None
    satisfaction: str | None
    fee: str = "0"
    digital_fee: str | None = None
    payment: tuple = ()
    e_receipt: bool = False
    delivery: str = "all_districts"
    required_ial: str = "IAL2.1"
    legal_basis: str = ""
    eligibility: str = ""
    published: bool = True
    dataset: str = ""
    machine_readable: bool = False
    channels: tuple = ()
    steps: tuple = ()
    documents: tuple = ()
    # The element `sample` made for this service, if it made one.
    sample_key: str = ""

    @property
    def identifier(self) -> str:
        return f"bma-demo-{self.sample_key}" if self.sample_key else f"svc-{self.key}"

    def profile_values(self) -> dict:
        return {
            "delivery": self.delivery,
            "legal_basis": self.legal_basis,
            "eligibility": self.eligibility,
            "fee": Decimal(self.fee),
            "digital_fee": None if self.digital_fee is None else Decimal(self.digital_fee),
            "payment_methods": list(self.payment),
            "e_receipt": self.e_receipt,
            "required_ial": self.required_ial,
            "legal_days": None if self.legal_days is None else Decimal(self.legal_days),
            "actual_days": None if self.actual_days is None else Decimal(self.actual_days),
            "annual_volume": self.volume,
            "satisfaction": None if self.satisfaction is None else Decimal(self.satisfaction),
            "published": self.published,
            "dataset_url": self.dataset,
            "dataset_machine_readable": self.machine_readable,
            "manual_url": f"{BANGKOK}th/citizen-manual/{self.key}" if self.published else "",
            "channels": list(self.channels),
            "steps": list(self.steps),
            "documents": list(self.documents),
        }


U = sample.unit_id
CIVIL = "พระราชบัญญัติการทะเบียนราษฎร พ.ศ. 2534"
BUILDING = "พระราชบัญญัติควบคุมอาคาร พ.ศ. 2522"
HEALTH_ACT = "พระราชบัญญัติการสาธารณสุข พ.ศ. 2535"
WASTE_ORDINANCE = "ข้อบัญญัติกรุงเทพมหานคร เรื่อง การเก็บ ขน และกำจัดสิ่งปฏิกูลและมูลฝอย พ.ศ. 2562"
CLEAN_ACT = "พระราชบัญญัติรักษาความสะอาดและความเป็นระเบียบเรียบร้อยของบ้านเมือง พ.ศ. 2535"
DATA = "https://data.bangkok.go.th/dataset/"
CASH, EDC, PROMPTPAY, CARD = "cash", "counter_electronic", "promptpay", "online_card"

SERVICES = (
    # Civil registration at the district offices (ฝ่ายทะเบียน)
    ServiceSpec(
        "birth-registration",
        "การแจ้งเกิด",
        "Birth registration",
        sample.REGISTRATION,
        62000,
        "0.1",
        "0.1",
        "93.5",
        legal_basis=CIVIL,
        sample_key="service-birth-registration",
        eligibility="เจ้าบ้านหรือบิดามารดา ภายใน 15 วันนับแต่วันเกิด",
        channels=(counter(),),
        steps=tuple(counter_visit(REG, 20)),
        documents=(
            ID_CARD,
            HOUSE,
            doc("หนังสือรับรองการเกิด (ท.ร.1/1)", "สถานพยาบาล", state=False, copies=0),
        ),
        dataset=f"{DATA}births",
        machine_readable=True,
    ),
    ServiceSpec(
        "death-registration",
        "การแจ้งตาย",
        "Death registration",
        U("OPS"),
        48000,
        "0.1",
        "0.1",
        "91",
        legal_basis=CIVIL,
        eligibility="เจ้าบ้านหรือผู้พบศพ ภายใน 24 ชั่วโมง",
        channels=(counter(),),
        steps=tuple(counter_visit(REG, 20)),
        documents=(
            ID_CARD,
            HOUSE,
            doc("หนังสือรับรองการตาย (ท.ร.4/1)", "สถานพยาบาล", state=False, copies=0),
        ),
    ),
    ServiceSpec(
        "move-in",
        "การแจ้งย้ายเข้า",
        "Moving in (change of address)",
        U("OPS"),
        420000,
        "0.1",
        "0.2",
        "84",
        legal_basis=CIVIL,
        eligibility="ผู้ย้ายที่อยู่หรือเจ้าบ้าน ภายใน 15 วัน",
        channels=(counter(), app("https://www.dopa.go.th/thaid", "thaid", "IAL2.3")),
        steps=(step("ยื่นคำขอ", REG, 20, True), step("บันทึกรายการ", REG, 15)),
        documents=(ID_CARD, HOUSE, POWER),
        dataset=f"{DATA}population-moves",
        machine_readable=True,
    ),
    ServiceSpec(
        "move-out",
        "การแจ้งย้ายออก",
        "Moving out",
        U("OPS"),
        310000,
        "0.1",
        "0.2",
        "82",
        legal_basis=CIVIL,
        channels=(counter(),),
        steps=tuple(counter_visit(REG, 15)),
        documents=(ID_CARD, HOUSE),
    ),
    ServiceSpec(
        "id-card",
        "การทำบัตรประจำตัวประชาชน",
        "National ID card",
        U("OPS"),
        640000,
        "0.15",
        "0.1",
        "92",
        fee="100",
        payment=(CASH, PROMPTPAY),
        e_receipt=True,
        legal_basis="พระราชบัญญัติบัตรประจำตัวประชาชน พ.ศ. 2526",
        eligibility="ผู้มีสัญชาติไทยอายุ 7 ปีขึ้นไป (ทำครั้งแรกไม่เสียค่าธรรมเนียม)",
        channels=(counter(), KIOSK),
        steps=tuple(counter_visit(REG, 20)),
        documents=(ID_LINKED, HOUSE_LINKED),
    ),
    ServiceSpec(
        "new-house-number",
        "การขอเลขที่บ้านใหม่",
        "New house number",
        U("OPS"),
        21000,
        "7",
        "9",
        "71",
        legal_basis=CIVIL,
        channels=(counter(), oss(whole=False)),
        steps=(
            step("ยื่นคำขอ", REG, 30, True),
            step("ตรวจสอบสถานที่", REG, 3 * DAY),
            step("ออกเลขที่บ้าน", REG, 2 * DAY),
            step("รับทะเบียนบ้าน", REG, 15, True),
        ),
        documents=(ID_COPY, doc("ใบอนุญาตก่อสร้างอาคาร", BMA, originals=0), TITLE_DEED, PHOTO),
    ),
    ServiceSpec(
        "name-change",
        "การเปลี่ยนชื่อตัว",
        "Change of first name",
        U("OPS"),
        85000,
        "1",
        "0.5",
        "88",
        fee="50",
        payment=(CASH,),
        legal_basis="พระราชบัญญัติชื่อบุคคล พ.ศ. 2505",
        channels=(counter(),),
        steps=tuple(counter_visit(REG, 30)),
        documents=(ID_COPY, HOUSE_COPY),
    ),
    ServiceSpec(
        "marriage-registration",
        "การจดทะเบียนสมรส",
        "Marriage registration",
        U("OPS"),
        38000,
        "0.1",
        "0.1",
        "95",
        legal_basis="ประมวลกฎหมายแพ่งและพาณิชย์ บรรพ 5",
        channels=(counter(),),
        steps=tuple(counter_visit(REG, 30)),
        documents=(ID_CARD, doc("พยานบุคคล 2 คน", "", state=False, originals=0, copies=0)),
    ),
    ServiceSpec(
        "commercial-registration",
        "การจดทะเบียนพาณิชย์",
        "Commercial registration",
        U("FIN"),
        29000,
        "1",
        "1",
        "80",
        fee="50",
        payment=(CASH, EDC),
        legal_basis="พระราชบัญญัติทะเบียนพาณิชย์ พ.ศ. 2499",
        delivery="all_districts",
        channels=(counter(), online("web", "https://bizportal.go.th/", "dga_digital_id", "IAL2.2")),
        steps=tuple(counter_visit("ฝ่ายปกครอง", 30)),
        documents=(ID_COPY, HOUSE_COPY, MAP),
    ),
    # Building control (ฝ่ายโยธา / สำนักการโยธา)
    ServiceSpec(
        "building-permit",
        "การขออนุญาตก่อสร้างอาคาร",
        "Building permit",
        sample.PUBLIC_WORKS,
        8200,
        "45",
        "38",
        "72",
        fee="500",
        payment=(CASH, PROMPTPAY),
        legal_basis=BUILDING,
        sample_key="service-building-permit",
        required_ial="IAL2.2",
        eligibility="เจ้าของอาคารหรือผู้ได้รับมอบอำนาจ อาคารสูงไม่เกิน 23 เมตร (ยื่นที่สำนักงานเขต)",
        channels=(counter(), oss()),
        steps=(
            step("ยื่นคำขอ (ข.1) และแบบแปลน", WORKS, 60, True),
            step("ตรวจพิจารณาแบบแปลน", WORKS, 20 * DAY),
            step("ตรวจผังเมืองและระยะร่น", "สำนักการวางผังและพัฒนาเมือง", 10 * DAY),
            step("ออกใบอนุญาต (อ.1)", WORKS, 5 * DAY),
            step("รับใบอนุญาตและชำระค่าธรรมเนียม", WORKS, 30, True),
        ),
        documents=(
            ID_COPY,
            HOUSE_COPY,
            TITLE_DEED,
            PLANS,
            doc("หนังสือรับรองวิศวกรและสถาปนิก", "สภาวิศวกร", originals=0),
        ),
        dataset=f"{DATA}building-permits",
    ),
    ServiceSpec(
        "demolition-permit",
        "การขออนุญาตรื้อถอนอาคาร",
        "Demolition permit",
        U("PWD"),
        1500,
        "45",
        "41",
        "70",
        fee="100",
        payment=(CASH,),
        legal_basis=BUILDING,
        channels=(counter(), oss(whole=False)),
        steps=tuple(permit_steps(WORKS, 30, WORKS)),
        documents=(ID_COPY, TITLE_DEED, PLANS),
    ),
    ServiceSpec(
        "occupancy-certificate",
        "การขอใบรับรองการก่อสร้างอาคาร (อ.6)",
        "Building occupancy certificate",
        U("PWD"),
        5200,
        "30",
        "33",
        "66",
        fee="100",
        payment=(CASH,),
        legal_basis=BUILDING,
        channels=(counter(),),
        steps=tuple(permit_steps(WORKS, 20, WORKS)),
        documents=(ID_COPY, doc("ใบอนุญาตก่อสร้างอาคาร", BMA, originals=0), TITLE_DEED),
    ),
    ServiceSpec(
        "excavation-permit",
        "การแจ้งขุดดินหรือถมดิน",
        "Excavation or land-filling notice",
        U("PWD"),
        900,
        "7",
        "7",
        None,
        fee="500",
        payment=(CASH,),
        legal_basis="พระราชบัญญัติการขุดดินและถมดิน พ.ศ. 2543",
        published=False,
        channels=(counter(),),
        steps=tuple(counter_visit(WORKS, 60)),
        documents=(ID_COPY, TITLE_DEED, PLANS),
    ),
    ServiceSpec(
        "land-use-certificate",
        "การขอหนังสือรับรองการใช้ประโยชน์ที่ดินตามผังเมืองรวม",
        "Land-use certificate (city plan)",
        U("CPD"),
        9800,
        "15",
        "6",
        "91",
        fee="0",
        legal_basis="พระราชบัญญัติการผังเมือง พ.ศ. 2562",
        delivery="online",
        channels=(thaid_web("https://cpudmap.bangkok.go.th/", "IAL2.1"),),
        steps=tuple(online_steps("กองวางผังเมือง", 3 * DAY)),
        documents=(ID_LINKED,),
        dataset=f"{DATA}city-plan-2556",
        machine_readable=True,
    ),
    # Health, food and business licences (ฝ่ายสิ่งแวดล้อมและสุขาภิบาล / สำนักอนามัย)
    ServiceSpec(
        "health-hazard-licence",
        "การขอรับใบอนุญาตประกอบกิจการที่เป็นอันตรายต่อสุขภาพ",
        "Licence for a business hazardous to health",
        U("HEA"),
        26000,
        "30",
        "21",
        "83",
        fee="1000",
        payment=(CASH, PROMPTPAY),
        legal_basis=HEALTH_ACT,
        channels=(counter(), oss()),
        steps=tuple(permit_steps(ENV_S, 15, ENV_S)),
        documents=(ID_COPY, HOUSE_LINKED, COMPANY, MAP),
    ),
    ServiceSpec(
        "health-hazard-renewal",
        "การต่ออายุใบอนุญาตประกอบกิจการที่เป็นอันตรายต่อสุขภาพ",
        "Renewal of a health-hazard business licence",
        U("HEA"),
        61000,
        "30",
        "9",
        "90",
        fee="1000",
        digital_fee="800",
        payment=(CASH, PROMPTPAY, CARD),
        e_receipt=True,
        legal_basis=HEALTH_ACT,
        channels=(counter(), oss("dga_digital_id", "IAL2.1")),
        steps=tuple(online_steps(ENV_S, 5 * DAY)),
        documents=(ID_LINKED, COMPANY_GDX, OLD_LICENCE),
        dataset=f"{DATA}health-hazard-licences",
        machine_readable=True,
    ),
    ServiceSpec(
        "food-shop-permit",
        "การขอใบอนุญาตจัดตั้งสถานที่จำหน่ายอาหาร",
        "Food-shop licence",
        U("HEA"),
        42000,
        "30",
        "24",
        "79",
        fee="500",
        payment=(CASH,),
        legal_basis=HEALTH_ACT,
        channels=(counter(), oss(whole=False)),
        steps=tuple(permit_steps(ENV_S, 15, ENV_S)),
        documents=(ID_COPY, HOUSE_COPY, COMPANY, MAP, MEDICAL),
    ),
    ServiceSpec(
        "food-stall-notice",
        "การแจ้งจัดตั้งสถานที่สะสมอาหาร",
        "Food storage notice",
        U("HEA"),
        12000,
        "7",
        "5",
        "81",
        fee="200",
        payment=(CASH, EDC),
        legal_basis=HEALTH_ACT,
        channels=(counter(),),
        steps=tuple(counter_visit(ENV_S, 30)),
        documents=(ID_COPY, HOUSE_COPY, MAP),
    ),
    ServiceSpec(
        "public-market-licence",
        "การขอใบอนุญาตจัดตั้งตลาด",
        "Private market licence",
        U("HEA"),
        600,
        "30",
        "45",
        "61",
        fee="2000",
        payment=(CASH,),
        legal_basis=HEALTH_ACT,
        channels=(counter(),),
        steps=tuple(permit_steps(ENV_S, 20, "สำนักอนามัย")),
        documents=(ID_COPY, HOUSE_COPY, COMPANY, TITLE_DEED, PLANS),
    ),
    ServiceSpec(
        "dog-registration",
        "การขึ้นทะเบียนสุนัข",
        "Dog registration",
        U("HEA"),
        14000,
        "0.1",
        "0.1",
        "87",
        published=True,
        legal_basis="ข้อบัญญัติกรุงเทพมหานคร เรื่อง การควบคุมการเลี้ยงหรือปล่อยสุนัข พ.ศ. 2548",
        channels=(counter(), line_oa()),
        steps=tuple(online_steps("สำนักงานสัตวแพทย์สาธารณะ", 60)),
        documents=(ID_COPY, doc("ใบรับรองการฉีดวัคซีนพิษสุนัขบ้า", "สถานพยาบาลสัตว์", state=False, copies=1)),
    ),
    # Taxes and fees (ฝ่ายรายได้ / สำนักการคลัง / สำนักสิ่งแวดล้อม)
    ServiceSpec(
        "land-building-tax",
        "การชำระภาษีที่ดินและสิ่งปลูกสร้าง",
        "Land and building tax",
        U("FIN"),
        2100000,
        "0.1",
        "0.1",
        "86",
        fee="1500",
        payment=(CASH, EDC, PROMPTPAY, CARD),
        e_receipt=True,
        legal_basis="พระราชบัญญัติภาษีที่ดินและสิ่งปลูกสร้าง พ.ศ. 2562",
        channels=(
            counter(),
            online("web", "https://bmatax.bangkok.go.th/", "thaid", "IAL2.3"),
            app("https://www.bangkok.go.th/app", "thaid", "IAL2.3"),
        ),
        steps=tuple(online_steps(REVENUE_S, 5)),
        documents=(),
        dataset=f"{DATA}land-building-tax",
        machine_readable=True,
    ),
    ServiceSpec(
        "signboard-tax",
        "การชำระภาษีป้าย",
        "Signboard tax payment",
        sample.REVENUE,
        150000,
        "0.1",
        "0.2",
        "80",
        fee="400",
        payment=(CASH, EDC),
        e_receipt=False,
        legal_basis="พระราชบัญญัติภาษีป้าย พ.ศ. 2510",
        sample_key="service-signboard-tax",
        channels=(
            counter(),
            online("web", "https://bmatax.bangkok.go.th/", "own_account", whole=False),
        ),
        steps=(
            step("ยื่นแบบแสดงรายการภาษีป้าย (ภ.ป.1)", REVENUE_S, 20, True),
            step("ประเมินและชำระภาษี", REVENUE_S, 20, True),
        ),
        documents=(
            ID_COPY,
            COMPANY,
            doc("ภาพถ่ายป้ายและขนาด", "", state=False, copies=0, electronic=True),
        ),
    ),
    ServiceSpec(
        "waste-fee",
        "การชำระค่าธรรมเนียมเก็บขนมูลฝอย",
        "Household waste-collection fee",
        U("ENV"),
        320000,
        "0.1",
        "0.1",
        "78",
        fee="80",
        payment=(CASH, PROMPTPAY),
        e_receipt=True,
        legal_basis=f"{WASTE_ORDINANCE} (80 บาทต่อเดือน)",
        channels=(counter(), line_oa()),
        steps=tuple(online_steps(ENV_S, 5)),
        documents=(),
        dataset=f"{DATA}waste-collection",
        machine_readable=True,
    ),
    ServiceSpec(
        "infectious-waste-fee",
        "การขอรับบริการเก็บขนมูลฝอยติดเชื้อ",
        "Infectious-waste collection",
        U("ENV"),
        5200,
        "7",
        "5",
        "85",
        fee="780",
        payment=(CASH, PROMPTPAY),
        delivery="central",
        legal_basis=f"{WASTE_ORDINANCE} (780 บาทต่อเดือน)",
        channels=(counter(), oss()),
        steps=tuple(permit_steps("สำนักสิ่งแวดล้อม", 3)),
        documents=(
            ID_COPY,
            COMPANY,
            doc("ใบอนุญาตประกอบกิจการสถานพยาบาล", "กรมสนับสนุนบริการสุขภาพ", originals=0),
        ),
    ),
    ServiceSpec(
        "septic-emptying",
        "การขอรับบริการสูบสิ่งปฏิกูล",
        "Septic-tank emptying",
        U("ENV"),
        11000,
        "3",
        "4",
        "74",
        fee="250",
        payment=(CASH,),
        legal_basis=HEALTH_ACT,
        channels=(counter(), line_oa()),
        steps=(step("แจ้งขอรับบริการ", ENV_S, 10), step("สูบสิ่งปฏิกูลและชำระเงิน", ENV_S, 60, True)),
        documents=(),
    ),
    ServiceSpec(
        "bulky-waste",
        "การแจ้งเก็บขยะชิ้นใหญ่",
        "Bulky-waste pickup request",
        U("ENV"),
        36000,
        "7",
        "3",
        "89",
        channels=(line_oa(), counter()),
        legal_basis=CLEAN_ACT,
        steps=tuple(online_steps("ฝ่ายรักษาความสะอาดและสวนสาธารณะ", DAY)),
        documents=(),
    ),
    # Permits in public space (สำนักเทศกิจ / สำนักการจราจรและขนส่ง)
    ServiceSpec(
        "loudspeaker-permit",
        "การขออนุญาตโฆษณาโดยใช้เครื่องขยายเสียง",
        "Loudspeaker advertising permit",
        U("CLE"),
        4800,
        "1",
        "1",
        "82",
        fee="10",
        payment=(CASH,),
        legal_basis="พระราชบัญญัติควบคุมการโฆษณาโดยใช้เครื่องขยายเสียง พ.ศ. 2493",
        channels=(counter(),),
        steps=tuple(counter_visit(LAW_S, 20)),
        documents=(ID_COPY, HOUSE_COPY),
    ),
    ServiceSpec(
        "leaflet-permit",
        "การขออนุญาตโฆษณาด้วยการแจกแผ่นประกาศ",
        "Leaflet distribution permit",
        U("CLE"),
        6500,
        "7",
        "3",
        "80",
        fee="200",
        payment=(CASH,),
        legal_basis=CLEAN_ACT,
        channels=(counter(), oss(whole=False)),
        steps=tuple(counter_visit(LAW_S, 30)),
        documents=(ID_COPY, doc("ตัวอย่างแผ่นประกาศ", "", state=False, copies=0)),
    ),
    ServiceSpec(
        "street-vending",
        "การขออนุญาตทำการค้าในที่หรือทางสาธารณะ",
        "Street-vending permit",
        U("CLE"),
        16000,
        "15",
        "20",
        "64",
        fee="300",
        payment=(CASH,),
        legal_basis=CLEAN_ACT,
        delivery="some_districts",
        channels=(counter(),),
        steps=(
            step("ยื่นคำขอ", LAW_S, 30, True),
            step("ตรวจพื้นที่", LAW_S, 5 * DAY),
            step("อบรมผู้ค้า", HEALTH_S, 180, True),
            step("รับบัตรผู้ค้า", LAW_S, 15, True),
        ),
        documents=(ID_COPY, HOUSE_COPY, PHOTO, MEDICAL),
    ),
    ServiceSpec(
        "road-occupation",
        "การขออนุญาตใช้ทางสาธารณะเป็นการชั่วคราว",
        "Temporary road occupation",
        U("TTD"),
        3100,
        "15",
        "18",
        None,
        fee="1000",
        payment=(CASH,),
        delivery="central",
        legal_basis="พระราชบัญญัติทางหลวง พ.ศ. 2535",
        published=False,
        channels=(counter(),),
        steps=(
            step("ยื่นคำขอ", "สำนักการจราจรและขนส่ง", 30, True),
            step("ตรวจสอบกับสำนักงานเขต", WORKS, 5 * DAY, True),
            step("ออกหนังสืออนุญาต", "สำนักการจราจรและขนส่ง", 7 * DAY),
        ),
        documents=(ID_COPY, COMPANY, PLANS),
    ),
    ServiceSpec(
        "cctv-footage",
        "การขอดูภาพจากกล้องโทรทัศน์วงจรปิด",
        "CCTV footage request",
        U("TTD"),
        24000,
        "3",
        "2",
        "76",
        legal_basis="ระเบียบกรุงเทพมหานครว่าด้วยการใช้ระบบกล้องโทรทัศน์วงจรปิด",
        channels=(counter(), online("web", "https://cctv.bangkok.go.th/", "thaid", "IAL2.3")),
        steps=tuple(online_steps("ศูนย์ควบคุมกล้อง CCTV", DAY)),
        documents=(ID_LINKED, doc("สำเนาใบแจ้งความ", "สำนักงานตำรวจแห่งชาติ", originals=0)),
    ),
    # Reports and complaints
    ServiceSpec(
        "city-issues",
        "การแจ้งปัญหาเมือง",
        "Reporting city problems (Traffy Fondue)",
        sample.DISTRICT,
        460000,
        "7",
        "4.5",
        "74",
        sample_key="service-city-issues",
        legal_basis="ระเบียบกรุงเทพมหานครว่าด้วยการปฏิบัติราชการเพื่อประชาชน พ.ศ. 2543",
        delivery="online",
        channels=(
            line_oa("https://page.line.me/traffyfondue"),
            online("web", TRAFFY, "own_account"),
        ),
        steps=tuple(online_steps("สำนักงานเขต", 3 * DAY)),
        documents=(),
        dataset=f"{DATA}traffy-fondue",
        machine_readable=True,
    ),
    ServiceSpec(
        "flood-report",
        "การแจ้งน้ำท่วมขังและท่อระบายน้ำอุดตัน",
        "Flooding and blocked-drain report",
        U("DDS"),
        52000,
        "3",
        "2",
        "69",
        delivery="online",
        legal_basis="ระเบียบกรุงเทพมหานครว่าด้วยการปฏิบัติราชการเพื่อประชาชน พ.ศ. 2543",
        channels=(
            line_oa("https://page.line.me/traffyfondue"),
            app("https://www.bangkok.go.th/bmaflood"),
        ),
        steps=tuple(online_steps("สำนักการระบายน้ำ", DAY)),
        documents=(),
        dataset=f"{DATA}rainfall-and-flooding",
        machine_readable=True,
    ),
    ServiceSpec(
        "drain-connection",
        "การขออนุญาตเชื่อมท่อระบายน้ำ",
        "Drain connection permit",
        U("DDS"),
        4200,
        "15",
        "19",
        "68",
        fee="200",
        payment=(CASH,),
        legal_basis=BUILDING,
        channels=(counter(),),
        steps=tuple(permit_steps(WORKS, 10, "สำนักการระบายน้ำ")),
        documents=(ID_COPY, HOUSE_COPY, TITLE_DEED, PLANS),
    ),
    ServiceSpec(
        "wastewater-fee",
        "การชำระค่าธรรมเนียมบำบัดน้ำเสีย",
        "Wastewater treatment fee",
        U("DDS"),
        9000,
        "0.1",
        "0.1",
        "80",
        fee="120",
        digital_fee="100",
        payment=(CASH, PROMPTPAY),
        e_receipt=True,
        legal_basis="ข้อบัญญัติกรุงเทพมหานคร เรื่อง การจัดการน้ำเสีย พ.ศ. 2565",
        channels=(counter(), online("web", "https://dds.bangkok.go.th/", "own_account")),
        steps=tuple(online_steps(REVENUE_S, 5)),
        documents=(COMPANY_GDX,),
    ),
    # Disaster prevention
    ServiceSpec(
        "fire-safety-certificate",
        "การขอรับรองระบบป้องกันอัคคีภัยอาคาร",
        "Fire-safety inspection certificate",
        U("DPM"),
        3800,
        "30",
        "26",
        "77",
        fee="0",
        delivery="central",
        legal_basis="พระราชบัญญัติป้องกันและบรรเทาสาธารณภัย พ.ศ. 2550",
        channels=(counter(), oss(whole=False)),
        steps=tuple(permit_steps("สำนักป้องกันและบรรเทาสาธารณภัย", 15, "สถานีดับเพลิงในพื้นที่")),
        documents=(
            ID_COPY,
            COMPANY,
            PLANS,
            doc("รายงานการตรวจสอบอาคาร", "", state=False, copies=0),
        ),
    ),
    # Public health and medical services
    ServiceSpec(
        "health-centre-appointment",
        "การนัดหมายรับบริการศูนย์บริการสาธารณสุข",
        "Health-centre appointment",
        U("HEA"),
        380000,
        "1",
        "1",
        "88",
        delivery="all_districts",
        legal_basis="พระราชบัญญัติหลักประกันสุขภาพแห่งชาติ พ.ศ. 2545",
        channels=(counter(), app("https://www.bangkok.go.th/healthplatform", "thaid", "IAL2.3")),
        steps=(step("นัดหมายทางแอปพลิเคชัน", HEALTH_S, 5), step("รับบริการ", HEALTH_S, 60, True)),
        documents=(ID_LINKED,),
        dataset=f"{DATA}health-centres",
        machine_readable=True,
    ),
    ServiceSpec(
        "vaccination",
        "การรับวัคซีนพื้นฐานสำหรับเด็ก",
        "Childhood vaccination",
        U("HEA"),
        210000,
        "0.1",
        "0.1",
        "94",
        legal_basis="พระราชบัญญัติโรคติดต่อ พ.ศ. 2558",
        channels=(counter(),),
        steps=(step("ลงทะเบียนและรับวัคซีน", HEALTH_S, 45, True),),
        documents=(doc("สมุดบันทึกสุขภาพแม่และเด็ก", "กรมอนามัย", copies=0),),
    ),
    ServiceSpec(
        "hospital-appointment",
        "การนัดหมายโรงพยาบาลสังกัดกรุงเทพมหานคร",
        "BMA hospital appointment",
        U("MSD"),
        1200000,
        "1",
        "1",
        "83",
        delivery="central",
        legal_basis="พระราชบัญญัติหลักประกันสุขภาพแห่งชาติ พ.ศ. 2545",
        channels=(
            counter(),
            app("https://www.bangkok.go.th/healthplatform", "thaid", "IAL2.3"),
            line_oa(),
        ),
        steps=(
            step("นัดหมาย", "โรงพยาบาลในสังกัดสำนักการแพทย์", 5),
            step("รับบริการ", "โรงพยาบาลในสังกัดสำนักการแพทย์", 120, True),
        ),
        documents=(ID_LINKED,),
    ),
    ServiceSpec(
        "medical-certificate",
        "การขอใบรับรองแพทย์",
        "Medical certificate",
        U("MSD"),
        96000,
        "0.1",
        "0.2",
        "85",
        fee="100",
        payment=(CASH, EDC, PROMPTPAY),
        delivery="central",
        legal_basis="พระราชบัญญัติวิชาชีพเวชกรรม พ.ศ. 2525",
        channels=(counter(),),
        steps=(step("ตรวจร่างกาย", "โรงพยาบาลในสังกัดสำนักการแพทย์", 60, True),),
        documents=(ID_CARD,),
    ),
    # Welfare and education (สำนักพัฒนาสังคม / สำนักการศึกษา)
    ServiceSpec(
        "elderly-allowance",
        "การลงทะเบียนรับเบี้ยยังชีพผู้สูงอายุ",
        "Elderly allowance registration",
        U("SDD"),
        64000,
        "30",
        "28",
        "90",
        legal_basis="ระเบียบกระทรวงมหาดไทยว่าด้วยหลักเกณฑ์การจ่ายเงินเบี้ยยังชีพผู้สูงอายุ พ.ศ. 2552",
        eligibility="ผู้มีสัญชาติไทยอายุ 60 ปีขึ้นไป มีภูมิลำเนาในกรุงเทพมหานคร",
        channels=(counter(),),
        steps=(step("ยื่นคำขอ", SOCIAL_S, 20, True), step("ตรวจสอบสิทธิ์", SOCIAL_S, 15 * DAY)),
        documents=(ID_COPY, HOUSE_COPY, BANKBOOK),
    ),
    ServiceSpec(
        "disability-allowance",
        "การลงทะเบียนรับเบี้ยความพิการ",
        "Disability allowance registration",
        U("SDD"),
        15000,
        "30",
        "30",
        "87",
        legal_basis="พระราชบัญญัติส่งเสริมและพัฒนาคุณภาพชีวิตคนพิการ พ.ศ. 2550",
        channels=(counter(),),
        steps=(step("ยื่นคำขอ", SOCIAL_S, 20, True), step("ตรวจสอบสิทธิ์", SOCIAL_S, 15 * DAY)),
        documents=(
            ID_COPY,
            HOUSE_COPY,
            BANKBOOK,
            doc("บัตรประจำตัวคนพิการ", "กรมส่งเสริมและพัฒนาคุณภาพชีวิตคนพิการ", originals=0),
        ),
    ),
    ServiceSpec(
        "school-enrolment",
        "การรับนักเรียนเข้าเรียนโรงเรียนสังกัดกรุงเทพมหานคร",
        "School enrolment",
        U("EDU"),
        52000,
        "15",
        "10",
        "86",
        legal_basis="พระราชบัญญัติการศึกษาแห่งชาติ พ.ศ. 2542",
        channels=(counter(), online("web", "https://admission.bangkok.go.th/", "own_account")),
        steps=(
            step("สมัครทางออนไลน์", EDU_S, 15),
            step("ประกาศผลและมอบตัว", "โรงเรียนในสังกัดกรุงเทพมหานคร", 60, True),
        ),
        documents=(ID_COPY, HOUSE_COPY, doc("สูติบัตร", DOPA, originals=0), PHOTO),
        dataset=f"{DATA}bma-schools",
        machine_readable=True,
    ),
    ServiceSpec(
        "sports-centre-membership",
        "การสมัครสมาชิกศูนย์กีฬาและศูนย์เยาวชน",
        "Sports-centre membership",
        U("CST"),
        33000,
        "0.1",
        "0.1",
        "91",
        fee="100",
        digital_fee="50",
        payment=(CASH, PROMPTPAY, CARD),
        e_receipt=True,
        legal_basis="ข้อบัญญัติกรุงเทพมหานคร เรื่อง ค่าบริการศูนย์กีฬา",
        delivery="some_districts",
        channels=(counter(), app("https://www.bangkok.go.th/sport", "dga_digital_id", "IAL1")),
        steps=(step("สมัครทางแอปพลิเคชัน", "ศูนย์กีฬา", 10),),
        documents=(ID_LINKED, PHOTO),
    ),
    ServiceSpec(
        "park-venue-booking",
        "การขอใช้สถานที่ในสวนสาธารณะ",
        "Park venue booking",
        U("ENV"),
        2900,
        "7",
        "6",
        "79",
        fee="1500",
        payment=(CASH, EDC),
        delivery="central",
        legal_basis="ข้อบัญญัติกรุงเทพมหานคร เรื่อง สวนสาธารณะ พ.ศ. 2562",
        channels=(
            counter(),
            online("web", "https://www.bangkok.go.th/environment", "own_account", whole=False),
        ),
        steps=tuple(permit_steps("สำนักงานสวนสาธารณะ", 5)),
        documents=(ID_COPY, COMPANY),
    ),
)


def owner_units() -> dict[str, OrgUnit]:
    wanted = {spec.owner for spec in SERVICES}
    units = OrgUnit.objects.select_related("element").filter(element__identifier__in=wanted)
    return {unit.element.identifier: unit for unit in units}


def element_values(spec: ServiceSpec, owner: OrgUnit) -> dict:
    """The element's values; `sample` keeps those of the elements it made."""
    if spec.sample_key:
        return {}
    return {
        "name": spec.name,
        "name_en": spec.name_en,
        "owner_unit": owner,
        "properties": [sample.DEMO_PROPERTY],
    }


def load(summary: sample.Summary | None = None, user=None) -> sample.Summary:
    """Load (or bring up to date) the demo's citizen services in one transaction. Runs after
    `sample.load`, which makes the org units and the elements it shares with this module."""
    summary = summary or sample.Summary()
    with transaction.atomic():
        actor = Actor.shell(user or sample.demo_user())
        units = owner_units()
        for spec in SERVICES:
            _profile, outcome = service_profiles.upsert(
                actor,
                spec.identifier,
                element_values(spec, units[spec.owner]),
                spec.profile_values(),
            )
            summary.tally("elements", outcome)
    return summary
