import pytest

from nakhon.core.permissions import Role
from nakhon.organization.models import OrgUnit
from nakhon.organization.services import org_units
from tests.cases.api import APIViewTestCase, api_client, unique


class TestOrgUnitAPI(APIViewTestCase):
    url_name = "organization-api:unit"
    model = OrgUnit
    update_data = {"name": "กองยุทธศาสตร์และประเมินผล", "code": "SPE"}
    # The tree is the EA office's to shape.
    unit_editors_write = False

    def make_object(self, owner):
        return org_units.create(
            self.system_actor, name=unique("กองแผนงาน"), kind="division", parent=owner
        )

    def create_data(self, owner) -> dict:
        return {
            "name": unique("กองเทคโนโลยีสารสนเทศ"),
            "name_en": "IT Division",
            "kind": "division",
            "code": unique("IT").replace(" ", "-"),
            "parent": str(owner.pk),
        }

    def patch(self, unit, **values):
        return api_client(self.ea_office).patch(
            self.detail_url(unit), {**values, "version": unit.version}, format="json"
        )

    def test_a_unit_cannot_sit_below_itself(self):
        unit = self.make_object(self.unit_a)
        response = self.patch(self.unit_a, parent=str(unit.pk))
        assert response.status_code == 400
        assert "parent" in response.json()

    def test_a_unit_with_units_below_cannot_be_deleted(self):
        city = self.unit_a.parent
        response = api_client(self.ea_office).delete(self.detail_url(city, version=city.version))
        assert response.status_code == 400
        assert "units below" in str(response.json())
        assert OrgUnit.objects.filter(pk=city.pk).exists()

    def test_codes_are_unique(self):
        response = self.patch(self.make_object(self.unit_a), code=self.unit_b.code)
        assert response.status_code == 400
        assert response.json()

    def test_filter_by_parent(self):
        unit = self.make_object(self.unit_b)
        response = api_client(self.ea_office).get(self.list_url(), {"parent": self.unit_b.pk})
        assert [row["id"] for row in response.json()["results"]] == [str(unit.pk)]


class TestUserAPI:
    @pytest.fixture(autouse=True)
    def world(self, unit_a, make_user):
        self.unit_a = unit_a
        self.member = make_user(Role.UNIT_EDITOR, unit_a, username="somchai")
        self.member.first_name, self.member.last_name = "สมชาย", "ใจดี"
        self.member.email = "somchai@example.org"
        self.member.save()
        self.client = api_client(make_user(Role.VIEWER))

    def test_users_are_listed_with_minimal_personal_data(self):
        response = self.client.get("/api/organization/users/", {"unit": self.unit_a.pk})
        assert response.status_code == 200
        (user,) = response.json()["results"]
        assert set(user) == {"id", "url", "username", "full_name", "role", "unit"}
        assert (user["username"], user["full_name"], user["role"]) == (
            "somchai",
            "สมชาย ใจดี",
            "unit_editor",
        )
        assert "somchai@example.org" not in response.content.decode()

    def test_users_are_read_only(self):
        url = f"/api/organization/users/{self.member.pk}/"
        assert self.client.get(url).status_code == 200
        assert self.client.patch(url, {"role": "admin"}, format="json").status_code == 405
        assert self.client.post("/api/organization/users/", {}, format="json").status_code == 405

    def test_inactive_users_are_not_listed(self):
        self.member.is_active = False
        self.member.save()
        response = self.client.get("/api/organization/users/", {"unit": self.unit_a.pk})
        assert response.json()["results"] == []

    @pytest.mark.parametrize("params", [{"unit": "not-a-uuid"}, {"role": "emperor"}])
    def test_malformed_filters_are_a_400(self, params):
        assert self.client.get("/api/organization/users/", params).status_code == 400
