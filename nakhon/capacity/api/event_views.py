"""Events and mentoring in the API, under the same rules as the pages; a session's sign-in sheet
is read into a plan (`sign-in-sheet`) and recorded once confirmed (`sign-in-sheet/confirm`)."""

from dataclasses import asdict

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from nakhon.capacity import attendance as sheet_import
from nakhon.capacity import event_filtersets as filtersets
from nakhon.capacity import event_views as pages
from nakhon.capacity.api import event_serializers as serializers
from nakhon.capacity.event_rollups import event_figures
from nakhon.core import permissions
from nakhon.core.api.parsers import JSONParser
from nakhon.core.api.views import ServiceModelViewSet
from nakhon.core.exceptions import FileProblem
from nakhon.core.models import Channel
from nakhon.core.services import Actor


class EventViewSet(ServiceModelViewSet):
    """Seminars, workshops and courses; `figures` gives attendance and evaluation roll-ups."""

    queryset = pages.EVENTS.prefetch_related("sessions")
    serializer_class = serializers.EventSerializer
    filterset_class = filtersets.EventFilterSet
    ordering_fields = ["name", "first_session", "created_at"]

    @extend_schema(responses=OpenApiTypes.OBJECT)
    @action(detail=True, methods=["get"], filter_backends=[])
    def figures(self, request, pk=None):
        """Attendance per session and for the event, and evaluation averages, each average with
        how many answered; null where nothing counts towards it."""
        figures = event_figures(self.get_object())
        sessions = [
            {
                "session": str(f.session.pk),
                "attended": f.attended,
                "attended_registered": f.attended_registered,
                "walk_ins": f.walk_ins,
                "rate": f.rate,
            }
            for f in figures.sessions
        ]
        averages = {
            name: asdict(getattr(figures, name))
            for name in ("satisfaction", "pre_test", "post_test", "gain")
        }
        return Response(
            {
                "registered": figures.registered,
                "came": figures.came,
                "came_to_all": figures.came_to_all,
                "rate": figures.rate,
                "sessions": sessions,
                **averages,
            }
        )


class SessionViewSet(ServiceModelViewSet):
    queryset = pages.SESSIONS.prefetch_related("skill_areas")
    serializer_class = serializers.SessionSerializer
    filterset_class = filtersets.SessionFilterSet
    ordering_fields = ["starts_at", "created_at"]

    def writable_session(self):
        session = self.get_object()
        permissions.require_importer(self.request.user)
        permissions.require(self.request.user, permissions.CHANGE, session)
        return session

    @extend_schema(request=serializers.SignInSheetUploadSerializer, responses=OpenApiTypes.OBJECT)
    @action(
        detail=True,
        methods=["post"],
        url_path="sign-in-sheet",
        parser_classes=[MultiPartParser],
        filter_backends=[],
    )
    def sign_in_sheet(self, request, pk=None):
        """Read a sign-in sheet into a plan; nothing is written. Confirm the plan's `token`
        with a decision for each line put up for review."""
        session = self.writable_session()
        upload = serializers.SignInSheetUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        file = upload.validated_data["file"]
        try:
            plan = sheet_import.plan_sheet(session, file, file.name, request.user)
        except FileProblem as problem:
            return Response({"file": [str(problem)]}, status=status.HTTP_400_BAD_REQUEST)
        lines = [
            {
                **asdict(line),
                "field_name": line.field_name if line.outcome == sheet_import.REVIEW else None,
                "outcome_label": line.outcome_label,
                "reason_label": line.reason_label,
            }
            for line in plan.lines
        ]
        counts, token = plan.counts, plan.token()
        return Response(
            {"filename": plan.filename, "lines": lines, "counts": counts, "token": token}
        )

    @extend_schema(request=serializers.SignInSheetConfirmSerializer, responses=OpenApiTypes.OBJECT)
    @action(
        detail=True,
        methods=["post"],
        url_path="sign-in-sheet/confirm",
        parser_classes=[JSONParser],
        filter_backends=[],
    )
    def confirm_sign_in_sheet(self, request, pk=None):
        """Record a plan's attendance, all or nothing; refused whole while a line put up for
        review is undecided."""
        session = self.writable_session()
        body = serializers.SignInSheetConfirmSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        plan = sheet_import.Plan.from_token(body.validated_data["token"])
        written = sheet_import.apply_plan(
            Actor.for_request(request, Channel.IMPORT),
            session,
            plan,
            body.validated_data.get("decisions", {}),
        )
        return Response(
            {"recorded": [str(a.person_id) for a in written]}, status=status.HTTP_201_CREATED
        )


class RegistrationViewSet(ServiceModelViewSet):
    queryset = pages.REGISTRATIONS
    serializer_class = serializers.RegistrationSerializer
    filterset_class = filtersets.RegistrationFilterSet
    ordering_fields = ["created_at"]


class AttendanceViewSet(ServiceModelViewSet):
    queryset = pages.ATTENDANCE
    serializer_class = serializers.AttendanceSerializer
    filterset_class = filtersets.AttendanceFilterSet
    ordering_fields = ["created_at"]


class MaterialViewSet(ServiceModelViewSet):
    queryset = pages.MATERIALS
    serializer_class = serializers.MaterialSerializer
    filterset_class = filtersets.MaterialFilterSet
    ordering_fields = ["title", "created_at"]


class EvaluationViewSet(ServiceModelViewSet):
    queryset = pages.EVALUATIONS
    serializer_class = serializers.EvaluationSerializer
    filterset_class = filtersets.EvaluationFilterSet
    ordering_fields = ["created_at", "satisfaction"]


class MentorAssignmentViewSet(ServiceModelViewSet):
    queryset = pages.ASSIGNMENTS
    serializer_class = serializers.MentorAssignmentSerializer
    filterset_class = filtersets.MentorAssignmentFilterSet
    ordering_fields = ["starts_on"]


class MentoringSessionViewSet(ServiceModelViewSet):
    queryset = pages.MENTORING_SESSIONS.prefetch_related("consultants", "elements", "views")
    serializer_class = serializers.MentoringSessionSerializer
    filterset_class = filtersets.MentoringSessionFilterSet
    ordering_fields = ["held_on", "topic"]


class MentoringActionViewSet(ServiceModelViewSet):
    """Agreed actions; `?overdue=true` gives those past their due date and still open."""

    queryset = pages.ACTIONS
    serializer_class = serializers.MentoringActionSerializer
    filterset_class = filtersets.MentoringActionFilterSet
    ordering_fields = ["due_on", "status"]
