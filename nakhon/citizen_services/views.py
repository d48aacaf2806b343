import io
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views import View

from nakhon.citizen_services import charts, manuals
from nakhon.citizen_services.assessment import stored_thresholds
from nakhon.citizen_services.exports import write_scores
from nakhon.citizen_services.filtersets import (
    CommonDocumentFilterSet,
    IssuingAgencyFilterSet,
    ServiceProfileFilterSet,
)
from nakhon.citizen_services.forms import OverrideForm, ThresholdsForm
from nakhon.citizen_services.models import (
    CHILD_ROWS,
    MAX_LEVEL,
    AssessmentOverride,
    CommonDocument,
    IssuingAgency,
    Outcome,
    PaymentMethod,
    Registry,
    RubricSettings,
    ServiceProfile,
    with_current_assessment,
)
from nakhon.citizen_services.rollups import (
    Departments,
    ServiceRow,
    by_department,
    completeness,
    completeness_by_department,
    exchange_map,
    fix_first,
    history,
    in_department,
    rollup,
    service_rows,
)
from nakhon.citizen_services.rubric import THRESHOLDS, in_force, outcome_rubric
from nakhon.citizen_services.services import assessment_overrides, rubric_settings
from nakhon.citizen_services.tables import (
    CommonDocumentTable,
    IssuingAgencyTable,
    ServiceProfileTable,
)
from nakhon.core import permissions, uploads
from nakhon.core.dates import format_date
from nakhon.core.forms import BootstrapMixin
from nakhon.core.models import Channel
from nakhon.core.services import Actor
from nakhon.core.tabular import CONTENT_TYPES, csv_bytes
from nakhon.core.views import (
    ObjectDetailView,
    ObjectListView,
    OwnedEditView,
    Refused,
    call_service,
    download,
    parse_version,
)
from nakhon.organization.models import OrgUnit

SERVICES = with_current_assessment(
    ServiceProfile.objects.select_related("element__owner_unit__element")
)


class ServiceProfileListView(ObjectListView):
    filterset = ServiceProfileFilterSet
    table = ServiceProfileTable


class ServiceProfileView(ObjectDetailView):
    def get_object(self, pk):
        profile = super().get_object(pk)
        prefetch_related_objects([profile], *CHILD_ROWS)  # the page lists them
        return profile

    def get_extra_context(self, obj) -> dict:
        row = ServiceRow(obj, obj.current_assessment, Departments().of(obj.element.owner_unit_id))
        assessments = list(obj.assessments.order_by("assessed_at", "id"))
        points = [(assessment.assessed_at, assessment.score) for assessment in assessments]
        registry = Registry()
        return {
            "assessment": obj.current_assessment,
            "documents": [(d, registry.agency_of(d)) for d in obj.documents.all()],
            "payment_labels": [PaymentMethod(m).label for m in obj.payment_methods],
            "department": row.department,
            "improvements": fix_first([row], limit=None),
            "can_override": permissions.can(
                self.request.user, permissions.CHANGE, AssessmentOverride(profile=obj)
            ),
            "history_points": [
                {"date": moment, "score": score, "services": 1} for moment, score in points
            ],
            "history_chart": score_line(_("Score of this service over time (%)"), points),
        }


class ServiceProfileEditView(OwnedEditView):
    template_name = "services/serviceprofile_edit.html"


# Overrides


