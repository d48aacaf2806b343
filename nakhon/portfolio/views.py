from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from nakhon.core import permissions
from nakhon.core.views import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectListView,
    OwnedEditView,
    download,
)
from nakhon.portfolio.charts import SizeBy, time_chart
from nakhon.portfolio.exports import EXPORTS
from nakhon.portfolio.filtersets import (
    ApplicationProfileFilterSet,
    DataObjectProfileFilterSet,
    TechnologyProfileFilterSet,
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


class ProfileEditView(OwnedEditView):
    """Adds or edits a profile; the form offers only the units and elements the user may
    write, and the service checks the unit chosen."""

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
            "support": obj.support_state(timezone.localdate())
            if hasattr(obj, "support_state")
            else None,
        }


class ProfileDeleteView(ObjectDeleteView):
    """Removes the portfolio's description only; its page says the element stays."""

    template_name = "portfolio/profile_delete.html"


# Applications


class ApplicationPortfolioView(ObjectListView):
    """The portfolio: applications by TIME class on a chart, cost per unit, the list, and
    the same selection as CSV or Excel."""

    filterset = ApplicationProfileFilterSet
    table = ApplicationProfileTable
    partial_template = "portfolio/includes/portfolio_results.html"
    results_id = "portfolio-results"

    def selection_context(self, selection) -> dict:
        size_by = self.request.GET.get("size")
        by_unit = cost_by_unit(selection)
        return {
            "chart": time_chart(selection, size_by if size_by in SizeBy.values else SizeBy.COST),
            "size_choices": SizeBy.choices,
            "by_unit": by_unit,
            "by_time_class": cost_by_time_class(selection),
            "total": grand_total(by_unit),
            "unprofiled": unprofiled_count(ApplicationProfile),
        }

    def file_response(self, selection) -> HttpResponse | None:
        export = self.request.GET.get("export")
        if export not in EXPORTS:
            return None
        write, content_type = EXPORTS[export]
        stamp = timezone.localdate().isoformat()
        return download(write(selection), f"portfolio-{stamp}.{export}", content_type)


def unprofiled_count(profile) -> int:
    """How many elements of the profile's type(s) the portfolio does not describe yet."""
    accessor = profile._meta.get_field("element").remote_field.related_name
    return Element.objects.filter(
        type__in=profile.element_types, **{f"{accessor}__isnull": True}
    ).count()


# Technology


class TechnologyLifecycleView(ObjectListView):
    """Technology by end of support: what is past it, and what reaches it within 12 months."""

    filterset = TechnologyProfileFilterSet
    table = TechnologyProfileTable
    partial_template = "portfolio/includes/lifecycle_results.html"
    results_id = "lifecycle-results"

    def selection_context(self, selection) -> dict:
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


# Data objects


class DataObjectProfileListView(ObjectListView):
    filterset = DataObjectProfileFilterSet
    table = DataObjectProfileTable
