"""Template helpers of the standards pages: a standard's status and its review date."""

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from nakhon.core.dates import format_date
from nakhon.governance.models import StandardStatus

register = template.Library()

# The radar's ring colours, shared by the chart, its legend and the tables' badges.
STATUS_COLOURS = {
    StandardStatus.ADOPT: "#198754",
    StandardStatus.TRIAL: "#0d6efd",
    StandardStatus.CONTAIN: "#fd7e14",
    StandardStatus.RETIRE: "#dc3545",
}


@register.filter
def status_badge(status) -> str:
    if not status:
        return "—"
    status = StandardStatus(status)
    return format_html(
        '<span class="badge" style="background:{}" data-status="{}">{}</span>',
        STATUS_COLOURS[status],
        status.value,
        status.label,
    )


@register.filter
def review_date(standard) -> str:
    """The review date, flagged when it has passed; "not known" when there is none."""
    if standard.review_date is None:
        return format_html('<span class="text-muted">{}</span>', _("not known"))
    if standard.is_past_review(timezone.localdate()):
        return format_html(
            '{} <span class="badge text-bg-danger" data-past-review>{}</span>',
            format_date(standard.review_date),
            _("review overdue"),
        )
    return format_date(standard.review_date)
