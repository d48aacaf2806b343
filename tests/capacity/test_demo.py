"""The capacity part of the Bangkok demo, loaded once for the module (see tests/conftest.py)."""

from collections import Counter

import pytest

from nakhon.capacity import dashboards
from nakhon.capacity.models import Assessment, Person, SkillFramework
from nakhon.core.models import ChangeLogEntry
from nakhon.demo import bangkok, capacity_skills, sample
from nakhon.organization.models import UnitKind

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("bangkok_demo")]


def test_about_200_invented_people_across_every_department_and_district():
    # The staff, without the programme's university consultants (capacity_events).
    staff = Person.objects.exclude(programme_role="consultant")
    assert staff.count() == 200
    kinds = Counter(staff.values_list("unit__kind", flat=True))
    assert kinds[UnitKind.DISTRICT_OFFICE] == 100
    assert kinds[UnitKind.DEPARTMENT] + kinds[UnitKind.OFFICE] == 100
    units = set(staff.values_list("unit", flat=True))
    assert len(units) == 16 + 3 + 50
    roles = Counter(Person.objects.values_list("programme_role", flat=True))
    assert (roles["cio"], roles["liaison"], roles["reviewer"]) == (19, 69, 5)
    assert len(set(staff.values_list("name", flat=True))) == 200


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
    for kind in sample.ADD_ON_KIND_LABELS:
        assert summary.counts[kind]["unchanged"] == summary.total(kind) > 0
    assert ChangeLogEntry.objects.count() == log_size


# Events and mentoring (nakhon.demo.capacity_events), in the same module so that the demo loads
# once.


def test_the_opening_seminar_of_15_october_2562():
    from django.utils import translation

    from nakhon.capacity.event_rollups import event_figures
    from nakhon.capacity.models import Event

    seminar = Event.objects.get(code="ea-opening-2562")
    (opening,) = seminar.sessions.all()
    with translation.override("th"):
        assert "15 ต.ค. 2562 09:00" in str(opening)
    assert opening.presiding == "รองปลัดกรุงเทพมหานคร" and "โรงแรม" in opening.venue
    registered = set(seminar.registrations.values_list("person__programme_role", flat=True))
    assert registered == {"cio"} and seminar.registrations.count() == 16 + 3
    figures = event_figures(seminar)
    assert 0 < figures.came <= 19 and figures.satisfaction.answered > 0
    workshops = Event.objects.filter(kind="workshop")
    assert workshops.count() == 3
    assert all(event_figures(w).post_test.answered > 0 for w in workshops)


def test_consultants_mentor_ten_units_with_some_actions_overdue():
    from nakhon.capacity.models import MentorAssignment, MentoringAction, MentoringSession

    assert MentorAssignment.objects.values("unit").distinct().count() == 10
    consultants = Person.objects.filter(programme_role="consultant")
    assert consultants.count() == 4 and not consultants.filter(unit__isnull=False).exists()
    assert MentoringSession.objects.filter(views__isnull=False).exists()
    assert MentoringSession.objects.filter(elements__isnull=False).exists()
    overdue = MentoringAction.objects.overdue()
    assert 0 < overdue.count() < MentoringAction.objects.count()


def test_the_demo_pages_of_events_and_mentoring_render(client, django_user_model):
    from django.urls import reverse

    from nakhon.capacity.models import Event, MentoringSession, Session
    from nakhon.core.permissions import Role

    client.force_login(django_user_model.objects.create_user("ea", role=Role.EA_OFFICE))
    seminar = Event.objects.get(code="ea-opening-2562")
    for url in (
        reverse("capacity:event_list"),
        seminar.get_absolute_url(),
        Session.objects.filter(event=seminar).get().get_absolute_url(),
        MentoringSession.objects.first().get_absolute_url(),
        reverse("capacity:mentoringaction_list") + "?overdue=true",
    ):
        assert client.get(url).status_code == 200, url
