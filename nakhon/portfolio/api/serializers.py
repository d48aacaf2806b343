"""The portfolio in the API: each profile with its element's names, unit and status inline."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from nakhon.archimate import metamodel
from nakhon.core.api.serializers import UnitField
from nakhon.portfolio.models import (
    TECHNOLOGY_TYPES,
    ApplicationProfile,
    DataObjectProfile,
    Fit,
    TechnologyProfile,
    TimeClass,
)
from nakhon.repository.api.serializers import ProfileSerializer
from nakhon.repository.models import Status

ELEMENT_API_FIELDS = ["id", "url", "identifier", "name", "name_en", "documentation"]
ELEMENT_STATE_FIELDS = ["owner_unit", "status"]
BOOKKEEPING_FIELDS = ["version", "created_at", "updated_at"]


class PortfolioProfileSerializer(ProfileSerializer):
    identifier = serializers.CharField(source="element.identifier", read_only=True)
    owner_unit = UnitField(source="element.owner_unit")
    status = serializers.ChoiceField(
        source="element.status", choices=Status.choices, required=False
    )


def fit_field(help_text) -> serializers.IntegerField:
    # A number rather than an enum: the two fits share one scale, which OpenAPI would
    # otherwise name twice.
    return serializers.IntegerField(
        min_value=Fit.POOR,
        max_value=Fit.EXCELLENT,
        allow_null=True,
        required=False,
        help_text=help_text,
    )


class ApplicationProfileSerializer(PortfolioProfileSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="portfolio-api:application-detail", lookup_url_kwarg="id"
    )
    business_fit = fit_field(gettext_lazy("How well it serves its work: 1 poor to 4 excellent."))
    technical_fit = fit_field(gettext_lazy("How sound it is technically: 1 poor to 4 excellent."))
    time_class = serializers.ChoiceField(
        choices=TimeClass.choices,
        read_only=True,
        allow_null=True,
        help_text=gettext_lazy("From the two fits (Gartner TIME); null until both are assessed."),
    )

    class Meta:
        model = ApplicationProfile
        fields = [
            *ELEMENT_API_FIELDS,
            *ELEMENT_STATE_FIELDS,
            "vendor",
            "hosting",
            "yearly_cost",
            "users",
            "business_fit",
            "technical_fit",
            "time_class",
            "end_of_support",
            *BOOKKEEPING_FIELDS,
        ]


class TechnologyProfileSerializer(PortfolioProfileSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="portfolio-api:technology-detail", lookup_url_kwarg="id"
    )
    type = serializers.ChoiceField(
        source="element.type",
        choices=metamodel.choices_of_types(TECHNOLOGY_TYPES),
        help_text=gettext_lazy("The element's ArchiMate type; fixed once created."),
    )

    class Meta:
        model = TechnologyProfile
        fields = [
            *ELEMENT_API_FIELDS,
            "type",
            *ELEMENT_STATE_FIELDS,
            "vendor",
            "product",
            "product_version",
            "hosting",
            "end_of_support",
            *BOOKKEEPING_FIELDS,
        ]

    def validate_type(self, value):
        if self.instance is not None and value != self.instance.element.type:
            raise serializers.ValidationError(
                _("The type is fixed once created; change it on the element.")
            )
        return value


class DataObjectProfileSerializer(PortfolioProfileSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="portfolio-api:data-object-detail", lookup_url_kwarg="id"
    )

    class Meta:
        model = DataObjectProfile
        fields = [
            *ELEMENT_API_FIELDS,
            *ELEMENT_STATE_FIELDS,
            "classification",
            "personal_data",
            "sensitive_personal_data",
            "lawful_basis",
            *BOOKKEEPING_FIELDS,
        ]