class OverrideView(LoginRequiredMixin, View):
    """Set, change or remove the EA office's level for one outcome of one service."""

    template_name = "services/override.html"

    def setup_objects(self, pk, outcome: str):
        if outcome not in Outcome.values:
            raise PermissionDenied(_("There is no outcome “%(outcome)s”.") % {"outcome": outcome})
        profile = get_object_or_404(SERVICES.restrict(self.request.user), pk=pk)
        existing = profile.overrides.filter(outcome=outcome).first()
        override = existing or AssessmentOverride(profile=profile, outcome=outcome)
        permissions.require(self.request.user, permissions.CHANGE, override)
        return profile, override

    def get(self, request, pk, outcome):
        profile, override = self.setup_objects(pk, outcome)
        return self.render_form(profile, override, OverrideForm(instance=override))

    def post(self, request, pk, outcome):
        profile, override = self.setup_objects(pk, outcome)
        if "remove" in request.POST and not override._state.adding:
            return self.remove(override)
        form = OverrideForm(request.POST, instance=override)
        if form.is_valid():
            try:
                call_service(self.save_override, form, override)
            except Refused as refused:
                refused.onto(form)
            else:
                messages.success(request, _("Saved the override."))
                return redirect(profile.get_absolute_url())
        return self.render_form(profile, override, form, status=400)

    def remove(self, override):
        """Removes the override, after which the rubric's level applies again."""
        try:
            call_service(self.delete_override, override)
        except Refused as refused:
            messages.error(self.request, refused.message)
            return redirect(self.request.path)
        messages.success(self.request, _("The rubric's level applies again."))
        return redirect(override.profile.get_absolute_url())

    # Not `delete`: View would answer an HTTP DELETE with it.
    def delete_override(self, override) -> None:
        version = parse_version(self.request.POST.get("version"))
        assessment_overrides.delete(Actor.for_request(self.request), override, version=version)

    def save_override(self, form, override) -> None:
        actor = Actor.for_request(self.request)
        values = {"level": form.cleaned_data["level"], "reason": form.cleaned_data["reason"]}
        if override._state.adding:
            assessment_overrides.create(
                actor, profile=override.profile, outcome=override.outcome, **values
            )
        else:
            version = form.cleaned_data.get("version")
            assessment_overrides.update(actor, override, version=version, **values)

    def render_form(self, profile, override, form, status=200):
        assessment = profile.current_assessment
        card = next(c for c in assessment.scorecard() if c.outcome == override.outcome)
        context = {
            "object": profile,
            "exists": not override._state.adding,
            "form": form,
            "card": card,
        }
        return render(self.request, self.template_name, context, status=status)


# The rubric


class RubricView(LoginRequiredMixin, View):
    def get(self, request):
        thresholds = stored_thresholds()
        settings = RubricSettings.objects.first()
        context = {
            "rows": outcome_rubric(thresholds),
            "thresholds": [(t, in_force(thresholds)[t.key]) for t in THRESHOLDS],
            "settings": settings,
            "can_edit": permissions.can(
                request.user, permissions.CHANGE, settings or RubricSettings()
            ),
        }
        return render(request, "services/rubric.html", context)


class RubricEditView(LoginRequiredMixin, View):
    def get_settings(self) -> RubricSettings:
        settings = RubricSettings.objects.first() or RubricSettings()
        permissions.require(self.request.user, permissions.CHANGE, settings)
        return settings

    def get(self, request):
        settings = self.get_settings()
        form = ThresholdsForm(initial={"version": settings.version}, in_force=settings.thresholds)
        return render(request, "services/rubric_edit.html", {"form": form})

    def post(self, request):
        settings = self.get_settings()
        form = ThresholdsForm(request.POST, in_force=settings.thresholds)
        if form.is_valid():
            try:
                call_service(
                    rubric_settings.save_thresholds,
                    Actor.for_request(request),
                    form.thresholds(),
                    version=form.cleaned_data.get("version"),
                )
            except Refused as refused:
                refused.onto(form)
            else:
                messages.success(request, _("Saved the thresholds; every service is re-assessed."))
                return redirect("services:rubric")
        return render(request, "services/rubric_edit.html", {"form": form}, status=400)


# Dashboards


def score_line(title: str, points) -> str:
    return charts.line_chart(
        title, [(format_date(moment), score) for moment, score in points], Decimal(100)
    )


