"""The pages of events and mentoring: the generic cases for every model, and what the pages add
(the people they may name, files, overdue actions)."""

import itertools
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from nakhon.capacity.event_services import (
    attendance,
    evaluations,
    events,
    materials,
    registrations,
    sessions,
)
from nakhon.capacity.mentoring_services import (
    assignments,
    mentoring_actions,
    mentoring_sessions,
)
from nakhon.capacity.models import (
    Attendance,
    Evaluation,
    Event,
    Material,
    MentorAssignment,
    MentoringAction,
    MentoringSession,
    Registration,
    Session,
)
from nakhon.capacity.services import people
from nakhon.core.permissions import Role
from tests.capacity.events_fixtures import at
from tests.cases.ui import ViewTestCases

pytestmark = pytest.mark.django_db
_counter = itertools.count()


def new_event(actor, unit, index=0):
    return events.create(
        actor, kind="workshop", name=f"อบรม {index}-{next(_counter)}", owner_unit=unit
    )


def new_session(actor, unit, index=0):
    return sessions.create(
        actor, event=new_event(actor, unit, index), starts_at=at(15, 9), venue="ห้อง 1"
    )


def new_person(actor, unit, role="participant"):
    return people.create(
        actor,
        name=f"บุคคล ทดสอบ{next(_counter)}",
        unit=unit,
        personnel_group="it",
        role_level="operational",
        programme_role=role,
    )


def consultant(actor):
    return new_person(actor, None, "consultant")


class TestEventViews(ViewTestCases):
    url_base = "capacity:event"
    model = Event

    def make_object(self, actor, unit, index=0):
        return new_event(actor, unit, index)

    def create_data(self, unit):
        return {"kind": "seminar", "name": "สัมมนาเปิดโครงการ", "owner_unit": unit.pk}

    def update_data(self, obj):
        return {"kind": obj.kind, "name": obj.name + " (แก้)", "owner_unit": obj.owner_unit_id}

    def invalid_data(self, unit):
        return {"kind": "party", "name": "", "owner_unit": unit.pk}


class TestSessionViews(ViewTestCases):
    url_base = "capacity:session"
    model = Session

    def make_object(self, actor, unit, index=0):
        return new_session(actor, unit, index)

    def create_data(self, unit):
        event = new_event(self.actor, unit)
        return {"event": event.pk, "starts_at": "2019-10-15T09:00", "venue": "ห้องประชุม"}

    def update_data(self, obj):
        return {"event": obj.event_id, "starts_at": "2019-10-15T13:00", "venue": "ห้องใหม่"}

    def invalid_data(self, unit):
        return {"event": "", "starts_at": "not a time"}

    @pytest.fixture(autouse=True)
    def keep_actor(self, system_actor):
        self.actor = system_actor


class PersonalRowViews(ViewTestCases):
    """Rows that name a person: a viewer of another unit does not see them at all."""

    def test_viewer_may_read_but_not_write(self, client, system_actor, unit_a, make_user):
        obj = self.make_object(system_actor, unit_a)
        client.force_login(make_user(Role.VIEWER, unit_a))
        assert client.get(self.url("", obj)).status_code == 404
        assert client.get(self.url("_edit", obj)).status_code == 404
        assert obj.get_absolute_url() not in client.get(self.url("_list")).content.decode()
        assert self.model.objects.filter(pk=obj.pk).exists()

    @pytest.fixture(autouse=True)
    def keep_actor(self, system_actor):
        self.actor = system_actor


class TestRegistrationViews(PersonalRowViews):
    url_base = "capacity:registration"
    model = Registration

    def make_object(self, actor, unit, index=0):
        return registrations.create(
            actor, event=new_event(actor, unit), person=new_person(actor, unit)
        )

    def create_data(self, unit):
        event, person = new_event(self.actor, unit), new_person(self.actor, unit)
        return {"event": event.pk, "person": person.pk}

    def update_data(self, obj):
        return {"event": obj.event_id, "person": obj.person_id, "documentation": "มาแทน"}

    def invalid_data(self, unit):
        return {"event": "", "person": ""}


class TestAttendanceViews(PersonalRowViews):
    url_base = "capacity:attendance"
    model = Attendance

    def make_object(self, actor, unit, index=0):
        return attendance.create(
            actor, session=new_session(actor, unit), person=new_person(actor, unit)
        )

    def create_data(self, unit):
        session, person = new_session(self.actor, unit), new_person(self.actor, unit)
        return {"session": session.pk, "person": person.pk}

    def update_data(self, obj):
        return {"session": obj.session_id, "person": obj.person_id, "documentation": "มาสาย"}

    def invalid_data(self, unit):
        return {"session": "", "person": ""}


class TestEvaluationViews(PersonalRowViews):
    url_base = "capacity:evaluation"
    model = Evaluation

    def make_object(self, actor, unit, index=0):
        return evaluations.create(
            actor,
            event=new_event(actor, unit),
            person=new_person(actor, unit),
            satisfaction=4,
        )

    def create_data(self, unit):
        event = new_event(self.actor, unit)
        return {"event": event.pk, "satisfaction": 5, "pre_test": "40", "post_test": "80"}

    def update_data(self, obj):
        return {"event": obj.event_id, "person": obj.person_id, "satisfaction": 3}

    def invalid_data(self, unit):
        return {"event": "", "satisfaction": 6, "pre_test": "101"}


