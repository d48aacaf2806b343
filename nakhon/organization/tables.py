import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from nakhon.organization.models import OrgUnit
from nakhon.repository.tables import TABLE_ATTRS


class OrgUnitTable(tables.Table):
    element = tables.Column(
        verbose_name=_("name"),
        linkify=lambda record: record.get_absolute_url(),
        order_by=("element__name",),
    )
    name_en = tables.Column(
        verbose_name=_("name (English)"),
        accessor="element__name_en",
        order_by=("element__name_en",),
    )
    parent = tables.Column(linkify=lambda record: record.parent.get_absolute_url())
    element_count = tables.Column(verbose_name=_("owned elements"), orderable=False)

    class Meta:
        model = OrgUnit
        fields = ("code", "element", "name_en", "kind", "parent", "element_count")
        attrs = TABLE_ATTRS
