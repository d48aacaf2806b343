"""The review workflow: a request walks through every legal step, and at every state every
other step is tried as every role and refused with nothing changed."""

import io
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from nakhon.core.models import ChangeLogEntry, Channel
from nakhon.governance import workflow
from nakhon.governance.models import (
    ChecklistQuestion,
    Condition,
    LanguagePreference,
    Review,
    ReviewRequest,
    Waiver,
)
from nakhon.governance.models.requests import ConditionState, Decision, RequestState
from nakhon.governance.workflow import requests
from tests.governance.conftest import actor

pytestmark = pytest.mark.django_db

ROLES = (
    "anonymous",
    "viewer",
    "reviewer",
    "other_reviewer",
    "unit_editor",
    "other_unit_editor",
    "ea_office",
    "admin",
)
OWNERS = {"unit_editor", "ea_office", "admin"}
EA = {"ea_office", "admin"}
# Who may take which step in which state (the steps not named are legal for no one there).
LEGAL = {
    RequestState.DRAFT: {"edit": OWNERS, "delete": OWNERS, "submit": OWNERS},
    RequestState.SUBMITTED: {"assign": EA, "start_review": EA, "dismiss": EA},
    RequestState.UNDER_REVIEW: {
        "assign": EA,
        "answer": {"reviewer"},
        "vote": {"reviewer"},
        "decide": EA,
        "dismiss": EA,
        "add_condition": EA,
        "grant_waiver": EA,
    },
    RequestState.DECIDED: {
        "add_condition": EA,
        "close_condition": EA,
        "grant_waiver": EA,
        "close": EA,
    },
    RequestState.CLOSED: {},
}


def attempts(people, request) -> dict:
    """Every step a person might try on `request`, as a function of who tries it."""
    request = ReviewRequest.objects.get(pk=request.pk)
    review = request.reviews.filter(reviewer=people["reviewer"]).first()
    condition = request.conditions.filter(state=ConditionState.OPEN).first()
    steps = {
        "edit": lambda u: requests.update(actor(u), request, version=None, title="เปลี่ยนชื่อ"),
        "delete": lambda u: requests.delete(actor(u), request, version=None),
        "submit": lambda u: workflow.submit(actor(u), request),
        "assign": lambda u: workflow.assign(actor(u), request, people["other_reviewer"]),
        "start_review": lambda u: workflow.start_review(actor(u), request),
        "decide": lambda u: workflow.decide(actor(u), request, Decision.APPROVED),
        "dismiss": lambda u: workflow.decide(actor(u), request, Decision.DISMISSED, "ถอนคำขอ"),
        "add_condition": lambda u: workflow.add_condition(actor(u), request, text="เงื่อนไข"),
        "grant_waiver": lambda u: workflow.grant_waiver(
            actor(u),
            request,
            standard_name="PostgreSQL",
            reason="เหตุผล",
            expires_on=timezone.localdate() + timedelta(days=30),
        ),
        "close": lambda u: workflow.close(actor(u), request),
    }
    if review is not None:
        steps["answer"] = lambda u: workflow.answer(
            actor(u), review, {"status.owner": ("yes", "หลักฐาน")}
        )
        steps["vote"] = lambda u: workflow.vote(actor(u), review, "approve")
    if condition is not None:
        steps["close_condition"] = lambda u: workflow.close_condition(
            actor(u), condition, ConditionState.MET, "ทำแล้ว"
        )
    return steps


def state_of_everything(request) -> tuple:
    """What a refused step must leave as it was: the change log (every write adds to it) and
    the versions of the request and of its reviews, conditions and waivers."""
    return (
        ChangeLogEntry.objects.count(),
        list(ReviewRequest.objects.order_by("pk").values_list("pk", "version", "state")),
        sorted(
            (str(pk), version)
            for model in (Review, Condition, Waiver)
            for pk, version in model.objects.values_list("pk", "version")
        ),
    )


def try_every_illegal_step(people, request) -> int:
    state = ReviewRequest.objects.get(pk=request.pk).state
    legal = LEGAL[state]
    tried = 0
    before = state_of_everything(request)
    for name, attempt in attempts(people, request).items():
        for role in ROLES:
            if role in legal.get(name, set()):
                continue
            with pytest.raises((PermissionDenied, ValidationError)) as refused:
                attempt(people[role])
            message = " ".join(getattr(refused.value, "messages", [str(refused.value)]))
            assert message.strip(), (state, name, role)
            assert state_of_everything(request) == before, (state, name, role)
            tried += 1
    return tried


