import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from nakhon.citizen_services.models import CommonDocument, IssuingAgency, ServiceProfile
from nakhon.citizen_services.rubric import number
from nakhon.core.tables import element_name_column, owner_unit_column
from nakhon.repository.tables import TABLE_ATTRS


class ServiceProfileTable(tables.Table):
    element = element_name_column(_("service"))
    owner_unit = owner_unit_column()
    annual_volume = tables.Column(verbose_name=_("requests a year"), default=_("not known"))
    fee = tables.Column(verbose_name=_("fee (baht)"), default=_("not known"))
    delivery = tables.Column(verbose_name=_("where it is delivered"), default=_("not known"))
    scorecard = tables.TemplateColumn(
        template_name="services/includes/scorecard_cell.html",
        verbose_name=_("Digital Government Act"),
        orderable=False,
    )
    score = tables.Column(verbose_name=_("score (%)"), empty_values=(), orderable=False)

    class Meta:
        model = ServiceProfile
        fields = ("element", "owner_unit", "delivery", "annual_volume", "fee")
        sequence = (
            "element",
            "owner_unit",
            "delivery",
            "annual_volume",
            "fee",
            "scorecard",
            "score",
        )
        attrs = TABLE_ATTRS

    def render_annual_volume(self, value):
        return number(value)

    def render_fee(self, value):
        return number(value)

    def render_score(self, record):
        assessment = record.current_assessment
        return "—" if assessment is None or assessment.score is None else number(assessment.score)


class IssuingAgencyTable(tables.Table):
    name = tables.Column(linkify=True)
    state_agency = tables.Column(verbose_name=_("a state agency"), default=_("not known"))
    exchange_links = tables.Column(verbose_name=_("exchange links"), orderable=False)

    class Meta:
        model = IssuingAgency
        fields = ("name", "name_en", "code", "state_agency", "exchange_links")
        attrs = TABLE_ATTRS

    def render_state_agency(self, value):
        return _("yes") if value else _("no")

    def render_exchange_links(self, record):
        return ", ".join(record.link_labels()) or "—"


class CommonDocumentTable(tables.Table):
    name = tables.Column(linkify=True)
    issuer = tables.Column(linkify=True)

    class Meta:
        model = CommonDocument
        fields = ("name", "name_en", "code", "issuer")
        attrs = TABLE_ATTRS
