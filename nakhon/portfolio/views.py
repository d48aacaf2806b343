from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tables2 import RequestConfig

from nakhon.core import permissions
from nakhon.core.views import (
    ObjectChangeLogView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    changes_of,
    is_htmx,
)
from nakhon.portfolio.charts import SizeBy, time_chart
from nakhon.portfolio.exports import EXPORTS
from nakhon.portfolio.filtersets import (
    ApplicationProfileFilterSet,
    DataObjectProfileFilterSet,
    TechnologyProfileFilterSet,
)
from nakhon.portfolio.forms import (
    ApplicationProfileForm,
    DataObjectProfileForm,
    TechnologyProfileForm,
)
from nakhon.portfolio.models import (
    SUPPORT_HORIZON_MONTHS,
    ApplicationProfile,
    DataObjectProfile,
    SupportState,
    TechnologyProfile,
    months_later,
    time_class_expression,
)
from nakhon.portfolio.summaries import cost_by_time_class, cost_by_unit, grand_total
from nakhon.portfolio.tables import (
    ApplicationProfileTable,
    DataObjectProfileTable,
    TechnologyProfileTable,
)
from nakhon.repository.models import Element, Relationship

PROFILED = ("element__owner_unit__element",)
APPLICATIONS = ApplicationProfile.objects.select_related(*PROFILED).annotate(
    time_class_code=time_class_expression()
)
# Soonest end of support first; the unknown last.
TECHNOLOGY = TechnologyProfile.objects.select_related(*PROFILED).order_by(
    F("end_of_support").asc(nulls_last=True), "element__name"
)
DATA_OBJECTS = DataObjectProfile.objects.select_related(*PROFILED)


class ProfileEditView(ObjectEditView):
    """Adds or edits a profile; the form offers only the units and elements the user may
    write, and the service checks the unit chosen."""

    def prepare_form(self, form):
        form.limit_to_user(self.request.user)
        return form

    def require_access(self, obj) -> None:
        if obj.pk is not None:
            super().require_access(obj)
        elif permissions.role_of(self.request.user) not in WRITING_ROLES:
            raise PermissionDenied(_("Only the EA office and unit editors add to the portfolio."))


WRITING_ROLES = {*permissions.EDIT_EVERYTHING, permissions.Role.UNIT_EDITOR}


class ProfileDetailView(ObjectDetailView):
    """A profile's page: its fields, its element's relationships and its recent changes."""

    def get_extra_context(self, obj) -> dict:
        relationships = Relationship.objects.select_related("source", "target")
        return {
            "outgoing": relationships.filter(source=obj.element).order_by("type"),
            "incoming": relationships.filter(target=obj.element).order_by("type"),
            "changes": changes_of(obj)[:10],
            "support": obj.support_state(timezone.localdate())
            if hasattr(obj, "support_state")
            else None,
        }


class SelectionListView(ObjectListView):
    """A list whose page also says something about the whole filtered selection (a chart,
    totals), and may hand the selection over as a file instead of a page."""

    partial_template = "core/includes/table.html"

    def get(self, request):
        filterset = self.filterset(
            request.GET, queryset=self.queryset.restrict(request.user), request=request
        )
        selection = filterset.qs if filterset.is_valid() else self.queryset.none()
        file = self.file_response(request, selection)
        if file is not None:
            return file
        table = self.table(selection, request=request)
        RequestConfig(request, paginate={"per_page": self.per_page}).configure(table)
        context = {
            "model": self.queryset.model,
            "table": table,
            "filter_form": filterset.form,
            "can_add": self.can_add(request.user),
            "add_url": self.add_url(),
            "query": request.GET.urlencode(),
            **self.selection_context(request, selection),
        }
        template = self.partial_template if is_htmx(request) else self.template_name
        return render(request, template, context)

    def selection_context(self, request, selection) -> dict:
        return {}

    def file_response(self, request, selection) -> HttpResponse | None:
        return None


# Applications


