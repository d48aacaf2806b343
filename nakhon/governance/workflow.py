"""The review workflow: the services that write requests and their reviews, and the state
machine that moves a request from draft to closed.

    draft -> submitted -> under review -> decided (approved, approved with conditions,
    rejected, dismissed) -> closed;  a submitted request may also be dismissed.

Every step is a function here (`submit`, `start_review`, `decide`, ...). Each checks who may
take it and from which state, then writes through the models' services in one transaction,
so it is timestamped, versioned and change-logged like any other write; a step refused (wrong
state, wrong role, missing votes) raises before anything is written. Notifications go out only
once the transaction commits.

Each step takes `at`, when it happened (default: now), so that a decision taken on paper, or
the demo's history, is recorded with its own date; the deadline counts from the submission's.

The services of the review's own rows (reviews, answers, conditions, waivers) accept writes
only from these steps: their permission is the step's, checked here.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nakhon.core import permissions
from nakhon.core.permissions import EDIT_EVERYTHING, Role
from nakhon.core.services import Actor, ObjectService, register
from nakhon.governance import checklist, checks, notifications, workdays
from nakhon.governance import proposals as request_proposals
from nakhon.governance.models import (
    AffectedElement,
    ChecklistAnswer,
    ChecklistQuestion,
    Condition,
    PrincipleDeparture,
    Review,
    ReviewRequest,
    Waiver,
)
from nakhon.governance.models.requests import (
    CAPABILITY_TYPES,
    CITIZEN_SERVICE_TYPES,
    Answer,
    ConditionState,
    Decision,
    RequestState,
    Vote,
)

# Set while a workflow step writes: the step has checked who may take it.
_STEP: ContextVar[str | None] = ContextVar("governance_step", default=None)

# Who may be assigned to review.
REVIEWER_ROLES = {Role.REVIEWER, Role.EA_OFFICE}
# The states in which the decision is still awaited (and so may be late).
AWAITING_DECISION = (RequestState.SUBMITTED, RequestState.UNDER_REVIEW)
VOTE_FOR_DECISION = {
    Decision.APPROVED: Vote.APPROVE,
    Decision.APPROVED_WITH_CONDITIONS: Vote.APPROVE_WITH_CONDITIONS,
    Decision.REJECTED: Vote.REJECT,
}


class StepRefused(ValidationError):
    """A workflow step that cannot be taken in the request's present state."""


@contextmanager
def step(name: str) -> Iterator[None]:
    token = _STEP.set(name)
    try:
        yield
    finally:
        _STEP.reset(token)


def state_label(state: str) -> str:
    return str(RequestState(state).label)


# Services


class ReviewRequestService(ObjectService):
    """A request's own fields are written by its unit (or the EA office) while it is a draft;
    its state, timestamps and decision only by the workflow's steps."""

    model = ReviewRequest

    def require(self, actor: Actor, action: str, obj) -> None:
        if _STEP.get():
            return
        permissions.require(actor.user, action, obj)
        if obj.state != RequestState.DRAFT:
            raise StepRefused(
                _("“%(request)s” is %(state)s: only a draft can be changed or deleted.")
                % {"request": obj, "state": state_label(obj.state)}
            )

    def apply_related(self, obj, related: dict) -> None:
        kinds = {"capabilities": CAPABILITY_TYPES, "citizen_services": CITIZEN_SERVICE_TYPES}
        for name, elements in related.items():
            wrong = [e for e in elements if getattr(e, "type", None) not in kinds[name]]
            if wrong:
                field = ReviewRequest._meta.get_field(name)
                raise ValidationError(
                    {
                        name: _(
                            "%(names)s cannot be among the %(field)s: not of the type %(types)s."
                        )
                        % {
                            "names": ", ".join(str(e) for e in wrong),
                            "field": field.verbose_name,
                            "types": ", ".join(kinds[name]),
                        }
                    }
                )
        super().apply_related(obj, related)


class DraftPartService(ObjectService):
    """A row that belongs to a request's draft (what it affects, the principles it departs
    from): written by whoever may change the draft, while it is one."""

    def require(self, actor: Actor, action: str, obj) -> None:
        if _STEP.get():
            return
        request = ReviewRequest.objects.get(pk=obj.request_id)
        requests.require(actor, permissions.CHANGE, request)


