"""The analyses over the API, read-only: one endpoint per question, the same answers as the
pages."""

from django.utils import timezone
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import is_list_serializer
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.response import Response

from nakhon.analysis import impact as impacts
from nakhon.analysis.api import serializers as s
from nakhon.analysis.gap import gap_analysis
from nakhon.analysis.graph import current_index
from nakhon.analysis.heatmap import heat_map
from nakhon.analysis.lifecycle import lifecycle_conflicts, obsolescence
from nakhon.analysis.models import DismissedFinding
from nakhon.analysis.redundancy import redundancy_report
from nakhon.core.api.views import ServiceModelViewSet
from nakhon.repository.models import Element


class OneAnswerSchema(AutoSchema):
    """An analysis answers its question with one object, though DRF routes it as a `list`:
    only a serializer with `many=True` is a list in the schema."""

    def _is_list_view(self, serializer=None) -> bool:
        return serializer is not None and is_list_serializer(serializer)


class AnalysisViewSet(viewsets.ViewSet):
    schema = OneAnswerSchema()

    def query(self, serializer_class):
        query = serializer_class(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return query


class ImpactViewSet(AnalysisViewSet):
    """Impact and dependency: what depends on an element (`direction=up`) or what it depends
    on (`down`), to a depth, filtered by layer, element type and relationship type, each hit
    with the path that explains it; the citizen services among the hits and their districts."""

    @extend_schema(parameters=[s.ImpactQuerySerializer], responses=s.ImpactSerializer)
    def list(self, request):
        query = self.query(s.ImpactQuerySerializer)
        if not Element.objects.filter(pk=query.validated_data["element"]).exists():
            return Response(
                {"element": [impacts.NotInIndex.__doc__]}, status=status.HTTP_404_NOT_FOUND
            )
        try:
            result = impacts.impact_of(
                current_index(), query.query(), query.validated_data["limit"]
            )
        except impacts.NotInIndex as missing:
            return Response({"element": [str(missing)]}, status=status.HTTP_404_NOT_FOUND)
        context = {"summary": impacts.service_summary(result.hits)}
        return Response(s.ImpactSerializer(result, context=context).data)


class RedundancyViewSet(AnalysisViewSet):
    """Consolidation candidates (applications of several units serving or realising the same
    business service, function or capability, with their summed yearly cost) and data objects
    with several masters, ranked, each with its explanation."""

    @extend_schema(responses=s.RedundancySerializer)
    def list(self, request):
        report = redundancy_report(current_index())
        return Response(s.RedundancySerializer(report).data)


class GapViewSet(AnalysisViewSet):
    """What is added, removed and changed from a baseline plateau to a target one."""

    @extend_schema(parameters=[s.GapQuerySerializer], responses=s.GapSerializer)
    def list(self, request):
        query = self.query(s.GapQuerySerializer).validated_data
        result = gap_analysis(query["baseline"], query["target"])
        return Response(s.GapSerializer(result).data)


class HeatMapViewSet(AnalysisViewSet):
    """The capability map, nested by composition, with a measure per capability."""

    @extend_schema(parameters=[s.HeatMapQuerySerializer], responses=s.HeatMapSerializer)
    def list(self, request):
        measure = self.query(s.HeatMapQuerySerializer).validated_data["measure"]
        result = heat_map(current_index(), measure)
        return Response(s.HeatMapSerializer(result).data)


class OnDateViewSet(AnalysisViewSet):
    def day(self):
        return self.query(s.OnDateQuerySerializer).validated_data.get("on") or (
            timezone.localdate()
        )

    def answer(self, analyse, serializer_class) -> Response:
        """The rows of `analyse(index, day)` for the day asked about (today if none)."""
        rows = analyse(current_index(), self.day())
        return Response(serializer_class(rows, many=True).data)


class ObsolescenceViewSet(OnDateViewSet):
    """Applications running on technology past its end of support, or within 12 months of it."""

    @extend_schema(
        parameters=[s.OnDateQuerySerializer], responses=s.ObsoleteApplicationSerializer(many=True)
    )
    def list(self, request):
        return self.answer(obsolescence, s.ObsoleteApplicationSerializer)


class ConflictViewSet(OnDateViewSet):
    """Planned or active elements depending on one that is phased out or retired."""

    @extend_schema(
        parameters=[s.OnDateQuerySerializer], responses=s.LifecycleConflictSerializer(many=True)
    )
    def list(self, request):
        return self.answer(lifecycle_conflicts, s.LifecycleConflictSerializer)


class DismissedFindingViewSet(ServiceModelViewSet):
    """Redundancy findings the EA office has set aside, with why; deleting one restores the
    finding to the redundancy report."""

    queryset = DismissedFinding.objects.select_related("target")
    serializer_class = s.DismissedFindingSerializer
    filterset_fields = ["kind", "target"]
