import uuid

import pytest
from django.urls import reverse

from nakhon.core.permissions import Role
from nakhon.repository.models import Element
from nakhon.repository.services import relationships
from tests.cases.api import APIViewTestCase, api_client, unique


class TestElementAPI(APIViewTestCase):
    url_name = "repository-api:element"
    model = Element
    update_data = {"name": "ระบบสารบรรณอิเล็กทรอนิกส์", "status": "phase_out"}

    def make_object(self, owner):
        return self.make_element("ApplicationComponent", owner=owner)

    def create_data(self, owner) -> dict:
        return {
            "type": "ApplicationComponent",
            "name": unique("ระบบจัดเก็บภาษี"),
            "name_en": "Tax collection",
            "owner_unit": str(owner.pk),
            "properties": [{"key": "vendor", "value": "บริษัท ก"}],
            "active_from": "2024-10-01",
        }

    def post(self, **changes):
        body = {**self.create_data(self.unit_a), **changes}
        return api_client(self.ea_office).post(self.list_url(), body, format="json")

    def search(self, **params) -> set[str]:
        response = api_client(self.ea_office).get(self.list_url(), params)
        assert response.status_code == 200, response.json()
        return {row["id"] for row in response.json()["results"]}

    # Fields

    def test_layer_follows_the_type_and_cannot_be_written(self):
        response = self.post(layer="business")
        assert response.status_code == 201
        assert response.json()["layer"] == "application"

    def test_type_is_accepted_in_exchange_spelling(self):
        response = self.post(type="archimate:ApplicationComponent")
        assert response.status_code == 201
        assert response.json()["type"] == "ApplicationComponent"

    def test_unknown_type_is_a_400_listing_the_valid_ones(self):
        response = self.post(type="Spaceship")
        assert response.status_code == 400
        assert "ApplicationComponent" in response.json()["type"][0]

    def test_a_control_character_is_a_400_naming_the_field(self):
        response = self.post(name="ระบบ\x01งาน")
        assert response.status_code == 400
        assert "control character (U+0001)" in response.json()["name"][0]
        assert not Element.objects.filter(name="ระบบ\x01งาน").exists()

    def test_properties_keep_their_order_and_repeated_keys(self):
        properties = [{"key": "tag", "value": "b"}, {"key": "tag", "value": "a"}]
        response = self.post(properties=properties)
        assert response.status_code == 201
        assert Element.objects.get(pk=response.json()["id"]).properties == properties

    @pytest.mark.parametrize(
        "properties", ["vendor", [{"key": "", "value": "x"}], [{"value": "x"}], [["k", "v"]]]
    )
    def test_properties_that_are_not_key_value_pairs_are_a_400(self, properties):
        response = self.post(properties=properties)
        assert response.status_code == 400
        assert "properties" in response.json()

    @pytest.mark.parametrize(
        "owner_unit",
        ["00000000-0000-4000-8000-000000000000", "not-a-uuid", 12, True, {"id": "x"}, [1]],
    )
    def test_unknown_or_malformed_owner_unit_is_a_400(self, owner_unit):
        response = self.post(owner_unit=owner_unit)
        assert response.status_code == 400
        assert "owner_unit" in response.json()

    def test_lifecycle_dates_out_of_order_are_a_400(self):
        response = self.post(active_from="2024-10-01", planned_from="2025-01-01")
        assert response.status_code == 400
        assert response.json()["non_field_errors"]

    def test_nul_character_in_text_is_a_400(self):
        response = self.post(name="ระบบ\x00")
        assert response.status_code == 400
        assert "name" in response.json()

    # Filters

    def test_filters(self):
        app = self.make_element("ApplicationComponent", "ระบบทะเบียนราษฎร์", owner=self.unit_a)
        actor = self.make_element("BusinessActor", "ประชาชน", owner=self.unit_b)
        retired = self.make_element("Node", "เครื่องแม่ข่ายเก่า", owner=self.unit_b, status="retired")
        assert self.search(type="ApplicationComponent") == {str(app.pk)}
        assert str(actor.pk) in self.search(layer="business")
        assert str(app.pk) not in self.search(layer="business")
        assert self.search(owner_unit=str(self.unit_b.pk)) == {str(actor.pk), str(retired.pk)}
        assert self.search(status="retired") == {str(retired.pk)}
        assert self.search(q="ทะเบียน") == {str(app.pk)}

    def test_ordering(self):
        for name in ("ข", "ก", "ค"):
            self.make_element("Node", name)
        response = api_client(self.ea_office).get(
            self.list_url(), {"type": "Node", "ordering": "-name"}
        )
        assert [row["name"] for row in response.json()["results"]] == ["ค", "ข", "ก"]

    @pytest.mark.parametrize(
        "params",
        [{"owner_unit": "not-a-uuid"}, {"type": "Spaceship"}, {"layer": "x"}, {"status": "x"}],
    )
    def test_malformed_filter_values_are_a_400_naming_the_filter(self, params):
        response = api_client(self.ea_office).get(self.list_url(), params)
        assert response.status_code == 400
        assert set(params) <= set(response.json())


