"""Generic pages: an app's view for a model says which queryset, form, table and filterset.

Permission, version conflicts, the change log and htmx partial rendering live here once.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import ProtectedError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django_tables2 import RequestConfig

from nakhon.core import permissions, proposals
from nakhon.core.exceptions import ConflictError, ProposalConflict, RevertError
from nakhon.core.filtersets import ChangeLogFilterSet
from nakhon.core.models import (
    ChangeLogEntry,
    Job,
    Proposal,
    ProposalOperation,
    ProposalState,
    job_kind,
)
from nakhon.core.services import Actor, revert, revert_batch, service_for
from nakhon.core.tables import ChangeLogTable


def next_url(request, data, default: str) -> str:
    """Where a form asks to go next (`next` in `data`), if it is a page of this site; else the
    default: a link from elsewhere must not send people off the site (open redirect)."""
    wanted = data.get("next")
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return default


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


# The most rows a page shows, whatever `?per_page=` asks (the API's `limit` has the same bound).
MAX_PER_PAGE = 500


def paginate(request, table, per_page: int = 50) -> None:
    """Paginates `table` as the request asks: `?page=`, and `?per_page=` up to MAX_PER_PAGE
    (a number below 1 gets `per_page`)."""

    def paginator(object_list, asked, *args, **kwargs):
        rows = min(asked, MAX_PER_PAGE) if asked >= 1 else per_page
        return Paginator(object_list, rows, *args, **kwargs)

    RequestConfig(request, paginate={"per_page": per_page, "paginator_class": paginator}).configure(
        table
    )


class ObjectListView(LoginRequiredMixin, View):
    """One model's rows the user may see, filtered and paginated.

    A subclass may say more about the whole filtered selection (`selection_context`: totals,
    a chart) or hand the selection over as a file instead of a page (`file_response`).
    """

    queryset = None
    filterset = None
    table = None
    template_name = None  # by default the app's "<model>_list.html", else the generic list
    # What an htmx request from the filter form gets, and the id of its outer element.
    partial_template = "core/includes/table.html"
    results_id = "object-table"
    per_page = 50

    def get(self, request, **kwargs):
        filterset, selection = self.filter(request)
        file = self.file_response(selection)
        if file is not None:
            return file
        # Not Table(request=...): that would paginate once more, with `per_page` unbounded.
        table = self.table(selection)
        paginate(request, table, self.per_page)
        context = {
            "model": self.queryset.model,
            "table": table,
            "filter_form": filterset.form,
            "results_template": self.partial_template,
            "results_id": self.results_id,
            "can_add": self.can_add(request.user),
            "add_url": self.add_url(),
            **self.selection_context(selection),
        }
        template = self.partial_template if is_htmx(request) else self.page_templates()
        return render(request, template, context)

    def page_templates(self) -> list[str]:
        if self.template_name:
            return [self.template_name]
        meta = self.queryset.model._meta
        return [f"{meta.app_label}/{meta.model_name}_list.html", "core/object_list.html"]

    def filter(self, request):
        """The filterset, and the visible rows it selects (none while its input is invalid)."""
        visible = self.queryset.restrict(request.user, permissions.VIEW)
        filterset = self.filterset(request.GET, queryset=visible, request=request)
        return filterset, filterset.qs if filterset.is_valid() else visible.none()

    def selection_context(self, selection) -> dict:
        """What the page says about the whole filtered selection, besides its table."""
        return {}

    def file_response(self, selection) -> HttpResponse | None:
        """The selection as a file instead of the page, where the request asks for one."""
        return None

    def can_add(self, user) -> bool:
        return permissions.may_create(user, self.queryset.model)

    def add_url(self) -> str:
        meta = self.queryset.model._meta
        return reverse(f"{meta.app_label}:{meta.model_name}_add")


class ObjectDetailView(LoginRequiredMixin, View):
    """One object's page: its fields, what the subclass adds, and its latest changes."""

    queryset = None
    template_name = None  # by default the app's template named after the model
    # How many of the object's latest changes the page lists; its history page has them all.
    recent_changes = 10

    def get_object(self, pk):
        return get_object_or_404(self.queryset.restrict(self.request.user, permissions.VIEW), pk=pk)

    def get(self, request, pk):
        obj = self.get_object(pk)
        context = {
            "object": obj,
            **action_urls(obj),
            "changes": changes_of(obj)[: self.recent_changes],
            **self.get_extra_context(obj),
        }
        return render(request, self.template_name or model_template(obj), context)

    def get_extra_context(self, obj) -> dict:
        return {}