class ApplicationPortfolioView(SelectionListView):
    """The portfolio: applications by TIME class on a chart, cost per unit, the list, and
    the same selection as CSV or Excel."""

    queryset = APPLICATIONS
    filterset = ApplicationProfileFilterSet
    table = ApplicationProfileTable
    template_name = "portfolio/applicationprofile_list.html"
    partial_template = "portfolio/includes/portfolio_results.html"

    def selection_context(self, request, selection) -> dict:
        size_by = request.GET.get("size")
        by_unit = cost_by_unit(selection)
        return {
            "chart": time_chart(selection, size_by if size_by in SizeBy.values else SizeBy.COST),
            "size_choices": SizeBy.choices,
            "by_unit": by_unit,
            "by_time_class": cost_by_time_class(selection),
            "total": grand_total(by_unit),
            "unprofiled": unprofiled_count(ApplicationProfile),
        }

    def file_response(self, request, selection) -> HttpResponse | None:
        export = request.GET.get("export")
        return export_response(selection, export) if export in EXPORTS else None


def export_response(profiles, export: str) -> HttpResponse:
    write, content_type = EXPORTS[export]
    stamp = timezone.localdate().isoformat()
    response = HttpResponse(write(profiles), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="portfolio-{stamp}.{export}"'
    return response


def unprofiled_count(profile) -> int:
    """How many elements of the profile's type(s) the portfolio does not describe yet."""
    accessor = profile._meta.get_field("element").remote_field.related_name
    return Element.objects.filter(
        type__in=profile.element_types, **{f"{accessor}__isnull": True}
    ).count()


class ApplicationProfileView(ProfileDetailView):
    queryset = APPLICATIONS
    template_name = "portfolio/applicationprofile.html"


class ApplicationProfileEditView(ProfileEditView):
    queryset = APPLICATIONS
    form = ApplicationProfileForm


class ApplicationProfileDeleteView(ObjectDeleteView):
    queryset = APPLICATIONS
    template_name = "portfolio/profile_delete.html"


class ApplicationProfileChangeLogView(ObjectChangeLogView):
    queryset = APPLICATIONS


# Technology


class TechnologyLifecycleView(SelectionListView):
    """Technology by end of support: what is past it, and what reaches it within 12 months."""

    queryset = TECHNOLOGY
    filterset = TechnologyProfileFilterSet
    table = TechnologyProfileTable
    template_name = "portfolio/technologyprofile_list.html"
    partial_template = "portfolio/includes/lifecycle_results.html"

    def selection_context(self, request, selection) -> dict:
        today = timezone.localdate()
        return {
            "today": today,
            "horizon": months_later(today, SUPPORT_HORIZON_MONTHS),
            "support_counts": [
                (state, selection.in_support_state([state], today).count())
                for state in SupportState
            ],
            "unprofiled": unprofiled_count(TechnologyProfile),
        }


class TechnologyProfileView(ProfileDetailView):
    queryset = TECHNOLOGY
    template_name = "portfolio/technologyprofile.html"


class TechnologyProfileEditView(ProfileEditView):
    queryset = TECHNOLOGY
    form = TechnologyProfileForm


class TechnologyProfileDeleteView(ObjectDeleteView):
    queryset = TECHNOLOGY
    template_name = "portfolio/profile_delete.html"


class TechnologyProfileChangeLogView(ObjectChangeLogView):
    queryset = TECHNOLOGY


# Data objects


class DataObjectProfileListView(ObjectListView):
    queryset = DATA_OBJECTS
    filterset = DataObjectProfileFilterSet
    table = DataObjectProfileTable


class DataObjectProfileView(ProfileDetailView):
    queryset = DATA_OBJECTS
    template_name = "portfolio/dataobjectprofile.html"


class DataObjectProfileEditView(ProfileEditView):
    queryset = DATA_OBJECTS
    form = DataObjectProfileForm


class DataObjectProfileDeleteView(ObjectDeleteView):
    queryset = DATA_OBJECTS
    template_name = "portfolio/profile_delete.html"


class DataObjectProfileChangeLogView(ObjectChangeLogView):
    queryset = DATA_OBJECTS