class TestElementRelationshipsAPI:
    """The read-only views of an element's relationships and of what the metamodel allows."""

    @pytest.fixture(autouse=True)
    def world(self, system_actor, make_element, make_user):
        self.system_actor = system_actor
        self.make_element = make_element
        self.client = api_client(make_user(Role.VIEWER))

    def url(self, element, name) -> str:
        return reverse(f"repository-api:element-{name}", args=[getattr(element, "pk", element)])

    def test_relationships_lists_incoming_and_outgoing(self):
        app = self.make_element("ApplicationComponent")
        service = self.make_element("ApplicationService")
        process = self.make_element("BusinessProcess")
        realises = relationships.create(
            self.system_actor, type="Realization", source=app, target=service
        )
        serves = relationships.create(
            self.system_actor, type="Serving", source=service, target=process
        )
        response = self.client.get(self.url(service, "relationships"))
        assert response.status_code == 200
        assert [r["id"] for r in response.json()["outgoing"]] == [str(serves.pk)]
        assert [r["id"] for r in response.json()["incoming"]] == [str(realises.pk)]

    def test_allowed_relationships_to_a_target_give_the_reason_for_refused_types(self):
        data = self.make_element("DataObject")
        actor = self.make_element("BusinessActor")
        response = self.client.get(self.url(data, "allowed-relationships"), {"target": actor.pk})
        assert response.status_code == 200
        body = response.json()
        assert (body["source_type"], body["target_type"]) == ("DataObject", "BusinessActor")
        assert body["allowed"] == ["Association"]
        refused = {r["type"]: r["reason"] for r in body["refused"]}
        assert "Association" in refused["Serving"]
        assert len(body["allowed"]) + len(body["refused"]) == 11

    def test_allowed_relationships_to_a_target_type(self):
        app = self.make_element("ApplicationComponent")
        response = self.client.get(
            self.url(app, "allowed-relationships"), {"target_type": "ApplicationService"}
        )
        assert response.status_code == 200
        assert {"Realization", "Serving"} <= set(response.json()["allowed"])
        assert response.json()["target"] is None

    @pytest.mark.parametrize(
        "params",
        [
            {},
            {"target_type": "Spaceship"},
            {"target": "not-a-uuid"},
            {"target": str(uuid.uuid4())},
            {"target_type": "Node", "target": str(uuid.uuid4())},
        ],
    )
    def test_allowed_relationships_needs_one_valid_target(self, params):
        app = self.make_element("ApplicationComponent")
        response = self.client.get(self.url(app, "allowed-relationships"), params)
        assert response.status_code == 400
        assert response.json()

    @pytest.mark.parametrize("name", ["relationships", "allowed-relationships"])
    def test_unknown_element_is_a_404(self, name):
        response = self.client.get(self.url(uuid.uuid4(), name), {"target_type": "Node"})
        assert response.status_code == 404