def model_template(obj) -> str:
    meta = obj._meta
    return f"{meta.app_label}/{meta.model_name}.html"


def action_urls(obj) -> dict:
    """The URLs of the pages every object has, by the names `object_urls` gives them."""
    meta = obj._meta
    base = f"{meta.app_label}:{meta.model_name}"
    return {
        "list_url": reverse(f"{base}_list"),
        "edit_url": reverse(f"{base}_edit", args=[obj.pk]),
        "delete_url": reverse(f"{base}_delete", args=[obj.pk]),
        "changelog_url": reverse(f"{base}_changelog", args=[obj.pk]),
        "breadcrumbs": [(meta.verbose_name_plural.capitalize(), reverse(f"{base}_list"))],
    }


class ObjectEditView(LoginRequiredMixin, View):
    """Create (no pk) or edit (pk) one object through its service."""

    queryset = None
    service = None  # the model's registered service unless a view names another
    form = None
    template_name = "core/object_edit.html"

    def get_object(self, pk):
        if pk is None:
            return self.queryset.model()
        obj = get_object_or_404(self.queryset.restrict(self.request.user, permissions.VIEW), pk=pk)
        return self.as_proposed(obj)

    def as_proposed(self, obj):
        """In a proposal, the object as the proposal has it, so that the form shows (and
        compares against) the proposal's values; live otherwise."""
        value = self.request.session.get(proposals.SESSION_KEY)
        if not value or not getattr(service_of(self), "proposable", False):
            return obj
        proposal = Proposal.objects.filter(pk=value, state=ProposalState.OPEN).first()
        if proposal is None:
            return obj
        return proposals.proposed_instance(proposal, type(obj), obj.pk) or obj

    def get_initial(self) -> dict:
        return {k: v for k, v in self.request.GET.items()}

    def get(self, request, pk=None):
        obj = self.get_object(pk)
        self.require_access(obj)
        form = self.form(instance=obj, initial=self.get_initial() if pk is None else None)
        form = self.prepare_form(form)
        return self.render_form(obj, form)

    def post(self, request, pk=None):
        obj = self.get_object(pk)
        self.require_access(obj)
        form = self.prepare_form(self.form(request.POST, request.FILES, instance=obj))
        if form.is_valid():
            try:
                saved = call_service(self.save, form, obj, denial_is_refusal=True)
            except Refused as refused:
                if refused.conflict is not None:
                    return self.render_conflict(pk, form, refused.conflict)
                refused.onto(form)
                return self.render_form(obj, form, status=refused.status)
            else:
                operation = getattr(saved, "proposal_operation", None)
                if operation is not None:
                    return recorded_in_proposal(request, operation.proposal, saved)
                messages.success(request, _("Saved “%(object)s”.") % {"object": saved})
                return redirect(self.success_url(saved))
        return self.render_form(obj, form, status=400)

    def render_conflict(self, pk, form, conflict: ConflictError):
        """The form keeps the user's input; the page names the object as stored now."""
        form.data = form.data.copy()
        form.data["version"] = conflict.current_version
        current = self.get_object(pk)
        return self.render_form(current, form, conflict=conflict, status=409)

    def prepare_form(self, form):
        """Narrow choices to what the user may pick (override)."""
        return form

    def require_access(self, obj) -> None:
        # A new row already has its UUID: whether it is being added is the model state's to say.
        if obj._state.adding:
            permissions.require_may_create(self.request.user, type(obj))
        else:
            permissions.require(self.request.user, permissions.CHANGE, obj)

    def save(self, form, obj):
        service = service_of(self)
        actor = Actor.for_request(self.request)
        values = form.service_values()
        if obj._state.adding:
            return service.create(actor, **values)
        return service.update(actor, obj, version=form.cleaned_data.get("version"), **values)

    def success_url(self, obj) -> str:
        return obj.get_absolute_url()

    def render_form(self, obj, form, status=200, **extra):
        context = {
            "object": obj,
            "adding": obj._state.adding,
            "form": form,
            "model": self.queryset.model,
            **extra,
        }
        return render(self.request, self.template_name, context, status=status)


