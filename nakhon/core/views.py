"""Generic pages: an app's view for a model says which queryset, form, table and filterset.

Permission, version conflicts, the change log and htmx partial rendering live here once.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import ProtectedError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django_tables2 import RequestConfig

from nakhon.core import permissions
from nakhon.core.exceptions import ConflictError, RevertError
from nakhon.core.filtersets import ChangeLogFilterSet
from nakhon.core.models import ChangeLogEntry, Job, job_kind
from nakhon.core.services import Actor, revert, revert_batch, service_for
from nakhon.core.tables import ChangeLogTable


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


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
        table = self.table(selection, request=request)
        RequestConfig(request, paginate={"per_page": self.per_page}).configure(table)
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
        role = permissions.role_of(user)
        if role in permissions.EDIT_EVERYTHING:
            return True
        return role == permissions.Role.UNIT_EDITOR and bool(self.queryset.model.owner_path)

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
        return get_object_or_404(self.queryset.restrict(self.request.user, permissions.VIEW), pk=pk)

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
            else:
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
        if obj.pk is None:
            return
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
REFUSALS = (ValidationError, ConflictError, ProtectedError, RevertError)


class Refused(Exception):
    """A service refused a write from a page; the page shows `message` or puts it `onto` a form."""

    def __init__(self, error: Exception):
        super().__init__(error)
        self.error = error

    @property
    def conflict(self) -> ConflictError | None:
        return self.error if isinstance(self.error, ConflictError) else None

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
        table = ChangeLogTable(entries, request=request, exclude=("object_repr", "content_type"))
        RequestConfig(request, paginate={"per_page": 50}).configure(table)
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
        table = ChangeLogTable(filterset.qs if filterset.is_valid() else qs.none(), request=request)
        RequestConfig(request, paginate={"per_page": 50}).configure(table)
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
