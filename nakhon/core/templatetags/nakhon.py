"""Template helpers every page uses: Buddhist-Era dates and permission checks."""

from django import template

from nakhon.core import dates, permissions
from nakhon.core.tables import body_rows

register = template.Library()


@register.filter
def be_date(value) -> str:
    """15 ต.ค. 2562 in Thai, 15 Oct 2019 in English."""
    return dates.format_date(value)


@register.filter
def be_datetime(value) -> str:
    return dates.format_datetime(value)


@register.filter
def can_change(user, obj) -> bool:
    return permissions.can(user, permissions.CHANGE, obj)


@register.filter
def can_delete(user, obj) -> bool:
    return permissions.can(user, permissions.DELETE, obj)


@register.filter
def can_add(user, obj) -> bool:
    return permissions.can(user, permissions.ADD, obj)


@register.filter
def verbose_name(obj) -> str:
    return obj._meta.verbose_name


@register.filter
def verbose_name_plural(obj) -> str:
    return obj._meta.verbose_name_plural


@register.simple_tag(takes_context=True)
def table_body_rows(context, table):
    """A django-tables2 table's rows on this page (see `core.tables.body_rows`)."""
    return body_rows(table, context)
