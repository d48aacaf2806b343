"""The API of events and mentoring: the generic cases for every model, the sign-in sheet's plan
and confirmation, the roll-ups and the people it may name."""

from datetime import date

import pytest
from django.urls import reverse

from nakhon.capacity.event_services import registrations
from nakhon.capacity.mentoring_services import (
    assignments,
    mentoring_actions,
    mentoring_sessions,
)
from nakhon.capacity.models import (
    Attendance,
    Event,
    MentorAssignment,
    MentoringAction,
    MentoringSession,
    Registration,
)
from nakhon.core.permissions import Role
from tests.capacity.test_event_views import consultant, new_event, new_person, new_session
from tests.capacity.test_signin import SHEET, as_csv
from tests.cases.api import APIViewTestCase, api_client


class TestEventAPI(APIViewTestCase):
    url_name = "capacity-api:event"
    model = Event
    update_data = {"name": "สัมมนา (แก้)"}

    def make_object(self, owner):
        return new_event(self.system_actor, owner)

    def create_data(self, owner):
        return {"kind": "seminar", "name": "สัมมนาเปิดโครงการ", "owner_unit": str(owner.pk)}


class PersonalRowAPI(APIViewTestCase):
    """Rows that name a person: a viewer (who sees nobody's personal data) finds none of them,
    and a unit editor of another unit cannot even name the person."""

    def test_viewer_reads_but_may_not_write(self):
        obj = self.make_object(self.unit_a)
        client = api_client(self.make_user(Role.VIEWER, self.unit_a))
        assert client.get(self.list_url()).json()["count"] == 0
        assert client.get(self.detail_url(obj)).status_code == 404
        body = self.create_data(self.unit_a)
        # A viewer writes nothing: refused for the role, before any row is looked up.
        assert client.post(self.list_url(), body, format="json").status_code == 403
        assert client.delete(self.detail_url(obj, version=obj.version)).status_code == 403
        assert self.model.objects.filter(pk=obj.pk).exists()

    def test_unit_editor_may_not_write_another_units_objects(self):
        obj = self.make_object(self.unit_b)
        client = api_client(self.make_user(Role.UNIT_EDITOR, self.unit_a))
        response = client.post(self.list_url(), self.create_data(self.unit_b), format="json")
        assert response.status_code == 400  # the person is not one they may see
        assert "does not exist" in str(response.json())
        body = {**self.update_data, "version": obj.version}
        assert client.patch(self.detail_url(obj), body, format="json").status_code == 404
        assert self.model.objects.get(pk=obj.pk).version == obj.version


class TestRegistrationAPI(PersonalRowAPI):
    url_name = "capacity-api:registration"
    model = Registration
    update_data = {"documentation": "ลงทะเบียนแทน"}

    def make_object(self, owner):
        actor = self.system_actor
        return registrations.create(
            actor, event=new_event(actor, owner), person=new_person(actor, owner)
        )

    def create_data(self, owner):
        event, person = new_event(self.system_actor, owner), new_person(self.system_actor, owner)
        return {"event": str(event.pk), "person": str(person.pk)}


class NamesPeopleAPI(APIViewTestCase):
    """Rows anyone reads that name a person (a consultant, an action's owner): a viewer reads
    them but cannot write them (403)."""

    def test_viewer_reads_but_may_not_write(self):
        obj = self.make_object(self.unit_a)
        client = api_client(self.make_user(Role.VIEWER, self.unit_a))
        assert client.get(self.detail_url(obj)).status_code == 200
        body = self.create_data(self.unit_a)
        assert client.post(self.list_url(), body, format="json").status_code == 403
        patch = {**self.update_data, "version": obj.version}
        assert client.patch(self.detail_url(obj), patch, format="json").status_code == 403
        assert client.delete(self.detail_url(obj, version=obj.version)).status_code == 403
        assert self.model.objects.get(pk=obj.pk).version == obj.version


class TestMentorAssignmentAPI(NamesPeopleAPI):
    url_name = "capacity-api:mentor-assignment"
    model = MentorAssignment
    update_data = {"ends_on": "2020-09-30"}
    unit_editors_write = False

    def make_object(self, owner):
        return assignments.create(
            self.system_actor,
            consultant=consultant(self.system_actor),
            unit=owner,
            starts_on=date(2019, 11, 1),
        )

    def create_data(self, owner):
        return {
            "consultant": str(consultant(self.system_actor).pk),
            "unit": str(owner.pk),
            "starts_on": "2019-11-01",
        }

    def test_unit_editor_may_not_write_another_units_objects(self):
        """Assignments are the EA office's: an editor may not change or delete one."""
        obj = self.make_object(self.unit_b)
        client = api_client(self.make_user(Role.UNIT_EDITOR, self.unit_a))
        body = {**self.update_data, "version": obj.version}
        assert client.patch(self.detail_url(obj), body, format="json").status_code == 403
        assert client.delete(self.detail_url(obj, version=obj.version)).status_code == 403


class TestMentoringSessionAPI(APIViewTestCase):
    url_name = "capacity-api:mentoring-session"
    model = MentoringSession
    update_data = {"topic": "ทบทวนแผนภาพบริการ"}

    def make_object(self, owner):
        return mentoring_sessions.create(
            self.system_actor, unit=owner, held_on=date(2020, 1, 10), topic="ทบทวน"
        )

    def create_data(self, owner):
        element = self.make_element("ApplicationComponent", owner=owner)
        return {
            "unit": str(owner.pk),
            "held_on": "2020-01-10",
            "topic": "ทบทวนสถาปัตยกรรม",
            "elements": [str(element.pk)],
        }


