import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nakhon.archimate import metamodel
from nakhon.core.filtersets import OwnerUnitFilter, SearchFilterSet
from nakhon.portfolio.models import (
    TECHNOLOGY_TYPES,
    ApplicationProfile,
    Classification,
    DataObjectProfile,
    Hosting,
    SupportState,
    TechnologyProfile,
    TimeClass,
    time_class_condition,
)
from nakhon.repository.models import Status


class ProfileFilterSet(SearchFilterSet):
    """What every portfolio list filters by: names, owning unit, lifecycle status."""

    search_fields = ("element__name", "element__name_en", "element__identifier")
    owner_unit = OwnerUnitFilter(field_name="element__owner_unit")
    status = django_filters.MultipleChoiceFilter(
        field_name="element__status", choices=Status.choices, label=_("lifecycle status")
    )


class SupportFilterSet(ProfileFilterSet):
    hosting = django_filters.MultipleChoiceFilter(choices=Hosting.choices, label=_("hosting"))
    support = django_filters.MultipleChoiceFilter(
        choices=SupportState.choices, method="filter_support", label=_("support")
    )

    def filter_support(self, queryset, name, value):
        return queryset.in_support_state(value, timezone.localdate())


class ApplicationProfileFilterSet(SupportFilterSet):
    search_fields = (*ProfileFilterSet.search_fields, "vendor")
    time_class = django_filters.MultipleChoiceFilter(
        choices=TimeClass.choices, method="filter_time_class", label=_("TIME class")
    )

    class Meta:
        model = ApplicationProfile
        fields = ["q", "owner_unit", "hosting", "time_class", "status", "support"]

    def filter_time_class(self, queryset, name, value):
        matching = queryset.none()
        for time in value:
            matching |= queryset.filter(time_class_condition(time))
        return matching


class TechnologyProfileFilterSet(SupportFilterSet):
    search_fields = (*ProfileFilterSet.search_fields, "vendor", "product", "product_version")
    type = django_filters.MultipleChoiceFilter(
        field_name="element__type",
        choices=metamodel.choices_of_types(TECHNOLOGY_TYPES),
        label=_("type"),
    )

    class Meta:
        model = TechnologyProfile
        fields = ["q", "type", "owner_unit", "hosting", "support", "status"]


class DataObjectProfileFilterSet(ProfileFilterSet):
    classification = django_filters.MultipleChoiceFilter(
        choices=Classification.choices, label=_("classification")
    )
    personal_data = django_filters.BooleanFilter(label=_("personal data"))
    sensitive_personal_data = django_filters.BooleanFilter(label=_("sensitive personal data"))

    class Meta:
        model = DataObjectProfile
        fields = ["q", "owner_unit", "classification", "personal_data", "sensitive_personal_data"]
