import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from nakhon.core.dates import format_datetime
from nakhon.core.models import ChangeLogEntry


class BuddhistDateTimeColumn(tables.Column):
    """A date and time in the reader's calendar: Buddhist Era in Thai."""

    def render(self, value):
        return format_datetime(value)


class ChangeLogTable(tables.Table):
    time = BuddhistDateTimeColumn(
        linkify=lambda record: f"/changes/{record.pk}/", verbose_name=_("time")
    )
    user_name = tables.Column(verbose_name=_("user"), empty_values=())
    action = tables.Column()
    content_type = tables.Column(verbose_name=_("object type"), orderable=False)
    object_repr = tables.Column(verbose_name=_("object"))
    channel = tables.Column()
    changed = tables.Column(verbose_name=_("changed fields"), empty_values=(), orderable=False)

    class Meta:
        model = ChangeLogEntry
        fields = ("time", "user_name", "action", "content_type", "object_repr", "channel")
        order_by = ("-time",)
        attrs = {"class": "table table-sm table-hover align-middle"}

    def render_user_name(self, record):
        return record.user_name or _("system")

    def render_content_type(self, record):
        model = record.content_type.model_class()
        return model._meta.verbose_name if model else record.content_type.model

    def render_object_repr(self, record):
        model = record.content_type.model_class()
        exists = model is not None and record.action != "delete"
        if exists and hasattr(model, "get_absolute_url"):
            obj = model(pk=record.object_id)
            try:
                return format_html(
                    '<a href="{}">{}</a>', obj.get_absolute_url(), record.object_repr
                )
            except Exception:  # a profile's URL needs more than its key: show plain text
                return record.object_repr
        return record.object_repr

    def render_changed(self, record):
        if record.action != "update":
            return "—"
        return ", ".join(f for f in record.changed_fields if f != "version")


# The columns of a row that is the profile of an element (a unit, a service, an application).


def element_name_column(verbose_name=None) -> tables.Column:
    """The element's name, linking to the row's own page."""
    return tables.Column(
        verbose_name=verbose_name or _("name"),
        linkify=lambda record: record.get_absolute_url(),
        order_by=("element__name",),
    )


def element_name_en_column() -> tables.Column:
    return tables.Column(
        verbose_name=_("name (English)"),
        accessor="element__name_en",
        order_by=("element__name_en",),
    )


def owner_unit_column(**kwargs) -> tables.Column:
    return tables.Column(
        verbose_name=_("owning unit"),
        accessor="element__owner_unit",
        order_by=("element__owner_unit__element__name",),
        **kwargs,
    )
