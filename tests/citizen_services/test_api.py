"""Citizen services in the API: the generic API tests for profiles, nested rows, overrides,
the rubric and the read-outs (roll-ups, history, fix-first, exchange map)."""

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from nakhon.citizen_services.models import AssessmentOverride, ServiceProfile
from nakhon.citizen_services.services import service_profiles
from nakhon.core.models import Action, ChangeLogEntry, Channel
from nakhon.core.permissions import Role
from tests.cases.api import APIViewTestCase, api_client, unique
from tests.citizen_services.conftest import BARE, document, step, web

LIST = "/api/services/services/"


class TestServiceProfileAPI(APIViewTestCase):
    url_name = "services-api:service"
    model = ServiceProfile
    update_data = {"annual_volume": 5000, "delivery": "online"}

    def make_object(self, owner):
        return service_profiles.create(
            self.system_actor, name=unique("การแจ้งเกิด"), owner_unit=owner, **BARE
        )

    def create_data(self, owner) -> dict:
        return {
            "name": unique("การขออนุญาตก่อสร้างอาคาร"),
            "owner_unit": str(owner.pk),
            "delivery": "all_districts",
            "fee": "200.00",
            "digital_fee": "200.00",
            "payment_methods": ["cash", "promptpay"],
            "e_receipt": False,
            "published": False,
            "annual_volume": 4200,
            "channels": [web()],
            "steps": [step()],
            "documents": [document()],
        }

    def test_rows_are_written_and_read_back_with_the_assessment(self):
        client = api_client(self.ea_office)
        response = client.post(LIST, self.create_data(self.unit_a), format="json")
        assert response.status_code == 201, response.json()
        body = response.json()
        assert body["channels"] == [web()]
        assert body["documents"][0]["issuer"] == "กรมการปกครอง"
        outcomes = {o["outcome"]: o for o in body["assessment"]["outcomes"]}
        assert outcomes["e_payment"]["level"] == 2
        assert outcomes["e_payment"]["evidence"].startswith("Fees can be paid by PromptPay")
        # Better services not assessed (no times known), then 2,0,0,1,2,0: 5 of 21.
        assert outcomes["better_service"]["status"] == "not_assessed"
        assert outcomes["better_service"]["missing"] == [
            "the legal processing time",
            "the measured processing time",
        ]
        assert body["assessment"]["score"] == "23.8"

    def test_a_bad_row_is_a_400_naming_it(self):
        body = {**self.create_data(self.unit_a), "channels": [web(identity="thaid")]}
        response = api_client(self.ea_office).post(LIST, body, format="json")
        assert response.status_code == 400
        assert "Row 1" in response.json()["channels"][0]

    def test_assessments_of_a_service_are_kept(self):
        profile = self.make_object(self.unit_a)
        client = api_client(self.ea_office)
        patch = {"payment_methods": ["promptpay"], "e_receipt": True, "version": 1}
        assert client.patch(self.detail_url(profile), patch, format="json").status_code == 200
        response = client.get(f"{self.detail_url(profile)}assessments/")
        scores = [a["score"] for a in response.json()]
        # No rows known: only no-copies (3), open data and e-payment (0) are assessed, of 7.
        assert scores == ["14.3", "28.6"]


@pytest.mark.django_db
class TestReadOuts:
    @pytest.fixture(autouse=True)
    def world(self, make_service, make_user, unit_a, unit_b):
        self.unit_a = unit_a
        self.card = make_service(
            name="บัตร", owner=unit_a, annual_volume=1000, documents=[document()]
        )
        self.free = make_service(name="ฟรี", owner=unit_b, annual_volume=3000, fee=0, digital_fee=0)
        self.client = api_client(make_user(Role.VIEWER))

    def test_rollups_weigh_by_volume(self):
        body = self.client.get("/api/services/rollups/").json()
        # บัตร: 0,1,0,0,0,0,0 = 1/21 = 4.8; ฟรี: 0,1,3,0,0 = 4/15 = 26.7
        # (1000 × 4.8 + 3000 × 26.7) / 4000 = 21.225
        assert body["city"]["score"] == "21.2"
        assert body["city"]["levels"]["e_payment"] == "0.00"  # only บัตร has a fee
        assert [d["unit"]["code"] for d in body["departments"]] == ["HD", "PWD"]
        # Beside each average, what it rests on: e-payment applies to บัตร alone.
        assert body["city"]["coverage"]["e_payment"] == {
            "services": 1,
            "assessed": 1,
            "volume": 1000,
            "assessed_volume": 1000,
            "unknown_volume": 0,
        }
        assert body["city"]["coverage"]["better_service"]["assessed"] == 0
        assert body["city"]["score_coverage"]["assessed"] == 2

    def test_history_fix_first_and_exchange_map(self):
        history = self.client.get("/api/services/history/", {"department": self.unit_a.pk})
        assert [p["score"] for p in history.json()] == ["4.8"]
        fixes = self.client.get("/api/services/fix-first/", {"limit": 2}).json()
        assert [(f["service"]["name"], f["priority"]) for f in fixes] == [
            ("ฟรี", 9000),
            ("ฟรี", 9000),
        ]
        exchange = self.client.get("/api/services/exchange-map/").json()
        assert exchange[0]["name"] == "Department of Provincial Administration (DOPA)"
        assert exchange[0]["links"] == [
            "DOPA linkage center (civil registration)",
            "GDX government data exchange (DGA)",
        ]
        assert exchange[0]["documents"][0]["requests"] == 1000

    @pytest.mark.parametrize("params", [{"department": "x"}, {"limit": 0}])
    def test_bad_parameters_are_a_400(self, params):
        assert self.client.get("/api/services/fix-first/", params).status_code == 400

    def test_anonymous_is_refused(self):
        assert APIClient().get("/api/services/rollups/").status_code == 401


