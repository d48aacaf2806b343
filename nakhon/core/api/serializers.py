"""The API's generic serializers: they check the shape of what a client sends and never save.

Writes go through the service layer (see `ServiceModelViewSet`), which checks permission, the
version and the domain rules, and logs the change.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from nakhon.core.models import ChangeLogEntry


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
