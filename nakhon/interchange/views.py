"""Upload a model, see what it would do, then import it; download the repository."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nakhon.core import permissions
from nakhon.core.services import Actor
from nakhon.interchange import uploads
from nakhon.interchange.errors import InterchangeError
from nakhon.interchange.excel import write_template
from nakhon.interchange.exporter import export_document
from nakhon.interchange.formats import EXPORT_EXTENSIONS, FORMATS, read_paths, write_document
from nakhon.interchange.forms import ExportForm, ImportForm
from nakhon.interchange.importer import ImportRefused, apply_import, plan_import
from nakhon.interchange.reports import summary_rows

SESSION_KEY = "nakhon_import_upload"


def require_importer(user) -> None:
    role = permissions.role_of(user)
    if role not in permissions.EDIT_EVERYTHING and role != permissions.Role.UNIT_EDITOR:
        raise PermissionDenied(_("Importing needs the EA office's or a unit editor's role."))


@login_required
def import_start(request):
    require_importer(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        token, paths = uploads.keep(form.cleaned_data["files"])
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
    context = {
        "plan": plan,
        "rows": summary_rows(plan),
        "refused": plan.refused,
        "file_names": ", ".join(p.name for p in paths),
    }
    return render(request, "interchange/report.html", context, status=status)


@login_required
@require_POST
def import_confirm(request):
    require_importer(request.user)
    token = request.session.get(SESSION_KEY, "")
    paths = uploads.kept(token)
    if not paths:
        messages.error(request, _("The uploaded file is no longer here; upload it again."))
        return redirect("interchange:import")
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


@login_required
def export(request):
    form = ExportForm(request.GET or None)
    if not form.is_valid():
        return render(request, "interchange/export.html", {"form": form})
    key = form.cleaned_data["format"]
    buffer = io.BytesIO()
    write_document(export_document(), key, buffer)
    return download(buffer.getvalue(), f"nakhon-ea{EXPORT_EXTENSIONS[key]}", FORMATS[key])


@login_required
def template(request):
    buffer = io.BytesIO()
    write_template(buffer)
    return download(buffer.getvalue(), "nakhon-ea-template.xlsx", FORMATS["xlsx"])


def download(content: bytes, filename: str, fmt) -> HttpResponse:
    response = HttpResponse(content, content_type=fmt.content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