class OwnedEditView(ObjectEditView):
    """Edits an object whose form offers only the owning units the user may assign."""

    def prepare_form(self, form):
        form.limit_owner_choices(self.request.user)
        return form


class ObjectDeleteView(LoginRequiredMixin, View):
    queryset = None
    service = None  # the model's registered service unless a view names another
    template_name = "core/object_delete.html"

    def get_object(self, pk):
        return get_object_or_404(self.queryset.restrict(self.request.user, permissions.VIEW), pk=pk)

    def get(self, request, pk):
        obj = self.get_object(pk)
        permissions.require(request.user, permissions.DELETE, obj)
        return render(request, self.template_name, {"object": obj})

    def post(self, request, pk):
        obj = self.get_object(pk)
        permissions.require(request.user, permissions.DELETE, obj)
        try:
            call_service(self.delete_object, obj)
        except Refused as refused:
            context = {"object": obj, "error": refused.message}
            return render(request, self.template_name, context, status=400)
        actor = Actor.for_request(request)
        if service_of(self).records_into_proposal(actor):
            return recorded_in_proposal(request, actor.proposal, obj)
        messages.success(request, _("Deleted “%(object)s”.") % {"object": obj})
        return redirect(self.success_url())

    # Not `delete`: View would answer an HTTP DELETE with it.
    def delete_object(self, obj) -> None:
        version = parse_version(self.request.POST.get("version"))
        service_of(self).delete(Actor.for_request(self.request), obj, version=version)

    def success_url(self) -> str:
        meta = self.queryset.model._meta
        return reverse(f"{meta.app_label}:{meta.model_name}_list")


def service_of(view):
    """The service a view writes through: the one it names, or its model's."""
    return view.service or service_for(view.queryset.model)


# What a service raises when it will not write, each with a message for the person asking.
REFUSALS = (ValidationError, ConflictError, ProtectedError, RevertError, ProposalConflict)


class Refused(Exception):
    """A service refused a write from a page; the page shows `message` or puts it `onto` a form."""

    def __init__(self, error: Exception):
        super().__init__(error)
        self.error = error

    @property
    def conflict(self) -> ConflictError | None:
        return self.error if isinstance(self.error, ConflictError) else None

    @property
    def status(self) -> int:
        """The page's status: a refusal for want of permission is a 403 wherever it shows."""
        if isinstance(self.error, PermissionDenied):
            return 403
        return 409 if self.conflict is not None else 400

    @property
    def message(self) -> str:
        if isinstance(self.error, ValidationError):
            return " ".join(self.error.messages)
        if isinstance(self.error, ProtectedError):
            return self.error.args[0]
        return str(self.error)

    def onto(self, form, *, whole_form: bool = False) -> None:
        """A validation error's messages on the fields they name (the others, or all of them
        with `whole_form`, on the form as a whole); any other refusal on the form as a whole."""
        error = self.error
        if not isinstance(error, ValidationError):
            form.add_error(None, self.message)
        elif hasattr(error, "error_dict") and not whole_form:
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            for message in error.messages:
                form.add_error(None, message)


