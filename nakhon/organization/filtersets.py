import django_filters
from django.utils.translation import gettext_lazy as _

from nakhon.core.filtersets import SearchFilterSet
from nakhon.organization.models import OrgUnit, UnitKind


class OrgUnitFilterSet(SearchFilterSet):
    search_fields = ("element__name", "element__name_en", "code")
    kind = django_filters.MultipleChoiceFilter(choices=UnitKind.choices, label=_("kind"))
    parent = django_filters.ModelChoiceFilter(
        queryset=OrgUnit.objects.select_related("element"), label=_("parent unit")
    )

    class Meta:
        model = OrgUnit
        fields = ["q", "kind", "parent"]
