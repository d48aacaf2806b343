import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from nakhon.core.tables import element_name_column, element_name_en_column
from nakhon.organization.models import OrgUnit
from nakhon.repository.tables import TABLE_ATTRS


class OrgUnitTable(tables.Table):
    element = element_name_column()
    name_en = element_name_en_column()
    parent = tables.Column(linkify=lambda record: record.parent.get_absolute_url())
    element_count = tables.Column(verbose_name=_("owned elements"), orderable=False)

    class Meta:
        model = OrgUnit
        fields = ("code", "element", "name_en", "kind", "parent", "element_count")
        attrs = TABLE_ATTRS