def test_walk_through_every_legal_step_and_refuse_every_illegal_one(
    people, draft, django_capture_on_commit_callbacks
):
    p = people
    tried = try_every_illegal_step(p, draft)
    requests.update(actor(p["unit_editor"]), draft, version=draft.version, title="ระบบรับแจ้ง")

    with django_capture_on_commit_callbacks(execute=True):
        submitted = workflow.submit(actor(p["unit_editor"]), draft)
    assert submitted.state == RequestState.SUBMITTED and submitted.submitted_at
    assert submitted.deadline is not None and submitted.submitted_by == p["unit_editor"]
    assert {m.to[0] for m in mail.outbox} == {"ea_office@bangkok.example"}

    tried += try_every_illegal_step(p, draft)
    with pytest.raises(ValidationError, match="Assign at least one reviewer"):
        workflow.start_review(actor(p["ea_office"]), draft)
    with pytest.raises(ValidationError, match="cannot review"):
        workflow.assign(actor(p["ea_office"]), draft, p["viewer"])
    review = workflow.assign(actor(p["ea_office"]), draft, p["reviewer"])
    assert review.answers.count() == ChecklistQuestion.objects.filter(active=True).count() > 10
    workflow.start_review(actor(p["ea_office"]), draft)

    tried += try_every_illegal_step(p, draft)
    with pytest.raises(ValidationError, match="yet to vote"):
        workflow.decide(actor(p["ea_office"]), draft, Decision.APPROVED)
    workflow.answer(actor(p["reviewer"]), review, {"legal_basis.pdpa": ("no", "ไม่ระบุฐาน")})
    with pytest.raises(ValidationError):
        workflow.vote(actor(p["reviewer"]), review, "reject")  # no comment
    workflow.vote(actor(p["reviewer"]), review, "approve_with_conditions", "ต้องระบุฐาน PDPA")
    waiver = workflow.grant_waiver(
        actor(p["ea_office"]),
        draft,
        standard_name="Oracle Database",
        reason="สัญญาเดิมยังไม่หมด",
        expires_on=timezone.localdate() + timedelta(days=60),
    )
    assert waiver.granted_by == p["ea_office"]
    with pytest.raises(ValidationError, match="at least one condition"):
        workflow.decide(actor(p["ea_office"]), draft, Decision.APPROVED_WITH_CONDITIONS)
    decided = workflow.decide(
        actor(p["ea_office"]),
        draft,
        Decision.APPROVED_WITH_CONDITIONS,
        "อนุมัติ",
        conditions_to_add=[{"text": "ระบุฐานทางกฎหมาย", "due_date": date(2027, 3, 31)}],
    )
    assert (decided.state, decided.decision) == (RequestState.DECIDED, "approved_with_conditions")

    tried += try_every_illegal_step(p, draft)
    with pytest.raises(ValidationError, match="still open"):
        workflow.close(actor(p["ea_office"]), draft)
    condition = draft.conditions.get()
    workflow.close_condition(actor(p["ea_office"]), condition, ConditionState.MET, "ระบุแล้ว")
    closed = workflow.close(actor(p["admin"]), draft)
    assert closed.state == RequestState.CLOSED and closed.closed_at

    tried += try_every_illegal_step(p, draft)
    assert tried > 300
    # Every step is in the change log, with its state.
    states = [
        e.after.get("state")
        for e in ChangeLogEntry.objects.filter(object_id=str(draft.pk)).order_by("id")
    ]
    assert [s for i, s in enumerate(states) if i == 0 or s != states[i - 1]] == [
        "draft",
        "submitted",
        "under_review",
        "decided",
        "closed",
    ]


def test_dismissal_from_submitted_and_a_rejection(people, draft, make_element, unit_a):
    p = people
    workflow.submit(actor(p["unit_editor"]), draft)
    with pytest.raises(ValidationError, match="Say why"):
        workflow.decide(actor(p["ea_office"]), draft, Decision.DISMISSED)
    dismissed = workflow.decide(actor(p["ea_office"]), draft, Decision.DISMISSED, "ซ้ำซ้อน")
    assert dismissed.decision == Decision.DISMISSED
    other = requests.create(
        actor(p["unit_editor"]), title="อีกคำขอ", request_type="retire", owner_unit=unit_a
    )
    workflow.submit(actor(p["unit_editor"]), other)
    review = workflow.assign(actor(p["ea_office"]), other, p["reviewer"])
    workflow.start_review(actor(p["ea_office"]), other)
    workflow.vote(actor(p["reviewer"]), review, "reject", "ซ้ำกับระบบเดิม")
    rejected = workflow.decide(actor(p["ea_office"]), other, Decision.REJECTED, "ไม่อนุมัติ")
    assert rejected.decision == Decision.REJECTED
    assert workflow.close(actor(p["ea_office"]), other).state == RequestState.CLOSED