class TestMaterialViews(ViewTestCases):
    url_base = "capacity:material"
    model = Material

    def make_object(self, actor, unit, index=0):
        return materials.create(
            actor,
            event=new_event(actor, unit),
            title=f"สไลด์ {index}",
            link="https://example.org/slides.pdf",
        )

    def create_data(self, unit):
        event = new_event(self.actor, unit)
        return {"event": event.pk, "title": "เอกสารประกอบ", "link": "https://example.org/a"}

    def update_data(self, obj):
        return {"event": obj.event_id, "title": "เอกสารใหม่", "link": obj.link}

    def invalid_data(self, unit):
        return {"event": "", "title": "", "link": "not a link"}

    @pytest.fixture(autouse=True)
    def keep_actor(self, system_actor, settings, tmp_path):
        self.actor = system_actor
        settings.MEDIA_ROOT = tmp_path

    def test_an_uploaded_file_is_served_to_readers_only_through_its_page(
        self, admin_client, client, unit_a, make_user
    ):
        event = new_event(self.actor, unit_a)
        upload = SimpleUploadedFile("สไลด์.pdf", b"%PDF-1.4 slides", "application/pdf")
        response = admin_client.post(
            reverse("capacity:material_add"), {"event": event.pk, "title": "สไลด์", "file": upload}
        )
        assert response.status_code == 302, response.content.decode()[-2000:]
        material = Material.objects.get(event=event)
        client.force_login(make_user(Role.VIEWER, unit_a))
        served = client.get(reverse("capacity:material_file", args=[material.pk]))
        assert served.status_code == 200
        assert b"".join(served.streaming_content) == b"%PDF-1.4 slides"

    def test_a_file_too_large_or_of_a_strange_kind_is_refused(self, admin_client, unit_a, settings):
        settings.NAKHON_MAX_MATERIAL_BYTES = 10
        event = new_event(self.actor, unit_a)
        for name, content, message in [
            ("big.pdf", b"x" * 11, "larger than"),
            ("run.exe", b"MZ", "Materials are files of these kinds"),
        ]:
            upload = SimpleUploadedFile(name, content)
            data = {"event": event.pk, "title": "x", "file": upload}
            response = admin_client.post(reverse("capacity:material_add"), data)
            assert response.status_code == 400 and message in response.content.decode()
        assert not Material.objects.exists()

    def test_a_link_and_a_file_together_are_refused(self, admin_client, unit_a):
        event = new_event(self.actor, unit_a)
        data = {"event": event.pk, "title": "x", "link": ""}
        response = admin_client.post(reverse("capacity:material_add"), data)
        assert (
            response.status_code == 400 and "either a link or a file" in response.content.decode()
        )


class TestMentorAssignmentViews(ViewTestCases):
    url_base = "capacity:mentorassignment"
    model = MentorAssignment

    def make_object(self, actor, unit, index=0):
        return assignments.create(
            actor, consultant=consultant(actor), unit=unit, starts_on=date(2019, 11, 1)
        )

    def create_data(self, unit):
        return {"consultant": consultant(self.actor).pk, "unit": unit.pk, "starts_on": "2019-11-01"}

    def update_data(self, obj):
        return {
            "consultant": obj.consultant_id,
            "unit": obj.unit_id,
            "starts_on": "2019-11-01",
            "ends_on": "2020-09-30",
        }

    def invalid_data(self, unit):
        return {"consultant": unit.pk, "unit": unit.pk, "starts_on": "2019-11-01"}

    @pytest.fixture(autouse=True)
    def keep_actor(self, system_actor):
        self.actor = system_actor

    def test_a_viewer_does_not_see_the_consultants_name(
        self, client, unit_a, make_user, system_actor
    ):
        obj = self.make_object(system_actor, unit_a)
        client.force_login(make_user(Role.VIEWER, unit_a))
        page = client.get(obj.get_absolute_url()).content.decode()
        assert obj.consultant.name not in page and "not shown" in page
        listing = client.get(reverse("capacity:mentorassignment_list")).content.decode()
        assert obj.consultant.name not in listing


