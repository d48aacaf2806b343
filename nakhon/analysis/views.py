"""The analysis pages: each asks its question through a form, runs one analysis, shows the
answer, and (impact, gap) exports it as CSV. Read-only: nothing here writes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_GET, require_POST

from nakhon.analysis import impact as impacts
from nakhon.analysis.forms import DismissFindingForm, GapForm, HeatMapForm, ImpactForm, OnDateForm
from nakhon.analysis.gap import gap_analysis
from nakhon.analysis.graph import current_index
from nakhon.analysis.heatmap import heat_map
from nakhon.analysis.lifecycle import lifecycle_conflicts, obsolescence
from nakhon.analysis.models import DismissedFinding
from nakhon.analysis.redundancy import redundancy_report
from nakhon.analysis.services import dismissed_findings
from nakhon.core import permissions
from nakhon.core.services import Actor
from nakhon.core.tabular import CONTENT_TYPES, csv_bytes
from nakhon.core.views import Refused, call_service, download, is_htmx, parse_version
from nakhon.repository.filtersets import ElementFilterSet
from nakhon.repository.models import Element

# Hits listed on the page (the CSV has them all) and drawn in the picture.
PAGE_LIMIT = 500
PICTURE_LIMIT = 150
CANDIDATES = 20


def visible_elements(request):
    return Element.objects.restrict(request.user, permissions.VIEW)


def csv_response(filename: str, columns, items) -> HttpResponse:
    """`items` as a CSV file, a row each, in `columns` of a header and an item's value."""
    header = [title for title, _value in columns]
    rows = ([value(item) for _title, value in columns] for item in items)
    return download(csv_bytes(header, rows), filename, CONTENT_TYPES["csv"])


def wants_csv(request) -> bool:
    return request.GET.get("export") == "csv"


@login_required
@require_GET
def index(request):
    return render(request, "analysis/index.html")


@login_required
@require_GET
def element_search(request):
    """Elements matching the search box, to pick one to analyse (an htmx partial)."""
    query = request.GET.get("q", "").strip()
    matches = []
    if query:
        found = ElementFilterSet({"q": query}, queryset=visible_elements(request))
        matches = found.qs.select_related("owner_unit__element")[:CANDIDATES]
    return render(
        request, "analysis/includes/candidates.html", {"matches": matches, "query": query}
    )


@login_required
@require_GET
def impact(request):
    form = form_from_query(request, ImpactForm, "element")
    bound, context, status = form.is_bound, {"form": form}, 200
    if bound and form.is_valid():
        query = form.query()
        try:
            limit = None if wants_csv(request) else PAGE_LIMIT
            result = impacts.impact_of(current_index(), query, limit)
        except impacts.NotInIndex as missing:
            form.add_error("element", str(missing))
            status = 400
        else:
            if wants_csv(request):
                return csv_response("impact.csv", IMPACT_COLUMNS, result.hits)
            context.update(impact_context(form, result))
    elif bound:
        status = 400
    if bound and form.is_bound and "element" in form.cleaned_data:
        context["element"] = form.cleaned_data["element"]
    return render(request, "analysis/impact.html", context, status=status)


def form_from_query(request, form_class, first_field: str):
    """The page's form, bound to the query string once it names the form's first field (a
    page opened from the menu shows the empty form, not its errors)."""
    return form_class(request.GET) if first_field in request.GET else form_class()


def impact_context(form, result: impacts.Impact) -> dict:
    picture = impacts.Impact(result.query, result.index, result.walk, result.rows)
    picture.hits = result.hits[:PICTURE_LIMIT]
    return {
        "result": result,
        "summary": impacts.service_summary(result.hits),
        "graph": impacts.graph_elements(picture),
        "truncated": result.total > len(result.hits),
        "csv_query": form.data.urlencode() if hasattr(form.data, "urlencode") else "",
    }


# The impact CSV's columns: each a header and a hit's value.
IMPACT_COLUMNS = (
    (gettext_lazy("depth"), lambda hit: hit.depth),
    (gettext_lazy("layer"), lambda hit: hit.node.layer_label),
    (gettext_lazy("type"), lambda hit: hit.node.type_label),
    (gettext_lazy("name"), lambda hit: hit.node.name),
    (
        gettext_lazy("English name"),
        lambda hit: hit.node.element.name_en if hit.node.element else "",
    ),
    (gettext_lazy("owning and linked units"), lambda hit: hit.node.unit_names()),
    (gettext_lazy("districts"), lambda hit: hit.node.district_names()),
    (pgettext_lazy("how an analysis reached an element", "path"), lambda hit: hit.path_text()),
    (gettext_lazy("id"), lambda hit: hit.node.id),
)


