"""Upload a model, see what it would do, then import it; download the repository.

Large uploads and exports run in the background (`tasks`): the page redirects to the job's page,
which shows the same report and choices once the worker is done.
"""

import io
import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from nakhon.core import permissions
from nakhon.core.models import Job, JobKind, JobState, register_job_kind
from nakhon.core.services import Actor
from nakhon.core.views import download
from nakhon.interchange import tasks, uploads
from nakhon.interchange.errors import InterchangeError
from nakhon.interchange.excel import write_template
from nakhon.interchange.exporter import export_document
from nakhon.interchange.formats import EXPORT_EXTENSIONS, FORMATS, read_paths, write_document
from nakhon.interchange.forms import ExportForm, ImportForm
from nakhon.interchange.importer import ImportRefused, apply_import, plan_import
from nakhon.interchange.reports import summary_rows
from nakhon.repository.models import Element, Relationship, View

SESSION_KEY = "nakhon_import_upload"


@login_required
def import_start(request):
    permissions.require_importer(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        files = form.cleaned_data["files"]
        if uploads.too_large_to_wait_for(files):
            return redirect(tasks.check_later(request.user, files))
        token, paths = uploads.keep(files)
        try:
            plan = plan_import(read_paths(paths), Actor.for_request(request))
        except InterchangeError as error:
            uploads.forget(token)
            form.add_error("files", str(error))
        else:
            request.session[SESSION_KEY] = token
            return render_report(request, plan, paths)
    status = 400 if form.errors else 200
    return render(request, "interchange/import.html", {"form": form}, status=status)


def render_report(request, plan, paths, status=200):
    context = report_context(tasks.plan_report(plan, paths), reverse("interchange:import_confirm"))
    return render(request, "interchange/report.html", context, status=status)


def report_context(report: dict, confirm_url: str | None) -> dict:
    """What `interchange/includes/plan.html` shows of a plan, from the form a job stores it in;
    `confirm_url` receives the choice to import (none: no choice offered)."""
    return {
        "rows": summary_rows(report["counts"]),
        "refused": report["refused"],
        "refused_count": report["refused_count"],
        "file_names": report["file_names"],
        "confirm_url": confirm_url,
    }


@login_required
@require_POST
def import_confirm(request):
    permissions.require_importer(request.user)
    token = request.session.get(SESSION_KEY, "")
    paths = uploads.kept(token)
    if not paths:
        return _upload_gone(request)
    without_refused = request.POST.get("without_refused") == "1"
    try:
        plan = apply_import(
            read_paths(paths), Actor.for_request(request), without_refused=without_refused
        )
    except ImportRefused as refused:
        return render_report(request, refused.plan, paths, status=409)
    except InterchangeError as error:
        messages.error(request, _("Nothing was imported. %(error)s") % {"error": error})
        return redirect("interchange:import")
    uploads.forget(token)
    del request.session[SESSION_KEY]
    messages.success(request, _("Imported. Every change is in the change log as one batch."))
    return redirect(f"{reverse('core:changelog_list')}?batch={plan.batch}")


def _upload_gone(request):
    messages.error(request, _("The uploaded file is no longer here; upload it again."))
    return redirect("interchange:import")


@login_required
@require_POST
def import_job_confirm(request, pk):
    """Import, in the background, the files that the job `pk` checked."""
    permissions.require_importer(request.user)
    holder = get_object_or_404(Job, pk=pk, user=request.user)
    started = _import_started_from(holder)
    if started is not None and started.state != JobState.FAILED:
        return redirect(started)  # confirmed twice: the first import is the one to follow
    if not uploads.kept(holder.pk.hex):
        return _upload_gone(request)
    without_refused = request.POST.get("without_refused") == "1"
    job = tasks.import_later(request.user, holder.pk.hex, without_refused=without_refused)
    holder.report = {**holder.report, "import": str(job.pk)}
    holder.save(update_fields=["report"])
    return redirect(job)


def _import_started_from(holder: Job) -> Job | None:
    started = holder.report.get("import")
    return Job.objects.filter(pk=started).first() if started else None


def _check_context(request, job: Job) -> dict:
    if job.state != JobState.DONE:
        return {}
    started = _import_started_from(job)
    # Only the person who uploaded the files imports them.
    offer = job.user_id == request.user.pk and (started is None or started.state == JobState.FAILED)
    confirm_url = reverse("interchange:import_job_confirm", args=[job.pk]) if offer else None
    return {**report_context(job.report, confirm_url), "import_job": started}


def _import_context(request, job: Job) -> dict:
    if "refused_count" not in job.report or job.state != JobState.FAILED:
        return {}
    # Refused: the files are still kept, by the job named in "upload"; offer to import the rest.
    holder = uuid.UUID(job.report["upload"])
    offer = job.user_id == request.user.pk
    confirm_url = reverse("interchange:import_job_confirm", args=[holder]) if offer else None
    return report_context(job.report, confirm_url)


register_job_kind(
    tasks.CHECK,
    JobKind(
        gettext_lazy("Checking an uploaded file"), "interchange/job_check.html", _check_context
    ),
)
register_job_kind(
    tasks.IMPORT,
    JobKind(gettext_lazy("Importing a model"), "interchange/job_import.html", _import_context),
)
register_job_kind(tasks.EXPORT, JobKind(gettext_lazy("Exporting the repository")))


@login_required
def export(request):
    """A download while the page waits; a repository too large for that is written by the
    worker, started with a POST (so that reloading the page starts nothing)."""
    form = ExportForm(request.POST or request.GET or None)
    background = too_large_to_export_while_waiting()
    if not form.is_valid() or (background and request.method != "POST"):
        context = {"form": form, "background": background}
        return render(request, "interchange/export.html", context)
    key = form.cleaned_data["format"]
    if background:
        return redirect(tasks.export_later(request.user, key))
    buffer = io.BytesIO()
    write_document(export_document(), key, buffer)
    return download(
        buffer.getvalue(), f"nakhon-ea{EXPORT_EXTENSIONS[key]}", FORMATS[key].content_type
    )


def too_large_to_export_while_waiting() -> bool:
    objects = Element.objects.count() + Relationship.objects.count() + View.objects.count()
    return objects > settings.NAKHON_INLINE_EXPORT_OBJECTS


@login_required
def template(request):
    buffer = io.BytesIO()
    write_template(buffer)
    return download(buffer.getvalue(), "nakhon-ea-template.xlsx", FORMATS["xlsx"].content_type)
