import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from nakhon.core.tables import element_name_column, element_name_en_column, owner_unit_column
from nakhon.governance.models import PrincipleProfile, Standard
from nakhon.governance.templatetags.standards import review_date, status_badge
from nakhon.repository.tables import TABLE_ATTRS


class PrincipleTable(tables.Table):
    code = tables.Column(verbose_name=_("code"))
    element = element_name_column(_("principle"))
    name_en = element_name_en_column()
    owner_unit = owner_unit_column()

    class Meta:
        model = PrincipleProfile
        fields = ("code", "element", "name_en", "owner_unit")
        attrs = TABLE_ATTRS


class StandardTable(tables.Table):
    name = tables.Column(linkify=True)
    owner_unit = tables.Column(
        verbose_name=_("owning unit"), order_by=("owner_unit__element__name",)
    )
    review_date = tables.Column(verbose_name=_("review date"), empty_values=())
    elements = tables.Column(
        verbose_name=_("technology elements"), empty_values=(), orderable=False
    )

    class Meta:
        model = Standard
        fields = (
            "code",
            "name",
            "name_en",
            "kind",
            "category",
            "status",
            "owner_unit",
            "review_date",
            "elements",
        )
        attrs = TABLE_ATTRS

    def render_status(self, value, record):
        return status_badge(record.status)

    def render_review_date(self, record):
        return review_date(record)

    def render_elements(self, record):
        names = [str(e) for e in record.elements.all()]
        return ", ".join(names) if names else "—"
