import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from nakhon.core.dates import format_date
from nakhon.core.tables import element_name_column, element_name_en_column, owner_unit_column
from nakhon.portfolio.models import (
    ApplicationProfile,
    DataObjectProfile,
    TechnologyProfile,
)
from nakhon.portfolio.templatetags.portfolio import baht, support_badge, thousands, time_badge
from nakhon.repository.tables import TABLE_ATTRS


class ProfileTable(tables.Table):
    """The element's name (linking to the profile), English name and owning unit."""

    element = element_name_column()
    name_en = element_name_en_column()
    owner_unit = owner_unit_column(
        linkify=lambda record: record.element.owner_unit.get_absolute_url()
    )


class SupportColumn(tables.Column):
    """The end of support, flagged past (red) or within 12 months (amber) of today."""

    def __init__(self, **kwargs):
        kwargs.setdefault("verbose_name", _("end of support"))
        kwargs.setdefault("empty_values", ())
        super().__init__(**kwargs)

    def render(self, record):
        if record.end_of_support is None:
            return "—"
        state = record.support_state(timezone.localdate())
        return format_html("{} {}", format_date(record.end_of_support), support_badge(state))


class ApplicationProfileTable(ProfileTable):
    yearly_cost = tables.Column(attrs={"td": {"class": "text-end"}})
    users = tables.Column(attrs={"td": {"class": "text-end"}})
    time_class = tables.Column(
        verbose_name=_("TIME class"), accessor="time_class_code", empty_values=()
    )
    end_of_support = SupportColumn()

    class Meta:
        model = ApplicationProfile
        fields = (
            "element",
            "name_en",
            "owner_unit",
            "vendor",
            "hosting",
            "yearly_cost",
            "users",
            "business_fit",
            "technical_fit",
            "time_class",
            "end_of_support",
        )
        attrs = TABLE_ATTRS

    def render_yearly_cost(self, value):
        return baht(value)

    def render_users(self, value):
        return thousands(value)

    def render_business_fit(self, record):
        return record.business_fit

    def render_technical_fit(self, record):
        return record.technical_fit

    def render_time_class(self, record):
        return time_badge(record.time_class)


class TechnologyProfileTable(ProfileTable):
    type = tables.Column(verbose_name=_("type"), accessor="element__type", orderable=True)
    end_of_support = SupportColumn()

    class Meta:
        model = TechnologyProfile
        fields = (
            "element",
            "type",
            "vendor",
            "product",
            "product_version",
            "hosting",
            "owner_unit",
            "end_of_support",
        )
        exclude = ("name_en",)
        attrs = TABLE_ATTRS

    def render_type(self, record):
        return record.element.get_type_display()


class DataObjectProfileTable(ProfileTable):
    class Meta:
        model = DataObjectProfile
        fields = (
            "element",
            "name_en",
            "owner_unit",
            "classification",
            "personal_data",
            "sensitive_personal_data",
            "lawful_basis",
        )
        attrs = TABLE_ATTRS
