"""Pages of review requests: list, detail (state, deadline, checklist, votes, conditions,
waivers, history), forms, and the workflow's steps as POST forms."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from nakhon.core import permissions
from nakhon.core.exceptions import ProposalConflict
from nakhon.core.services import Actor, service_for
from nakhon.core.views import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    OwnedEditView,
    Refused,
    action_urls,
    call_service,
    changes_of,
)
from nakhon.governance import checklist, dashboard, workflow
from nakhon.governance.models import (
    AffectedElement,
    Condition,
    PrincipleDeparture,
    Review,
    ReviewRequest,
)
from nakhon.governance.models.requests import Decision, RequestState
from nakhon.governance.review_filters import ReviewRequestFilterSet
from nakhon.governance.review_forms import (
    AssignForm,
    ChecklistForm,
    CloseConditionForm,
    ConditionForm,
    DecideForm,
    DismissForm,
    StepForm,
    VoteForm,
    WaiverForm,
)
from nakhon.governance.review_tables import ReviewRequestTable

REQUESTS = ReviewRequest.objects.select_related("owner_unit__element")
WRITING_ROLES = {*permissions.EDIT_EVERYTHING, permissions.Role.UNIT_EDITOR}


class ReviewRequestListView(ObjectListView):
    filterset = ReviewRequestFilterSet
    table = ReviewRequestTable


class ReviewRequestDetailView(ObjectDetailView):
    def get_object(self, pk):
        return get_object_or_404(
            REQUESTS.restrict(self.request.user).prefetch_related(
                "capabilities", "citizen_services"
            ),
            pk=pk,
        )

    def get_extra_context(self, obj) -> dict:
        return request_context(self.request, obj)


def request_context(http_request, obj, **forms) -> dict:
    """What a request's page shows besides its fields; `forms` replace the empty step forms
    (a refused step's form keeps what the person typed)."""
    user = http_request.user
    allowed = workflow.allowed_steps(user, obj)
    reviews = list(obj.reviews.select_related("reviewer").prefetch_related("answers__question"))
    step_forms = {
        name: form_class(initial={"version": obj.version}, auto_id=f"{name}_%s")
        for name, form_class in StepView.forms.items()
        if form_class is not StepForm
    }
    step_forms.update(forms)
    return {
        "deadline": workflow.deadline_state(obj, timezone.localdate()),
        "allowed": allowed,
        "step_forms": step_forms,
        "may_edit": workflow.may_edit_draft(user, obj),
        "reviews": reviews,
        "sections": checklist.sections(),
        "affected": obj.affected.select_related("element"),
        "departures": obj.departures.select_related("principle"),
        "conditions": obj.conditions.select_related("owner"),
        "waivers": obj.waivers.select_related("granted_by"),
        "close_condition_form": CloseConditionForm(),
        "findings": obj.findings.all(),
        "today": timezone.localdate(),
    }


class ReviewRequestEditView(OwnedEditView):
    def require_access(self, obj) -> None:
        if obj._state.adding:
            if permissions.role_of(self.request.user) not in WRITING_ROLES:
                raise PermissionDenied(
                    _("Only the EA office and unit editors draft review requests.")
                )
            return
        super().require_access(obj)


class ReviewRequestDeleteView(ObjectDeleteView):
    pass


def refusal_page(http_request, obj, refused: Refused, status: int = 400, **forms):
    """The request's page again, with why the step was refused (nothing was written)."""
    obj = REQUESTS.get(pk=obj.pk)
    context = {
        "object": obj,
        **action_urls(obj),
        "changes": changes_of(obj)[:10],
        **request_context(http_request, obj, **forms),
        "refusal": refused.message,
    }
    if isinstance(refused.error, ProposalConflict):
        # Approval merges the proposal: its conflicts, field by field, to resolve on its page.
        context["proposal_conflicts"] = refused.error.conflicts
    return render(http_request, "governance/reviewrequest.html", context, status=status)


def call_step(http_request, obj, write, *args, form=None, form_name=None, **kwargs):
    """Take a step for a page: a redirect to the request on success; its page with the reason
    (403 for the wrong person, 409 for a stale version, else 400) when refused."""
    try:
        call_service(write, *args, denial_is_refusal=True, **kwargs)
    except Refused as refused:
        if isinstance(refused.error, PermissionDenied):
            status = 403
        elif refused.conflict is not None or isinstance(refused.error, ProposalConflict):
            status = 409
        else:
            status = 400
        forms = {form_name: form} if form is not None and form_name else {}
        return refusal_page(http_request, obj, refused, status, **forms)
    return None


class StepView(LoginRequiredMixin, View):
    """POST /requests/<pk>/<step>/: one workflow step, from the button or form on the page."""

    forms = {
        "submit": StepForm,
        "start_review": StepForm,
        "close": StepForm,
        "assign": AssignForm,
        "decide": DecideForm,
        "dismiss": DismissForm,
        "add_condition": ConditionForm,
        "grant_waiver": WaiverForm,
    }
    done = {
        "submit": _("Submitted for review."),
        "start_review": _("The review has started."),
        "close": _("Closed."),
        "assign": _("Reviewer assigned."),
        "decide": _("Decision recorded."),
        "dismiss": _("Dismissed."),
        "add_condition": _("Condition added."),
        "grant_waiver": _("Waiver granted."),
    }

    def post(self, request, pk, step):
        obj = get_object_or_404(REQUESTS.restrict(request.user), pk=pk)
        form = self.forms[step](request.POST, auto_id=f"{step}_%s")
        if not form.is_valid():
            refused = Refused(
                workflow.StepRefused(
                    [
                        f"{form.fields[f].label}: {' '.join(e)}"
                        if f in form.fields
                        else " ".join(e)
                        for f, e in form.errors.items()
                    ]
                )
            )
            return refusal_page(request, obj, refused, 400, **{step: form})
        data = form.cleaned_data
        actor = Actor.for_request(request)
        version = data.get("version")
        calls = {
            "submit": lambda: workflow.submit(actor, obj, version=version),
            "start_review": lambda: workflow.start_review(actor, obj, version=version),
            "close": lambda: workflow.close(actor, obj, version=version),
            "assign": lambda: workflow.assign(actor, obj, data["reviewer"]),
            "decide": lambda: workflow.decide(
                actor,
                obj,
                data["decision"],
                data["note"],
                conditions_to_add=[{"text": data["condition"], "due_date": data["condition_due"]}]
                if data["condition"].strip()
                else [],
                version=version,
            ),
            "dismiss": lambda: workflow.decide(
                actor, obj, Decision.DISMISSED, data["note"], version=version
            ),
            "add_condition": lambda: workflow.add_condition(
                actor, obj, text=data["text"], due_date=data["due_date"], owner=data["owner"]
            ),
            "grant_waiver": lambda: workflow.grant_waiver(
                actor,
                obj,
                standard=data["standard"],
                standard_name=data["standard_name"],
                reason=data["reason"],
                expires_on=data["expires_on"],
            ),
        }
        refused = call_step(request, obj, calls[step], form=form, form_name=step)
        if refused is not None:
            return refused
        messages.success(request, self.done[step])
        return redirect(obj.get_absolute_url())


class CloseConditionView(LoginRequiredMixin, View):
    def post(self, request, pk):
        condition = get_object_or_404(Condition.objects.select_related("request"), pk=pk)
        obj = condition.request
        form = CloseConditionForm(request.POST)
        if not form.is_valid():
            refused = Refused(workflow.StepRefused(_("Say whether it was met or waived, and how.")))
            return refusal_page(request, obj, refused, 400)
        data = form.cleaned_data
        write = workflow.close_condition
        actor = Actor.for_request(request)
        refused = call_step(
            request,
            obj,
            write,
            actor,
            condition,
            data["state"],
            data["note"],
            version=data["version"],
        )
        if refused is not None:
            return refused
        messages.success(request, _("Condition closed."))
        return redirect(obj.get_absolute_url())


class ReviewView(LoginRequiredMixin, View):
    """A reviewer's page: the request in brief, the checklist to answer and the vote."""

    def get_review(self, pk):
        return get_object_or_404(
            Review.objects.select_related("request__owner_unit__element", "reviewer"), pk=pk
        )

    def answers(self, review):
        return review.answers.select_related("question").order_by("question__order")

    def get(self, request, pk):
        review = self.get_review(pk)
        return self.render(review)

    def render(self, review, status=200, refusal="", checklist_form=None, vote_form=None):
        may_answer = self.may_answer(review)
        context = {
            "object": review,
            "review_request": review.request,
            "checklist_form": checklist_form or ChecklistForm(answers=self.answers(review)),
            "vote_form": vote_form
            or VoteForm(
                initial={"vote": review.vote, "comment": review.comment, "version": review.version}
            ),
            "may_answer": may_answer,
            "sections": checklist.sections(),
            "refusal": refusal,
            "deadline": workflow.deadline_state(review.request, timezone.localdate()),
        }
        return render(self.request, "governance/review.html", context, status=status)

    def may_answer(self, review) -> bool:
        return (
            review.reviewer_id == self.request.user.pk
            and review.request.state == RequestState.UNDER_REVIEW
        )

    def post(self, request, pk):
        review = self.get_review(pk)
        actor = Actor.for_request(request)
        if "vote" in request.POST:
            form = VoteForm(request.POST)
            if not form.is_valid():
                return self.render(review, 400, _("Choose a vote."), vote_form=form)
            data = form.cleaned_data
            write = lambda: workflow.vote(  # noqa: E731
                actor, review, data["vote"], data["comment"], version=data["version"]
            )
            done = _("Vote recorded.")
        else:
            form = ChecklistForm(request.POST, answers=self.answers(review))
            if not form.is_valid():
                return self.render(review, 400, _("Answer every question."), checklist_form=form)
            write = lambda: workflow.answer(actor, review, form.answers())  # noqa: E731
            done = _("Checklist saved.")
        try:
            call_service(write, denial_is_refusal=True)
        except Refused as refused:
            status = 403 if isinstance(refused.error, PermissionDenied) else 400
            return self.render(self.get_review(pk), status, refused.message)
        messages.success(request, done)
        return redirect(review.get_absolute_url())


class DraftPartEditView(ObjectEditView):
    """Adds a row to a request's draft (an affected element, a departure from a principle)."""

    def dispatch(self, request, *args, request_pk=None, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.review_request = get_object_or_404(REQUESTS.restrict(request.user), pk=request_pk)
        return super().dispatch(request, *args, **kwargs)

    def get_object(self, pk):
        return self.queryset.model(request=self.review_request)

    def require_access(self, obj) -> None:
        permissions.require(self.request.user, permissions.CHANGE, self.review_request)

    def save(self, form, obj):
        values = {**form.service_values(), "request": self.review_request}
        return service_for(self.queryset.model).create(Actor.for_request(self.request), **values)

    def success_url(self, obj) -> str:
        return self.review_request.get_absolute_url()


class DraftPartDeleteView(ObjectDeleteView):
    def success_url(self) -> str:
        return self.deleted_from

    def delete_object(self, obj) -> None:
        self.deleted_from = obj.request.get_absolute_url()
        super().delete_object(obj)


AFFECTED = AffectedElement.objects.select_related("request", "element")
DEPARTURES = PrincipleDeparture.objects.select_related("request", "principle")


class DashboardView(LoginRequiredMixin, View):
    def get(self, request):
        visible = ReviewRequest.objects.restrict(request.user)
        context = dashboard.figures(visible, timezone.localdate())
        return render(request, "governance/dashboard.html", context)
