import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nakhon.core.filtersets import OwnerUnitFilter, SearchFilterSet
from nakhon.governance.models import (
    PrincipleProfile,
    Standard,
    StandardCategory,
    StandardKind,
    StandardStatus,
)
from nakhon.portfolio.filtersets import ProfileFilterSet


class PrincipleFilterSet(ProfileFilterSet):
    search_fields = (
        *ProfileFilterSet.search_fields,
        "code",
        "element__documentation",
        "rationale",
        "rationale_en",
        "implications",
        "implications_en",
    )

    class Meta:
        model = PrincipleProfile
        fields = ["q", "owner_unit", "status"]


class StandardFilterSet(SearchFilterSet):
    search_fields = ("code", "name", "name_en", "description", "elements__name")
    status = django_filters.MultipleChoiceFilter(choices=StandardStatus.choices, label=_("status"))
    kind = django_filters.MultipleChoiceFilter(choices=StandardKind.choices, label=_("kind"))
    category = django_filters.MultipleChoiceFilter(
        choices=StandardCategory.choices, label=_("category")
    )
    owner_unit = OwnerUnitFilter(field_name="owner_unit")
    past_review = django_filters.BooleanFilter(
        method="filter_past_review", label=_("past its review date")
    )

    class Meta:
        model = Standard
        fields = ["q", "status", "kind", "category", "owner_unit", "past_review"]

    def search(self, queryset, name, value):
        # Searching the covered elements' names joins a many-to-many: one row per standard.
        return super().search(queryset, name, value).distinct()

    def filter_past_review(self, queryset, name, value):
        if value is None:
            return queryset
        past = queryset.past_review(timezone.localdate())
        return past if value else queryset.exclude(pk__in=past.values("pk"))
