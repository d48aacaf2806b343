"""The exchange format's namespaces, tags, kinds of identifier and their spelling.

Identifiers
    The XSD types identifiers as xs:ID (an NCName). An identifier that is an ASCII NCName
    (letters, digits, "_", "-", "." and not starting with a digit, "-" or ".") is written as it
    is. Any other (starting with a digit, with spaces, Thai letters, ...), and any starting with
    ESCAPED_PREFIX, is written as ESCAPED_PREFIX followed by the identifier with every
    character other than ASCII letters, digits, "-" and "." spelled "_<hex code>_". The reader
    undoes exactly that spelling, so such identifiers come back unchanged; other tools see a
    stable, valid identifier. Everything but the model and folders needs an identifier; the
    model's may be empty (it is written as ESCAPED_PREFIX alone and read back empty), and a
    folder's empty identifier means it has none.
"""

from __future__ import annotations

import re
from enum import IntEnum
from functools import cache

from django.utils.translation import gettext_lazy

from nakhon.archimate.viewpoints import VIEWPOINTS

NAMESPACE = "http://www.opengroup.org/xsd/archimate/3.0/"
ARCHIMATE2_NAMESPACE = "http://www.opengroup.org/xsd/archimate"
ARCHI_NAMESPACE = "http://www.archimatetool.com/archimate"
XSI_NAMESPACE = "http://www.w3.org/2001/XMLSchema-instance"
XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace"
SCHEMA_LOCATION = f"{NAMESPACE} http://www.opengroup.org/xsd/archimate/3.1/archimate3_Diagram.xsd"

DUBLIN_CORE_NAMESPACE = "http://purl.org/dc/elements/1.1/"

COORDINATE_LIMIT = 1 << 40  # far beyond any drawing; keeps a position a plain number
ESCAPED_PREFIX = "nkx-"

DATA_TYPES = ("string", "boolean", "currency", "date", "time", "number")
FONT_STYLES = ("plain", "bold", "italic", "underline")
JUNCTIONS = ("AndJunction", "OrJunction")


def _tag(local: str) -> str:
    return f"{{{NAMESPACE}}}{local}"


MODEL, NAME, DOCUMENTATION, PROPERTIES, PROPERTY, VALUE = map(
    _tag, ("model", "name", "documentation", "properties", "property", "value")
)
ELEMENTS, ELEMENT, RELATIONSHIPS, RELATIONSHIP = map(
    _tag, ("elements", "element", "relationships", "relationship")
)
ORGANIZATIONS, ITEM, LABEL = map(_tag, ("organizations", "item", "label"))
PROPERTY_DEFINITIONS, PROPERTY_DEFINITION = map(_tag, ("propertyDefinitions", "propertyDefinition"))
VIEWS, VIEWPOINT, DIAGRAMS, VIEW, NODE, CONNECTION = map(
    _tag, ("views", "viewpoint", "diagrams", "view", "node", "connection")
)
STYLE, LINE_COLOR, FILL_COLOR, FONT, COLOR = map(
    _tag, ("style", "lineColor", "fillColor", "font", "color")
)
VIEW_REF, SOURCE_ATTACHMENT, BENDPOINT, TARGET_ATTACHMENT = map(
    _tag, ("viewRef", "sourceAttachment", "bendpoint", "targetAttachment")
)
XSI_TYPE = f"{{{XSI_NAMESPACE}}}type"
XSI_SCHEMA_LOCATION = f"{{{XSI_NAMESPACE}}}schemaLocation"
XML_LANG = f"{{{XML_NAMESPACE}}}lang"
# lxml's incremental writer binds the xml namespace to a made-up prefix (not well-formed), so
# the writer names the attribute literally.
XML_LANG_ATTRIBUTE = "xml:lang"

NODE_KINDS = {"Element": "element", "Label": "label", "Container": "container"}
NODE_TYPES = {"element": "Element", "label": "Label", "container": "Container"}
NODE_TYPES["view_reference"] = "Label"  # Archi's view references are labels with a viewRef
CONNECTION_KINDS = {"Relationship": "relationship", "NestingRelationship": "relationship"}
CONNECTION_KINDS["Line"] = "line"


