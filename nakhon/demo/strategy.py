"""The city's strategy in the demo: the 20-year development plan, the capability map, the roadmap.

- The Bangkok Metropolitan Development Plan B.E. 2556-2575 (vision "Bangkok, Vibrant of Asia")
  as a Driver and its seven strategic dimensions as Goals.
- A capability map of a city administration in three levels: the core missions (level 1),
  what each is made of (level 2, composed), and a few finer capabilities (level 3). The
  portfolio's and the sample's capabilities are placed in it, so the heat maps nest them.
- A roadmap of work packages (B.E. 2566-2570), each realising a capability and serving a goal.

The plan and its dimensions are the city's published ones; the capability map, the owners and
the projects are illustrative, as everything else in the demo.
"""

from nakhon.core.services import Actor
from nakhon.demo import sample
from nakhon.demo.sample import ElementSpec, rel

SED, OPS = sample.SED, sample.OPS
unit = sample.unit_id

PLAN = ElementSpec(
    "plan-bma-20-years",
    "Driver",
    "แผนพัฒนากรุงเทพมหานครระยะ 20 ปี (พ.ศ. 2556-2575) “กรุงเทพฯ มหานครแห่งเอเชีย”",
    "Bangkok 20-year development plan (B.E. 2556-2575), “Bangkok, Vibrant of Asia”",
    SED,
)

# (key, Thai, English): the plan's seven dimensions.
DIMENSIONS = (
    ("goal-safe-city", "มหานครปลอดภัย", "Safe and resilient city"),
    ("goal-green-city", "มหานครสีเขียว สะดวกสบาย", "Environment and climate change"),
    ("goal-city-for-all", "มหานครสำหรับทุกคน", "A city for everyone"),
    ("goal-compact-city", "มหานครกระชับ", "Connected city with integrated services"),
    ("goal-democracy", "มหานครประชาธิปไตย", "Participatory democracy"),
    ("goal-economy", "มหานครแห่งเศรษฐกิจและการเรียนรู้", "Creative economy and learning"),
    ("goal-management", "การบริหารจัดการเมืองมหานคร", "Professional metropolitan management"),
)