def call_service(write, *args, denial_is_refusal: bool = False, **kwargs):
    """`write(*args, **kwargs)` for a page: its result, or `Refused` where the service refused.

    A PermissionDenied is a refusal only where the page shows it (`denial_is_refusal`);
    elsewhere it passes on and the person gets the 403 page.
    """
    refusals = (*REFUSALS, PermissionDenied) if denial_is_refusal else REFUSALS
    try:
        return write(*args, **kwargs)
    except refusals as error:
        raise Refused(error) from error


def download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    """A file the browser saves rather than shows."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def parse_version(value) -> int | None:
    if value in (None, ""):
        return None
    if not str(value).isdigit():
        raise ValidationError(_("The version sent with the form is not a number; reload the page."))
    return int(value)


class ObjectChangeLogView(LoginRequiredMixin, View):
    """The history of one object: every entry of the log that names it."""

    queryset = None

    def get(self, request, pk):
        obj = get_object_or_404(self.queryset.restrict(request.user, permissions.VIEW), pk=pk)
        entries = changes_of(obj)
        table = ChangeLogTable(entries, exclude=("object_repr", "content_type"))
        paginate(request, table)
        return render(request, "core/object_changelog.html", {"object": obj, "table": table})


def changes_of(obj):
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=True)
    return ChangeLogEntry.objects.filter(
        content_type=content_type, object_id=str(obj.pk)
    ).select_related("user", "content_type")


class ChangeLogListView(LoginRequiredMixin, View):
    def get(self, request):
        qs = ChangeLogEntry.objects.visible_to(request.user).select_related("user", "content_type")
        filterset = ChangeLogFilterSet(request.GET, queryset=qs, request=request)
        table = ChangeLogTable(filterset.qs if filterset.is_valid() else qs.none())
        paginate(request, table)
        context = {
            "model": ChangeLogEntry,
            "table": table,
            "filter_form": filterset.form,
            "batch": filterset.form.cleaned_data.get("batch") if filterset.is_valid() else None,
        }
        template = "core/includes/table.html" if is_htmx(request) else "core/changelog_list.html"
        return render(request, template, context)


class ChangeLogDetailView(LoginRequiredMixin, View):
    def get(self, request, pk):
        entries = ChangeLogEntry.objects.visible_to(request.user)
        entry = get_object_or_404(entries.select_related("user"), pk=pk)
        return render(request, "core/changelog_detail.html", change_context(entry))


def change_context(entry: ChangeLogEntry, **extra) -> dict:
    before, after = entry.before or {}, entry.after or {}
    changed = set(entry.changed_fields)
    rows = [
        {"field": k, "before": before.get(k), "after": after.get(k), "changed": k in changed}
        for k in dict.fromkeys([*before, *after])
    ]
    target = entry.model_class.objects.filter(pk=entry.object_id).first()
    return {
        "entry": entry,
        "rows": rows,
        "target": target,
        "batch_size": ChangeLogEntry.objects.filter(batch=entry.batch).count(),
        **extra,
    }


class BatchRevertView(LoginRequiredMixin, View):
    """Undo everything one request or import wrote."""

    def post(self, request, batch):
        try:
            count = call_service(
                revert_batch, Actor.for_request(request), batch, denial_is_refusal=True
            )
        except Refused as refused:
            messages.error(
                request, _("Nothing was reverted: %(error)s") % {"error": refused.message}
            )
        else:
            messages.success(request, _("Reverted %(count)d changes.") % {"count": count})
        return redirect(f"{reverse('core:changelog_list')}?batch={batch}")


class RevertView(LoginRequiredMixin, View):
    def post(self, request, pk):
        entry = get_object_or_404(ChangeLogEntry.objects.visible_to(request.user), pk=pk)
        try:
            restored = call_service(
                revert, Actor.for_request(request), entry, denial_is_refusal=True
            )
        except Refused as refused:
            context = change_context(entry, error=refused.message)
            return render(request, "core/changelog_detail.html", context, status=409)
        messages.success(request, _("Reverted: %(change)s.") % {"change": entry})
        if restored is not None and hasattr(restored, "get_absolute_url"):
            return redirect(restored.get_absolute_url())
        return redirect("core:changelog_list")


class JobView(LoginRequiredMixin, View):
    """How far a background job is; once it has ended, what it produced."""

    def get(self, request, pk):
        job = get_object_or_404(Job.objects.visible_to(request.user), pk=pk)
        kind = job_kind(job.kind)
        done, total = job.progress()
        context = {
            "job": job,
            "kind": kind,
            "done": done,
            "total": total,
            "percent": round(100 * done / total) if total else 0,
        }
        if job.finished and kind.context:
            context.update(kind.context(request, job))
        return render(request, "core/job.html", context)


class JobFileView(LoginRequiredMixin, View):
    """The file a job produced, for the people who may see the job."""

    def get(self, request, pk):
        job = get_object_or_404(Job.objects.visible_to(request.user), pk=pk)
        return job_file_response(job)


def job_file_response(job: Job) -> FileResponse:
    path = job.result_path()
    if path is None:
        raise Http404(_("This job's file is no longer kept; start the job again."))
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name)


# --- Change proposals ---------------------------------------------------------------------


def recorded_in_proposal(request, proposal, what):
    """Where a page goes after a write its proposal recorded: the proposal's changes."""
    messages.success(
        request,
        _("Recorded in the proposal “%(proposal)s”: %(object)s. Nothing changed live.")
        % {"proposal": proposal, "object": what},
    )
    return redirect(proposal.get_absolute_url())


