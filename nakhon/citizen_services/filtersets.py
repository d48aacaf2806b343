import django_filters
from django.utils.translation import gettext_lazy as _

from nakhon.citizen_services.models import (
    CommonDocument,
    Delivery,
    IssuingAgency,
    ServiceProfile,
)
from nakhon.core.filtersets import OwnerUnitFilter, SearchFilterSet


class ServiceProfileFilterSet(SearchFilterSet):
    search_fields = ("element__name", "element__name_en", "element__identifier", "legal_basis")
    owner_unit = OwnerUnitFilter(field_name="element__owner_unit")
    delivery = django_filters.MultipleChoiceFilter(
        choices=Delivery.choices, label=_("where it is delivered")
    )
    published = django_filters.BooleanFilter(label=_("in the public catalogue"))

    class Meta:
        model = ServiceProfile
        fields = ["q", "owner_unit", "delivery", "published"]


class IssuingAgencyFilterSet(SearchFilterSet):
    search_fields = ("name", "name_en", "code", "aliases")

    class Meta:
        model = IssuingAgency
        fields = ["q", "state_agency"]


class CommonDocumentFilterSet(SearchFilterSet):
    search_fields = ("name", "name_en", "code", "aliases")

    class Meta:
        model = CommonDocument
        fields = ["q", "issuer"]