# (key, Thai, English, owning department's code, the goal it serves, level-2 capabilities as
# (key, Thai, English, code)). A level-2 key that the sample or the portfolio already defines
# is placed here without being defined again.
MISSIONS = (
    ("mission-public-health", "การสาธารณสุข", "Public health", "HEA", "goal-city-for-all", (
        ("cap-health-services", "", "", ""),
        ("cap-health-promotion", "การส่งเสริมสุขภาพและป้องกันโรค",
         "Health promotion and disease prevention", "HEA"),
        ("cap-medical-services", "การบริการทางการแพทย์", "Medical services", "MSD"),
        ("cap-health-hazard-control", "การควบคุมกิจการที่เป็นอันตรายต่อสุขภาพ",
         "Control of health-hazardous businesses", "HEA"),
        ("cap-food-sanitation", "การสุขาภิบาลอาหาร", "Food sanitation", "HEA"),
    )),
    ("mission-education", "การศึกษา", "Education", "EDU", "goal-economy", (
        ("cap-education", "", "", ""),
        ("cap-school-admission", "การรับนักเรียน", "School admission", "EDU"),
        ("cap-lifelong-learning", "การเรียนรู้ตลอดชีวิต", "Lifelong learning", "CST"),
    )),
    ("mission-city-planning", "การวางผังเมือง", "City planning", "CPD", "goal-compact-city", (
        ("cap-geospatial", "", "", ""),
        ("cap-comprehensive-plan", "การวางผังเมืองรวม", "Comprehensive city plan", "CPD"),
    )),
    ("mission-infrastructure", "โครงสร้างพื้นฐาน", "Infrastructure", "PWD", "goal-compact-city", (
        ("cap-building-control", "", "", ""),
        ("cap-roads-bridges", "การก่อสร้างและบำรุงรักษาถนนและสะพาน",
         "Roads and bridges", "PWD"),
    )),
    ("mission-flood-control", "การระบายน้ำและป้องกันน้ำท่วม", "Drainage and flood control",
     "DDS", "goal-safe-city", (
        ("cap-flood-management", "", "", ""),
        ("cap-drainage-maintenance", "การบำรุงรักษาระบบระบายน้ำ", "Drainage maintenance", "DDS"),
        ("cap-wastewater-treatment", "การบำบัดน้ำเสีย", "Wastewater treatment", "DDS"),
    )),
    ("mission-waste", "การจัดการมูลฝอย", "Waste management", "ENV", "goal-green-city", (
        ("cap-waste-collection", "การเก็บขนมูลฝอย", "Waste collection", "ENV"),
        ("cap-waste-disposal", "การกำจัดมูลฝอย", "Waste disposal", "ENV"),
    )),
    ("mission-transport", "การจราจรและขนส่ง", "Transport", "TTD", "goal-compact-city", (
        ("cap-traffic-management", "", "", ""),
        ("cap-public-transport", "การขนส่งสาธารณะ", "Public transport", "TTD"),
    )),
    ("mission-public-safety", "ความปลอดภัยสาธารณะ", "Public safety", "DPM", "goal-safe-city", (
        ("cap-disaster-relief", "การป้องกันและบรรเทาสาธารณภัย",
         "Disaster prevention and relief", "DPM"),
        ("cap-law-enforcement", "การรักษาความสงบเรียบร้อยของเมือง", "City law enforcement", "CLE"),
    )),
    ("mission-civil-registration", "การทะเบียน", "Civil registration", "OPS", "goal-city-for-all", (
        ("cap-civil-registration", "", "", ""),
        ("cap-house-registration", "การทะเบียนบ้าน", "House registration", "OPS"),
        ("cap-identity-cards", "การทำบัตรประจำตัวประชาชน", "Identity cards", "OPS"),
    )),
    ("mission-revenue", "การจัดเก็บรายได้และภาษี", "Revenue and tax collection", "FIN",
     "goal-management", (
        ("cap-revenue", "", "", ""),
        ("cap-financial-management", "", "", ""),
        ("cap-land-building-tax", "การจัดเก็บภาษีที่ดินและสิ่งปลูกสร้าง",
         "Land and building tax", "FIN"),
    )),
    ("mission-social-welfare", "สวัสดิการสังคม", "Social welfare", "SDD", "goal-city-for-all", (
        ("cap-elderly-allowance", "การจ่ายเบี้ยยังชีพผู้สูงอายุ", "Elderly allowance", "SDD"),
        ("cap-community-development", "การพัฒนาชุมชน", "Community development", "SDD"),
    )),
    ("mission-environment", "สิ่งแวดล้อม", "Environment", "ENV", "goal-green-city", (
        ("cap-air-quality", "การจัดการคุณภาพอากาศ", "Air quality management", "ENV"),
        ("cap-green-space", "สวนสาธารณะและพื้นที่สีเขียว", "Parks and green space", "ENV"),
    )),
    ("mission-management", "การบริหารจัดการมหานคร", "Metropolitan management", "OPS",
     "goal-management", (
        ("cap-complaints", "", "", ""),
        ("cap-document-management", "", "", ""),
        ("cap-human-resources", "", "", ""),
        ("cap-budgeting", "การงบประมาณ", "Budgeting", "BUD"),
        ("cap-digital-government", "รัฐบาลดิจิทัลและสถาปัตยกรรมองค์กร",
         "Digital government and enterprise architecture", "SED"),
        ("cap-citizen-participation", "การมีส่วนร่วมของประชาชน", "Citizen participation", "OGS"),
    )),
)  # fmt: skip

# Level 3: (parent, key, Thai, English, code).
FINER = (
    ("cap-flood-management", "cap-flood-warning", "การเตือนภัยและติดตามระดับน้ำ",
     "Flood warning and water-level monitoring", "DDS"),
    ("cap-waste-collection", "cap-waste-fee", "การจัดเก็บค่าธรรมเนียมเก็บขนมูลฝอย",
     "Waste fee collection", "ENV"),
    ("cap-complaints", "cap-complaint-routing", "การส่งต่อเรื่องร้องเรียนถึงหน่วยงาน",
     "Routing complaints to the responsible unit", "OPS"),
    ("cap-identity-cards", "cap-digital-identity", "การยืนยันตัวตนทางดิจิทัล",
     "Digital identity", "OPS"),
)  # fmt: skip

# (key, Thai, English, code, capability it realises, goal it serves).
WORK_PACKAGES = (
    ("work-flood-warning", "ระบบเตือนภัยน้ำท่วมแบบเรียลไทม์ครบ 50 เขต",
     "Real-time flood warning in all 50 districts", "DDS", "cap-flood-warning", "goal-safe-city"),
    ("work-land-tax-online", "การยื่นและชำระภาษีที่ดินและสิ่งปลูกสร้างออนไลน์",
     "Land and building tax online", "FIN", "cap-land-building-tax", "goal-management"),
    ("work-school-admission-online", "ระบบรับสมัครนักเรียนออนไลน์",
     "Online school admission", "EDU", "cap-school-admission", "goal-city-for-all"),
    ("work-city-data-platform", "แพลตฟอร์มข้อมูลเมืองและข้อมูลเปิด",
     "City data platform and open data", "SED", "cap-digital-government", "goal-management"),
    ("work-air-quality-sensors", "เครือข่ายเซนเซอร์ตรวจวัดฝุ่น PM2.5",
     "PM2.5 sensor network", "ENV", "cap-air-quality", "goal-green-city"),
    ("work-government-cloud", "ย้ายระบบงานสู่คลาวด์กลางภาครัฐ",
     "Move systems to the government cloud", "SED", "cap-digital-government",
     "goal-management"),
    ("work-elderly-allowance-linkage", "จ่ายเบี้ยยังชีพผู้สูงอายุด้วยการเชื่อมโยงข้อมูล",
     "Elderly allowance through data linkage", "SDD", "cap-elderly-allowance",
     "goal-city-for-all"),
    ("work-digital-identity", "ยืนยันตัวตนด้วย ThaID ในบริการของกรุงเทพมหานคร",
     "ThaID sign-in for BMA services", "OPS", "cap-digital-identity", "goal-compact-city"),
    ("work-waste-fee-e-payment", "ชำระค่าธรรมเนียมเก็บขนมูลฝอยทางอิเล็กทรอนิกส์",
     "Waste-collection fees paid electronically", "ENV", "cap-waste-fee", "goal-green-city"),
)  # fmt: skip