class ProposalListView(LoginRequiredMixin, View):
    """Every change proposal, and a form to start one."""

    def get(self, request):
        items = Proposal.objects.select_related("created_by").order_by("-created_at")
        state = request.GET.get("state")
        if state in ProposalState.values:
            items = items.filter(state=state)
        context = {
            "proposals": items[:200],
            "states": ProposalState.choices,
            "state": state,
            "may_propose": proposals.may_propose(request.user),
        }
        return render(request, "core/proposal_list.html", context)

    def post(self, request):
        try:
            proposal = call_service(
                proposals.open_proposal,
                request.user,
                request.POST.get("title", ""),
                denial_is_refusal=True,
            )
        except Refused as refused:
            messages.error(request, refused.message)
            return redirect("core:proposal_list")
        if request.POST.get("work_in") == "1":
            request.session[proposals.SESSION_KEY] = str(proposal.pk)
        return redirect(proposal)


def proposal_context(request, proposal: Proposal, **extra) -> dict:
    """What a proposal's page shows: its changes field by field, its conflicts, its actions.
    Pages above core (a governance request) include the same template with this context."""
    changes = proposals.diff(proposal)
    return {
        "proposal": proposal,
        "changes": changes,
        "conflicts": [c for c in changes if c.moved],
        "working_here": request.session.get(proposals.SESSION_KEY) == str(proposal.pk),
        "may_merge": proposals.may_merge(request.user) and proposal.is_open,
        "may_edit": proposals.may_propose(request.user) and proposal.is_open,
        "accept_live": proposals.ACCEPT_LIVE,
        "keep_mine": proposals.KEEP_MINE,
        **extra,
    }


class ProposalDetailView(LoginRequiredMixin, View):
    def get(self, request, pk):
        proposal = get_object_or_404(Proposal, pk=pk)
        return render(request, "core/proposal.html", proposal_context(request, proposal))


