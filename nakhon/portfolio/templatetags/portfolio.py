"""Template helpers of the portfolio pages: money, TIME classes and support flags."""

from django import template
from django.utils.html import format_html

from nakhon.portfolio.charts import TIME_CLASS_COLOURS
from nakhon.portfolio.models import SupportState

register = template.Library()

SUPPORT_BADGES = {
    SupportState.PAST: "text-bg-danger",
    SupportState.NEAR: "text-bg-warning",
    SupportState.SUPPORTED: "text-bg-success",
    SupportState.UNKNOWN: "text-bg-light",
}


@register.filter
def baht(value) -> str:
    """Baht with thousands separators and two decimals, as Thai budgets write them."""
    return "" if value is None else f"{value:,.2f}"


@register.filter
def thousands(value) -> str:
    return "" if value is None else f"{value:,}"


@register.filter
def time_badge(time) -> str:
    """A TIME class in its chart colour; a dash when the fits are not assessed."""
    if not time:
        return "—"
    return format_html(
        '<span class="badge" style="background:{}" data-time-class="{}">{}</span>',
        TIME_CLASS_COLOURS[time],
        time.value,
        time.label,
    )


@register.filter
def support_badge(state) -> str:
    """A flag for past (red) or near (amber) end of support; nothing when supported."""
    if state not in (SupportState.PAST, SupportState.NEAR):
        return ""
    return format_html(
        '<span class="badge {}" data-support="{}">{}</span>',
        SUPPORT_BADGES[state],
        state.value,
        state.label,
    )