def dashboard_context(rows, department: OrgUnit | None, departments: Departments) -> dict:
    summary = rollup(rows, department)
    outcome_levels = [
        (Outcome(o).label, summary.levels[o], summary.coverage[o]) for o in Outcome.values
    ]
    points = history(department, departments)
    return {
        "rollup": summary,
        "outcome_levels": outcome_levels,
        "outcome_chart": charts.bar_chart(
            _("Average level per outcome (0-3)"),
            [(capfirst(label), value) for label, value, _covered in outcome_levels],
            Decimal(MAX_LEVEL),
        ),
        "history_points": points,
        "history_chart": score_line(_("Score over time (%)"), [(p.date, p.score) for p in points]),
        "improvements": fix_first(rows, limit=20),
        "issuers": exchange_map(rows)[:5],
    }


class CityDashboardView(LoginRequiredMixin, View):
    def get(self, request):
        departments = Departments()
        rows = service_rows(ServiceProfile.objects.restrict(request.user), departments)
        ranked = by_department(rows)
        context = {
            **dashboard_context(rows, None, departments),
            "departments": ranked,
            "department_chart": charts.bar_chart(
                _("Score per department (%)"),
                [(r.label, r.score) for r in ranked],
                Decimal(100),
            ),
        }
        return render(request, "services/dashboard.html", context)


class DepartmentDashboardView(LoginRequiredMixin, View):
    def get(self, request, pk):
        department = get_object_or_404(OrgUnit.objects.select_related("element"), pk=pk)
        departments = Departments()
        rows = in_department(
            service_rows(ServiceProfile.objects.restrict(request.user), departments), department
        )
        context = {
            **dashboard_context(rows, department, departments),
            "department": department,
            "rows": sorted(rows, key=lambda r: (r.score is None, r.score or 0, str(r.profile))),
        }
        return render(request, "services/department.html", context)


class ExchangeMapView(LoginRequiredMixin, View):
    def get(self, request):
        issuers = exchange_map(service_rows(ServiceProfile.objects.restrict(request.user)))
        context = {
            "issuers": issuers,
            "total": sum(i.requests for i in issuers),
            "chart": charts.bar_chart(
                _("Requests a year that ask citizens for documents, by issuing agency"),
                [(i.name, i.requests) for i in issuers[:15]],
                Decimal(max([1, *(i.requests for i in issuers)])),
            ),
        }
        return render(request, "services/exchange_map.html", context)


# What is missing to assess each service


COMPLETENESS_HEADERS = (
    "รหัสบริการ (Service ID)",
    "ชื่อบริการ (Service)",
    "สำนัก/สำนักงานเขต (Department)",
    "จำนวนคำขอต่อปี (Requests a year)",
    "ผลลัพธ์ที่ยังประเมินไม่ได้ (Outcomes not assessed)",
    "ข้อมูลที่ขาด (Facts missing)",
)


class CompletenessView(LoginRequiredMixin, View):
    """Per service and per department, what is missing to assess it, ranked by yearly volume;
    as a page, or as CSV with ?format=csv."""

    def get(self, request):
        departments = Departments()
        rows = service_rows(ServiceProfile.objects.restrict(request.user), departments)
        department = request.GET.get("department")
        if department:
            rows = [r for r in rows if r.department and str(r.department.pk) == department]
        gaps = completeness(rows)
        if request.GET.get("format") == "csv":
            table = [
                [
                    g.row.profile.element.identifier,
                    str(g.row.profile),
                    str(g.row.department or ""),
                    "" if g.row.volume is None else str(g.row.volume),
                    "; ".join(g.outcome_labels),
                    "; ".join(g.facts),
                ]
                for g in gaps
            ]
            content = csv_bytes(list(COMPLETENESS_HEADERS), table)
            return download(content, "nakhon-services-missing.csv", CONTENT_TYPES["csv"])
        context = {
            "gaps": gaps,
            "departments": completeness_by_department(rows),
            "total": len(rows),
        }
        return render(request, "services/completeness.html", context)


# The registries


class IssuingAgencyListView(ObjectListView):
    filterset = IssuingAgencyFilterSet
    table = IssuingAgencyTable


class CommonDocumentListView(ObjectListView):
    filterset = CommonDocumentFilterSet
    table = CommonDocumentTable