def test_the_steps_are_logged_with_the_channel_and_batch(people, draft):
    batch_actor = actor(people["unit_editor"])
    workflow.submit(batch_actor, draft)
    entry = ChangeLogEntry.objects.filter(object_id=str(draft.pk)).order_by("-id").first()
    assert entry.channel == Channel.SHELL and entry.batch == batch_actor.batch
    assert entry.before["state"] == "draft" and entry.after["state"] == "submitted"
    assert entry.after["version"] == entry.before["version"] + 1


def test_a_stale_version_is_refused(people, draft):
    from nakhon.core.exceptions import ConflictError

    with pytest.raises(ConflictError):
        workflow.submit(actor(people["unit_editor"]), draft, version=draft.version + 1)
    assert ReviewRequest.objects.get(pk=draft.pk).state == RequestState.DRAFT


def test_notifications_are_written_in_each_recipients_language(
    people, draft, django_capture_on_commit_callbacks, settings
):
    settings.LANGUAGE_CODE = "th"  # the product's default: those who chose nothing read Thai
    LanguagePreference.objects.create(user=people["reviewer"], language="en")
    workflow.submit(actor(people["unit_editor"]), draft)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.assign(actor(people["ea_office"]), draft, people["reviewer"])
        workflow.assign(actor(people["ea_office"]), draft, people["ea_office"])
    by_address = {m.to[0]: m for m in mail.outbox}
    assert by_address["reviewer@bangkok.example"].subject.startswith("You are asked to review")
    thai = by_address["ea_office@bangkok.example"]
    assert thai.subject == "ขอให้ท่านพิจารณา: ระบบรับแจ้งปัญหาถนนชำรุด"
    assert "/governance/reviews/" in thai.body and "กำหนดมีมติ" in thai.body


def test_a_refused_step_sends_nothing(people, draft, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(PermissionDenied):
        workflow.submit(actor(people["other_unit_editor"]), draft)
    assert mail.outbox == []


def test_due_conditions_are_reminded_once(people, draft, django_capture_on_commit_callbacks):
    p = people
    workflow.submit(actor(p["unit_editor"]), draft)
    review = workflow.assign(actor(p["ea_office"]), draft, p["reviewer"])
    workflow.start_review(actor(p["ea_office"]), draft)
    workflow.vote(actor(p["reviewer"]), review, "approve")
    workflow.decide(
        actor(p["ea_office"]),
        draft,
        Decision.APPROVED_WITH_CONDITIONS,
        conditions_to_add=[
            {"text": "ส่งแผนสำรองข้อมูล", "due_date": date(2027, 1, 10), "owner": p["unit_editor"]},
            {"text": "ภายหลัง", "due_date": date(2027, 6, 1)},
        ],
    )
    with django_capture_on_commit_callbacks(execute=True):
        reminded = workflow.remind_due_conditions(actor(p["ea_office"]), date(2027, 1, 5))
    assert [c.text for c in reminded] == ["ส่งแผนสำรองข้อมูล"]
    assert [m.to for m in mail.outbox] == [["unit_editor@bangkok.example"]]
    assert workflow.remind_due_conditions(actor(p["ea_office"]), date(2027, 1, 6)) == []


def test_deadline_state_flags_late_requests(people, draft):
    submitted = workflow.submit(actor(people["unit_editor"]), draft)
    deadline = submitted.deadline
    on_time = workflow.deadline_state(submitted, deadline)
    assert on_time == {"deadline": deadline, "late": False, "days_left": 0}
    late = workflow.deadline_state(submitted, deadline + timedelta(days=1))
    assert late["late"] is True


def test_linked_elements_must_be_of_their_types(people, draft, make_element):
    service = make_element("BusinessService", "บริการ")
    with pytest.raises(ValidationError, match="not of the type"):
        requests.update(actor(people["unit_editor"]), draft, version=None, capabilities=[service])
    assert list(ReviewRequest.objects.get(pk=draft.pk).capabilities.all()) != [service]


def test_the_commands_load_the_checklist_and_remind(people, draft):
    from django.core.management import call_command

    out = io.StringIO()
    call_command("governance", "checklist", "--user", "ea-office", stdout=out)
    assert "15 questions" in out.getvalue()
    call_command("governance", "checklist", "--user", "ea-office", stdout=out)
    assert ChecklistQuestion.objects.count() == 15
    call_command("governance", "remind", "--user", "ea-office", stdout=out)
    assert "0 condition" in out.getvalue()
