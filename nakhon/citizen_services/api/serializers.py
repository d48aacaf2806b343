"""Citizen services in the API: profiles with their rows, overrides, and what the assessment
reads out (scores, roll-ups, fix-first, the exchange map). Writes go through the services."""

import functools

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from nakhon.citizen_services.durations import TimeUnit
from nakhon.citizen_services.models import (
    CHILD_ROWS,
    MAX_LEVEL,
    PROFILE_FIELDS,
    AssessmentOverride,
    AssuranceLevel,
    CommonDocument,
    ExchangeLink,
    IssuingAgency,
    Outcome,
    PaymentMethod,
    ServiceChannel,
    ServiceDeadline,
    ServiceDocument,
    ServiceFee,
    ServicePlace,
    ServiceProfile,
    ServiceStep,
    Status,
)
from nakhon.core.api.serializers import ServiceModelSerializer, UnitField
from nakhon.repository.api.serializers import ProfileSerializer
from nakhon.repository.models import Element


def named_choice_field(choices, name: str, **kwargs) -> serializers.ChoiceField:
    """A choice as one named schema component: when the same choices serve several fields, the
    schema would otherwise give one enum several names."""
    blank = kwargs.get("allow_blank", False)
    offered = [(value, label) for value, label in choices.choices if value or blank]
    return _choice_field_class(choices, name, blank)(choices=offered, **kwargs)


@functools.cache
def _choice_field_class(choices, name: str, blank: bool) -> type:
    """One class per component, so that every field of it is the same component."""
    values = [value for value in choices.values if value]
    schema = {"type": "string", "enum": [*values, *([""] if blank else [])]}
    name = f"{name}OrBlank" if blank else name
    return extend_schema_field(schema, component_name=name)(
        type(f"{name}Field", (serializers.ChoiceField,), {})
    )


def assurance_level_field(**kwargs) -> serializers.ChoiceField:
    """A DGS 1-2:2564 identity assurance level."""
    return named_choice_field(AssuranceLevel, "AssuranceLevel", **kwargs)


def time_unit_field() -> serializers.ChoiceField:
    """The unit of a duration (blank when the duration is not known)."""
    return named_choice_field(TimeUnit, "TimeUnit", allow_blank=True, required=False)


class ChannelSerializer(serializers.ModelSerializer):
    ial = assurance_level_field(allow_blank=True, required=False)

    class Meta:
        model = ServiceChannel
        fields = ServiceChannel.row_fields


class StepSerializer(serializers.ModelSerializer):
    time_unit = time_unit_field()

    class Meta:
        model = ServiceStep
        fields = ServiceStep.row_fields


class PlaceSerializer(serializers.ModelSerializer):
    class Meta:
        model = ServicePlace
        fields = ServicePlace.row_fields


class FeeSerializer(serializers.ModelSerializer):
    class Meta:
        model = ServiceFee
        fields = ServiceFee.row_fields


class DeadlineSerializer(serializers.ModelSerializer):
    time_unit = time_unit_field()

    class Meta:
        model = ServiceDeadline
        fields = ServiceDeadline.row_fields


class DocumentSerializer(serializers.ModelSerializer):
    exchange = named_choice_field(ExchangeLink, "ExchangeLink", allow_blank=True, required=False)

    class Meta:
        model = ServiceDocument
        fields = ServiceDocument.row_fields


class OverrideInfoSerializer(serializers.Serializer):
    level = serializers.IntegerField()
    reason = serializers.CharField()


class OutcomeSerializer(serializers.Serializer):
    """An outcome of the Act, with its label in the reader's language."""

    outcome = serializers.ChoiceField(choices=Outcome.choices)
    label = serializers.CharField()


class OutcomeResultSerializer(OutcomeSerializer):
    level = serializers.IntegerField(
        allow_null=True,
        help_text=_("The level in force, 0-3; null if it does not apply or is not assessed."),
    )
    status = named_choice_field(
        Status,
        "AssessmentStatus",
        help_text=_("not_assessed: a fact it reads is not known and could change the level."),
    )
    missing = serializers.ListField(
        child=serializers.CharField(),
        help_text=_("The facts not known that keep it from being assessed."),
    )
    computed = serializers.IntegerField(
        allow_null=True, help_text=_("The rubric's level, before any override.")
    )
    evidence = serializers.CharField(source="evidence_text")
    override = OverrideInfoSerializer(allow_null=True)