class AffectedElementService(DraftPartService):
    model = AffectedElement


class PrincipleDepartureService(DraftPartService):
    model = PrincipleDeparture


class StepOnlyService(ObjectService):
    """Rows written only by the workflow's steps, which check who may write them."""

    def require(self, actor: Actor, action: str, obj) -> None:
        if _STEP.get():
            return
        raise PermissionDenied(
            _("%(things)s are written through the review's own steps.")
            % {"things": str(self.model._meta.verbose_name_plural).capitalize()}
        )


class ReviewService(StepOnlyService):
    model = Review


class ChecklistAnswerService(StepOnlyService):
    model = ChecklistAnswer


class ConditionService(StepOnlyService):
    model = Condition


class WaiverService(StepOnlyService):
    model = Waiver


class ChecklistQuestionService(ObjectService):
    """The checklist is data (`checklist.json`): the EA office (or the system) loads it."""

    model = ChecklistQuestion


requests = register(ReviewRequestService())
affected_elements = register(AffectedElementService())
principle_departures = register(PrincipleDepartureService())
reviews = register(ReviewService())
checklist_answers = register(ChecklistAnswerService())
conditions = register(ConditionService())
waivers = register(WaiverService())
checklist_questions = register(ChecklistQuestionService())


# Who may take which step


def is_ea_office(user) -> bool:
    return permissions.role_of(user) in EDIT_EVERYTHING


def may_edit_draft(user, request: ReviewRequest) -> bool:
    return request.state == RequestState.DRAFT and permissions.can(
        user, permissions.CHANGE, request
    )


def review_of(user, request: ReviewRequest) -> Review | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return request.reviews.filter(reviewer=user).first()


@dataclass(frozen=True)
class Step:
    """A step of the workflow: the states it starts from and who may take it."""

    name: str
    label: object
    sources: tuple[str, ...]
    ea_office: bool  # the EA office's (and administrators') alone; else the draft's editors


STEPS = {
    s.name: s
    for s in (
        Step("submit", gettext_lazy("Submit"), (RequestState.DRAFT,), ea_office=False),
        Step("assign", gettext_lazy("Assign a reviewer"), AWAITING_DECISION, ea_office=True),
        Step(
            "start_review",
            gettext_lazy("Start the review"),
            (RequestState.SUBMITTED,),
            ea_office=True,
        ),
        Step("decide", gettext_lazy("Decide"), (RequestState.UNDER_REVIEW,), ea_office=True),
        Step("dismiss", gettext_lazy("Dismiss"), AWAITING_DECISION, ea_office=True),
        Step(
            "add_condition",
            gettext_lazy("Add a condition"),
            (RequestState.UNDER_REVIEW, RequestState.DECIDED),
            ea_office=True,
        ),
        Step(
            "close_condition",
            gettext_lazy("Close a condition"),
            (RequestState.DECIDED,),
            ea_office=True,
        ),
        Step(
            "grant_waiver",
            gettext_lazy("Grant a waiver"),
            (RequestState.UNDER_REVIEW, RequestState.DECIDED),
            ea_office=True,
        ),
        Step("close", gettext_lazy("Close"), (RequestState.DECIDED,), ea_office=True),
    )
}


def refuse_unless_allowed(user, request: ReviewRequest, name: str) -> None:
    """Refuse step `name` on `request` for `user`: PermissionDenied for the wrong person,
    StepRefused for the wrong state. Nothing has been written when either is raised."""
    rule = STEPS[name]
    role = permissions.role_of(user)
    if role is None:
        raise PermissionDenied(_("Log in to take part in reviews."))
    if rule.ea_office:
        if role not in EDIT_EVERYTHING:
            raise PermissionDenied(
                _("Only the EA office may %(step)s (your role: %(role)s).")
                % {"step": str(rule.label).lower(), "role": role.label}
            )
    elif not permissions.can(user, permissions.CHANGE, request):
        raise PermissionDenied(
            _("Only the editors of %(unit)s or the EA office may %(step)s “%(request)s”.")
            % {"unit": request.owner_unit, "step": str(rule.label).lower(), "request": request}
        )
    if request.state not in rule.sources:
        raise StepRefused(
            _("“%(request)s” is %(state)s: it cannot %(step)s now (only when %(sources)s).")
            % {
                "request": request,
                "state": state_label(request.state),
                "step": str(rule.label).lower(),
                "sources": _(" or ").join(state_label(s) for s in rule.sources),
            }
        )


