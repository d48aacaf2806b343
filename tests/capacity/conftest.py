"""A small framework and people to rate, written through the services."""

import itertools

import pytest

from nakhon.capacity.services import (
    people,
    proficiency_levels,
    skill_areas,
    skill_frameworks,
    target_levels,
)

_counter = itertools.count()


@pytest.fixture
def framework(system_actor):
    """Levels 0-4; two areas; targets for IT and non-IT operational staff."""
    framework = skill_frameworks.create(
        system_actor,
        code="test-framework",
        name="กรอบทดสอบ",
        name_en="Test framework",
        edition="1",
        is_active=True,
    )
    for level in range(5):
        proficiency_levels.create(
            system_actor, framework=framework, level=level, name=f"ระดับ {level}"
        )
    literacy = skill_areas.create(
        system_actor,
        framework=framework,
        code="literacy",
        name="การรู้ดิจิทัล",
        name_en="Digital literacy",
        kind="core",
        order=1,
    )
    technology = skill_areas.create(
        system_actor,
        framework=framework,
        code="technology",
        name="เทคโนโลยีดิจิทัล",
        name_en="Digital technology",
        kind="optional",
        order=2,
    )
    for area, group, role_level, level in [
        (literacy, "it", "operational", 3),
        (literacy, "non_it", "operational", 2),
        (technology, "it", "operational", 4),
        (technology, "non_it", "operational", 1),
    ]:
        target_levels.create(
            system_actor, area=area, personnel_group=group, role_level=role_level, level=level
        )
    framework.literacy, framework.technology = literacy, technology
    return framework


@pytest.fixture
def make_person(system_actor):
    def make(unit=None, name=None, **values):
        values.setdefault("personnel_group", "it")
        values.setdefault("role_level", "operational")
        return people.create(
            system_actor, name=name or f"สมชาย ทดสอบ {next(_counter)}", unit=unit, **values
        )

    return make
