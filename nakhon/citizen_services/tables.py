import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from nakhon.citizen_services.models import ServiceProfile
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