class AssessmentSerializer(serializers.Serializer):
    assessed_at = serializers.DateTimeField()
    score = serializers.DecimalField(
        max_digits=4,
        decimal_places=1,
        allow_null=True,
        help_text=_("The share of the reachable levels the service reaches, in percent."),
    )
    annual_volume = serializers.IntegerField(allow_null=True)
    outcomes = OutcomeResultSerializer(many=True, source="scorecard")


class ServiceProfileSerializer(ProfileSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="services-api:service-detail", lookup_url_kwarg="id"
    )
    identifier = serializers.CharField(
        source="element.identifier",
        max_length=Element._meta.get_field("identifier").max_length,
        required=False,
        help_text=_("The element's exchange identifier; given one if left out."),
    )
    owner_unit = UnitField(source="element.owner_unit")
    required_ial = assurance_level_field(allow_blank=True, required=False)
    legal_time_unit = time_unit_field()
    actual_time_unit = time_unit_field()
    payment_methods = serializers.ListField(
        child=serializers.ChoiceField(choices=PaymentMethod.choices), required=False
    )
    channels = ChannelSerializer(many=True, required=False)
    places = PlaceSerializer(many=True, required=False)
    steps = StepSerializer(many=True, required=False)
    documents = DocumentSerializer(many=True, required=False)
    fees = FeeSerializer(many=True, required=False)
    deadlines = DeadlineSerializer(many=True, required=False)
    assessment = AssessmentSerializer(source="current_assessment", read_only=True, allow_null=True)

    class Meta:
        model = ServiceProfile
        fields = [
            "id",
            "url",
            "identifier",
            "name",
            "name_en",
            "documentation",
            "owner_unit",
            *PROFILE_FIELDS,
            *CHILD_ROWS,
            "assessment",
            "version",
            "created_at",
            "updated_at",
        ]

    def to_internal_value(self, data):
        values = super().to_internal_value(data)
        for name in CHILD_ROWS:
            if name in values:
                values[name] = [dict(row) for row in values[name]]
        return values


class AssessmentOverrideSerializer(ServiceModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="services-api:override-detail")
    level = serializers.IntegerField(min_value=0, max_value=MAX_LEVEL)

    class Meta:
        model = AssessmentOverride
        fields = ["id", "url", "profile", "outcome", "level", "reason", "version"]
        # Uniqueness is the database's and the service's to check, with a clear message.
        validators = []


class DepartmentQuerySerializer(serializers.Serializer):
    department = UnitField(
        allow_null=False,
        help_text=_("Only this department's services (the unit right below the city)."),
    )
    limit = serializers.IntegerField(min_value=1, max_value=1000, required=False, default=20)


class UnitRefSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="pk")
    name = serializers.CharField(source="element.name")
    code = serializers.CharField()


class LevelsSerializer(serializers.Serializer):
    """The volume-weighted average level of each outcome (0-3), null if none applies."""

    better_service = serializers.DecimalField(max_digits=3, decimal_places=2, allow_null=True)
    one_stop = serializers.DecimalField(max_digits=3, decimal_places=2, allow_null=True)
    no_copies = serializers.DecimalField(max_digits=3, decimal_places=2, allow_null=True)
    open_data = serializers.DecimalField(max_digits=3, decimal_places=2, allow_null=True)
    digital_id = serializers.DecimalField(max_digits=3, decimal_places=2, allow_null=True)
    e_payment = serializers.DecimalField(max_digits=3, decimal_places=2, allow_null=True)
    lower_fees = serializers.DecimalField(max_digits=3, decimal_places=2, allow_null=True)


class CoverageSerializer(serializers.Serializer):
    """What an average rests on."""

    services = serializers.IntegerField(
        help_text=_("Services it could rest on (those to which the outcome applies).")
    )
    assessed = serializers.IntegerField(help_text=_("Of them, the services assessed."))
    volume = serializers.IntegerField(help_text=_("Their requests a year, where known."))
    assessed_volume = serializers.IntegerField(
        help_text=_("The requests a year of the services assessed.")
    )
    unknown_volume = serializers.IntegerField(
        help_text=_("Services whose volume is not known: they weigh nothing.")
    )


class OutcomeCoverageSerializer(serializers.Serializer):
    better_service = CoverageSerializer()
    one_stop = CoverageSerializer()
    no_copies = CoverageSerializer()
    open_data = CoverageSerializer()
    digital_id = CoverageSerializer()
    e_payment = CoverageSerializer()
    lower_fees = CoverageSerializer()


