"""The API's generic layer: querysets restricted per user, writes through the service layer."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from nakhon.core.api.serializers import (
    ChangeLogEntrySerializer,
    JobSerializer,
    RevertResultSerializer,
)
from nakhon.core.filtersets import ChangeLogFilterSet
from nakhon.core.models import ChangeLogEntry, Channel, Job
from nakhon.core.permissions import VIEW
from nakhon.core.services import Actor, revert, service_for
from nakhon.core.views import job_file_response

VERSION_PARAMETER = OpenApiParameter(
    "version",
    OpenApiTypes.INT,
    description="The version you read; a stale one is refused with 409 Conflict.",
)


class ServiceModelViewSet(viewsets.ModelViewSet):
    """CRUD whose writes go through the model's service (permission, version, change log).

    Serializers validate the shape of the input; they never save: `perform_*` hands their
    validated data to the service.
    """

    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return super().get_queryset().restrict(self.request.user, VIEW)

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

    @extend_schema(parameters=[VERSION_PARAMETER])
    def destroy(self, request, *args, **kwargs):
        return super().destroy(request, *args, **kwargs)

    def perform_destroy(self, instance):
        version = self.request.query_params.get("version")
        if version is not None and not version.isdigit():
            raise serializers.ValidationError({"version": [_("A version is a whole number.")]})
        self.service.delete(self.actor(), instance, version=version and int(version))

    def write_values(self, serializer) -> dict:
        return dict(serializer.validated_data)


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
