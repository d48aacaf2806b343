"""Text every store and format can carry.

XML 1.0 (the exchange format), Excel and most terminals cannot hold control characters, lone
surrogates or the non-characters U+FFFE and U+FFFF: a name holding one would break every export
it appears in. Input refuses them; exports show any already stored as visible symbols.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

# What XML 1.0 and Excel cannot hold: C0 controls but tab, line feed and carriage return;
# surrogates; the two non-characters of the Basic Multilingual Plane.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Input also refuses DEL and the C1 controls: XML holds them, but in a name they are noise
# (mostly text decoded with the wrong code page) that no one can see or type.
UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# Unicode's "control pictures" show the C0 controls as symbols (U+2400 for NUL onwards).
CONTROL_PICTURE_BASE = 0x2400


def unstorable_character(text: str) -> str | None:
    """The first character of `text` that no format can carry, if any."""
    found = UNSTORABLE.search(text)
    return found.group() if found else None


def refuse_unstorable(value, label) -> None:
    """Raise a `ValidationError` naming the character if a text (or a JSON value's texts) holds
    one that cannot be stored and exported."""
    for text in _texts(value):
        character = unstorable_character(text)
        if character is not None:
            raise ValidationError(
                _(
                    "“%(field)s” contains an invisible control character (U+%(code)04X), "
                    "which cannot be exported; remove it and save again."
                )
                % {"field": label, "code": ord(character)},
                code="unstorable",
            )


def visible_text(text: str) -> str:
    """`text` with each character XML cannot carry shown as a symbol (U+0001 as "␁")."""
    if NOT_XML.search(text) is None:
        return text
    return NOT_XML.sub(_picture, text)


def _picture(match: re.Match) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(CONTROL_PICTURE_BASE + code)
    return "\ufffd"  # surrogates and non-characters have no picture


def _texts(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(key)
            yield from _texts(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item)


def carries_text(field) -> bool:
    return isinstance(field, models.CharField | models.TextField | models.JSONField)


def refuse_unstorable_fields(obj) -> None:
    """`refuse_unstorable` for every text and JSON field of `obj`, errors by field."""
    errors = {}
    for field in obj._meta.concrete_fields:
        if carries_text(field):
            try:
                refuse_unstorable(getattr(obj, field.attname), field.verbose_name)
            except ValidationError as error:
                errors[field.name] = error.error_list
    if errors:
        raise ValidationError(errors)
