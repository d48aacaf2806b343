import pytest

from nakhon.repository.models import Relationship
from nakhon.repository.services import relationships
from tests.cases.api import APIViewTestCase, api_client


class TestRelationshipAPI(APIViewTestCase):
    url_name = "repository-api:relationship"
    model = Relationship
    update_data = {"name": "ให้บริการ", "documentation": "ผ่านระบบออนไลน์"}

    def make_object(self, owner):
        service = self.make_element("ApplicationService", owner=owner)
        process = self.make_element("BusinessProcess", owner=owner)
        return relationships.create(
            self.system_actor, type="Serving", source=service, target=process
        )

    def create_data(self, owner) -> dict:
        component = self.make_element("ApplicationComponent", owner=owner)
        service = self.make_element("ApplicationService", owner=owner)
        return {
            "type": "Realization",
            "source": str(component.pk),
            "target": str(service.pk),
            "name": "รองรับ",
            "properties": [{"key": "since", "value": "2567"}],
        }

    def post(self, body):
        return api_client(self.ea_office).post(self.list_url(), body, format="json")

    def test_metamodel_refusal_is_a_400_naming_the_allowed_types(self):
        data = self.make_element("DataObject", "ข้อมูลทะเบียนราษฎร")
        actor = self.make_element("BusinessActor", "ประชาชน")
        body = {"type": "Serving", "source": str(data.pk), "target": str(actor.pk)}
        response = self.post(body)
        assert response.status_code == 400
        assert "Association" in response.json()["type"][0]
        assert not Relationship.objects.exists()
        assert self.post({**body, "type": "Association"}).status_code == 201

    def test_refused_type_change_is_a_400_that_changes_nothing(self):
        rel = self.make_object(self.unit_a)
        response = api_client(self.ea_office).patch(
            self.detail_url(rel), {"type": "Composition", "version": rel.version}, format="json"
        )
        assert response.status_code == 400
        assert "type" in response.json()
        assert Relationship.objects.get(pk=rel.pk).type == "Serving"

    def test_type_in_archi_spelling_is_accepted(self):
        body = {**self.create_data(self.unit_a), "type": "RealizationRelationship"}
        assert self.post(body).json()["type"] == "Realization"

    def test_association_may_end_on_a_relationship(self):
        note = self.make_element("BusinessActor")
        flow = self.make_object(self.unit_a)
        response = self.post(
            {"type": "Association", "source": str(note.pk), "target_relationship": str(flow.pk)}
        )
        assert response.status_code == 201, response.json()
        assert response.json()["target"] is None

    @pytest.mark.parametrize("ends", [{}, {"source_relationship": "rel", "source": "el"}])
    def test_each_end_is_an_element_or_a_relationship_not_both_or_neither(self, ends):
        element, rel = self.make_element("BusinessActor"), self.make_object(self.unit_a)
        ids = {"el": str(element.pk), "rel": str(rel.pk)}
        body = {"type": "Association", "target": ids["el"], **{k: ids[v] for k, v in ends.items()}}
        response = self.post(body)
        assert response.status_code == 400
        assert "source" in response.json()

    @pytest.mark.parametrize("source", ["00000000-0000-4000-8000-000000000000", "not-a-uuid", 7])
    def test_unknown_or_malformed_end_is_a_400(self, source):
        response = self.post({**self.create_data(self.unit_a), "source": source})
        assert response.status_code == 400
        assert "source" in response.json()

    def test_filter_by_element_finds_both_directions(self):
        rel = self.make_object(self.unit_a)
        client = api_client(self.ea_office)
        for end in (rel.source_id, rel.target_id):
            response = client.get(self.list_url(), {"element": str(end)})
            assert [row["id"] for row in response.json()["results"]] == [str(rel.pk)]
        assert client.get(self.list_url(), {"source": "not-a-uuid"}).status_code == 400