def allowed_steps(user, request: ReviewRequest) -> list[str]:
    """The steps `user` may take on `request` now (what the page offers as buttons)."""
    allowed = []
    for name in STEPS:
        try:
            refuse_unless_allowed(user, request, name)
        except (PermissionDenied, ValidationError):
            continue
        allowed.append(name)
    return allowed


def _locked(request: ReviewRequest) -> ReviewRequest:
    return ReviewRequest.objects.select_for_update().select_related("owner_unit").get(pk=request.pk)


def _write_request(actor: Actor, request: ReviewRequest, version, name: str, **values):
    with step(name):
        return requests._update(actor, request, version, values, force=True)


# The steps


def submit(actor: Actor, request: ReviewRequest, *, version=None, at=None) -> ReviewRequest:
    """The unit hands its draft in: the automatic checks run (`checks.run_checks`; a blocking
    finding refuses it), their findings are stored on it, and the decision is due in working
    days from today."""
    with transaction.atomic():
        current = _locked(request)
        refuse_unless_allowed(actor.user, current, "submit")
        # The automatic checks: a blocking finding (a relationship ArchiMate does not allow)
        # refuses the submission before anything is written; the others are stored with it.
        findings = checks.run_checks(current)
        if checks.blocking(findings):
            raise StepRefused(checks.blocking_message(findings))
        now = at or timezone.now()
        submitted = _write_request(
            actor,
            current,
            version,
            "submit",
            state=RequestState.SUBMITTED,
            submitted_at=now,
            submitted_by=ObjectService._user(actor),
            deadline=workdays.decision_deadline(timezone.localdate(now)),
        )
        checks.record_findings(submitted, findings)
        notifications.on_submit(submitted)
    return submitted


def assign(actor: Actor, request: ReviewRequest, reviewer, *, at=None) -> Review:
    """The EA office assigns a reviewer (someone with the reviewer role or of the EA office);
    their checklist is laid out from the checklist data."""
    with transaction.atomic():
        current = _locked(request)
        refuse_unless_allowed(actor.user, current, "assign")
        if permissions.role_of(reviewer) not in REVIEWER_ROLES:
            raise StepRefused(
                _("%(person)s cannot review: a reviewer is a reviewer or in the EA office.")
                % {"person": reviewer}
            )
        if current.reviews.filter(reviewer=reviewer).exists():
            raise StepRefused(
                _("%(person)s already reviews “%(request)s”.")
                % {"person": reviewer, "request": current}
            )
        with step("assign"):
            review = reviews.create(
                actor, request=current, reviewer=reviewer, assigned_at=at or timezone.now()
            )
            checklist_answers.bulk_create(
                actor,
                [
                    {"review_id": review.pk, "question_id": question.pk}
                    for question in checklist.questions(actor)
                ],
            )
        notifications.on_assign(review)
    return review


def start_review(actor: Actor, request: ReviewRequest, *, version=None, at=None) -> ReviewRequest:
    with transaction.atomic():
        current = _locked(request)
        refuse_unless_allowed(actor.user, current, "start_review")
        if not current.reviews.exists():
            raise StepRefused(_("Assign at least one reviewer before the review starts."))
        return _write_request(
            actor,
            current,
            version,
            "start_review",
            state=RequestState.UNDER_REVIEW,
            review_started_at=at or timezone.now(),
        )


def _locked_review(review: Review) -> tuple[Review, ReviewRequest]:
    current = Review.objects.select_for_update().select_related("reviewer").get(pk=review.pk)
    return current, _locked(current.request)