class TestMentoringSessionViews(ViewTestCases):
    url_base = "capacity:mentoringsession"
    model = MentoringSession

    def make_object(self, actor, unit, index=0):
        return mentoring_sessions.create(
            actor, unit=unit, held_on=date(2020, 1, 10), topic=f"ทบทวนสถาปัตยกรรม {index}"
        )

    def create_data(self, unit):
        return {
            "unit": unit.pk,
            "held_on": "2020-01-10",
            "topic": "ทบทวนแผนภาพ",
            "consultants": [consultant(self.actor).pk],
        }

    def update_data(self, obj):
        return {"unit": obj.unit_id, "held_on": "2020-01-11", "topic": obj.topic}

    def test_a_unit_editor_adds_what_their_unit_may_own(self, client, unit_a, make_user):
        """A unit's editor logs its sessions; the consultants, who belong to no unit, are not
        theirs to name (the EA office adds them)."""
        client.force_login(make_user(Role.UNIT_EDITOR, unit_a))
        data = {**self.create_data(unit_a), "consultants": []}
        response = client.post(self.url("_add"), data)
        assert response.status_code == 302, response.content.decode()[-2000:]
        assert self.model.objects.filter(unit=unit_a, topic="ทบทวนแผนภาพ").exists()

    def invalid_data(self, unit):
        return {"unit": unit.pk, "held_on": "", "topic": ""}

    @pytest.fixture(autouse=True)
    def keep_actor(self, system_actor):
        self.actor = system_actor

    def test_reviewed_elements_and_views_are_linked(self, admin_client, unit_a, make_element):
        element = make_element("ApplicationComponent", name="ระบบงานทะเบียน", owner=unit_a)
        session = mentoring_sessions.create(
            self.actor, unit=unit_a, held_on=date(2020, 1, 10), topic="x", elements=[element]
        )
        page = admin_client.get(session.get_absolute_url()).content.decode()
        assert element.get_absolute_url() in page

    def test_a_participant_cannot_be_named_a_consultant(self, unit_a):
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError, match="Not consultants"):
            mentoring_sessions.create(
                self.actor,
                unit=unit_a,
                held_on=date(2020, 1, 10),
                topic="x",
                consultants=[new_person(self.actor, unit_a)],
            )
        assert not MentoringSession.objects.exists()


class TestMentoringActionViews(ViewTestCases):
    url_base = "capacity:mentoringaction"
    model = MentoringAction

    def make_object(self, actor, unit, index=0):
        session = mentoring_sessions.create(
            actor, unit=unit, held_on=date(2020, 1, 10), topic=f"หัวข้อ {index}"
        )
        return mentoring_actions.create(
            actor,
            session=session,
            description=f"ปรับปรุงแผนภาพ {index}",
            owner=new_person(actor, unit),
            due_on=date(2020, 2, 1),
        )

    def create_data(self, unit):
        session = mentoring_sessions.create(
            self.actor, unit=unit, held_on=date(2020, 1, 10), topic="หัวข้อ"
        )
        return {
            "session": session.pk,
            "description": "จัดทำแผนภาพบริการ",
            "owner": new_person(self.actor, unit).pk,
            "due_on": "2020-02-01",
            "status": "open",
        }

    def update_data(self, obj):
        return {
            "session": obj.session_id,
            "description": obj.description,
            "owner": obj.owner_id,
            "due_on": "2020-02-01",
            "status": "done",
        }

    def invalid_data(self, unit):
        return {"description": "", "status": "lost", "due_on": "soon"}

    @pytest.fixture(autouse=True)
    def keep_actor(self, system_actor):
        self.actor = system_actor


def test_a_unit_editor_writes_their_units_mentoring_but_not_anothers(
    client, system_actor, unit_a, unit_b, make_user
):
    editor = make_user(Role.UNIT_EDITOR, unit_a)
    client.force_login(editor)
    mine = {"unit": unit_a.pk, "held_on": "2020-01-10", "topic": "ของเรา"}
    assert client.post(reverse("capacity:mentoringsession_add"), mine).status_code == 302
    theirs = {"unit": unit_b.pk, "held_on": "2020-01-10", "topic": "ของเขา"}
    assert client.post(reverse("capacity:mentoringsession_add"), theirs).status_code == 400
    assert list(MentoringSession.objects.values_list("topic", flat=True)) == ["ของเรา"]
    # Assignments are the programme's: the EA office writes them.
    assert client.get(reverse("capacity:mentorassignment_add")).status_code == 403


def test_overdue_actions_are_open_ones_past_their_due_date(admin_client, system_actor, unit_a):
    today = date.today()
    session = mentoring_sessions.create(system_actor, unit=unit_a, held_on=today, topic="x")
    owner = new_person(system_actor, unit_a)
    for description, due, status in [
        ("เลยกำหนด", today - timedelta(days=1), "open"),
        ("เลยกำหนดแต่เสร็จแล้ว", today - timedelta(days=30), "done"),
        ("เลยกำหนดแต่ยกเลิก", today - timedelta(days=30), "dropped"),
        ("ครบกำหนดวันนี้", today, "open"),
        ("ยังไม่ถึงกำหนด", today + timedelta(days=7), "open"),
    ]:
        mentoring_actions.create(
            system_actor,
            session=session,
            description=description,
            owner=owner,
            due_on=due,
            status=status,
        )
    overdue = MentoringAction.objects.overdue(today)
    assert list(overdue.values_list("description", flat=True)) == ["เลยกำหนด"]
    page = admin_client.get(reverse("capacity:mentoringaction_list"), {"overdue": "true"})
    content = page.content.decode()
    assert "เลยกำหนด" in content and "ยังไม่ถึงกำหนด" not in content
    assert "เลยกำหนดแต่เสร็จแล้ว" not in content
    listing = admin_client.get(reverse("capacity:mentoringaction_list")).content.decode()
    assert "1 action of this selection is overdue" in listing
    assert listing.count('data-testid="overdue"') == 1
