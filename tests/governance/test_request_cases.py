"""The generic cases of tests/cases for review requests and their draft parts: pages and API."""

import itertools
from decimal import Decimal

import pytest

from nakhon.governance.models import AffectedElement, ReviewRequest
from nakhon.governance.workflow import affected_elements, requests
from tests.cases.api import APIViewTestCase, unique
from tests.cases.ui import ViewTestCases

pytestmark = pytest.mark.django_db
_counter = itertools.count()


class TestReviewRequestViews(ViewTestCases):
    model = ReviewRequest
    url_base = "governance:reviewrequest"

    def make_object(self, actor, unit, index=0):
        return requests.create(
            actor,
            title=f"คำขอพิจารณา {index} {next(_counter)}",
            request_type="establish",
            owner_unit=unit,
            budget=Decimal(100_000 * (index + 1)),
            fiscal_year=2570,
        )

    def create_data(self, unit):
        return {
            "title": "ระบบรับแจ้งเหตุ",
            "request_type": "establish",
            "owner_unit": unit.pk,
            "budget": "1250000.00",
            "fiscal_year": "2570",
            "budget_line": "แผนงานบริหารทั่วไป",
            "start_date": "2027-01-01",
            "end_date": "2027-09-30",
        }

    def update_data(self, obj):
        return {
            "title": "ชื่อใหม่",
            "request_type": "retire",
            "owner_unit": obj.owner_unit_id,
            "fiscal_year": "2571",
        }

    def invalid_data(self, unit):
        return {
            "title": "ช่วงเวลากลับด้าน",
            "request_type": "establish",
            "owner_unit": unit.pk,
            "start_date": "2027-09-30",
            "end_date": "2027-01-01",
        }


class TestReviewRequestAPI(APIViewTestCase):
    url_name = "governance-api:request"
    model = ReviewRequest
    update_data = {"title": "ชื่อใหม่", "budget_line": "งบลงทุน"}

    def make_object(self, owner):
        return requests.create(
            self.system_actor,
            title=unique("คำขอพิจารณา"),
            request_type="establish",
            owner_unit=owner,
        )

    def create_data(self, owner) -> dict:
        return {
            "title": unique("ระบบรับแจ้งเหตุ"),
            "request_type": "take_into_use",
            "owner_unit": str(owner.pk),
            "budget": "450000.00",
            "fiscal_year": 2570,
            "budget_line": "งบดำเนินงาน",
        }


class TestAffectedElementAPI(APIViewTestCase):
    url_name = "governance-api:affected-element"
    model = AffectedElement
    update_data = {"effect": "change", "classification": "internal"}

    def make_object(self, owner):
        request = requests.create(
            self.system_actor, title=unique("คำขอ"), request_type="establish", owner_unit=owner
        )
        element = self.make_element("ApplicationComponent", unique("ระบบ"), owner)
        return affected_elements.create(
            self.system_actor, request=request, element=element, effect="use"
        )

    def create_data(self, owner) -> dict:
        request = requests.create(
            self.system_actor, title=unique("คำขอ"), request_type="establish", owner_unit=owner
        )
        element = self.make_element("DataObject", unique("ข้อมูล"), owner)
        return {
            "request": str(request.pk),
            "element": str(element.pk),
            "effect": "create",
            "personal_data": True,
            "lawful_basis": "public_task",
        }