class ProposalWorkView(LoginRequiredMixin, View):
    """Work in a proposal: the ordinary forms record into it until the person leaves it."""

    def post(self, request, pk):
        proposal = get_object_or_404(Proposal, pk=pk)
        if not proposals.may_propose(request.user):
            raise PermissionDenied(_("Working in a change proposal needs an editor's role."))
        try:
            proposals.require_open(proposal)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(proposal)
        request.session[proposals.SESSION_KEY] = str(proposal.pk)
        messages.info(
            request,
            _(
                "You are working in the proposal “%(proposal)s”: what you save now is recorded "
                "in it, not in the live repository."
            )
            % {"proposal": proposal},
        )
        return redirect(next_url(request, request.POST, reverse("repository:element_list")))


class ProposalLeaveView(LoginRequiredMixin, View):
    def post(self, request):
        request.session.pop(proposals.SESSION_KEY, None)
        messages.info(
            request, _("You left the proposal: what you save now changes the repository.")
        )
        return redirect(next_url(request, request.POST, reverse("core:proposal_list")))


class ProposalMergeView(LoginRequiredMixin, View):
    """Merge a proposal (the EA office): one batch, or the conflicts shown and nothing written."""

    def post(self, request, pk):
        proposal = get_object_or_404(Proposal, pk=pk)
        if not proposals.may_merge(request.user):
            raise PermissionDenied(_("Merging a proposal is the EA office's decision."))
        try:
            batch = call_service(proposals.merge, Actor.for_request(request), proposal)
        except Refused as refused:
            context = proposal_context(request, proposal, error=refused.message)
            return render(request, "core/proposal.html", context, status=409)
        except ProposalConflict as conflict:
            context = proposal_context(request, proposal, error=str(conflict))
            return render(request, "core/proposal.html", context, status=409)
        if request.session.get(proposals.SESSION_KEY) == str(proposal.pk):
            request.session.pop(proposals.SESSION_KEY)
        messages.success(request, _("Merged into the repository as one batch of the change log."))
        return redirect(f"{reverse('core:changelog_list')}?batch={batch}")


class ProposalRebaseView(LoginRequiredMixin, View):
    """Resolve one conflict: per field, accept the live value or keep the proposal's."""

    def post(self, request, pk, op):
        operation = get_object_or_404(ProposalOperation, pk=op, proposal_id=pk)
        choices = {
            key.removeprefix("field:"): value
            for key, value in request.POST.items()
            if key.startswith("field:")
        }
        try:
            call_service(
                proposals.rebase,
                Actor.for_request(request),
                operation,
                choices,
                denial_is_refusal=True,
            )
        except Refused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("Resolved: the change is now based on the live version."))
        return redirect(operation.proposal)


class ProposalOperationRemoveView(LoginRequiredMixin, View):
    def post(self, request, pk, op):
        operation = get_object_or_404(ProposalOperation, pk=op, proposal_id=pk)
        try:
            call_service(
                proposals.remove_operation, request.user, operation, denial_is_refusal=True
            )
        except Refused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(
                request, _("Removed from the proposal: %(change)s.") % {"change": operation}
            )
        return redirect(operation.proposal)


class ProposalWithdrawView(LoginRequiredMixin, View):
    def post(self, request, pk):
        proposal = get_object_or_404(Proposal, pk=pk)
        try:
            call_service(proposals.withdraw, request.user, proposal, denial_is_refusal=True)
        except Refused as refused:
            messages.error(request, refused.message)
        else:
            if request.session.get(proposals.SESSION_KEY) == str(proposal.pk):
                request.session.pop(proposals.SESSION_KEY)
            messages.success(request, _("The proposal is withdrawn."))
        return redirect(proposal)


def working_proposal(request) -> dict:
    """Context processor: the proposal the person works in, for the banner on every page."""
    value = getattr(request, "session", {}).get(proposals.SESSION_KEY)
    if not value:
        return {}
    proposal = Proposal.objects.filter(pk=value).first()
    return {"proposal_banner": {"proposal": proposal, "open": bool(proposal and proposal.is_open)}}
