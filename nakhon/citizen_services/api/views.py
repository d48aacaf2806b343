from django.db.models import F
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from nakhon.citizen_services import rollups
from nakhon.citizen_services.api.serializers import (
    AssessmentOverrideSerializer,
    AssessmentSerializer,
    CommonDocumentSerializer,
    CompletenessSerializer,
    DepartmentQuerySerializer,
    HistoryPointSerializer,
    ImprovementSerializer,
    IssuerSerializer,
    IssuingAgencySerializer,
    RollupsSerializer,
    RubricSerializer,
    ServiceProfileSerializer,
    ThresholdsWriteSerializer,
)
from nakhon.citizen_services.assessment import stored_thresholds
from nakhon.citizen_services.filtersets import ServiceProfileFilterSet
from nakhon.citizen_services.models import (
    CHILD_ROWS,
    AssessmentOverride,
    CommonDocument,
    IssuingAgency,
    RubricSettings,
    ServiceProfile,
    with_current_assessment,
)
from nakhon.citizen_services.rubric import in_force, outcome_rubric
from nakhon.citizen_services.services import rubric_settings
from nakhon.core import permissions
from nakhon.core.api.views import ServiceModelViewSet
from nakhon.core.models import Channel
from nakhon.core.services import Actor
from nakhon.repository.api.views import ProfileViewSet


class ServiceProfileViewSet(ProfileViewSet):
    """Citizen services: the profile of a BusinessService as its citizen's manual describes it,
    with channels, steps and documents, and its current Digital Government Act assessment.

    Rows given in a write replace the stored rows of that kind; a kind left out stays as it is.
    """

    queryset = with_current_assessment(
        ServiceProfile.objects.select_related("element")
        .prefetch_related(*CHILD_ROWS)
        .annotate(name=F("element__name"))
    )
    serializer_class = ServiceProfileSerializer
    filterset_class = ServiceProfileFilterSet
    ordering_fields = ["name", "annual_volume", "fee"]

    @extend_schema(responses=AssessmentSerializer(many=True))
    @action(detail=True, filter_backends=[], pagination_class=None)
    def assessments(self, request, id=None):
        """Every assessment of the service, oldest first, to chart its progress."""
        profile = self.get_object()
        found = profile.assessments.order_by("assessed_at", "id")
        return Response(AssessmentSerializer(found, many=True).data)


class AssessmentOverrideViewSet(ServiceModelViewSet):
    """The EA office's overrides of the rubric's level, one per service and outcome, each with
    its reason. Only the EA office and administrators write them."""

    queryset = AssessmentOverride.objects.select_related("profile__element")
    serializer_class = AssessmentOverrideSerializer
    filterset_fields = ["profile", "outcome"]
    ordering_fields = ["outcome", "level"]


class IssuingAgencyViewSet(ServiceModelViewSet):
    """The registry of issuing agencies: whether each is a state agency and the exchange links
    that can fetch its documents. A document's "issued by the state" follows from its issuer.
    Only the EA office and administrators write it; every service is re-assessed after."""

    queryset = IssuingAgency.objects.all()
    serializer_class = IssuingAgencySerializer
    filterset_fields = ["code", "state_agency"]
    ordering_fields = ["name", "code"]


class CommonDocumentViewSet(ServiceModelViewSet):
    """The common documents (ID card, house registration, ...), each with its issuer: a
    service's document row that names one gets its name and issuer from it."""

    queryset = CommonDocument.objects.select_related("issuer")
    serializer_class = CommonDocumentSerializer
    filterset_fields = ["code", "issuer"]
    ordering_fields = ["name", "code"]


def department_query(request) -> dict:
    query = DepartmentQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    return query.validated_data


def visible_rows(request, query: dict):
    """The services the user may see, only the asked department's if the query names one."""
    department = query.get("department")
    rows = rollups.service_rows(ServiceProfile.objects.restrict(request.user))
    return rollups.in_department(rows, department) if department else rows


class RollupView(APIView):
    """Scores weighted by annual volume: the whole city and each department."""

    @extend_schema(responses=RollupsSerializer)
    def get(self, request):
        rows = rollups.service_rows(ServiceProfile.objects.restrict(request.user))
        result = {"city": rollups.rollup(rows), "departments": rollups.by_department(rows)}
        return Response(RollupsSerializer(result).data)


class HistoryView(APIView):
    """The weighted score on each day an assessment was made (city-wide or a department's)."""

    @extend_schema(
        parameters=[DepartmentQuerySerializer], responses=HistoryPointSerializer(many=True)
    )
    def get(self, request):
        department = department_query(request).get("department")
        return Response(HistoryPointSerializer(rollups.history(department), many=True).data)


class FixFirstView(APIView):
    """Improvements ranked by annual volume × levels to gain, with the reason."""

    @extend_schema(
        parameters=[DepartmentQuerySerializer], responses=ImprovementSerializer(many=True)
    )
    def get(self, request):
        query = department_query(request)
        rows = visible_rows(request, query)
        return Response(
            ImprovementSerializer(rollups.fix_first(rows, query["limit"]), many=True).data
        )


class ExchangeMapView(APIView):
    """Documents issued by the state that citizens must still bring, by issuing agency, with the
    requests a year that ask for each."""

    @extend_schema(parameters=[DepartmentQuerySerializer], responses=IssuerSerializer(many=True))
    def get(self, request):
        rows = visible_rows(request, department_query(request))
        return Response(IssuerSerializer(rollups.exchange_map(rows), many=True).data)


class RubricView(APIView):
    """The rubric: each outcome's level definitions with the thresholds in force. The EA office
    changes the thresholds with PUT; every service is then re-assessed."""

    def rubric(self) -> dict:
        settings = RubricSettings.objects.first()
        thresholds = stored_thresholds()
        return {
            "thresholds": in_force(thresholds),
            "version": settings.version if settings else None,
            "outcomes": outcome_rubric(thresholds),
        }

    @extend_schema(responses=RubricSerializer)
    def get(self, request):
        return Response(RubricSerializer(self.rubric()).data)

    @extend_schema(request=ThresholdsWriteSerializer, responses=RubricSerializer)
    def put(self, request):
        body = ThresholdsWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        settings = RubricSettings.objects.first()
        if settings is not None and "version" not in body.validated_data:
            raise serializers.ValidationError(
                {"version": [_("Send the version you read, so that no one's edit is lost.")]}
            )
        permissions.require(request.user, permissions.CHANGE, settings or RubricSettings())
        rubric_settings.save_thresholds(
            Actor.for_request(request, Channel.API),
            body.validated_data["thresholds"],
            version=body.validated_data.get("version"),
        )
        return Response(RubricSerializer(self.rubric()).data)


class CompletenessView(APIView):
    """What is missing to assess each service, ranked by yearly volume (volumes not known
    after the known ones, before those known to be 0), and per department."""

    @extend_schema(parameters=[DepartmentQuerySerializer], responses=CompletenessSerializer)
    def get(self, request):
        query = department_query(request)
        rows = visible_rows(request, query)
        result = {
            "services": rollups.completeness(rows)[: query["limit"]],
            "departments": rollups.completeness_by_department(rows),
        }
        return Response(CompletenessSerializer(result).data)
