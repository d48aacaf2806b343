"""Attendance and evaluation roll-ups, with the numbers worked out by hand; capacity; the
service rules of events."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from nakhon.capacity.event_rollups import event_figures
from nakhon.capacity.event_services import (
    attendance,
    evaluations,
    events,
    registrations,
    sessions,
)
from nakhon.capacity.models import Attendance, Registration, Session
from nakhon.core.models import ChangeLogEntry
from tests.capacity import events_fixtures

pytestmark = pytest.mark.django_db
workshop = events_fixtures.workshop


@pytest.fixture
def crowd(workshop, make_person, unit_a, system_actor):
    """A, B, C and D registered; session 1: A, B, C and E (who had not registered); session 2:
    A and B. Evaluations: A (5, 40 → 80), B (4, 60 → not taken), C (not answered, not taken →
    70), one anonymous (2, 50 → 65)."""
    people = {key: make_person(unit_a, name=f"ผู้เข้าร่วม {key}") for key in "ABCDE"}
    for key in "ABCD":
        registrations.create(system_actor, event=workshop, person=people[key])
    for session, keys in ((workshop.first, "ABCE"), (workshop.second, "AB")):
        for key in keys:
            attendance.create(system_actor, session=session, person=people[key])
    for person, satisfaction, pre, post in [
        (people["A"], 5, "40", "80"),
        (people["B"], 4, "60", None),
        (people["C"], None, None, "70"),
        (None, 2, "50", "65"),
    ]:
        evaluations.create(
            system_actor,
            event=workshop,
            person=person,
            satisfaction=satisfaction,
            pre_test=pre,
            post_test=post,
        )
    return people


def test_attendance_roll_up(workshop, crowd):
    figures = event_figures(workshop)
    first, second = figures.sessions
    assert figures.registered == 4
    # Session 1: A, B, C of the 4 registered came (75%), and E, who had not registered.
    assert (first.attended, first.attended_registered, first.walk_ins) == (4, 3, 1)
    assert first.rate == Decimal("75.00")
    # Session 2: A and B of 4 (50%).
    assert (second.attended, second.rate) == (2, Decimal("50.00"))
    # Over both sessions: 3 + 2 attendances of 4 × 2 possible = 62.5%.
    assert figures.rate == Decimal("62.50")
    # A, B, C, E came to at least one session; A and B to both.
    assert (figures.came, figures.came_to_all) == (4, 2)


def test_evaluation_averages_count_only_those_who_answered(workshop, crowd):
    figures = event_figures(workshop)
    # (5 + 4 + 2) / 3 = 3.666…, by 3 of the 4 evaluations.
    assert (figures.satisfaction.value, figures.satisfaction.answered) == (Decimal("3.67"), 3)
    assert figures.satisfaction.of == 4
    # (40 + 60 + 50) / 3 = 50; (80 + 70 + 65) / 3 = 71.666…
    assert (figures.pre_test.value, figures.pre_test.answered) == (Decimal("50.00"), 3)
    assert (figures.post_test.value, figures.post_test.answered) == (Decimal("71.67"), 3)
    # Only A (+40) and the anonymous one (+15) took both: (40 + 15) / 2 = 27.5.
    assert (figures.gain.value, figures.gain.answered) == (Decimal("27.50"), 2)


def test_nothing_to_count_is_not_known_rather_than_zero(workshop):
    figures = event_figures(workshop)
    assert figures.rate is None and figures.sessions[0].rate is None
    assert (figures.satisfaction.value, figures.satisfaction.answered) == (None, 0)
    assert (figures.gain.value, figures.came) == (None, 0)


def test_the_event_page_shows_the_figures(admin_client, workshop, crowd):
    page = admin_client.get(workshop.get_absolute_url()).content.decode()
    assert "62.50%" in page and "3.67" in page and "3 of 4 answered" in page
    session = admin_client.get(workshop.first.get_absolute_url()).content.decode()
    assert "75.00%" in session and "3 of 4 registered" in session


def test_registration_is_refused_once_the_smallest_session_is_full(
    workshop, make_person, unit_a, system_actor
):
    sessions.update(system_actor, workshop.first, version=None, capacity=5)
    sessions.update(system_actor, workshop.second, version=None, capacity=2)
    first, second, third = (make_person(unit_a) for _ in range(3))
    registrations.create(system_actor, event=workshop, person=first)
    registrations.create(system_actor, event=workshop, person=second)
    entries = ChangeLogEntry.objects.count()
    with pytest.raises(ValidationError, match="is full: all 2 places are taken"):
        registrations.create(system_actor, event=workshop, person=third)
    assert Registration.objects.count() == 2 and ChangeLogEntry.objects.count() == entries
    # Nor may a session shrink below those registered.
    with pytest.raises(ValidationError, match="2 people have registered"):
        sessions.update(system_actor, workshop.second, version=None, capacity=1)


def test_a_full_event_says_so_on_the_registration_form(
    admin_client, workshop, make_person, unit_a, system_actor
):
    from django.urls import reverse

    sessions.update(system_actor, workshop.first, version=None, capacity=1)
    registrations.create(system_actor, event=workshop, person=make_person(unit_a))
    data = {"event": workshop.pk, "person": make_person(unit_a).pk}
    response = admin_client.post(reverse("capacity:registration_add"), data)
    assert response.status_code == 400 and "is full" in response.content.decode()


def test_a_session_ends_after_it_starts(workshop, system_actor):
    with pytest.raises(ValidationError, match="ends after it starts"):
        sessions.create(
            system_actor,
            event=workshop,
            starts_at=events_fixtures.at(15, 13),
            ends_at=events_fixtures.at(15, 9),
        )


def test_deleting_an_event_deletes_and_logs_what_is_under_it(
    workshop, make_person, unit_a, system_actor
):
    person = make_person(unit_a)
    registrations.create(system_actor, event=workshop, person=person)
    attendance.create(system_actor, session=workshop.first, person=person)
    events.delete(system_actor, workshop, version=None)
    assert not Session.objects.exists() and not Attendance.objects.exists()
    deleted = ChangeLogEntry.objects.filter(action="delete")
    assert deleted.count() == 5  # the event, two sessions, a registration, an attendance


def test_session_dates_are_shown_in_the_buddhist_era_in_thai(admin_client, workshop):
    from django.utils import translation

    with translation.override("th"):
        label = str(workshop.first)
    assert "15 ต.ค. 2562 09:00" in label
