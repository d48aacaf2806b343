import django_filters
from django.utils.translation import gettext_lazy as _

from nakhon.core.filtersets import SearchFilterSet
from nakhon.organization.models import OrgUnit
from nakhon.services.models import Delivery, ServiceProfile


class ServiceProfileFilterSet(SearchFilterSet):
    search_fields = ("element__name", "element__name_en", "element__identifier", "legal_basis")
    owner_unit = django_filters.ModelMultipleChoiceFilter(
        field_name="element__owner_unit",
        queryset=OrgUnit.objects.select_related("element"),
        label=_("owning unit"),
    )
    delivery = django_filters.MultipleChoiceFilter(
        choices=Delivery.choices, label=_("where it is delivered")
    )
    published = django_filters.BooleanFilter(label=_("in the public catalogue"))

    class Meta:
        model = ServiceProfile
        fields = ["q", "owner_unit", "delivery", "published"]
