"""The capacity part of the Bangkok demo, loaded once for the module (see tests/conftest.py)."""

from collections import Counter

import pytest

from nakhon.capacity import dashboards
from nakhon.capacity.models import Assessment, Person, SkillFramework
from nakhon.core.models import ChangeLogEntry
from nakhon.demo import bangkok, capacity_skills
from nakhon.organization.models import UnitKind

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("bangkok_demo")]


def test_about_200_invented_people_across_every_department_and_district():
    assert Person.objects.count() == 200
    kinds = Counter(Person.objects.values_list("unit__kind", flat=True))
    assert kinds[UnitKind.DISTRICT_OFFICE] == 100
    assert kinds[UnitKind.DEPARTMENT] + kinds[UnitKind.OFFICE] == 100
    units = set(Person.objects.values_list("unit", flat=True))
    assert len(units) == 16 + 3 + 50
    roles = Counter(Person.objects.values_list("programme_role", flat=True))
    assert (roles["cio"], roles["liaison"], roles["reviewer"]) == (19, 69, 5)
    assert len(set(Person.objects.values_list("name", flat=True))) == 200


def test_every_rating_keeps_its_framework_and_the_gap_closes_over_time():
    by_framework = Counter(Assessment.objects.values_list("framework__code", flat=True))
    assert set(by_framework) == {"ocsc-dga-2566", "ocsc-2561", "bma-ea-2562"}
    assert SkillFramework.active().code == "ocsc-dga-2566"
    board = dashboards.build(None, withhold=False)
    assert board.people == 200 and board.assessed == 200
    for area_id, now in board.by_area.items():
        baseline = board.baseline_by_area[area_id]
        assert now.value <= baseline.value, (area_id, now, baseline)
    assert len(board.district_progress) == 50
    statistics = dashboards.open_statistics()
    assert statistics and all(
        row["average_gap"] is None or row["people_assessed"] >= dashboards.MIN_PEOPLE
        for row in statistics
    )


def test_the_people_are_the_same_on_every_generation():
    first, second = capacity_skills.person_specs(), capacity_skills.person_specs()
    assert first == second and len(first) == 200


def test_loading_again_changes_nothing():
    log_size = ChangeLogEntry.objects.count()
    summary = bangkok.load()
    for kind in ("capacity_frameworks", "capacity_people", "capacity_ratings"):
        assert summary.counts[kind]["unchanged"] == summary.total(kind) > 0
    assert ChangeLogEntry.objects.count() == log_size
