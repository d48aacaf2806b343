"""Small readers of XML attributes that every XML format here needs, with errors that locate."""

from django.utils.translation import gettext as _
from lxml import etree

from nakhon.interchange.errors import InterchangeError


def integer_attribute(
    node: etree._Element,
    name: str,
    default: int = 0,
    *,
    line: int | None = None,
    id_attribute: str = "id",
) -> int:
    """The attribute as a whole number, `default` when absent, else an error naming the line."""
    value = node.get(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise InterchangeError(
            _("“%(name)s” must be a whole number, not “%(value)s”.")
            % {"name": name, "value": value},
            line=line or node.sourceline,
            identifier=node.get(id_attribute, ""),
        ) from None
