"""The API reads JSON only: form encoding cannot carry properties or a diagram, and DRF would
silently drop what it cannot read. Set as the default parser in settings."""

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

# Deeper documents than any real one; validating them recursively would exhaust Python's stack.
MAX_JSON_DEPTH = 64


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, refusing documents nested too deeply as any other unreadable JSON."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
            if json_depth(data) <= MAX_JSON_DEPTH:
                return data
        except RecursionError:
            pass
        raise ParseError(
            _("JSON parse error - the document is nested more than %(depth)s levels deep.")
            % {"depth": MAX_JSON_DEPTH}
        )


def json_depth(data) -> int:
    """How deeply lists and objects nest in `data` (0 for a plain value), without recursion."""
    deepest, pending = 0, [(data, 0)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, dict):
            value = list(value.values())
        if isinstance(value, list):
            deepest = max(deepest, depth + 1)
            pending.extend((item, depth + 1) for item in value)
    return deepest
