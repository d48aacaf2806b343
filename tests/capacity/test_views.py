from datetime import date

import pytest

from nakhon.capacity.models import (
    Assessment,
    Person,
    ProficiencyLevel,
    SkillArea,
    SkillFramework,
    TargetLevel,
)
from nakhon.capacity.services import (
    assessments,
    people,
    proficiency_levels,
    skill_areas,
    skill_frameworks,
    target_levels,
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


class TestProficiencyLevelViews(FrameworkPart, ViewTestCases):
    model = ProficiencyLevel
    url_base = "capacity:proficiencylevel"

    def make_object(self, actor, unit, index=0):
        return proficiency_levels.create(
            actor, framework=self.framework, level=10 + index, name=f"ระดับ {index}"
        )

    def create_data(self, unit):
        return {"framework": self.framework.pk, "level": "7", "name": "ระดับเจ็ด"}

    def update_data(self, obj):
        return {"framework": obj.framework_id, "level": obj.level, "name": "ชื่อใหม่"}

    def invalid_data(self, unit):
        return {"framework": self.framework.pk, "level": "-1", "name": ""}


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


class TestTargetLevelViews(FrameworkPart, ViewTestCases):
    model = TargetLevel
    url_base = "capacity:targetlevel"

    def make_object(self, actor, unit, index=0):
        area = skill_areas.create(
            actor, framework=self.framework, code=f"t-{index}", name=f"ด้าน {index}", kind="core"
        )
        return target_levels.create(
            actor, area=area, personnel_group="it", role_level="executive", level=index % 5
        )

    def create_data(self, unit):
        return {
            "area": self.framework.literacy.pk,
            "personnel_group": "it",
            "role_level": "executive",
            "level": "4",
        }

    def update_data(self, obj):
        return {
            "area": obj.area_id,
            "personnel_group": obj.personnel_group,
            "role_level": obj.role_level,
            "level": "2",
        }

    def invalid_data(self, unit):
        # Level 9 is not on the framework's scale (0-4).
        return {
            "area": self.framework.literacy.pk,
            "personnel_group": "it",
            "role_level": "executive",
            "level": "9",
        }


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