# The applications (keys in `applications`) that realise the map's own capabilities, so the heat
# map counts them; the portfolio links its applications to the capabilities it defines itself.
REALIZED_BY = {
    "cap-health-hazard-control": ("app-bma-oss",),
    "cap-food-sanitation": ("app-food-licence",),
    "cap-medical-services": ("app-his", "app-pacs", "app-ems"),
    "cap-health-promotion": ("app-health-centres", "app-vaccine"),
    "cap-school-admission": ("app-students",),
    "cap-lifelong-learning": ("app-library", "app-vocational"),
    "cap-comprehensive-plan": ("app-zoning",),
    "cap-roads-bridges": ("app-pwd-works",),
    "cap-flood-warning": ("app-flood-monitoring",),
    "cap-drainage-maintenance": ("app-pump-control",),
    "cap-waste-collection": ("app-waste",),
    "cap-waste-fee": ("app-waste", "app-epayment"),
    "cap-public-transport": ("app-brt",),
    "cap-disaster-relief": ("app-fire-dispatch", "app-gis-dpm"),
    "cap-law-enforcement": ("app-cle-cases", "app-vendors"),
    "cap-house-registration": ("app-civil-registry-link",),
    "cap-land-building-tax": ("app-land-tax",),
    "cap-elderly-allowance": ("app-welfare",),
    "cap-air-quality": ("app-air-quality",),
    "cap-green-space": ("app-parks",),
    "cap-budgeting": ("app-budget",),
    "cap-digital-government": ("app-open-data", "app-sso", "app-project-monitoring"),
    "cap-citizen-participation": ("app-line-oa", "app-chatbot"),
    "cap-complaint-routing": ("app-1555",),
}


def element_specs() -> list[ElementSpec]:
    specs = [PLAN]
    specs += [ElementSpec(key, "Goal", name, name_en, SED) for key, name, name_en in DIMENSIONS]
    for key, name, name_en, code, _goal, parts in MISSIONS:
        specs.append(ElementSpec(key, "Capability", name, name_en, unit(code)))
        specs += [
            ElementSpec(part, "Capability", part_name, part_en, unit(part_code))
            for part, part_name, part_en, part_code in parts
            if part_name  # the others exist already
        ]
    specs += [
        ElementSpec(key, "Capability", name, name_en, unit(code))
        for _parent, key, name, name_en, code in FINER
    ]
    specs += [
        ElementSpec(key, "WorkPackage", name, name_en, unit(code))
        for key, name, name_en, code, _cap, _goal in WORK_PACKAGES
    ]
    return specs


def relationship_specs() -> list[sample.RelationshipSpec]:
    specs = [rel(PLAN.key, "Influence", key) for key, _name, _en in DIMENSIONS]
    for key, _name, _en, _code, goal, parts in MISSIONS:
        specs.append(rel(key, "Realization", goal))
        specs += [rel(key, "Composition", part) for part, *_rest in parts]
    specs += [rel(parent, "Composition", key) for parent, key, *_rest in FINER]
    for key, _name, _en, _code, capability, goal in WORK_PACKAGES:
        specs += [rel(key, "Realization", capability), rel(key, "Influence", goal)]
    specs += [
        rel(app, "Realization", capability)
        for capability, apps in REALIZED_BY.items()
        for app in apps
    ]
    return specs


class StrategyLoader(sample.AddOnLoader):
    """Writes the strategy on top of the sample and the portfolio, into the same summary."""

    def load(self) -> sample.Summary:
        for spec in element_specs():
            self.elements[spec.key] = self.sync_element(spec)
        for spec in relationship_specs():
            self.sync_relationship(spec)
        return self.summary


def load(summary: sample.Summary, user=None) -> sample.Summary:
    return StrategyLoader(Actor.shell(user or sample.demo_user()), summary).load()
