import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from nakhon.core.dates import format_date
from nakhon.core.tables import BuddhistDateTimeColumn
from nakhon.repository.models import Element, Plateau, Relationship, View

TABLE_ATTRS = {"class": "table table-sm table-hover align-middle"}


class ElementTable(tables.Table):
    name = tables.Column(linkify=True)
    layer = tables.Column(verbose_name=_("Layer"), accessor="type", orderable=False)
    owner_unit = tables.Column(linkify=True)
    updated_at = BuddhistDateTimeColumn()

    class Meta:
        model = Element
        fields = ("name", "name_en", "type", "layer", "owner_unit", "status", "updated_at")
        order_by = ("name",)
        attrs = TABLE_ATTRS

    def render_layer(self, record):
        return record.get_layer_display()


class RelationshipTable(tables.Table):
    type = tables.Column(linkify=True)
    source = tables.Column(linkify=True, empty_values=(), order_by=("source__name",))
    target = tables.Column(linkify=True, empty_values=(), order_by=("target__name",))

    class Meta:
        model = Relationship
        fields = ("type", "source", "target", "name")
        attrs = TABLE_ATTRS

    def render_source(self, record):
        return record.source_end

    def render_target(self, record):
        return record.target_end


class PlateauTable(tables.Table):
    element = tables.Column(
        verbose_name=_("name"), linkify=lambda record: record.get_absolute_url()
    )
    member_count = tables.Column(verbose_name=_("elements"), orderable=False, empty_values=())

    class Meta:
        model = Plateau
        fields = ("element", "state", "valid_from")
        attrs = TABLE_ATTRS

    def render_valid_from(self, value):
        return format_date(value)

    def render_member_count(self, record):
        return record.member_count


class ViewTable(tables.Table):
    name = tables.Column(linkify=True)
    node_count = tables.Column(verbose_name=_("nodes"), orderable=False, empty_values=())
    owner_unit = tables.Column(linkify=True)
    updated_at = BuddhistDateTimeColumn()

    class Meta:
        model = View
        fields = ("name", "name_en", "viewpoint", "owner_unit", "updated_at")
        attrs = TABLE_ATTRS

    def render_node_count(self, record):
        return record.node_count
