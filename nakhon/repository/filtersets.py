import django_filters
from django.utils.translation import gettext_lazy as _

from nakhon.archimate import metamodel
from nakhon.core.filtersets import OwnerUnitFilter, SearchFilterSet
from nakhon.repository.models import Element, Plateau, PlateauState, Relationship, Status, View


class ElementFilterSet(SearchFilterSet):
    search_fields = ("name", "name_en", "documentation", "identifier")
    type = django_filters.MultipleChoiceFilter(
        choices=metamodel.element_type_choices(), label=_("type")
    )
    layer = django_filters.MultipleChoiceFilter(
        choices=metamodel.Layer.choices, method="filter_layer", label=_("layer")
    )
    owner_unit = OwnerUnitFilter()
    status = django_filters.MultipleChoiceFilter(choices=Status.choices, label=_("status"))

    class Meta:
        model = Element
        fields = ["q", "type", "layer", "owner_unit", "status"]

    def filter_layer(self, queryset, name, value):
        types = [t for layer in value for t in metamodel.types_in_layer(layer)]
        return queryset.filter(type__in=types)


class RelationshipFilterSet(SearchFilterSet):
    search_fields = ("name", "name_en", "source__name", "target__name", "identifier")
    type = django_filters.MultipleChoiceFilter(
        choices=metamodel.relationship_type_choices(), label=_("type")
    )
    source = django_filters.UUIDFilter(label=_("source"))
    target = django_filters.UUIDFilter(label=_("target"))
    element = django_filters.UUIDFilter(method="filter_element", label=_("element (either end)"))

    class Meta:
        model = Relationship
        fields = ["q", "type", "source", "target", "element"]

    def filter_element(self, queryset, name, value):
        return queryset.filter(source=value) | queryset.filter(target=value)


class PlateauFilterSet(SearchFilterSet):
    search_fields = ("element__name", "element__name_en")
    state = django_filters.MultipleChoiceFilter(choices=PlateauState.choices, label=_("state"))

    class Meta:
        model = Plateau
        fields = ["q", "state"]


class ViewFilterSet(SearchFilterSet):
    search_fields = ("name", "name_en", "documentation")
    owner_unit = OwnerUnitFilter()
    element = django_filters.UUIDFilter(
        field_name="nodes__element", distinct=True, label=_("shows element")
    )

    class Meta:
        model = View
        fields = ["q", "viewpoint", "owner_unit", "element"]
