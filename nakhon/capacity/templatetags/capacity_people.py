"""`{{ people|person_label:person }}`: a person's name where the reader may see it."""

from django import template

register = template.Library()


@register.filter
def person_label(people, person) -> str:
    return people.label(person)
