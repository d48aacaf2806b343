"""The API's generic serializers: they check the shape of what a client sends and never save.

Writes go through the service layer (see `ServiceModelViewSet`), which checks permission, the
version and the domain rules, and logs the change.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from nakhon.core.models import ChangeLogEntry, Job, Proposal, ProposalOperation, job_kind
from nakhon.core.permissions import unit_model


class PropertySerializer(serializers.Serializer):
    """One of an object's properties; keys may repeat and keep their order, as in Archi."""

    key = serializers.CharField()
    value = serializers.CharField(allow_blank=True, trim_whitespace=False)


def contains_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(contains_nul(k) or contains_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(contains_nul(item) for item in value)
    return False


class StorableJSONField(serializers.JSONField):
    """Any JSON the database can keep: PostgreSQL refuses the NUL character in JSON text."""

    default_error_messages = {
        "nul": _("Text may not contain the NUL character (\\u0000)."),
    }

    def to_internal_value(self, data):
        data = super().to_internal_value(data)
        if contains_nul(data):
            self.fail("nul")
        return data


@extend_schema_field({"type": "object", "additionalProperties": True})
class JSONObjectField(StorableJSONField):
    default_error_messages = {"not_object": _("Expected a JSON object.")}

    def to_internal_value(self, data):
        if not isinstance(data, dict):
            self.fail("not_object")
        return super().to_internal_value(data)


class UnitField(serializers.PrimaryKeyRelatedField):
    """An org unit by id; by default the owning unit of a profile's element, may be null."""

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", unit_model().objects.all())
        kwargs.setdefault("allow_null", True)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)


class ServiceModelSerializer(serializers.ModelSerializer):
    """A model's shape in the API. `ServiceModelViewSet` hands the validated values to the
    model's service; saving here would skip permission, version check and change log."""

    version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text=_(
            "The version you read. Send it back to update: if someone changed the object since, "
            "the update is refused with 409 Conflict instead of overwriting their change."
        ),
    )

    def save(self, **kwargs):
        raise NotImplementedError("API writes go through the model's service.")


class ChangeLogEntrySerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="core-api:change-detail")
    object_type = serializers.SerializerMethodField(
        help_text=_("The changed object's type as app_label.model, e.g. repository.element.")
    )

    class Meta:
        model = ChangeLogEntry
        fields = [
            "id",
            "url",
            "time",
            "user",
            "user_name",
            "channel",
            "action",
            "content_type",
            "object_type",
            "object_id",
            "object_repr",
            "before",
            "after",
            "batch",
            "reverts",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_object_type(self, entry: ChangeLogEntry) -> str:
        return f"{entry.content_type.app_label}.{entry.content_type.model}"


class RevertResultSerializer(serializers.Serializer):
    detail = serializers.CharField()
    changes = ChangeLogEntrySerializer(
        many=True, help_text=_("The change-log entries the revert wrote.")
    )


class JobSerializer(serializers.ModelSerializer):
    """A background job as a client follows it: ask `url` again until `state` is done or
    failed, then read `message` and `report`, and fetch `file` where the job produced one."""

    url = serializers.HyperlinkedIdentityField(view_name="core-api:job-detail")
    page = serializers.SerializerMethodField(help_text=_("The job's page in the web interface."))
    kind_label = serializers.SerializerMethodField()
    state_label = serializers.CharField(source="get_state_display")
    stalled = serializers.BooleanField(
        source="seems_stalled",
        help_text=_(
            "Running, but no progress for ten minutes: the worker has most likely stopped."
        ),
    )
    done = serializers.SerializerMethodField()
    total = serializers.SerializerMethodField()
    file = serializers.SerializerMethodField(
        help_text=_("Where to download the file the job produced, while it is kept.")
    )

    class Meta:
        model = Job
        fields = [
            "id",
            "url",
            "page",
            "kind",
            "kind_label",
            "state",
            "state_label",
            "done",
            "total",
            "stalled",
            "message",
            "report",
            "file",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields

    def _absolute(self, url: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url

    @extend_schema_field(OpenApiTypes.URI)
    def get_page(self, job: Job) -> str:
        return self._absolute(job.get_absolute_url())

    @extend_schema_field(OpenApiTypes.STR)
    def get_kind_label(self, job: Job) -> str:
        return str(job_kind(job.kind).label)

    @extend_schema_field(OpenApiTypes.INT)
    def get_done(self, job: Job) -> int:
        return job.progress()[0]

    @extend_schema_field(OpenApiTypes.INT)
    def get_total(self, job: Job) -> int:
        return job.progress()[1]

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_file(self, job: Job) -> str | None:
        if job.result_path() is None:
            return None
        return self._absolute(reverse("core-api:job-file", args=[job.pk]))


class ProposalOperationSerializer(serializers.ModelSerializer):
    """One pending change: the new values (logged form), the live values and version it was
    based on."""

    object_type = serializers.SerializerMethodField()

    class Meta:
        model = ProposalOperation
        fields = [
            "id",
            "position",
            "action",
            "object_type",
            "object_id",
            "object_repr",
            "values",
            "base",
            "base_version",
            "recorded_by",
            "recorded_at",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_object_type(self, op: ProposalOperation) -> str:
        return f"{op.content_type.app_label}.{op.content_type.model}"


class ProposalSerializer(serializers.ModelSerializer):
    """A change proposal and its operations. Send `X-Nakhon-Proposal: <id>` with an ordinary
    write (or an import) to record it here instead of applying it."""

    url = serializers.HyperlinkedIdentityField(view_name="core-api:proposal-detail")
    operations = ProposalOperationSerializer(many=True, read_only=True)

    class Meta:
        model = Proposal
        fields = [
            "id",
            "url",
            "title",
            "state",
            "created_by",
            "created_at",
            "merged_by",
            "merged_at",
            "merged_batch",
            "operations",
        ]
        read_only_fields = [f for f in fields if f != "title"]


class RebaseSerializer(serializers.Serializer):
    operation = serializers.IntegerField(help_text=_("The operation in conflict."))
    choices = serializers.DictField(
        child=serializers.ChoiceField(choices=["live", "mine"]),
        required=False,
        help_text=_("Per field: “live” accepts the live value, “mine” keeps the proposal's."),
    )
