"""Principles and standards in the API."""

from django.utils.translation import gettext_lazy
from rest_framework import serializers

from nakhon.core.api.serializers import ServiceModelSerializer, UnitField
from nakhon.governance.models import PrincipleProfile, Standard
from nakhon.portfolio.api.serializers import (
    BOOKKEEPING_FIELDS,
    ELEMENT_API_FIELDS,
    ELEMENT_STATE_FIELDS,
    PortfolioProfileSerializer,
)
from nakhon.repository.models import Element


class PrincipleSerializer(PortfolioProfileSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="governance-api:principle-detail", lookup_url_kwarg="id"
    )

    class Meta:
        model = PrincipleProfile
        fields = [
            *ELEMENT_API_FIELDS,
            *ELEMENT_STATE_FIELDS,
            "code",
            "rationale",
            "rationale_en",
            "implications",
            "implications_en",
            *BOOKKEEPING_FIELDS,
        ]


class StandardSerializer(ServiceModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="governance-api:standard-detail")
    owner_unit = UnitField()
    elements = serializers.PrimaryKeyRelatedField(
        many=True,
        queryset=Element.objects.all(),
        required=False,
        help_text=gettext_lazy("The ids of the technology elements the standard covers."),
    )
    past_review = serializers.SerializerMethodField(
        help_text=gettext_lazy("Whether the review date has passed; false while it is not known.")
    )

    class Meta:
        model = Standard
        fields = [
            "id",
            "url",
            "code",
            "name",
            "name_en",
            "kind",
            "category",
            "status",
            "owner_unit",
            "review_date",
            "past_review",
            "description",
            "elements",
            *BOOKKEEPING_FIELDS,
        ]

    def get_past_review(self, standard: Standard) -> bool:
        return standard.is_past_review(self.context["today"])