class TestMentoringActionAPI(NamesPeopleAPI):
    url_name = "capacity-api:mentoring-action"
    model = MentoringAction
    update_data = {"status": "done"}

    def make_object(self, owner):
        session = mentoring_sessions.create(
            self.system_actor, unit=owner, held_on=date(2020, 1, 10), topic="ทบทวน"
        )
        return mentoring_actions.create(
            self.system_actor,
            session=session,
            description="ปรับแผนภาพ",
            owner=new_person(self.system_actor, owner),
            due_on=date(2020, 2, 1),
        )

    def create_data(self, owner):
        session = mentoring_sessions.create(
            self.system_actor, unit=owner, held_on=date(2020, 1, 10), topic="ทบทวน"
        )
        return {
            "session": str(session.pk),
            "description": "จัดทำแผนภาพ",
            "owner": str(new_person(self.system_actor, owner).pk),
            "due_on": "2020-02-01",
        }

    def test_unit_editor_may_not_write_another_units_objects(self):
        obj = self.make_object(self.unit_b)
        client = api_client(self.make_user(Role.UNIT_EDITOR, self.unit_a))
        body = {**self.update_data, "version": obj.version}
        assert client.patch(self.detail_url(obj), body, format="json").status_code == 403
        assert client.delete(self.detail_url(obj, version=obj.version)).status_code == 403
        assert self.model.objects.get(pk=obj.pk).version == obj.version


# Sessions, attendance, evaluations and materials share the generic cases' code paths (the
# generic view set and serializer); their own rules are checked here, to keep the suite fast.


@pytest.mark.django_db
def test_the_other_endpoints_write_through_the_service_and_keep_people_private(
    system_actor, unit_a, make_user
):
    ea_office = api_client(make_user(Role.EA_OFFICE))
    event = new_event(system_actor, unit_a)
    person = new_person(system_actor, unit_a)
    created = {}
    for name, body in [
        ("session", {"event": str(event.pk), "starts_at": "2019-10-15T09:00:00+07:00"}),
        ("material", {"event": str(event.pk), "title": "สไลด์", "link": "https://e.org/a"}),
        ("evaluation", {"event": str(event.pk), "satisfaction": 4, "pre_test": "55.50"}),
    ]:
        response = ea_office.post(reverse(f"capacity-api:{name}-list"), body, format="json")
        assert response.status_code == 201, response.json()
        created[name] = response.json()
    body = {"session": created["session"]["id"], "person": str(person.pk)}
    response = ea_office.post(reverse("capacity-api:attendance-list"), body, format="json")
    assert response.status_code == 201 and response.json()["source"] == "form"
    # Unknown is a value: an evaluation without a post-test keeps it null.
    assert created["evaluation"]["post_test"] is None
    assert created["evaluation"]["pre_test"] == "55.50"
    # A second attendance of the same person at the same session is refused with a message.
    again = ea_office.post(reverse("capacity-api:attendance-list"), body, format="json")
    assert again.status_code == 400 and again.json()
    bad = {"event": str(event.pk), "satisfaction": 6, "pre_test": "101"}
    refused = ea_office.post(reverse("capacity-api:evaluation-list"), bad, format="json")
    assert refused.status_code == 400 and {"satisfaction", "pre_test"} <= set(refused.json())
    viewer = api_client(make_user(Role.VIEWER, unit_a))
    assert viewer.get(reverse("capacity-api:attendance-list")).json()["count"] == 0
    assert viewer.get(reverse("capacity-api:session-list")).json()["count"] == 1
    editor_b = api_client(make_user(Role.UNIT_EDITOR, None))
    session = reverse("capacity-api:session-detail", args=[created["session"]["id"]])
    patch = {"venue": "x", "version": 1}
    assert editor_b.patch(session, patch, format="json").status_code == 403


@pytest.mark.django_db
def test_sign_in_sheet_through_the_api(system_actor, unit_a, make_user):
    from nakhon.capacity.services import people

    for name in ["สมชาย ใจดี", "สมหญิง รักเรียน", "ประเสริฐ ศรีสุข", "วิไลวรรณ แก้วมณี"]:
        people.create(
            system_actor, name=name, unit=unit_a, personnel_group="it", role_level="operational"
        )
    session = new_session(system_actor, unit_a)
    client = api_client(make_user(Role.EA_OFFICE))
    url = reverse("capacity-api:session-sign-in-sheet", args=[session.pk])
    upload = as_csv(SHEET)
    upload.name = "sheet.csv"
    plan = client.post(url, {"file": upload}, format="multipart")
    assert plan.status_code == 200, plan.json()
    body = plan.json()
    assert body["counts"]["taken"] == 2 and body["counts"]["review"] == 2
    assert body["counts"]["unmatched"] == 1
    confirm = reverse("capacity-api:session-confirm-sign-in-sheet", args=[session.pk])
    refused = client.post(confirm, {"token": body["token"]}, format="json")
    assert refused.status_code == 400 and len(refused.json()["non_field_errors"]) == 2
    assert not Attendance.objects.exists()
    decisions = {line["field_name"]: "" for line in body["lines"] if line["outcome"] == "review"}
    done = client.post(confirm, {"token": body["token"], "decisions": decisions}, format="json")
    assert done.status_code == 201 and len(done.json()["recorded"]) == 2
    assert Attendance.objects.filter(session=session).count() == 2


@pytest.mark.django_db
def test_a_bad_sheet_is_a_400_naming_the_problem(system_actor, unit_a, make_user):
    session = new_session(system_actor, unit_a)
    client = api_client(make_user(Role.EA_OFFICE))
    url = reverse("capacity-api:session-sign-in-sheet", args=[session.pk])
    upload = as_csv([["", "สนย.", "✓"]])
    upload.name = "sheet.csv"
    response = client.post(url, {"file": upload}, format="multipart")
    assert response.status_code == 400 and "row 2" in response.json()["file"][0]
