"""Numbers on service pages as people write them: 42,000 requests, 2.5 days."""

from django import template

from nakhon.citizen_services.rubric import number

register = template.Library()


@register.filter
def amount(value) -> str:
    return "—" if value in (None, "") else number(value)
