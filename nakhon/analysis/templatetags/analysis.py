"""Colours and captions of the capability heat map."""

from django import template
from django.utils.translation import gettext as _

from nakhon.analysis.heatmap import Cell, Measure

register = template.Library()


@register.filter
def heat_style(cell: Cell, higher_is_better: bool) -> str:
    """The cell's background: red (poor) to green (good) for fitness and scores, white to deep
    red (more) for counts and costs; no colour without a figure."""
    if cell.heat is None:
        return ""
    if higher_is_better:
        return f"background-color: hsl({round(120 * cell.heat)}, 65%, 75%)"
    return f"background-color: hsl(8, 75%, {round(96 - 46 * cell.heat)}%)"


@register.simple_tag
def measure_line(cell: Cell, measure: str) -> str:
    label = Measure(measure).label
    if cell.value is None:
        return _("%(measure)s: no figure") % {"measure": label}
    return _("%(measure)s: %(value)s (from %(known)d)") % {
        "measure": label,
        "value": cell.value,
        "known": cell.known,
    }
