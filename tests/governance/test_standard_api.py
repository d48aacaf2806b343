from datetime import date

import pytest

from nakhon.governance.models import PrincipleProfile, Standard
from nakhon.governance.standard_services import principles, standards
from nakhon.repository.models import Element
from tests.cases.api import APIViewTestCase, api_client, unique


class TestPrincipleAPI(APIViewTestCase):
    url_name = "governance-api:principle"
    model = PrincipleProfile
    update_data = {"implications_en": "New systems publish their data through GDX."}

    def make_object(self, owner):
        return principles.create(
            self.system_actor,
            name=unique("ข้อมูลเปิดเป็นค่าเริ่มต้น"),
            owner_unit=owner,
            code="P3",
            rationale="พระราชบัญญัติการบริหารงานและการให้บริการภาครัฐผ่านระบบดิจิทัล มาตรา 4",
        )

    def create_data(self, owner) -> dict:
        return {
            "name": unique("ใช้ซ้ำก่อนซื้อ"),
            "name_en": "Reuse before buy",
            "owner_unit": str(owner.pk),
            "code": "P2",
            "documentation": "ใช้ระบบที่มีอยู่ก่อนจัดหาระบบใหม่",
            "rationale": "ลดค่าใช้จ่ายซ้ำซ้อน",
            "rationale_en": "Avoid paying twice.",
            "implications": "โครงการใหม่ต้องแสดงว่าได้พิจารณาระบบเดิมแล้ว",
            "implications_en": "A new project shows which existing systems it considered.",
        }

    def test_a_principle_is_a_principle_element(self):
        created = api_client(self.ea_office).post(
            self.list_url(), self.create_data(self.unit_a), format="json"
        )
        assert Element.objects.get(pk=created.json()["id"]).type == "Principle"


class TestStandardAPI(APIViewTestCase):
    url_name = "governance-api:standard"
    model = Standard
    update_data = {"status": "retire", "review_date": "2026-03-31"}

    def make_object(self, owner):
        return standards.create(
            self.system_actor,
            name=unique("Oracle Database 11g"),
            status="contain",
            category="data",
            owner_unit=owner,
            review_date=date(2025, 9, 30),
        )

    def create_data(self, owner) -> dict:
        server = self.make_element("SystemSoftware", unique("PostgreSQL 16"), owner=owner)
        return {
            "name": unique("ระบบจัดการฐานข้อมูล PostgreSQL"),
            "name_en": "PostgreSQL",
            "kind": "technology",
            "category": "data",
            "status": "adopt",
            "owner_unit": str(owner.pk),
            "review_date": "2027-09-30",
            "description": "ฐานข้อมูลหลักสำหรับระบบใหม่",
            "elements": [str(server.pk)],
        }

    def test_past_review_is_derived_and_filterable(self):
        overdue = self.make_object(self.unit_a)
        current = standards.create(
            self.system_actor, name="Kubernetes", status="trial", category="platform"
        )
        client = api_client(self.ea_office)
        rows = client.get(self.list_url(), {"past_review": "true"}).json()["results"]
        assert [row["id"] for row in rows] == [str(overdue.pk)]
        assert client.get(self.detail_url(current)).json()["past_review"] is False

    @pytest.mark.parametrize("type_", ["ApplicationComponent", "BusinessService"])
    def test_elements_outside_technology_are_a_400(self, type_):
        other = self.make_element(type_, "ระบบรับเรื่องร้องเรียน")
        body = {**self.create_data(self.unit_a), "elements": [str(other.pk)]}
        response = api_client(self.ea_office).post(self.list_url(), body, format="json")
        assert response.status_code == 400
        assert "elements" in response.json()
        assert not Standard.objects.exists()