def _refuse_unless_reviewer(user, review: Review, request: ReviewRequest) -> None:
    if permissions.role_of(user) is None:
        raise PermissionDenied(_("Log in to take part in reviews."))
    if review.reviewer_id != user.pk:
        raise PermissionDenied(
            _("Only %(reviewer)s, who is assigned to this review, may answer it.")
            % {"reviewer": review.reviewer}
        )
    if request.state != RequestState.UNDER_REVIEW:
        raise StepRefused(
            _("“%(request)s” is %(state)s: reviewers answer and vote only during the review.")
            % {"request": request, "state": state_label(request.state)}
        )


def answer(actor: Actor, review: Review, answers: dict[str, tuple[str, str]]) -> Review:
    """The reviewer answers checklist questions: {question code: (answer, evidence)}."""
    with transaction.atomic():
        current, request = _locked_review(review)
        _refuse_unless_reviewer(actor.user, current, request)
        rows = {a.question.code: a for a in current.answers.select_related("question")}
        unknown = sorted(set(answers) - set(rows))
        if unknown:
            raise StepRefused(
                _("No such checklist question: %(codes)s.") % {"codes": ", ".join(unknown)}
            )
        with step("answer"):
            for code, (value, evidence) in answers.items():
                if value not in Answer.values:
                    raise ValidationError(
                        {code: _("“%(value)s” is not an answer.") % {"value": value}}
                    )
                checklist_answers.update(
                    actor, rows[code], version=None, answer=value, evidence=evidence
                )
    return current


def vote(
    actor: Actor, review: Review, value: str, comment: str = "", *, version=None, at=None
) -> Review:
    """The assigned reviewer votes, with a comment (required unless approving outright)."""
    with transaction.atomic():
        current, request = _locked_review(review)
        _refuse_unless_reviewer(actor.user, current, request)
        if value not in Vote.values:
            raise ValidationError({"vote": _("Choose approve, approve with conditions or reject.")})
        if value != Vote.APPROVE and not comment.strip():
            raise ValidationError(
                {"comment": _("Say why: a vote other than approve needs a comment.")}
            )
        with step("vote"):
            voted = reviews.update(
                actor,
                current,
                version=version,
                vote=value,
                comment=comment,
                voted_at=at or timezone.now(),
            )
        notifications.on_vote(voted)
    return voted


def decide(
    actor: Actor,
    request: ReviewRequest,
    decision: str,
    note: str = "",
    *,
    conditions_to_add: list[dict] | None = None,
    version=None,
    at=None,
) -> ReviewRequest:
    """The EA office decides. Approving or rejecting needs every reviewer's vote; approving
    with conditions needs at least one condition (given here or added before); dismissing
    (withdrawn, out of scope) needs a reason."""
    with transaction.atomic():
        current = _locked(request)
        name = "dismiss" if decision == Decision.DISMISSED else "decide"
        refuse_unless_allowed(actor.user, current, name)
        if decision not in Decision.values:
            raise ValidationError({"decision": _("Choose a decision.")})
        if decision == Decision.DISMISSED:
            if not note.strip():
                raise ValidationError({"note": _("Say why the request is dismissed.")})
        else:
            missing = [
                str(r.reviewer) for r in current.reviews.select_related("reviewer") if not r.vote
            ]
            if missing:
                raise StepRefused(
                    _("Every assigned reviewer votes before the decision; yet to vote: %(names)s.")
                    % {"names": ", ".join(missing)}
                )
        for values in conditions_to_add or []:
            _add_condition(actor, current, **values)
        has_conditions = current.conditions.exists()
        if decision == Decision.APPROVED_WITH_CONDITIONS and not has_conditions:
            raise StepRefused(_("Approving with conditions needs at least one condition."))
        # An approval merges the request's change proposal (its own batch); a conflict with
        # the live repository refuses the decision (ProposalConflict), and nothing is written.
        if decision in (Decision.APPROVED, Decision.APPROVED_WITH_CONDITIONS):
            request_proposals.merge_on_approval(actor, current)
        else:
            request_proposals.withdraw_on_refusal(actor, current)
        decided = _write_request(
            actor,
            current,
            version,
            name,
            state=RequestState.DECIDED,
            decision=decision,
            decision_note=note,
            decided_at=at or timezone.now(),
            decided_by=ObjectService._user(actor),
        )
        notifications.on_decide(decided)
    return decided