class RollupSerializer(serializers.Serializer):
    unit = UnitRefSerializer(allow_null=True, help_text=_("Null for the whole city."))
    services = serializers.IntegerField()
    volume = serializers.IntegerField(help_text=_("Requests a year, where known."))
    score = serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True)
    levels = LevelsSerializer()
    score_coverage = CoverageSerializer()
    coverage = OutcomeCoverageSerializer()


class RollupsSerializer(serializers.Serializer):
    city = RollupSerializer()
    departments = RollupSerializer(many=True)


class HistoryPointSerializer(serializers.Serializer):
    date = serializers.DateField()
    score = serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True)
    services = serializers.IntegerField()


class ServiceRefSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="pk")
    name = serializers.CharField(source="element.name")


class ImprovementSerializer(serializers.Serializer):
    service = ServiceRefSerializer(source="row.profile")
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    level = serializers.IntegerField()
    volume = serializers.IntegerField(source="row.volume", allow_null=True)
    priority = serializers.IntegerField(
        allow_null=True,
        help_text=_("Requests a year × levels to gain; null when the volume is not known."),
    )
    action = serializers.CharField()
    reason = serializers.CharField()
    evidence = serializers.CharField()


class AskedDocumentSerializer(serializers.Serializer):
    name = serializers.CharField()
    requests = serializers.IntegerField(help_text=_("Requests a year that ask for it."))
    services = ServiceRefSerializer(many=True)
    links_in_use = serializers.ListField(
        child=serializers.CharField(),
        help_text=_("Links through which other services already obtain it."),
    )


class IssuerSerializer(serializers.Serializer):
    name = serializers.CharField()
    requests = serializers.IntegerField()
    links = serializers.ListField(
        child=serializers.CharField(),
        help_text=_("The links through which the city could fetch its documents."),
    )
    documents = AskedDocumentSerializer(many=True, source="ranked_documents")


class GapsSerializer(serializers.Serializer):
    service = ServiceRefSerializer(source="row.profile")
    department = UnitRefSerializer(source="row.department", allow_null=True)
    volume = serializers.IntegerField(source="row.volume", allow_null=True)
    facts = serializers.ListField(
        child=serializers.CharField(), help_text=_("Every fact missing, once.")
    )
    outcomes = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text=_("Per outcome not assessed, the facts it lacks."),
    )


class DepartmentGapsSerializer(serializers.Serializer):
    unit = UnitRefSerializer(allow_null=True)
    services = serializers.IntegerField()
    incomplete = serializers.IntegerField(help_text=_("Services that lack a fact."))
    volume = serializers.IntegerField(help_text=_("Their requests a year, where known."))
    unknown_volume = serializers.IntegerField()
    facts = serializers.DictField(
        child=serializers.IntegerField(), help_text=_("Each missing fact: how many lack it.")
    )


class CompletenessSerializer(serializers.Serializer):
    services = GapsSerializer(many=True)
    departments = DepartmentGapsSerializer(many=True)


class IssuingAgencySerializer(ServiceModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="services-api:issuingagency-detail")
    exchange_links = serializers.ListField(
        child=named_choice_field(ExchangeLink, "ExchangeLink"), required=False
    )

    class Meta:
        model = IssuingAgency
        fields = [
            "id",
            "url",
            "code",
            "name",
            "name_en",
            "aliases",
            "state_agency",
            "exchange_links",
            "version",
        ]


class CommonDocumentSerializer(ServiceModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="services-api:commondocument-detail")

    class Meta:
        model = CommonDocument
        fields = ["id", "url", "code", "name", "name_en", "aliases", "issuer", "version"]


class RubricLevelSerializer(serializers.Serializer):
    level = serializers.IntegerField()
    definition = serializers.CharField()


class RubricOutcomeSerializer(OutcomeSerializer):
    not_applicable = serializers.CharField(allow_null=True)
    not_assessed = serializers.CharField()
    levels = RubricLevelSerializer(many=True)


class RubricSerializer(serializers.Serializer):
    thresholds = serializers.DictField(
        child=serializers.DecimalField(max_digits=6, decimal_places=2),
        help_text=_("The thresholds in force (defaults where the EA office set none)."),
    )
    version = serializers.IntegerField(allow_null=True)
    outcomes = RubricOutcomeSerializer(many=True)


class ThresholdsWriteSerializer(serializers.Serializer):
    thresholds = serializers.DictField(child=serializers.IntegerField())
    version = serializers.IntegerField(
        required=False, min_value=1, help_text=_("The version you read (none before the first).")
    )
