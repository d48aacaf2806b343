"""Upload a model, see what it would do, then import it; download the repository.

Large uploads and exports run in the background (`services` decides): the page redirects to
the job's page, which shows the same report and choices once the worker is done.
"""

import io
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from nakhon.core import proposals
from nakhon.core.models import Channel, Job, JobKind, JobState, Proposal, register_job_kind
from nakhon.core.permissions import require_importer
from nakhon.core.services import Actor
from nakhon.core.views import download, next_url
from nakhon.interchange import services, tasks, uploads
from nakhon.interchange.errors import InterchangeError
from nakhon.interchange.excel import write_template
from nakhon.interchange.formats import FORMATS
from nakhon.interchange.forms import ExportForm, ImportForm
from nakhon.interchange.importer import ImportPlan, ImportRefused
from nakhon.interchange.reports import summary_rows

SESSION_KEY = "nakhon_import_upload"


@login_required
def import_start(request):
    require_importer(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            checked = services.check(
                Actor.for_request(request), form.cleaned_data["files"], keep=True
            )
        except InterchangeError as error:
            form.add_error("files", str(error))
        else:
            if isinstance(checked, Job):
                return redirect(checked)
            request.session[SESSION_KEY] = checked.upload
            return render_report(request, checked.report())
    status = 400 if form.errors else 200
    return render(request, "interchange/import.html", {"form": form}, status=status)


@login_required
def import_into_proposal(request, pk):
    """Import a file into a change proposal at once (it changes nothing live, and shows its
    changes on the proposal's page); a refused object stops it, as a live import."""
    require_importer(request.user)
    proposal = get_object_or_404(Proposal, pk=pk)
    back = next_url(request, request.GET, proposal.get_absolute_url())
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        actor = Actor(user=request.user, channel=Channel.IMPORT, proposal=proposal)
        try:
            proposals.require_open(proposal)
            plan = services.import_files(
                actor, form.cleaned_data["files"], without_refused=_without_refused(request)
            )
        except ValidationError as error:
            form.add_error(None, " ".join(error.messages))
        except ImportRefused as refused:
            form.add_error(None, str(refused))
            for item in refused.plan.refused[:20]:
                form.add_error(None, f"{item.identifier}: {item.reason}")
        except InterchangeError as error:
            form.add_error("files", str(error))
        else:
            messages.success(request, tasks.imported_into_proposal(plan))
            return redirect(back)
    status = 400 if form.errors else 200
    context = {"form": form, "proposal": proposal, "back": back}
    return render(request, "interchange/import_into_proposal.html", context, status=status)


def render_report(request, report: dict, status=200):
    context = report_context(report, reverse("interchange:import_confirm"))
    return render(request, "interchange/report.html", context, status=status)


def report_context(report: dict, confirm_url: str | None) -> dict:
    """What `interchange/includes/plan.html` shows of an import plan, from the report a job
    keeps (`tasks.job_report`); `confirm_url` receives the choice to import (none: no choice
    offered)."""
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
    require_importer(request.user)
    token = request.session.get(SESSION_KEY, "")
    paths = uploads.kept(token)
    try:
        imported = services.import_kept(
            Actor.for_request(request), token, without_refused=_without_refused(request)
        )
    except uploads.UploadGone:
        return _upload_gone(request)
    except ImportRefused as refused:
        return render_report(request, tasks.job_report(refused.plan, paths), status=409)
    except InterchangeError as error:
        messages.error(request, tasks.not_imported(error))
        return redirect("interchange:import")
    del request.session[SESSION_KEY]
    return _follow(request, imported)


def _without_refused(request) -> bool:
    return request.POST.get("without_refused") == "1"


def _follow(request, imported: ImportPlan | Job):
    """To the import's job, or, for an import done, to its batch in the change log."""
    if isinstance(imported, Job):
        return redirect(imported)
    if imported.proposal:
        messages.success(request, tasks.imported_into_proposal(imported))
        return redirect("core:proposal", imported.proposal)
    messages.success(request, tasks.imported())
    return redirect(f"{reverse('core:changelog_list')}?batch={imported.batch}")


def _upload_gone(request):
    messages.error(request, str(uploads.UploadGone()))
    return redirect("interchange:import")


@login_required
@require_POST
def import_job_confirm(request, pk):
    """Import the files that the job `pk` checked."""
    require_importer(request.user)
    holder = get_object_or_404(Job, pk=pk, user=request.user)
    started = _import_started_from(holder)
    if started is not None and started.state != JobState.FAILED:
        return redirect(started)  # confirmed twice: the first import is the one to follow
    try:
        imported = services.import_kept(
            Actor.for_request(request), holder.pk.hex, without_refused=_without_refused(request)
        )
    except uploads.UploadGone:
        return _upload_gone(request)
    if isinstance(imported, Job):
        holder.report = {**holder.report, "import": str(imported.pk)}
        holder.save(update_fields=["report"])
    return _follow(request, imported)


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
    background = services.export_waits_too_long()
    if not form.is_valid() or (background and request.method != "POST"):
        context = {"form": form, "background": background}
        return render(request, "interchange/export.html", context)
    exported = services.export(request.user, form.cleaned_data["format"])
    if isinstance(exported, Job):
        return redirect(exported)
    return download(exported.content, exported.filename, exported.content_type)


@login_required
def template(request):
    buffer = io.BytesIO()
    write_template(buffer)
    return download(buffer.getvalue(), "nakhon-ea-template.xlsx", FORMATS["xlsx"].content_type)
