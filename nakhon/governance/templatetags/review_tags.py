from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key)


@register.filter
def condition_overdue(condition, today) -> bool:
    return condition.is_overdue(today)
