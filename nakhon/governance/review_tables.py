import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nakhon.core.dates import format_date
from nakhon.governance.models import ReviewRequest
from nakhon.governance.workflow import deadline_state
from nakhon.portfolio.templatetags.portfolio import baht
from nakhon.repository.tables import TABLE_ATTRS


def deadline_badge(request, today) -> str:
    state = deadline_state(request, today)
    if state["deadline"] is None:
        return _("not known") if request.submitted_at else "—"
    if state["late"]:
        return format_html(
            '{} <span class="badge text-bg-danger" data-testid="late">{}</span>',
            format_date(state["deadline"]),
            _("late"),
        )
    return format_date(state["deadline"])


class ReviewRequestTable(tables.Table):
    title = tables.Column(linkify=True, verbose_name=gettext_lazy("title"))
    request_type = tables.Column(verbose_name=gettext_lazy("type of request"))
    owner_unit = tables.Column(
        verbose_name=gettext_lazy("submitting unit"), accessor="owner_unit__element__name"
    )
    state = tables.Column(verbose_name=gettext_lazy("state"))
    decision = tables.Column(verbose_name=gettext_lazy("decision"))
    fiscal_year = tables.Column(verbose_name=gettext_lazy("fiscal year"))
    budget = tables.Column(
        verbose_name=gettext_lazy("budget (baht)"), attrs={"td": {"class": "text-end"}}
    )
    deadline = tables.Column(verbose_name=gettext_lazy("decision due"), empty_values=())

    class Meta:
        model = ReviewRequest
        fields = (
            "title",
            "request_type",
            "owner_unit",
            "state",
            "decision",
            "fiscal_year",
            "budget",
            "deadline",
        )
        attrs = TABLE_ATTRS

    def render_budget(self, value):
        return baht(value)

    def render_deadline(self, record):
        return deadline_badge(record, timezone.localdate())
