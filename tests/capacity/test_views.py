from datetime import date

import pytest
from django.urls import reverse

from nakhon.capacity.models import (
    Assessment,
    Person,
    SkillArea,
    SkillFramework,
)
from nakhon.capacity.services import (
    assessments,
    people,
    skill_areas,
    skill_frameworks,
)
from nakhon.core.permissions import Role
from tests.cases.ui import ViewTestCases

pytestmark = pytest.mark.django_db


class TestSkillFrameworkViews(ViewTestCases):
    model = SkillFramework
    url_base = "capacity:skillframework"

    def make_object(self, actor, unit, index=0):
        return skill_frameworks.create(
            actor, code=f"framework-{index}", name=f"กรอบ {index}", edition="1"
        )

    def create_data(self, unit):
        return {"code": "new-one", "name": "กรอบใหม่", "edition": "2567", "year": "2024"}

    def update_data(self, obj):
        return {"code": obj.code, "name": obj.name, "edition": "2568", "source": "ที่มา"}

    def invalid_data(self, unit):
        return {"code": "has spaces", "name": "", "edition": ""}


class FrameworkPart:
    @pytest.fixture(autouse=True)
    def _framework(self, framework):
        self.framework = framework


class TestSkillAreaViews(FrameworkPart, ViewTestCases):
    model = SkillArea
    url_base = "capacity:skillarea"

    def make_object(self, actor, unit, index=0):
        return skill_areas.create(
            actor,
            framework=self.framework,
            code=f"area-{index}",
            name=f"ด้าน {index}",
            kind="optional",
        )

    def create_data(self, unit):
        return {
            "framework": self.framework.pk,
            "code": "data",
            "name": "ข้อมูล",
            "kind": "core",
            "order": "3",
        }

    def update_data(self, obj):
        return {
            "framework": obj.framework_id,
            "code": obj.code,
            "name": "ด้านใหม่",
            "kind": "core",
            "order": "1",
        }

    def invalid_data(self, unit):
        return {"framework": self.framework.pk, "code": "", "name": "", "kind": "odd"}


class PersonalDataCases(ViewTestCases):
    """A viewer of the same unit may not even read a person's data: the page is not found."""

    def test_viewer_may_read_but_not_write(self, client, system_actor, unit_a, make_user):
        obj = self.make_object(system_actor, unit_a)
        client.force_login(make_user(Role.VIEWER, unit_a))
        for suffix in ("", "_edit", "_delete", "_changelog"):
            assert client.get(self.url(suffix, obj)).status_code == 404
        assert client.post(self.url("_delete", obj), {"version": obj.version}).status_code == 404
        assert self.model.objects.filter(pk=obj.pk).exists()


class TestPersonViews(PersonalDataCases):
    model = Person
    url_base = "capacity:person"

    def make_object(self, actor, unit, index=0):
        return people.create(
            actor,
            name=f"สมชาย ใจดี {index}",
            unit=unit,
            personnel_group="it",
            role_level="operational",
        )

    def create_data(self, unit):
        return {
            "name": "สมศรี มีสุข",
            "name_en": "Somsri Meesuk",
            "unit": unit.pk,
            "personnel_group": "non_it",
            "role_level": "supervisor",
            "programme_role": "liaison",
        }

    def update_data(self, obj):
        return {
            "name": obj.name,
            "unit": obj.unit_id,
            "personnel_group": "non_it",
            "role_level": obj.role_level,
            "programme_role": "cio",
        }

    def invalid_data(self, unit):
        return {"name": "", "unit": unit.pk, "personnel_group": "robots", "role_level": "x"}


class TestAssessmentViews(FrameworkPart, PersonalDataCases):
    model = Assessment
    url_base = "capacity:assessment"

    @pytest.fixture(autouse=True)
    def _person(self, make_person, unit_a):
        self.person = make_person(unit_a)

    def make_object(self, actor, unit, index=0):
        return assessments.create(
            actor,
            person=self.person,
            area=self.framework.literacy,
            source="assessor",
            assessed_on=date(2024, 1, 1 + index),
            level=index % 5,
        )

    def create_data(self, unit):
        return {
            "person": self.person.pk,
            "area": self.framework.technology.pk,
            "source": "self",
            "assessed_on": "2024-05-01",
            "level": "2",
        }

    def update_data(self, obj):
        return {
            "person": obj.person_id,
            "area": obj.area_id,
            "source": obj.source,
            "assessed_on": obj.assessed_on.isoformat(),
            "level": "4",
        }

    def invalid_data(self, unit):
        return {
            "person": self.person.pk,
            "area": self.framework.literacy.pk,
            "source": "self",
            "assessed_on": "2024-05-01",
            "level": "8",
        }


def test_level_and_target_pages(client, admin_user, framework):
    client.force_login(admin_user)
    target = framework.literacy.targets.first()
    level = framework.levels.first()
    for obj, base in ((target, "capacity:targetlevel"), (level, "capacity:proficiencylevel")):
        assert client.get(reverse(f"{base}_list")).status_code == 200
        assert client.get(obj.get_absolute_url()).status_code == 200
    edit = reverse("capacity:targetlevel_edit", args=[target.pk])
    data = {
        "area": target.area_id,
        "personnel_group": target.personnel_group,
        "role_level": target.role_level,
        "version": target.version,
    }
    assert client.post(edit, {**data, "level": "9"}).status_code == 400
    assert client.post(edit, {**data, "level": "4"}).status_code == 302
    target.refresh_from_db()
    assert target.level == 4
    page = client.get(framework.get_absolute_url()).content.decode()
    assert 'data-testid="targets"' in page and "การรู้ดิจิทัล" in page
