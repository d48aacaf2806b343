from datetime import date

import pytest
from django.urls import reverse

from nakhon.capacity.models import (
    Assessment,
    Person,
    SkillFramework,
)
from nakhon.capacity.services import (
    assessments,
    people,
    skill_frameworks,
)
from nakhon.core.permissions import Role
from tests.cases.api import APIViewTestCase, api_client, unique


class EAOfficeOnly(APIViewTestCase):
    """Frameworks belong to no unit: the EA office writes them."""

    unit_editors_write = False

    @pytest.fixture(autouse=True)
    def _framework(self, framework):
        self.framework = framework


class TestSkillFrameworkAPI(EAOfficeOnly):
    url_name = "capacity-api:framework"
    model = SkillFramework
    update_data = {"edition": "2568", "source": "ที่มาใหม่"}

    def make_object(self, owner):
        return skill_frameworks.create(
            self.system_actor, code=unique("fw").replace(" ", "-"), name="กรอบ", edition="1"
        )

    def create_data(self, owner):
        return {"code": unique("new").replace(" ", "-"), "name": "กรอบใหม่", "edition": "2567"}


class PersonalAPI(APIViewTestCase):
    """A viewer sees no person and no rating, not even in their own unit."""

    def test_viewer_reads_but_may_not_write(self):
        obj = self.make_object(self.unit_a)
        client = api_client(self.make_user(Role.VIEWER, self.unit_a))
        assert client.get(self.list_url()).json()["count"] == 0
        assert client.get(self.detail_url(obj)).status_code == 404
        self.assert_refused(client, obj, self.unit_a, statuses=(403, 404))

    def test_unit_editor_may_not_write_another_units_objects(self):
        obj = self.make_object(self.unit_b)
        client = api_client(self.make_user(Role.UNIT_EDITOR, self.unit_a))
        assert client.get(self.detail_url(obj)).status_code == 404
        self.assert_refused(client, obj, self.unit_b, statuses=(403, 404))


class TestPersonAPI(PersonalAPI):
    url_name = "capacity-api:person"
    model = Person
    update_data = {"position": "นักวิชาการคอมพิวเตอร์", "programme_role": "liaison"}

    def make_object(self, owner):
        return people.create(
            self.system_actor,
            name=unique("สมชาย"),
            unit=owner,
            personnel_group="it",
            role_level="operational",
        )

    def create_data(self, owner):
        return {
            "name": unique("สมศรี"),
            "unit": str(owner.pk),
            "personnel_group": "non_it",
            "role_level": "executive",
            "programme_role": "cio",
        }


class TestAssessmentAPI(PersonalAPI):
    url_name = "capacity-api:assessment"
    model = Assessment
    update_data = {"level": 4, "note": "ผ่านการอบรม"}

    @pytest.fixture(autouse=True)
    def _framework(self, framework):
        self.framework = framework

    def person_in(self, owner):
        return people.create(
            self.system_actor,
            name=unique("สมหมาย"),
            unit=owner,
            personnel_group="it",
            role_level="operational",
        )

    def make_object(self, owner):
        return assessments.create(
            self.system_actor,
            person=self.person_in(owner),
            area=self.framework.literacy,
            source="assessor",
            assessed_on=date(2024, 1, 1),
            level=1,
        )

    def create_data(self, owner):
        return {
            "person": str(self.person_in(owner).pk),
            "area": str(self.framework.technology.pk),
            "source": "self",
            "assessed_on": "2024-02-01",
            "level": 2,
        }

    def test_the_framework_is_the_areas_when_not_given(self):
        client = api_client(self.ea_office)
        created = client.post(self.list_url(), self.create_data(self.unit_a), format="json")
        assert created.status_code == 201, created.json()
        assert created.json()["framework"] == str(self.framework.pk)

    def test_a_level_off_the_scale_is_a_400(self):
        body = {**self.create_data(self.unit_a), "level": 9}
        response = api_client(self.ea_office).post(self.list_url(), body, format="json")
        assert response.status_code == 400
        assert "scale" in str(response.json())


@pytest.mark.django_db
def test_dashboard_and_statistics_endpoints_give_figures(make_user, framework, unit_a):
    client = api_client(make_user(Role.VIEWER, unit_a))
    board = client.get(reverse("capacity-api:dashboard-list"), {"unit": str(unit_a.pk)})
    assert board.status_code == 200
    assert [a["code"] for a in board.json()["areas"]] == ["literacy", "technology"]
    bad = client.get(reverse("capacity-api:dashboard-list"), {"unit": "not-a-unit"})
    assert bad.status_code == 400
    stats = client.get(reverse("capacity-api:statistics-list"))
    assert stats.status_code == 200 and stats.json() == {"rows": []}


@pytest.mark.django_db
def test_levels_and_targets_are_written_by_the_ea_office_only(make_user, framework, unit_a):
    """The generic cases run on frameworks and areas; levels and targets share their rule."""
    editor = api_client(make_user(Role.UNIT_EDITOR, unit_a))
    ea = api_client(make_user(Role.EA_OFFICE))
    level = {"framework": str(framework.pk), "level": 5, "name": "ระดับห้า"}
    target = {
        "area": str(framework.literacy.pk),
        "personnel_group": "it",
        "role_level": "executive",
        "level": 5,
    }
    for name, body in (("level", level), ("target", target)):
        url = reverse(f"capacity-api:{name}-list")
        assert editor.post(url, body, format="json").status_code == 403
        created = ea.post(url, body, format="json")
        assert created.status_code == 201, created.json()
        detail = reverse(f"capacity-api:{name}-detail", args=[created.json()["id"]])
        changed = ea.patch(
            detail,
            {"version": 1, "name": "ห้า"} if name == "level" else {"version": 1, "level": 4},
            format="json",
        )
        assert changed.status_code == 200 and changed.json()["version"] == 2
    off_scale = {**target, "role_level": "supervisor", "level": 9}
    refused = ea.post(reverse("capacity-api:target-list"), off_scale, format="json")
    assert refused.status_code == 400 and "scale" in str(refused.json())
