"""Pages of the principles and the standards catalogue, on the generic views."""

from django.db.models import Count, F
from django.utils import timezone

from nakhon.core.views import ObjectDetailView, ObjectListView, OwnedEditView
from nakhon.governance.charts import by_quadrant, radar_svg
from nakhon.governance.models import PrincipleProfile, Standard, StandardStatus
from nakhon.governance.standard_filtersets import PrincipleFilterSet, StandardFilterSet
from nakhon.governance.standard_tables import PrincipleTable, StandardTable
from nakhon.portfolio.models import TechnologyProfile
from nakhon.portfolio.views import (
    ProfileDeleteView,
    ProfileDetailView,
    ProfileEditView,
)

PRINCIPLES = PrincipleProfile.objects.select_related("element__owner_unit__element")
STANDARDS = Standard.objects.select_related("owner_unit__element").prefetch_related("elements")


class PrincipleListView(ObjectListView):
    filterset = PrincipleFilterSet
    table = PrincipleTable


class PrincipleDetailView(ProfileDetailView):
    """A principle's page: statement, rationale, implications, relationships, changes."""


class PrincipleEditView(ProfileEditView):
    """Adds or edits a principle; the EA office and unit editors write them."""


class StandardListView(ObjectListView):
    """The catalogue, with how many standards hold each status and how many are overdue."""

    filterset = StandardFilterSet
    table = StandardTable

    def selection_context(self, selection) -> dict:
        counts = dict(
            selection.order_by().values_list("status").annotate(n=Count("pk", distinct=True))
        )
        today = timezone.localdate()
        return {
            "status_counts": [(status, counts.get(status, 0)) for status in StandardStatus],
            "past_review_count": selection.past_review(today).count(),
            "unknown_review_count": selection.filter(review_date__isnull=True).count(),
            "today": today,
        }


class StandardsDueForReviewView(StandardListView):
    """Standards whose review date has passed, the longest overdue first."""

    template_name = "governance/standard_review_list.html"

    def filter(self, request):
        filterset, selection = super().filter(request)
        overdue = selection.past_review(timezone.localdate())
        return filterset, overdue.order_by(F("review_date").asc(), "name")

    def can_add(self, user) -> bool:
        return False


class StandardRadarView(StandardListView):
    """The catalogue as a radar (server-rendered SVG), with the same filters as the list."""

    template_name = "governance/standard_radar.html"
    partial_template = "governance/includes/radar.html"
    results_id = "radar"

    def selection_context(self, selection) -> dict:
        return {
            **super().selection_context(selection),
            "radar": radar_svg(selection),
            "quadrants": by_quadrant(selection),
        }


class StandardDetailView(ObjectDetailView):
    """A standard, the technology elements it covers (with their product and end of support),
    and its recent changes."""

    def get_extra_context(self, obj) -> dict:
        covered = obj.elements.select_related("owner_unit__element").order_by("type", "name")
        profiles = TechnologyProfile.objects.in_bulk([e.pk for e in covered])
        return {
            "covered": [(element, profiles.get(element.pk)) for element in covered],
            "past_review": obj.is_past_review(timezone.localdate()),
        }


class StandardEditView(OwnedEditView):
    """Adds or edits a standard; the form offers only the units the user may assign."""


class PrincipleDeleteView(ProfileDeleteView):
    """Removes the principle's profile only; its page says the element stays."""

    template_name = "governance/principleprofile_delete.html"
