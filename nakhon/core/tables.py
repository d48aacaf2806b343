import django_tables2 as tables
from django.template.base import render_value_in_context
from django.utils import formats
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from nakhon.core.dates import format_datetime
from nakhon.core.models import ChangeLogEntry


def body_rows(table, context) -> SafeString:
    """The `<tr>` rows of a table's page, as django-tables2's own template writes them, in a
    third of its time: a list page has hundreds of cells, and the template resolved each cell's
    variables and recomputed its column's attributes. A column's cell attributes are computed
    once, unless they are computed from the row (a callable)."""
    columns = list(table.columns)
    shared = {c.name: c.attrs["td"].as_html() for c in columns if static(c)}
    lines = []
    for row in table.paginated_rows:
        cells = format_html_join(
            "",
            "<td {}>{}</td>",
            (
                (
                    shared[c.name] if c.name in shared else c.attrs["td"].as_html(),
                    cell_html(c, v, context),
                )
                for c, v in row.items()
            ),
        )
        lines.append(format_html("<tr {}>{}</tr>", row.attrs.as_html(), cells))
    if not lines and table.empty_text:
        lines.append(
            format_html('<tr><td colspan="{}">{}</td></tr>', len(columns), table.empty_text)
        )
    return mark_safe("\n".join(lines))


def static(column) -> bool:
    configured = [column._table.attrs, column.column.attrs]
    return not any(
        callable(value)
        for attrs in configured
        for key in ("td", "cell")
        for value in (attrs.get(key) or {}).values()
    )


def cell_html(column, value, context) -> str:
    """A cell's value as the template wrote it: `{{ cell }}`, `|localize` or `|unlocalize`."""
    if column.localize is not None:
        value = formats.localize(value, use_l10n=column.localize)
    return render_value_in_context(value, context)


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
