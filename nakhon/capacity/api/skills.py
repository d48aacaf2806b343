"""Frameworks, people and assessments in the API, under the pages' permissions: a person and
their ratings are listed only to the EA office, the person and their unit's editors. The
dashboard and the open-data statistics are figures only."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_serializer
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from nakhon.capacity import dashboards
from nakhon.capacity.models import (
    Assessment,
    Person,
    ProficiencyLevel,
    SkillArea,
    SkillFramework,
    TargetLevel,
)
from nakhon.capacity.skills_filtersets import (
    AssessmentFilterSet,
    PersonFilterSet,
    ProficiencyLevelFilterSet,
    SkillAreaFilterSet,
    SkillFrameworkFilterSet,
    TargetLevelFilterSet,
)
from nakhon.core import permissions
from nakhon.core.api.serializers import ServiceModelSerializer
from nakhon.core.api.views import ServiceModelViewSet
from nakhon.organization.models import OrgUnit

BOOKKEEPING = ["version", "created_at", "updated_at"]


def url_field(name: str):
    return serializers.HyperlinkedIdentityField(view_name=f"capacity-api:{name}-detail")


class SkillFrameworkSerializer(ServiceModelSerializer):
    url = url_field("framework")

    class Meta:
        model = SkillFramework
        fields = [
            "id",
            "url",
            "code",
            "name",
            "name_en",
            "edition",
            "publisher",
            "year",
            "source",
            "is_active",
            *BOOKKEEPING,
        ]


class ProficiencyLevelSerializer(ServiceModelSerializer):
    url = url_field("level")

    class Meta:
        model = ProficiencyLevel
        fields = ["id", "url", "framework", "level", "name", "name_en", "description", *BOOKKEEPING]


class SkillAreaSerializer(ServiceModelSerializer):
    url = url_field("area")

    class Meta:
        model = SkillArea
        fields = [
            "id",
            "url",
            "framework",
            "code",
            "name",
            "name_en",
            "kind",
            "description",
            "order",
            *BOOKKEEPING,
        ]


class TargetLevelSerializer(ServiceModelSerializer):
    url = url_field("target")

    class Meta:
        model = TargetLevel
        fields = ["id", "url", "area", "personnel_group", "role_level", "level", *BOOKKEEPING]


class PersonSerializer(ServiceModelSerializer):
    url = url_field("person")
    anonymised_at = serializers.DateTimeField(read_only=True, allow_null=True)

    class Meta:
        model = Person
        fields = [
            "id",
            "url",
            "name",
            "name_en",
            "unit",
            "position",
            "personnel_group",
            "role_level",
            "programme_role",
            "user",
            "anonymised_at",
            *BOOKKEEPING,
        ]


# Named apart from the citizen services' (Digital Government Act) assessments in the schema.
@extend_schema_serializer(component_name="SkillAssessment")
class AssessmentSerializer(ServiceModelSerializer):
    url = url_field("assessment")
    framework = serializers.PrimaryKeyRelatedField(
        queryset=SkillFramework.objects.all(),
        required=False,
        help_text=_("The framework it is made under; by default the skill area's."),
    )

    class Meta:
        model = Assessment
        fields = [
            "id",
            "url",
            "person",
            "framework",
            "area",
            "source",
            "assessed_on",
            "level",
            "note",
            *BOOKKEEPING,
        ]


class SkillFrameworkViewSet(ServiceModelViewSet):
    """Skills frameworks as data; one is active (new assessments are made under it)."""

    queryset = SkillFramework.objects.all()
    serializer_class = SkillFrameworkSerializer
    filterset_class = SkillFrameworkFilterSet


class ProficiencyLevelViewSet(ServiceModelViewSet):
    """The steps of a framework's proficiency scale."""

    queryset = ProficiencyLevel.objects.all()
    serializer_class = ProficiencyLevelSerializer
    filterset_class = ProficiencyLevelFilterSet


class SkillAreaViewSet(ServiceModelViewSet):
    """A framework's skill areas (competencies)."""

    queryset = SkillArea.objects.all()
    serializer_class = SkillAreaSerializer
    filterset_class = SkillAreaFilterSet


class TargetLevelViewSet(ServiceModelViewSet):
    """The level a framework expects per area, personnel group and role level."""

    queryset = TargetLevel.objects.all()
    serializer_class = TargetLevelSerializer
    filterset_class = TargetLevelFilterSet


class PersonViewSet(ServiceModelViewSet):
    """People of the programme: personal data, listed only to the EA office, the person and
    the editors of their unit."""

    queryset = Person.objects.all()
    serializer_class = PersonSerializer
    filterset_class = PersonFilterSet


class AssessmentViewSet(ServiceModelViewSet):
    """Self and assessor ratings, seen by whoever sees the person."""

    queryset = Assessment.objects.all()
    serializer_class = AssessmentSerializer
    filterset_class = AssessmentFilterSet


UNIT_PARAMETER = OpenApiParameter(
    "unit", str, description="An org unit's id; the city if left out."
)


class DashboardViewSet(viewsets.ViewSet):
    """The capacity dashboard's figures, for a unit or the city; no personal data."""

    @extend_schema(parameters=[UNIT_PARAMETER], responses=dict)
    def list(self, request):
        unit = None
        if request.query_params.get("unit"):
            try:
                unit = OrgUnit.objects.get(pk=request.query_params["unit"])
            except (OrgUnit.DoesNotExist, ValueError, DjangoValidationError) as error:
                raise serializers.ValidationError({"unit": [_("No such unit.")]}) from error
        withhold = permissions.role_of(request.user) not in permissions.EDIT_EVERYTHING
        board = dashboards.build(unit, withhold=withhold)
        return Response(dashboard_json(board))


def figure_json(figure):
    if figure is None:
        return None
    return {"value": figure.value, "people": figure.people, "withheld": figure.withheld}


def dashboard_json(board) -> dict:
    return {
        "unit": str(board.unit.pk) if board.unit else None,
        "framework": board.framework.code if board.framework else None,
        "people": board.people,
        "assessed": board.assessed,
        "areas": [
            {
                "code": row["area"].code,
                "name": row["area"].name,
                "name_en": row["area"].name_en,
                "average_gap": figure_json(row["all"]),
                "baseline_average_gap": figure_json(row["baseline"]),
                "by_group": {
                    group.value: figure_json(cell)
                    for group, cell in zip(board.groups, row["cells"], strict=True)
                },
            }
            for row in board.heat_rows()
        ],
        "trained_by_area": {area.code: count for area, count in board.trained_by_area},
        "attendance": [
            {
                "event": str(r["event"].pk),
                "registered": r["registered"],
                "came": r["came"],
                "rate": r["rate"],
            }
            for r in board.attendance
        ],
        "units_without_trained_liaison": [str(u.pk) for u in board.without_liaison],
        "overdue_actions": [
            {"unit": str(r["unit"].pk), "count": r["count"], "oldest_due": r["oldest"]}
            for r in board.overdue
        ],
        "district_progress": [
            {
                "unit": str(r["unit"].pk),
                "baseline_average_gap": figure_json(r["baseline"]),
                "average_gap": figure_json(r["now"]),
                "change": r["change"],
            }
            for r in board.district_progress
        ],
    }


class StatisticsViewSet(viewsets.ViewSet):
    """Aggregate statistics for the open-data catalogue: per unit, skill area and personnel
    group, people assessed, average gap and people trained; averages over fewer than three
    people are withheld."""

    @extend_schema(responses=dict)
    def list(self, request):
        return Response({"rows": dashboards.open_statistics()})
