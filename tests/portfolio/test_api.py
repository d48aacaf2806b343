from datetime import date

import pytest

from nakhon.core.permissions import Role
from nakhon.portfolio.models import ApplicationProfile, DataObjectProfile, TechnologyProfile
from nakhon.portfolio.services import (
    application_profiles,
    data_object_profiles,
    technology_profiles,
)
from nakhon.repository.models import Element
from tests.cases.api import APIViewTestCase, api_client, unique


class TestApplicationProfileAPI(APIViewTestCase):
    url_name = "portfolio-api:application"
    model = ApplicationProfile
    update_data = {"business_fit": 1, "technical_fit": 4, "vendor": "ผู้ขายรายใหม่"}

    def make_object(self, owner):
        return application_profiles.create(
            self.system_actor,
            name=unique("ระบบรับเรื่องร้องเรียน"),
            owner_unit=owner,
            business_fit=3,
            technical_fit=3,
        )

    def create_data(self, owner) -> dict:
        return {
            "name": unique("ระบบสารบรรณอิเล็กทรอนิกส์"),
            "name_en": "e-Saraban",
            "owner_unit": str(owner.pk),
            "status": "active",
            "vendor": "บริษัทตัวอย่าง จำกัด",
            "hosting": "government_cloud",
            "yearly_cost": "850000.00",
            "users": 2400,
            "business_fit": 4,
            "technical_fit": 2,
            "end_of_support": "2028-09-30",
        }

    def test_time_class_is_derived_and_filterable(self):
        body = self.create_data(self.unit_a)
        client = api_client(self.ea_office)
        created = client.post(self.list_url(), body, format="json").json()
        assert created["time_class"] == "migrate"
        self.make_object(self.unit_a)  # invest
        listed = client.get(self.list_url(), {"time_class": "migrate"}).json()
        assert [row["id"] for row in listed["results"]] == [created["id"]]
        element = Element.objects.get(pk=created["id"])
        assert (element.type, element.name_en, element.owner_unit_id) == (
            "ApplicationComponent",
            "e-Saraban",
            self.unit_a.pk,
        )

    def test_time_class_cannot_be_written(self):
        obj = self.make_object(self.unit_a)
        response = api_client(self.ea_office).patch(
            self.detail_url(obj), {"time_class": "eliminate", "version": obj.version}, "json"
        )
        assert response.json()["time_class"] == "invest"

    def test_a_fit_out_of_range_is_a_400(self):
        body = {**self.create_data(self.unit_a), "business_fit": 5}
        response = api_client(self.ea_office).post(self.list_url(), body, format="json")
        assert response.status_code == 400
        assert "business_fit" in response.json()

    def test_unit_editor_may_not_give_an_application_to_another_unit(self):
        obj = self.make_object(self.unit_a)
        client = api_client(self.make_user(Role.UNIT_EDITOR, self.unit_a))
        response = client.patch(
            self.detail_url(obj),
            {"owner_unit": str(self.unit_b.pk), "version": obj.version},
            format="json",
        )
        assert response.status_code == 403
        assert Element.objects.get(pk=obj.pk).owner_unit_id == self.unit_a.pk


class TestTechnologyProfileAPI(APIViewTestCase):
    url_name = "portfolio-api:technology"
    model = TechnologyProfile
    update_data = {"product_version": "2019", "end_of_support": "2029-01-09"}

    def make_object(self, owner):
        return technology_profiles.create(
            self.system_actor,
            type="Node",
            name=unique("เครื่องแม่ข่ายฐานข้อมูล SQL Server"),
            owner_unit=owner,
            vendor="Microsoft",
            product="SQL Server",
            product_version="2014",
            end_of_support=date(2024, 7, 9),
        )

    def create_data(self, owner) -> dict:
        return {
            "type": "Node",
            "name": unique("คลัสเตอร์เครื่องแม่ข่ายเสมือน"),
            "owner_unit": str(owner.pk),
            "vendor": "VMware",
            "product": "vSphere",
            "product_version": "8.0",
            "hosting": "on_premises",
            "end_of_support": "2027-10-11",
        }

    def test_the_type_is_fixed_once_created(self):
        obj = self.make_object(self.unit_a)
        response = api_client(self.ea_office).patch(
            self.detail_url(obj), {"type": "Device", "version": obj.version}, format="json"
        )
        assert response.status_code == 400
        assert "type" in response.json()
        assert Element.objects.get(pk=obj.pk).type == "Node"

    def test_only_technology_types_are_accepted(self):
        body = {**self.create_data(self.unit_a), "type": "BusinessProcess"}
        response = api_client(self.ea_office).post(self.list_url(), body, format="json")
        assert response.status_code == 400
        assert "type" in response.json()

    def test_filter_by_support_state(self):
        past = self.make_object(self.unit_a)
        client = api_client(self.ea_office)
        client.post(self.list_url(), self.create_data(self.unit_a), format="json")
        rows = client.get(self.list_url(), {"support": "past"}).json()["results"]
        assert [row["id"] for row in rows] == [str(past.pk)]


class TestDataObjectProfileAPI(APIViewTestCase):
    url_name = "portfolio-api:data-object"
    model = DataObjectProfile
    update_data = {"classification": "secret"}

    def make_object(self, owner):
        return data_object_profiles.create(
            self.system_actor,
            name=unique("ข้อมูลผู้ขออนุญาต"),
            owner_unit=owner,
            classification="confidential",
            personal_data=True,
            lawful_basis="public_task",
        )

    def create_data(self, owner) -> dict:
        return {
            "name": unique("ข้อมูลทะเบียนราษฎร"),
            "owner_unit": str(owner.pk),
            "classification": "confidential",
            "personal_data": True,
            "sensitive_personal_data": False,
            "lawful_basis": "legal_obligation",
        }

    @pytest.mark.parametrize(
        ("change", "field"),
        [
            ({"lawful_basis": ""}, "lawful_basis"),
            ({"personal_data": False, "sensitive_personal_data": True}, "personal_data"),
        ],
    )
    def test_pdpa_rules_are_a_400(self, change, field):
        body = {**self.create_data(self.unit_a), **change}
        response = api_client(self.ea_office).post(self.list_url(), body, format="json")
        assert response.status_code == 400
        assert field in response.json()