class Kind(IntEnum):
    """What an identifier stands for, to check that a reference points at the right thing."""

    MODEL = 0
    ELEMENT = 1
    RELATIONSHIP = 2
    VIEW = 3
    NODE = 4
    CONNECTION = 5
    FOLDER = 6
    DEFINITION = 7
    VIEWPOINT = 8


KIND_COUNT = len(Kind)
KIND_LABELS = {
    Kind.MODEL: gettext_lazy("the model"),
    Kind.ELEMENT: gettext_lazy("an element"),
    Kind.RELATIONSHIP: gettext_lazy("a relationship"),
    Kind.VIEW: gettext_lazy("a view"),
    Kind.NODE: gettext_lazy("a node"),
    Kind.CONNECTION: gettext_lazy("a connection"),
    Kind.FOLDER: gettext_lazy("a folder"),
    Kind.DEFINITION: gettext_lazy("a property definition"),
    Kind.VIEWPOINT: gettext_lazy("a viewpoint"),
}
TYPE_NOUNS = {
    Kind.ELEMENT: gettext_lazy("element"),
    Kind.RELATIONSHIP: gettext_lazy("relationship"),
    Kind.NODE: gettext_lazy("diagram node"),
    Kind.CONNECTION: gettext_lazy("diagram connection"),
}
ELEMENTS_ONLY = frozenset({Kind.ELEMENT})
RELATIONSHIPS_ONLY = frozenset({Kind.RELATIONSHIP})
VIEWS_ONLY = frozenset({Kind.VIEW})
CONCEPTS = frozenset({Kind.ELEMENT, Kind.RELATIONSHIP})
FILEABLE = frozenset({Kind.ELEMENT, Kind.RELATIONSHIP, Kind.VIEW})
EXPECTED_LABELS = {
    ELEMENTS_ONLY: gettext_lazy("an element"),
    RELATIONSHIPS_ONLY: gettext_lazy("a relationship"),
    VIEWS_ONLY: gettext_lazy("a view"),
    CONCEPTS: gettext_lazy("an element or a relationship"),
    FILEABLE: gettext_lazy("an element, a relationship or a view"),
}


# ---------------------------------------------------------------------------------------------
# Identifiers


_PLAIN_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*")
_KEPT_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-.")
_ESCAPE = re.compile(r"_([0-9a-f]{1,6})_")


def identifier_to_xml(identifier: str) -> str:
    """The xs:ID spelling of an identifier; `identifier_from_xml` gives it back unchanged."""
    if _PLAIN_IDENTIFIER.fullmatch(identifier) and not identifier.startswith(ESCAPED_PREFIX):
        return identifier
    spelled = (c if c in _KEPT_CHARACTERS else f"_{ord(c):x}_" for c in identifier)
    return ESCAPED_PREFIX + "".join(spelled)


def identifier_from_xml(value: str) -> str:
    if not value.startswith(ESCAPED_PREFIX):
        return value
    try:
        decoded = _ESCAPE.sub(_escaped_character, value[len(ESCAPED_PREFIX) :])
    except ValueError:
        return value
    # Only the writer's own spelling is undone; anything else is some tool's identifier.
    return decoded if identifier_to_xml(decoded) == value else value


def _escaped_character(match: re.Match) -> str:
    code = int(match.group(1), 16)
    if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        raise ValueError(code)
    return chr(code)


@cache
def _viewpoints_by_name() -> dict[str, str]:
    found = {_viewpoint_key(viewpoint.name): viewpoint.id for viewpoint in VIEWPOINTS.values()}
    for viewpoint in VIEWPOINTS.values():
        found.setdefault(_viewpoint_key(viewpoint.id), viewpoint.id)
    return found


def _viewpoint_key(text: str) -> str:
    return " ".join(text.replace("_", " ").split()).casefold()


def viewpoint_id(exchange_name: str) -> str:
    """Our viewpoint id for an exchange viewpoint name ("Layered" -> "layered"); an unknown
    name is returned as it is, so that writing it gives the file's text back."""
    if not exchange_name:
        return ""
    return _viewpoints_by_name().get(_viewpoint_key(exchange_name), exchange_name)


def viewpoint_name(viewpoint: str) -> str:
    """The exchange name for one of our viewpoint ids; anything else as it is."""
    return VIEWPOINTS[viewpoint].name if viewpoint in VIEWPOINTS else viewpoint
