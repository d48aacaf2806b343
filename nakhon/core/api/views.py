"""The API's generic layer: querysets restricted per user, writes through the service layer."""

from django.contrib.contenttypes.models import ContentType
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response

from nakhon.core import permissions, proposals
from nakhon.core.api.serializers import (
    ChangeLogEntrySerializer,
    JobSerializer,
    ProposalOperationSerializer,
    ProposalSerializer,
    RebaseSerializer,
    RevertResultSerializer,
)
from nakhon.core.filtersets import ChangeLogFilterSet
from nakhon.core.models import ChangeLogEntry, Channel, Job, Proposal
from nakhon.core.permissions import CHANGE, DELETE, VIEW
from nakhon.core.services import Actor, revert, service_for
from nakhon.core.views import job_file_response

VERSION_PARAMETER = OpenApiParameter(
    "version",
    OpenApiTypes.INT,
    required=True,
    description="The version you read; a stale one is refused with 409 Conflict.",
)


class ReadersDoNotWrite:
    """A viewer's write is refused before its input is read (403, not what the input lacks)."""

    def check_permissions(self, request):
        super().check_permissions(request)
        if request.method not in SAFE_METHODS and not permissions.may_write(request.user):
            self.permission_denied(request, message=permissions.read_only_message(request.user))


