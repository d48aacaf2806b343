import uuid

from nakhon.repository.models import Element, Plateau
from nakhon.repository.services import plateaus
from tests.cases.api import APIViewTestCase, api_client, unique


class TestPlateauAPI(APIViewTestCase):
    url_name = "repository-api:plateau"
    model = Plateau
    update_data = {"name": "สถาปัตยกรรมเป้าหมาย 2570", "state": "target"}

    def make_object(self, owner):
        member = self.make_element("ApplicationComponent", owner=owner)
        return plateaus.create(
            self.system_actor,
            name=unique("สถาปัตยกรรมปัจจุบัน"),
            state="baseline",
            owner_unit=owner,
            elements=[member],
        )

    def create_data(self, owner) -> dict:
        member = self.make_element("ApplicationComponent", owner=owner)
        return {
            "name": unique("ระยะเปลี่ยนผ่าน"),
            "name_en": "Transition",
            "state": "transition",
            "valid_from": "2026-10-01",
            "owner_unit": str(owner.pk),
            "elements": [str(member.pk)],
        }

    def test_a_plateau_is_a_plateau_element_with_the_same_id(self):
        body = self.create_data(self.unit_a)
        response = api_client(self.ea_office).post(self.list_url(), body, format="json")
        element = Element.objects.get(pk=response.json()["id"])
        assert (element.type, element.name) == ("Plateau", body["name"])
        assert response.json()["elements"] == body["elements"]

    def test_members_are_replaced_by_an_update(self):
        plateau = self.make_object(self.unit_a)
        other = self.make_element("Node", owner=self.unit_a)
        response = api_client(self.ea_office).patch(
            self.detail_url(plateau),
            {"elements": [str(other.pk)], "version": plateau.version},
            format="json",
        )
        assert response.status_code == 200
        assert list(plateau.elements.values_list("pk", flat=True)) == [other.pk]

    def test_unknown_member_is_a_400(self):
        body = {**self.create_data(self.unit_a), "elements": [str(uuid.uuid4())]}
        response = api_client(self.ea_office).post(self.list_url(), body, format="json")
        assert response.status_code == 400
        assert "elements" in response.json()

    def test_ordering_by_name(self):
        for name in ("ข", "ก"):
            plateaus.create(self.system_actor, name=name, state="target")
        response = api_client(self.ea_office).get(
            self.list_url(), {"state": "target", "ordering": "name"}
        )
        assert [row["name"] for row in response.json()["results"]] == ["ก", "ข"]
