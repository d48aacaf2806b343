"""Numbers on service pages as people write them: 42,000 requests, 2.5 days."""

from django import template
from django.utils.translation import gettext as _

from nakhon.citizen_services.rubric import number

register = template.Library()


@register.filter
def amount(value) -> str:
    """A number as people write it; "not known" when it is not."""
    return _("not known") if value in (None, "") else number(value)


@register.filter
def known(value) -> str:
    """The value, or "not known" when it is None or blank."""
    return _("not known") if value in (None, "") else value
