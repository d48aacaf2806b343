from datetime import date, timedelta

import pytest
from django.utils import timezone

from nakhon.core.permissions import Role
from nakhon.governance.models import PrincipleProfile, Standard
from nakhon.governance.standard_services import principles, standards
from nakhon.repository.models import Element
from tests.cases.ui import ViewTestCases

pytestmark = pytest.mark.django_db


class TestPrincipleViews(ViewTestCases):
    model = PrincipleProfile
    url_base = "governance:principleprofile"

    def make_object(self, actor, unit, index=0):
        return principles.create(
            actor,
            name=f"ใช้ข้อมูลร่วมกัน {index}",
            name_en=f"Share data {index}",
            owner_unit=unit,
            code=f"P{index}",
            documentation="ข้อมูลเป็นทรัพย์สินของกรุงเทพมหานคร",
            rationale="ลดการจัดเก็บซ้ำซ้อน",
            implications_en="Every new system publishes its data through the exchange.",
        )

    def create_data(self, unit):
        return {
            "code": "P9",
            "name": "ยึดประชาชนเป็นศูนย์กลาง",
            "name_en": "Citizen first",
            "owner_unit": unit.pk,
            "status": "active",
            "documentation": "บริการออกแบบจากมุมมองของประชาชน",
            "rationale": "พระราชบัญญัติการบริหารงานและการให้บริการภาครัฐผ่านระบบดิจิทัล",
            "rationale_en": "The Digital Government Act",
            "implications": "ทุกบริการมีช่องทางออนไลน์",
            "implications_en": "Every service has an online channel.",
        }

    def update_data(self, obj):
        return {
            "name": obj.element.name,
            "owner_unit": obj.element.owner_unit_id,
            "status": "active",
            "implications": "ระบบใหม่ต้องเชื่อมต่อผ่าน API",
        }

    def invalid_data(self, unit):
        return {"name": "", "status": "not a status"}

    def test_created_principle_is_a_principle_element(self, admin_client, unit_a):
        admin_client.post(self.url("_add"), self.create_data(unit_a))
        element = Element.objects.get(name="ยึดประชาชนเป็นศูนย์กลาง")
        assert element.type == "Principle"
        page = admin_client.get(element.principle_profile.get_absolute_url()).content.decode()
        assert "Every service has an online channel." in page
        assert "บริการออกแบบจากมุมมองของประชาชน" in page

    def test_a_profile_on_an_element_of_another_type_is_refused(
        self, admin_client, make_element, unit_a
    ):
        goal = make_element("Goal", owner=unit_a)
        data = {**self.create_data(unit_a), "element": goal.pk}
        response = admin_client.post(self.url("_add"), data)
        assert response.status_code == 400
        assert not PrincipleProfile.objects.exists()


class TestStandardViews(ViewTestCases):
    model = Standard
    url_base = "governance:standard"

    def make_object(self, actor, unit, index=0):
        return standards.create(
            actor,
            name=f"PostgreSQL {index}",
            status="adopt",
            category="data",
            owner_unit=unit,
            review_date=date(2020, 1, 1) if index % 2 else None,
        )

    def create_data(self, unit):
        return {
            "name": "ระบบจัดการฐานข้อมูล PostgreSQL",
            "name_en": "PostgreSQL",
            "kind": "technology",
            "category": "data",
            "status": "adopt",
            "owner_unit": unit.pk,
            "review_date": "2027-09-30",
            "description": "ฐานข้อมูลหลักของระบบใหม่",
        }

    def update_data(self, obj):
        return {
            "name": obj.name,
            "kind": obj.kind,
            "category": obj.category,
            "status": "contain",
            "owner_unit": obj.owner_unit_id,
        }

    def invalid_data(self, unit):
        return {"name": "x", "kind": "technology", "category": "data", "status": "maybe"}


@pytest.fixture
def catalogue(make_standard, make_element, unit_a, unit_b):
    today = timezone.localdate()
    server = make_element("SystemSoftware", "Windows Server 2012 R2", owner=unit_a)
    return {
        "server": server,
        "retired": make_standard(
            unit_a,
            "Windows Server 2012",
            status="retire",
            category="infrastructure",
            review_date=today - timedelta(days=400),
            elements=[server],
        ),
        "overdue": make_standard(
            unit_b, "Oracle Database", status="contain", review_date=today - timedelta(days=1)
        ),
        "current": make_standard(
            unit_a, "PostgreSQL", status="adopt", review_date=today + timedelta(days=300)
        ),
        "unknown": make_standard(unit_b, "Kubernetes", status="trial", category="platform"),
    }


def test_filters_select_by_status_and_review(admin_client, catalogue):
    page = admin_client.get("/governance/standards/", {"status": ["retire", "contain"]})
    text = page.content.decode()
    assert "Windows Server 2012" in text and "Oracle Database" in text
    assert "PostgreSQL" not in text
    overdue = admin_client.get("/governance/standards/", {"past_review": "true"}).content.decode()
    assert "Oracle Database" in overdue and "Kubernetes" not in overdue


def test_review_list_holds_only_overdue_standards_oldest_first(admin_client, catalogue):
    text = admin_client.get("/governance/standards/review/").content.decode()
    assert text.index("Windows Server 2012") < text.index("Oracle Database")
    assert "PostgreSQL" not in text
    # Unknown is not overdue, and is not shown as a pass either: the catalogue says not known.
    assert "Kubernetes" not in text
    catalogue_page = admin_client.get("/governance/standards/").content.decode()
    assert "The review date of 1 standard is not known." in catalogue_page


def test_detail_lists_the_covered_elements(admin_client, catalogue):
    text = admin_client.get(catalogue["retired"].get_absolute_url()).content.decode()
    assert "Windows Server 2012 R2" in text
    assert "review overdue" in text


def test_a_standard_may_not_cover_a_business_element(admin_client, catalogue, make_element):
    service = make_element("BusinessService", "บริการรับเรื่องร้องเรียน")
    obj = catalogue["current"]
    data = {
        "name": obj.name,
        "kind": "technology",
        "category": "data",
        "status": "adopt",
        "owner_unit": obj.owner_unit_id,
        "elements": [service.pk],
        "version": obj.version,
    }
    response = admin_client.post(f"/governance/standards/{obj.pk}/edit/", data)
    assert response.status_code == 400
    assert list(Standard.objects.get(pk=obj.pk).elements.all()) == []


def test_unit_editor_edits_only_their_units_standards(client, catalogue, make_user, unit_a):
    client.force_login(make_user(Role.UNIT_EDITOR, unit_a))
    assert client.get(f"/governance/standards/{catalogue['current'].pk}/edit/").status_code == 200
    assert client.get(f"/governance/standards/{catalogue['overdue'].pk}/edit/").status_code == 403


def test_radar_renders_thai_labels(client, catalogue, admin_user):
    client.force_login(admin_user)
    response = client.get("/governance/standards/radar/", HTTP_ACCEPT_LANGUAGE="th")
    text = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in text
    # The quadrant and ring labels in Thai, and the standards' names, as SVG text.
    svg = text[text.index("<svg") : text.index("</svg>")]
    for label in ("นำมาใช้", "เลิกใช้", "Windows Server 2012", "Kubernetes"):
        assert label in svg, label