def close(actor: Actor, request: ReviewRequest, *, version=None, at=None) -> ReviewRequest:
    """Closed once decided, and, for an approval with conditions, once every condition is met
    or waived."""
    with transaction.atomic():
        current = _locked(request)
        refuse_unless_allowed(actor.user, current, "close")
        still_open = current.conditions.filter(state=ConditionState.OPEN).count()
        if still_open:
            raise StepRefused(
                _("%(count)d condition(s) are still open: each is met or waived before closing.")
                % {"count": still_open}
            )
        return _write_request(
            actor,
            current,
            version,
            "close",
            state=RequestState.CLOSED,
            closed_at=at or timezone.now(),
        )


def _add_condition(actor: Actor, request: ReviewRequest, **values) -> Condition:
    with step("add_condition"):
        return conditions.create(actor, request=request, **values)


def add_condition(actor: Actor, request: ReviewRequest, **values) -> Condition:
    """The EA office sets a condition (text, due date, responsible person)."""
    with transaction.atomic():
        current = _locked(request)
        refuse_unless_allowed(actor.user, current, "add_condition")
        return _add_condition(actor, current, **values)


def close_condition(
    actor: Actor, condition: Condition, state: str, note: str, *, version=None, at=None
) -> Condition:
    """The EA office marks a condition met or waived, saying how or why."""
    with transaction.atomic():
        current = Condition.objects.select_for_update().get(pk=condition.pk)
        request = _locked(current.request)
        refuse_unless_allowed(actor.user, request, "close_condition")
        if current.state != ConditionState.OPEN:
            raise StepRefused(
                _("The condition is %(state)s already.") % {"state": current.get_state_display()}
            )
        if state not in (ConditionState.MET, ConditionState.WAIVED):
            raise ValidationError({"state": _("A condition is closed as met or waived.")})
        if not note.strip():
            raise ValidationError({"note": _("Say how it was met or why it is waived.")})
        with step("close_condition"):
            return conditions.update(
                actor,
                current,
                version=version,
                state=state,
                closing_note=note,
                closed_at=at or timezone.now(),
            )


def grant_waiver(actor: Actor, request: ReviewRequest, *, at=None, **values) -> Waiver:
    """The EA office lets the request depart from a standard, for a reason, until a date."""
    with transaction.atomic():
        current = _locked(request)
        refuse_unless_allowed(actor.user, current, "grant_waiver")
        expires = values.get("expires_on")
        if expires is not None and expires <= timezone.localdate(at or timezone.now()):
            raise ValidationError({"expires_on": _("A waiver expires in the future.")})
        with step("grant_waiver"):
            return waivers.create(
                actor, request=current, granted_by=ObjectService._user(actor), **values
            )


def remind_due_conditions(actor: Actor, on, days_ahead: int = 7) -> list[Condition]:
    """Tell each open condition's responsible person (else the submitter) once when it falls
    due within `days_ahead` days of `on` or is overdue; the reminder is recorded on the row."""
    due = Condition.objects.filter(
        state=ConditionState.OPEN,
        due_date__isnull=False,
        due_date__lte=on + timedelta(days=days_ahead),
        due_notified_on__isnull=True,
    ).select_related("request", "owner", "request__submitted_by")
    reminded = []
    with transaction.atomic(), step("remind"):
        for condition in due:
            reminded.append(conditions.update(actor, condition, version=None, due_notified_on=on))
            notifications.on_condition_due(condition)
    return reminded


# What a page shows of a request


def deadline_state(request: ReviewRequest, today) -> dict:
    """The decision deadline as a page shows it: the date (None: not known), working days
    left (negative when late), and whether it is or was late."""
    deadline = request.deadline
    if deadline is None:
        return {"deadline": None, "late": False, "days_left": None}
    if request.state in AWAITING_DECISION:
        try:
            left = workdays.working_days_between(today, deadline)
        except workdays.CalendarMissing:
            left = None
        return {"deadline": deadline, "late": today > deadline, "days_left": left}
    decided = request.decided_at and timezone.localdate(request.decided_at)
    return {"deadline": deadline, "late": bool(decided and decided > deadline), "days_left": None}
