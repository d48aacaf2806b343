"""Pages for frameworks, people and assessments, and the dashboards.

A person's page, and everything that lists people or ratings, reads the rows through
`restrict(user)`, which for personal data means the EA office, the person and their unit's
editors only (`models.people`). The dashboards and the statistics show figures only.
"""

import json

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from nakhon.capacity import dashboards, gaps
from nakhon.capacity.exports import dashboard_csv, dashboard_xlsx, statistics_csv
from nakhon.capacity.models import (
    Assessment,
    Person,
    PersonnelGroup,
    ProficiencyLevel,
    RoleLevel,
    SkillArea,
    SkillFramework,
    TargetLevel,
)
from nakhon.capacity.services import people, skill_frameworks
from nakhon.capacity.skills_forms import DashboardForm
from nakhon.core import permissions
from nakhon.core.charts import render_svg
from nakhon.core.services import Actor
from nakhon.core.tabular import CONTENT_TYPES
from nakhon.core.views import (
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    Refused,
    call_service,
    download,
)

FRAMEWORKS = SkillFramework.objects.all()
LEVELS = ProficiencyLevel.objects.select_related("framework")
AREAS = SkillArea.objects.select_related("framework")
TARGETS = TargetLevel.objects.select_related("area__framework")
PEOPLE = Person.objects.select_related("unit__element")
ASSESSMENTS = Assessment.objects.select_related("person", "area", "framework")


def list_view(filterset, table):
    return type(
        f"{table.__name__}View", (ObjectListView,), {"filterset": filterset, "table": table}
    )


class OwnedByPersonEditView(ObjectEditView):
    """The form offers only the units or people the user may write to."""

    def prepare_form(self, form):
        form.limit_owner_choices(self.request.user)
        return form


class AssessmentEditView(OwnedByPersonEditView):
    """A person with a linked account may add and change their own self-assessments; the
    service decides, so the page only asks that the rating be visible."""

    def require_access(self, obj) -> None:
        if obj._state.adding:
            if not Person.objects.filter(user_id=self.request.user.pk).exists():
                super().require_access(obj)
            return
        if permissions.can(self.request.user, permissions.CHANGE, obj):
            return
        own = obj.person.user_id == self.request.user.pk and obj.source == "self"
        if not own:
            permissions.require(self.request.user, permissions.CHANGE, obj)


class SkillFrameworkDetailView(ObjectDetailView):
    def get_extra_context(self, obj) -> dict:
        areas = list(obj.areas.all())
        targets = targets_grid(obj, areas)
        return {
            "levels": obj.levels.all(),
            "grid": targets,
            "columns": [(g, r) for g in PersonnelGroup for r in RoleLevel],
            "assessment_count": obj.assessments.count(),
        }


def targets_grid(framework, areas) -> list[dict]:
    table = gaps.targets_of(framework)
    return [
        {
            "area": area,
            "levels": [
                table.get((area.pk, g.value, r.value)) for g in PersonnelGroup for r in RoleLevel
            ],
        }
        for area in areas
    ]


class ActivateFrameworkView(LoginRequiredMixin, View):
    def post(self, request, pk):
        framework = get_object_or_404(FRAMEWORKS, pk=pk)
        try:
            call_service(skill_frameworks.activate, Actor.for_request(request), framework)
        except Refused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(
                request,
                _("“%(framework)s” is now the active framework.") % {"framework": framework},
            )
        return redirect(framework.get_absolute_url())


class NewEditionView(LoginRequiredMixin, View):
    """Copies a framework as a new edition (code and edition from the form), then opens it."""

    def post(self, request, pk):
        framework = get_object_or_404(FRAMEWORKS, pk=pk)
        code, edition = request.POST.get("code", "").strip(), request.POST.get("edition", "")
        try:
            copy = call_service(
                skill_frameworks.new_edition,
                Actor.for_request(request),
                framework,
                code=code,
                edition=edition.strip(),
                denial_is_refusal=True,
            )
        except Refused as refused:
            messages.error(request, refused.message)
            return redirect(framework.get_absolute_url())
        messages.success(
            request, _("Created the new edition “%(framework)s”.") % {"framework": copy}
        )
        return redirect(copy.get_absolute_url())


class PersonDetailView(ObjectDetailView):
    """A person's standing under the active framework, their progress, the events that would
    close their gaps, and their ratings."""

    def get_extra_context(self, obj) -> dict:
        framework = SkillFramework.active()
        context = {
            "framework": framework,
            "ratings": obj.assessments.select_related("area", "framework"),
            "can_anonymise": permissions.can(self.request.user, permissions.CHANGE, obj)
            and not obj.is_anonymised,
        }
        if framework is not None:
            current = gaps.standings(framework, Person.objects.filter(pk=obj.pk))
            areas = {a.pk: a for a in framework.areas.all()}
            context["standing"] = [(areas[s.area_id], s) for s in current]
            context["progress"] = gaps.progress_over_time(obj, framework)
            context["recommended"] = gaps.recommended_events(obj, framework)
        return context


class AnonymisePersonView(LoginRequiredMixin, View):
    def post(self, request, pk):
        person = get_object_or_404(Person.objects.restrict(request.user), pk=pk)
        try:
            call_service(people.anonymise, Actor.for_request(request), person)
        except Refused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("The person has been anonymised."))
        return redirect(person.get_absolute_url())


# Dashboards


def dashboard_of(request):
    form = DashboardForm(request.GET or None)
    unit = framework = None
    if form.is_valid():
        unit, framework = form.cleaned_data["unit"], form.cleaned_data["framework"]
    withhold = permissions.role_of(request.user) not in permissions.EDIT_EVERYTHING
    return form, dashboards.build(unit, framework, withhold=withhold)


class DashboardView(LoginRequiredMixin, View):
    """The dashboard of one unit or the city, as a page, CSV or an Excel workbook."""

    def get(self, request):
        form, board = dashboard_of(request)
        export = request.GET.get("export")
        stamp = timezone.localdate().isoformat()
        if export == "csv":
            return download(dashboard_csv(board), f"capacity-{stamp}.csv", CONTENT_TYPES["csv"])
        if export == "xlsx":
            return download(dashboard_xlsx(board), f"capacity-{stamp}.xlsx", CONTENT_TYPES["xlsx"])
        heat_svg = render_svg(dashboards.heat_map_spec(board)) if board.heat else ""
        context = {
            "form": form,
            "board": board,
            "heat_svg": heat_svg,
            "query": request.GET.urlencode(),
            "min_people": dashboards.MIN_PEOPLE,
        }
        return render(request, "capacity/dashboard.html", context)


class StatisticsView(LoginRequiredMixin, View):
    """Aggregate statistics with no personal data, as JSON or CSV, for the open-data
    catalogue."""

    def get(self, request, fmt="json"):
        rows = dashboards.open_statistics()
        if fmt == "csv":
            return download(statistics_csv(rows), "capacity-statistics.csv", CONTENT_TYPES["csv"])
        return JsonResponse(
            {"rows": json.loads(json.dumps(rows, default=str))},
            json_dumps_params={"ensure_ascii": False},
        )


class MyProfileView(LoginRequiredMixin, View):
    """The signed-in person's own page, where an account is linked to one."""

    def get(self, request):
        person = Person.objects.filter(user=request.user).first()
        if person is None:
            raise PermissionDenied(_("No person of the programme is linked to your account."))
        return redirect(person.get_absolute_url())
