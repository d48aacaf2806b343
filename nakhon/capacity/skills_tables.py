import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from nakhon.capacity.models import (
    Assessment,
    Person,
    ProficiencyLevel,
    SkillArea,
    SkillFramework,
    TargetLevel,
)
from nakhon.core.dates import format_date

TABLE_ATTRS = {"class": "table table-sm table-hover align-middle"}


def linked(verbose_name=None, **kwargs) -> tables.Column:
    return tables.Column(
        verbose_name=verbose_name, linkify=lambda record: record.get_absolute_url(), **kwargs
    )


class SkillFrameworkTable(tables.Table):
    name = linked(_("name (Thai)"))
    is_active = tables.BooleanColumn(verbose_name=_("active"))

    class Meta:
        model = SkillFramework
        fields = ("name", "name_en", "edition", "publisher", "year", "is_active")
        attrs = TABLE_ATTRS


class ProficiencyLevelTable(tables.Table):
    level = linked(_("level"))

    class Meta:
        model = ProficiencyLevel
        fields = ("framework", "level", "name", "name_en")
        attrs = TABLE_ATTRS


class SkillAreaTable(tables.Table):
    name = linked(_("name (Thai)"))

    class Meta:
        model = SkillArea
        fields = ("name", "name_en", "code", "kind", "framework")
        attrs = TABLE_ATTRS


class TargetLevelTable(tables.Table):
    area = linked(_("skill area"))

    class Meta:
        model = TargetLevel
        fields = ("area", "personnel_group", "role_level", "level")
        attrs = TABLE_ATTRS


class PersonTable(tables.Table):
    name = linked(_("name (Thai)"))

    class Meta:
        model = Person
        fields = (
            "name",
            "name_en",
            "unit",
            "position",
            "personnel_group",
            "role_level",
            "programme_role",
        )
        attrs = TABLE_ATTRS


class AssessmentTable(tables.Table):
    assessed_on = tables.Column(
        verbose_name=_("assessed on"), linkify=lambda record: record.get_absolute_url()
    )
    person = tables.Column(verbose_name=_("person"), order_by=("person__name",))

    class Meta:
        model = Assessment
        fields = ("assessed_on", "person", "area", "source", "level", "framework")
        attrs = TABLE_ATTRS

    def render_assessed_on(self, value):
        return format_date(value)