class ServiceModelViewSet(ReadersDoNotWrite, viewsets.ModelViewSet):
    """CRUD whose writes go through the model's service (permission, version, change log).

    Serializers validate the shape of the input; they never save: `perform_*` hands their
    validated data to the service.
    """

    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    # What a write asks of the object it changes; asked before the input is read, so that a
    # role that may not write hears so (403) rather than what its input lacks (400).
    OBJECT_ACTIONS = {"update": CHANGE, "partial_update": CHANGE, "destroy": DELETE}

    def get_queryset(self):
        return super().get_queryset().restrict(self.request.user, VIEW)

    def check_permissions(self, request):
        super().check_permissions(request)
        model = self.queryset.model
        if self.action == "create" and not permissions.may_create(request.user, model):
            message = permissions.creation_denial_message(request.user, model)
            self.permission_denied(request, message=message)

    def check_object_permissions(self, request, obj):
        super().check_object_permissions(request, obj)
        action = self.OBJECT_ACTIONS.get(self.action)
        if action is not None and not permissions.can(request.user, action, obj):
            message = permissions.denial_message(request.user, action, obj)
            self.permission_denied(request, message=message)

    @property
    def service(self):
        return service_for(self.queryset.model)

    def actor(self) -> Actor:
        return Actor.for_request(self.request, Channel.API)

    def perform_create(self, serializer):
        values = self.write_values(serializer)
        # A new object starts at version 1 whatever the client says.
        values.pop("version", None)
        serializer.instance = self.service.create(self.actor(), **values)

    def perform_update(self, serializer):
        values = self.write_values(serializer)
        version = values.pop("version", None)
        if version is None:
            raise serializers.ValidationError(
                {"version": [_("Send the version you read, so that no one's edit is lost.")]}
            )
        serializer.instance = self.service.update(
            self.actor(), serializer.instance, version=version, **values
        )

    def perform_destroy(self, instance):
        version = self.request.query_params.get("version")
        if version is None:
            raise serializers.ValidationError(
                {"version": [_("Send the version you read, so that no one's edit is lost.")]}
            )
        if not version.isdigit():
            raise serializers.ValidationError({"version": [_("A version is a whole number.")]})
        self.service.delete(self.actor(), instance, version=int(version))

    def write_values(self, serializer) -> dict:
        return dict(serializer.validated_data)

    # In a change proposal (the `X-Nakhon-Proposal` header or `proposal` parameter) a write is
    # recorded, not applied: the answer is 202 Accepted with the proposal's operation.

    def in_proposal(self) -> bool:
        return self.service.records_into_proposal(self.actor())

    def create(self, request, *args, **kwargs):
        if not self.in_proposal():
            return super().create(request, *args, **kwargs)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.perform_create(serializer)
        return self.recorded(serializer.instance.pk)

    def update(self, request, *args, **kwargs):
        if not self.in_proposal():
            return super().update(request, *args, **kwargs)
        partial = kwargs.pop("partial", False)
        instance = self.get_object()
        serializer = self.get_serializer(instance, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        self.perform_update(serializer)
        return self.recorded(instance.pk)

    @extend_schema(parameters=[VERSION_PARAMETER])
    def destroy(self, request, *args, **kwargs):
        if not self.in_proposal():
            return super().destroy(request, *args, **kwargs)
        instance = self.get_object()
        self.perform_destroy(instance)
        return self.recorded(instance.pk)

    def recorded(self, pk) -> Response:
        proposal = self.actor().proposal
        operation = proposal.operations.filter(
            content_type=ContentType.objects.get_for_model(self.queryset.model), object_id=str(pk)
        ).first()
        data = {
            "detail": _("Recorded in the proposal; nothing changed live."),
            "proposal": str(proposal.pk),
            "operation": ProposalOperationSerializer(operation).data if operation else None,
        }
        return Response(data, status=status.HTTP_202_ACCEPTED)


class ChangeLogViewSet(viewsets.ReadOnlyModelViewSet):
    """The change log: every create, update and delete, whoever made it and through which channel.

    Entries are written by the service layer only; `revert` undoes one through it.
    """

    queryset = ChangeLogEntry.objects.select_related("content_type")
    serializer_class = ChangeLogEntrySerializer
    filterset_class = ChangeLogFilterSet
    ordering_fields = ["time", "id"]

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)

    @extend_schema(request=None, responses=RevertResultSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def revert(self, request, pk=None):
        """Undo this change through the service layer; refused with 409 if later changes stand in
        the way."""
        entry = self.get_object()
        actor = Actor.for_request(request, Channel.API)
        revert(actor, entry)
        result = {
            "detail": _("Reverted: %(change)s.") % {"change": entry},
            "changes": self.get_queryset().filter(batch=actor.batch).order_by("id"),
        }
        return Response(RevertResultSerializer(result, context=self.get_serializer_context()).data)


class JobViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """A background job (a large import or export): its state, progress, message and report.

    A person sees their own jobs; the EA office and administrators see everyone's.
    """

    serializer_class = JobSerializer
    filter_backends = []

    def get_queryset(self):
        return Job.objects.visible_to(self.request.user)

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def file(self, request, pk=None):
        """The file the job produced (an export), while it is kept: a day after it ended."""
        return job_file_response(self.get_object())


class ProposalViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Change proposals: pending changes to elements, relationships, views and plateaus.

    Send an ordinary write (or an import) with the header `X-Nakhon-Proposal: <id>` to record
    it in the proposal; `diff` shows it against the live repository, `merge` (the EA office)
    applies it as one change-log batch or answers 409 with the conflicts field by field, and
    `rebase` resolves a conflict in the proposal.
    """

    queryset = Proposal.objects.prefetch_related("operations__content_type")
    serializer_class = ProposalSerializer
    filterset_fields = ["state"]

    def check_permissions(self, request):
        """Asked before the input is read: a role that may not propose hears 403, not 400."""
        super().check_permissions(request)
        if self.action in ("create", "rebase"):
            proposals.require_may_propose(request.user)

    def perform_create(self, serializer):
        serializer.instance = proposals.open_proposal(
            self.request.user, serializer.validated_data["title"]
        )

    @extend_schema(responses=OpenApiTypes.OBJECT)
    @action(detail=True, methods=["get"], filter_backends=[])
    def diff(self, request, pk=None):
        """Every operation as the live repository stands now: field by field, the live value,
        the proposal's, the value it was based on, and whether the live one moved since."""
        proposal = self.get_object()
        return Response(
            {
                "changes": [proposals.Conflict(c).as_dict() for c in proposals.diff(proposal)],
                "conflicts": len(proposals.conflicts(proposal)),
            }
        )

    @extend_schema(request=None, responses=OpenApiTypes.OBJECT)
    @action(detail=True, methods=["post"], filter_backends=[])
    def merge(self, request, pk=None):
        """Apply the proposal to the repository as one change-log batch (the EA office)."""
        proposal = self.get_object()
        batch = proposals.merge(Actor.for_request(request, Channel.API), proposal)
        return Response({"detail": _("Merged."), "batch": str(batch)})

    @extend_schema(request=RebaseSerializer, responses=OpenApiTypes.OBJECT)
    @action(detail=True, methods=["post"], filter_backends=[])
    def rebase(self, request, pk=None):
        """Resolve a conflict: per field, accept the live value or keep the proposal's."""
        proposal = self.get_object()
        given = RebaseSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        operation = get_object_or_404(
            proposal.operations.all(), pk=given.validated_data["operation"]
        )
        actor = Actor(user=request.user, channel=Channel.API)
        kept = proposals.rebase(actor, operation, given.validated_data.get("choices", {}))
        # No operation: the proposal no longer changes the object (it accepted the live one).
        return Response({"operation": ProposalOperationSerializer(kept).data if kept else None})