@login_required
@require_GET
def redundancy(request):
    report = redundancy_report(current_index())
    context = {
        "report": report,
        "may_dismiss": permissions.may_create(request.user, DismissedFinding),
    }
    return render(request, "analysis/redundancy.html", context)


@login_required
@require_POST
def dismiss_finding(request):
    """Sets a redundancy finding aside with a reason (the EA office's call)."""
    permissions.require_may_create(request.user, DismissedFinding)
    form = DismissFindingForm(request.POST)
    if not form.is_valid():
        problems = [e for errors in form.errors.values() for e in errors]
        messages.error(
            request, _("Nothing was dismissed: %(error)s") % {"error": " ".join(problems)}
        )
        return redirect("analysis:redundancy")
    try:
        dismissal = call_service(
            dismissed_findings.create, Actor.for_request(request), **form.cleaned_data
        )
    except Refused as refused:
        messages.error(request, _("Nothing was dismissed: %(error)s") % {"error": refused.message})
    else:
        messages.success(request, _("Dismissed: %(finding)s.") % {"finding": dismissal})
    return redirect("analysis:redundancy")


@login_required
@require_POST
def restore_finding(request, pk):
    """Puts a dismissed finding back among the ranked ones."""
    dismissal = get_object_or_404(DismissedFinding, pk=pk)
    permissions.require(request.user, permissions.DELETE, dismissal)
    try:
        version = call_service(parse_version, request.POST.get("version"))
        call_service(
            dismissed_findings.delete, Actor.for_request(request), dismissal, version=version
        )
    except Refused as refused:
        messages.error(request, _("Nothing was restored: %(error)s") % {"error": refused.message})
    else:
        messages.success(request, _("Restored: %(finding)s.") % {"finding": dismissal})
    return redirect("analysis:redundancy")


@login_required
@require_GET
def gap(request):
    form = form_from_query(request, GapForm, "baseline")
    bound, context = form.is_bound, {"form": form}
    if bound and form.is_valid():
        result = gap_analysis(form.cleaned_data["baseline"], form.cleaned_data["target"])
        if wants_csv(request):
            return csv_response("gap.csv", GAP_COLUMNS, result.rows)
        context.update({"gap": result, "csv_query": request.GET.urlencode()})
    status = 400 if bound and not form.is_valid() else 200
    return render(request, "analysis/gap.html", context, status=status)


# The gap CSV's columns: each a header and a row's value.
GAP_COLUMNS = (
    (gettext_lazy("change"), lambda row: row.get_change_display()),
    (
        gettext_lazy("kind"),
        lambda row: _("element") if row.kind == "element" else _("relationship"),
    ),
    (gettext_lazy("layer"), lambda row: row.layer_label),
    (gettext_lazy("unit"), lambda row: str(row.unit or "")),
    (gettext_lazy("type"), lambda row: row.object.get_type_display()),
    (gettext_lazy("name"), lambda row: str(row.object)),
    (gettext_lazy("details"), lambda row: "; ".join(row.details)),
    (gettext_lazy("id"), lambda row: row.object.pk),
)


@login_required
@require_GET
def heatmap(request):
    form = HeatMapForm(request.GET or None)
    result = heat_map(current_index(), form.chosen_measure())
    template = "analysis/includes/heatmap.html" if is_htmx(request) else "analysis/heatmap.html"
    return render(request, template, {"form": form, "map": result})


def _on_date_page(request, template: str, analyse):
    form = OnDateForm(request.GET or None)
    day = form.day()
    rows = analyse(current_index(), day)
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, template, {"form": form, "rows": rows, "day": day}, status=status)


@login_required
@require_GET
def obsolete(request):
    return _on_date_page(request, "analysis/obsolescence.html", obsolescence)


@login_required
@require_GET
def conflicts(request):
    return _on_date_page(request, "analysis/conflicts.html", lifecycle_conflicts)
