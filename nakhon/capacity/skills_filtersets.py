import django_filters
from django.utils.translation import gettext_lazy as _

from nakhon.capacity.models import (
    AreaKind,
    Assessment,
    Person,
    PersonnelGroup,
    ProficiencyLevel,
    ProgrammeRole,
    RatingSource,
    RoleLevel,
    SkillArea,
    SkillFramework,
    TargetLevel,
)
from nakhon.core.filtersets import OwnerUnitFilter, SearchFilterSet


class SkillFrameworkFilterSet(SearchFilterSet):
    search_fields = ("name", "name_en", "code", "publisher")

    class Meta:
        model = SkillFramework
        fields = ["is_active"]


class ProficiencyLevelFilterSet(SearchFilterSet):
    search_fields = ("name", "name_en")

    class Meta:
        model = ProficiencyLevel
        fields = ["framework"]


class SkillAreaFilterSet(SearchFilterSet):
    search_fields = ("name", "name_en", "code")
    kind = django_filters.MultipleChoiceFilter(choices=AreaKind.choices, label=_("kind"))

    class Meta:
        model = SkillArea
        fields = ["framework", "kind"]


class TargetLevelFilterSet(SearchFilterSet):
    search_fields = ("area__name", "area__name_en")
    personnel_group = django_filters.MultipleChoiceFilter(
        choices=PersonnelGroup.choices, label=_("personnel group")
    )
    role_level = django_filters.MultipleChoiceFilter(
        choices=RoleLevel.choices, label=_("role level")
    )

    class Meta:
        model = TargetLevel
        fields = ["area__framework", "personnel_group", "role_level"]


class PersonFilterSet(SearchFilterSet):
    """Searches only the rows the user may see: the list's queryset is restricted first."""

    search_fields = ("name", "name_en", "position")
    unit = OwnerUnitFilter(field_name="unit", label=_("unit"))
    personnel_group = django_filters.MultipleChoiceFilter(
        choices=PersonnelGroup.choices, label=_("personnel group")
    )
    role_level = django_filters.MultipleChoiceFilter(
        choices=RoleLevel.choices, label=_("role level")
    )
    programme_role = django_filters.MultipleChoiceFilter(
        choices=ProgrammeRole.choices, label=_("programme role")
    )

    class Meta:
        model = Person
        fields = ["unit", "personnel_group", "role_level", "programme_role"]


class AssessmentFilterSet(SearchFilterSet):
    search_fields = ("person__name", "person__name_en", "area__name", "area__name_en")
    unit = OwnerUnitFilter(field_name="person__unit", label=_("unit"))
    source = django_filters.MultipleChoiceFilter(choices=RatingSource.choices, label=_("rated by"))

    class Meta:
        model = Assessment
        fields = ["framework", "area", "unit", "source"]