class IssuingAgencyView(ObjectDetailView):
    def get_extra_context(self, obj) -> dict:
        return {"documents": obj.documents.all()}


class CommonDocumentView(ObjectDetailView):
    pass


AGENCIES = IssuingAgency.objects.all()
COMMON_DOCUMENTS = CommonDocument.objects.select_related("issuer")


# Export and import


class ServiceExportView(ServiceProfileListView):
    """The services the list shows (same filters), with their levels and scores, as a file."""

    queryset = ServiceProfile.objects.all()  # `service_rows` fetches what the rows need

    def file_response(self, selection) -> HttpResponse:
        fmt = self.kwargs["fmt"]
        if fmt not in CONTENT_TYPES:
            raise Http404(_("Export as csv or xlsx."))
        content = write_scores(service_rows(selection), fmt)
        return download(content, f"nakhon-services.{fmt}", CONTENT_TYPES[fmt])


def manual_file(sections: dict, fmt: str, stem: str) -> HttpResponse:
    if fmt not in CONTENT_TYPES:
        raise Http404(_("The template comes as csv or xlsx."))
    buffer = io.BytesIO()
    (manuals.write_workbook if fmt == "xlsx" else manuals.write_csv)(sections, buffer)
    return download(buffer.getvalue(), f"{stem}.{fmt}", CONTENT_TYPES[fmt])


@login_required
def manual_template(request, fmt: str):
    return manual_file({}, fmt, "citizen-manual-template")


@login_required
def manual_example(request, fmt: str):
    return manual_file(manuals.example_sections(), fmt, "citizen-manual-example")


class ManualImportForm(BootstrapMixin, forms.Form):
    file = forms.FileField(
        label=_("Filled template"),
        help_text=_("The citizen's-manual template as an Excel workbook (.xlsx) or a CSV file."),
    )


UPLOAD_SESSION_KEY = "nakhon_manual_upload"


class ImportView(LoginRequiredMixin, View):
    """Upload a filled template and see its plan: what it creates, changes or refuses. Nothing
    is written until the plan is confirmed (`ImportConfirmView`)."""

    template_name = "services/import.html"

    def get(self, request):
        permissions.require_importer(request.user)
        return render(request, self.template_name, {"form": ManualImportForm()})

    def post(self, request):
        permissions.require_importer(request.user)
        form = ManualImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        upload = form.cleaned_data["file"]
        token, (path,) = uploads.keep([upload])
        actor = Actor.for_request(request, Channel.IMPORT)
        try:
            plan = manuals.plan_manual(path, path.name, actor)
        except manuals.ManualError as error:
            uploads.forget(token)
            context = {"form": form, "problems": error.problems}
            return render(request, self.template_name, context, status=400)
        if plan.importable:
            request.session[UPLOAD_SESSION_KEY] = token
        else:
            uploads.forget(token)
        context = {"form": ManualImportForm(), "plan": plan, "file_name": path.name}
        return render(request, self.template_name, context, status=200 if plan.importable else 400)


class ImportConfirmView(LoginRequiredMixin, View):
    """Import the file whose plan was shown, all or nothing, checked again as it is written."""

    template_name = "services/import.html"

    def post(self, request):
        permissions.require_importer(request.user)
        token = request.session.pop(UPLOAD_SESSION_KEY, "")
        paths = uploads.kept(token)
        if not paths:
            messages.error(request, str(uploads.UploadGone()))
            return redirect("services:import")
        (path,) = paths
        actor = Actor.for_request(request, Channel.IMPORT)
        try:
            imported = manuals.import_manual(path, path.name, actor)
        except manuals.ManualError as error:
            context = {"form": ManualImportForm(), "problems": error.problems}
            return render(request, self.template_name, context, status=400)
        finally:
            uploads.forget(token)
        shown = SERVICES.filter(pk__in=[p.pk for p in imported])
        context = {"form": ManualImportForm(), "imported": shown, "batch": actor.batch}
        return render(request, self.template_name, context)