@pytest.mark.django_db
def test_overrides_through_the_api_are_the_ea_offices(make_service, make_user, unit_a):
    profile = make_service()
    body = {"profile": str(profile.pk), "outcome": "open_data", "level": 2, "reason": "ตรวจแล้ว"}
    editor = api_client(make_user(Role.UNIT_EDITOR, unit_a))
    assert editor.post("/api/services/overrides/", body, format="json").status_code == 403
    office = api_client(make_user(Role.EA_OFFICE))
    response = office.post("/api/services/overrides/", body, format="json")
    assert response.status_code == 201, response.json()
    assert profile.assessments.get(is_current=True).open_data == 2
    again = office.post("/api/services/overrides/", body, format="json")
    assert again.status_code in (400, 409)
    assert AssessmentOverride.objects.count() == 1
    entry = ChangeLogEntry.objects.get(action=Action.CREATE, object_id=response.json()["id"])
    assert entry.channel == Channel.API


@pytest.mark.django_db
def test_rubric_thresholds_through_the_api(make_service, make_user, unit_a):
    profile = make_service(legal_days=10, actual_days=6, satisfaction=95)
    viewer = api_client(make_user(Role.VIEWER))
    rubric = viewer.get("/api/services/rubric/").json()
    assert rubric["thresholds"]["fast_share"] == "50.00" and rubric["version"] is None
    assert len(rubric["outcomes"]) == 7
    body = {"thresholds": {"fast_share": 60}}
    assert viewer.put("/api/services/rubric/", body, format="json").status_code == 403
    office = api_client(make_user(Role.EA_OFFICE))
    response = office.put("/api/services/rubric/", body, format="json")
    assert response.status_code == 200, response.json()
    assert profile.assessments.get(is_current=True).better_service == 3
    stale = office.put("/api/services/rubric/", {**body, "version": 9}, format="json")
    assert stale.status_code == 409
    bad = office.put(
        "/api/services/rubric/", {"thresholds": {"fast_share": 0}, "version": 1}, format="json"
    )
    assert bad.status_code == 400 and "fast_share" in bad.json()
    assert Decimal(rubric["thresholds"]["satisfaction_high"]) == 90


@pytest.mark.django_db
def test_schema_documents_the_services_endpoints():
    schema = APIClient().get("/api/schema/", {"format": "json"}).json()
    for path in (
        "/api/services/services/{id}/",
        "/api/services/services/{id}/assessments/",
        "/api/services/overrides/{id}/",
        "/api/services/rollups/",
        "/api/services/history/",
        "/api/services/fix-first/",
        "/api/services/exchange-map/",
        "/api/services/completeness/",
        "/api/services/issuing-agencies/{id}/",
        "/api/services/common-documents/{id}/",
        "/api/services/rubric/",
    ):
        assert path in schema["paths"], path


@pytest.mark.django_db
def test_the_registries_through_the_api(make_service, make_user, unit_a):
    profile = make_service(
        documents=[document("ใบอนุญาตพิเศษ", "กรมพัฒนาฝีมือแรงงาน")], needs_documents=True
    )
    assert profile.assessments.get(is_current=True).no_copies is None  # issuer not known
    viewer = api_client(make_user(Role.VIEWER))
    agencies = viewer.get("/api/services/issuing-agencies/", {"code": "dopa"}).json()
    (dopa,) = agencies["results"]
    assert (dopa["state_agency"], dopa["exchange_links"]) == (True, ["dopa_linkage", "gdx"])
    body = {
        "code": "dsd",
        "name": "กรมพัฒนาฝีมือแรงงาน",
        "state_agency": True,
        "exchange_links": ["gdx"],
    }
    editor = api_client(make_user(Role.UNIT_EDITOR, unit_a))
    assert editor.post("/api/services/issuing-agencies/", body, format="json").status_code == 403
    office = api_client(make_user(Role.EA_OFFICE))
    response = office.post("/api/services/issuing-agencies/", body, format="json")
    assert response.status_code == 201, response.json()
    # The document's issuer is now known to be the state's: every service is re-assessed.
    assert profile.assessments.get(is_current=True).no_copies == 0
    bad = office.post(
        "/api/services/issuing-agencies/",
        {**body, "code": "x", "name": "x", "exchange_links": ["fax"]},
        format="json",
    )
    assert bad.status_code == 400 and "exchange_links" in bad.json()
    documents = viewer.get("/api/services/common-documents/", {"code": "id-card"}).json()
    assert documents["results"][0]["name"] == "บัตรประจำตัวประชาชน"
    missing = viewer.get("/api/services/completeness/").json()
    (gap,) = missing["services"]
    assert gap["service"]["id"] == str(profile.pk)
    assert gap["facts"] == ["the legal processing time", "the measured processing time"]
    assert missing["departments"][0]["incomplete"] == 1
