"""Writing a `ModelDocument` as an exchange file.

Writing
    `write_exchange` streams with lxml's incremental writer, UTF-8, and checks the whole
    document first, so a refused export writes nothing (a path that fails half-way, say on a
    full disk, is removed). The order is fixed: the model's parts in the XSD's order; elements,
    relationships, folders, views, nodes and connections in document order; a folder's
    sub-folders before its references; names and documentation in LangText order; property
    definitions sorted by key and numbered propid-1, propid-2, ... (skipping numbers the model
    uses); attributes in a fixed order. The reader keeps file order, so write -> read -> write
    gives the same bytes.

    What the XSD cannot hold is refused with the identifier (a missing or duplicate identifier,
    unknown types, references to nothing, colours out of range, text with characters XML
    forbids), with two exceptions that keep the drawing: a view drawn partly at negative
    coordinates is moved right and down as a whole, and a zero width or height is written as 1.
    Style keys other than lineColor, fillColor, font and lineWidth, and extra keys other than
    view_refs, concept_ref, xpath_part and nesting, have no place in the format and are not
    written. Every property key gets a definition; a key missing from `property_types` is
    declared a string (which is what an undeclared key means), so it comes back declared.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import BinaryIO

from django.utils.translation import gettext as _
from lxml import etree

from nakhon.archimate.metamodel import ACCESS_TYPES, ELEMENT_TYPES, RELATIONSHIP_TYPES
from nakhon.core.validators import visible_text
from nakhon.interchange.document import (
    ConnectionDoc,
    ElementDoc,
    FolderDoc,
    LangText,
    ModelDocument,
    NodeDoc,
    Property,
    RelationshipDoc,
    ViewDoc,
    all_nodes,
    join_names,
)
from nakhon.interchange.errors import InterchangeError
from nakhon.interchange.exchange.names import (
    BENDPOINT,
    COLOR,
    CONCEPTS,
    CONNECTION,
    COORDINATE_LIMIT,
    DATA_TYPES,
    DIAGRAMS,
    DOCUMENTATION,
    ELEMENT,
    ELEMENTS,
    ELEMENTS_ONLY,
    EXPECTED_LABELS,
    FILEABLE,
    FILL_COLOR,
    FONT,
    FONT_STYLES,
    ITEM,
    JUNCTIONS,
    KIND_LABELS,
    LABEL,
    LINE_COLOR,
    MODEL,
    NAME,
    NAMESPACE,
    NODE,
    NODE_TYPES,
    ORGANIZATIONS,
    PROPERTIES,
    PROPERTY,
    PROPERTY_DEFINITION,
    PROPERTY_DEFINITIONS,
    RELATIONSHIP,
    RELATIONSHIPS,
    RELATIONSHIPS_ONLY,
    SCHEMA_LOCATION,
    SOURCE_ATTACHMENT,
    STYLE,
    TARGET_ATTACHMENT,
    TYPE_NOUNS,
    VALUE,
    VIEW,
    VIEW_REF,
    VIEWS,
    VIEWS_ONLY,
    XML_LANG_ATTRIBUTE,
    XSI_NAMESPACE,
    XSI_SCHEMA_LOCATION,
    XSI_TYPE,
    Kind,
    identifier_to_xml,
    viewpoint_name,
)


def write_exchange(doc: ModelDocument, target: str | os.PathLike | BinaryIO) -> None:
    """Write `doc` as an exchange file (path or binary file object); see the module doc."""
    plan = _Plan(doc)
    if isinstance(target, str | os.PathLike):
        _write_file(Path(target), lambda stream: _Writer.write(plan, stream))
    else:
        _Writer.write(plan, target)


def _write_file(path: Path, write: Callable[[BinaryIO], None]) -> None:
    try:
        with open(path, "wb") as stream:
            write(stream)
    except BaseException:
        path.unlink(missing_ok=True)  # no half-written export is left behind
        raise


class _Plan:
    """The document, checked against what the XSD can hold before anything is written."""

    def __init__(self, doc: ModelDocument):
        self.doc = doc
        self.kinds: dict[str, Kind] = {}
        self.collect_identifiers()
        self.check_concepts()
        self.check_folders(doc.folders)
        self.offsets = {view.identifier: self.check_view(view) for view in doc.views}
        self.definitions = self.number_definitions()

    def take(self, identifier: str, kind: Kind) -> None:
        if not identifier and kind != Kind.MODEL:
            # "" stands for "none" where an identifier is optional (a line's ends, a folder).
            raise InterchangeError(
                _("%(what)s has no identifier; everything but a folder needs one.")
                % {"what": str(KIND_LABELS[kind]).capitalize()}
            )
        if identifier in self.kinds:
            raise InterchangeError(
                _(
                    "The identifier is used by %(first)s and by %(second)s; identifiers must be "
                    "unique in an exchange file."
                )
                % {"first": KIND_LABELS[self.kinds[identifier]], "second": KIND_LABELS[kind]},
                identifier=identifier,
            )
        self.kinds[identifier] = kind

    def collect_identifiers(self) -> None:
        doc = self.doc
        self.take(doc.identifier, Kind.MODEL)
        for element in doc.elements:
            self.take(element.identifier, Kind.ELEMENT)
        for relationship in doc.relationships:
            self.take(relationship.identifier, Kind.RELATIONSHIP)
        for view in doc.views:
            self.take(view.identifier, Kind.VIEW)
            for node in all_nodes(view.nodes):
                self.take(node.identifier, Kind.NODE)
            for connection in view.connections:
                self.take(connection.identifier, Kind.CONNECTION)
        for folder in _all_folders(self.doc.folders):
            if folder.identifier:
                self.take(folder.identifier, Kind.FOLDER)

    def check_reference(
        self, identifier: str, accepted: frozenset, referrer: str, attribute: str
    ) -> None:
        kind = self.kinds.get(identifier)
        if kind not in accepted:
            values = {
                "attribute": attribute,
                "ref": identifier,
                "expected": EXPECTED_LABELS[accepted],
            }
            raise InterchangeError(
                _("%(attribute)s “%(ref)s” must be %(expected)s of the model.") % values,
                identifier=referrer,
            )

    def check_concepts(self) -> None:
        for element in self.doc.elements:
            if element.type not in ELEMENT_TYPES:
                raise _unwritable_type(element.type, Kind.ELEMENT, element.identifier)
            self.check_properties(element.properties, element.identifier)
        for relationship in self.doc.relationships:
            if relationship.type not in RELATIONSHIP_TYPES:
                raise _unwritable_type(
                    relationship.type, Kind.RELATIONSHIP, relationship.identifier
                )
            for attribute in ("source", "target"):
                self.check_reference(
                    getattr(relationship, attribute), CONCEPTS, relationship.identifier, attribute
                )
            if relationship.access_type and relationship.access_type not in ACCESS_TYPES:
                raise InterchangeError(
                    _("Access type “%(value)s” is not one of %(known)s.")
                    % {"value": relationship.access_type, "known": ", ".join(ACCESS_TYPES)},
                    identifier=relationship.identifier,
                )
            self.check_properties(relationship.properties, relationship.identifier)
        self.check_properties(self.doc.properties, self.doc.identifier)
        for key, data_type in self.doc.property_types.items():
            if data_type not in DATA_TYPES:
                raise InterchangeError(
                    _(
                        "Property “%(key)s” has the data type “%(type)s”; it must be one of "
                        "%(known)s."
                    )
                    % {"key": key, "type": data_type, "known": ", ".join(DATA_TYPES)}
                )

    @staticmethod
    def check_properties(properties: list[Property], owner: str) -> None:
        for property_ in properties:
            if not isinstance(property_.key, str) or not isinstance(property_.value, str):
                raise InterchangeError(
                    _("Property keys and values must be text."), identifier=owner
                )

    def check_folders(self, folders: list[FolderDoc]) -> None:
        for folder in _all_folders(folders):
            for item in folder.items:
                self.check_reference(item, FILEABLE, folder.identifier, "identifierRef")

    def check_view(self, view: ViewDoc) -> tuple[int, int]:
        self.check_properties(view.properties, view.identifier)
        members = set()
        xs, ys = [0], [0]
        for node in all_nodes(view.nodes):
            members.add(node.identifier)
            self.check_node(node)
            xs.append(node.x)
            ys.append(node.y)
        for connection in view.connections:
            members.add(connection.identifier)
        for connection in view.connections:
            self.check_connection(connection, members)
            for x, y in _points(connection):
                xs.append(x)
                ys.append(y)
        # The XSD has no negative coordinates: move the whole drawing instead of clipping it.
        return (-min(xs), -min(ys))

    def check_node(self, node: NodeDoc) -> None:
        if node.kind == "element":
            self.check_reference(node.ref, ELEMENTS_ONLY, node.identifier, "elementRef")
        elif node.kind == "view_reference":
            self.check_reference(node.ref, VIEWS_ONLY, node.identifier, "viewRef")
        elif node.kind not in ("label", "container"):
            raise _unwritable_type(node.kind, Kind.NODE, node.identifier)
        if node.children and node.kind in ("label", "view_reference"):
            raise InterchangeError(
                _("A label or view reference cannot hold other nodes in an exchange file."),
                identifier=node.identifier,
            )
        if node.kind == "label" and node.extra.get("concept_ref"):
            self.check_reference(node.extra["concept_ref"], CONCEPTS, node.identifier, "conceptRef")
        xpath = node.extra.get("xpath_part")
        if node.kind == "label" and xpath and not (isinstance(xpath, str) and xpath.strip()):
            raise InterchangeError(
                _("A label's xpath_part must be an XPath expression."), identifier=node.identifier
            )
        if not all(
            _is_whole(value, -COORDINATE_LIMIT) for value in (node.x, node.y, node.w, node.h)
        ):
            raise _not_a_point(node.identifier)
        self.check_extras(node.extra, node.identifier)
        _check_style(node.style, node.identifier)

    def check_connection(self, connection: ConnectionDoc, members: set[str]) -> None:
        identifier = connection.identifier
        if connection.kind == "relationship":
            self.check_reference(connection.ref, RELATIONSHIPS_ONLY, identifier, "relationshipRef")
        elif connection.kind != "line":
            raise _unwritable_type(connection.kind, Kind.CONNECTION, identifier)
        for attribute in ("source", "target"):
            end = getattr(connection, attribute)
            if (end or connection.kind == "relationship") and end not in members:
                raise InterchangeError(
                    _("%(attribute)s “%(end)s” is not a node or connection of this view.")
                    % {"attribute": attribute, "end": end},
                    identifier=identifier,
                )
        for point in _points(connection):
            if not (
                len(point) == 2 and all(_is_whole(value, -COORDINATE_LIMIT) for value in point)
            ):
                raise _not_a_point(identifier)
        self.check_extras(connection.extra, identifier)
        _check_style(connection.style, identifier)

    def check_extras(self, extra: dict, identifier: str) -> None:
        for view in extra.get("view_refs") or ():
            self.check_reference(view, VIEWS_ONLY, identifier, "viewRef")

    def number_definitions(self) -> dict[str, str]:
        keys = set(self.doc.property_types)
        for owner in _property_owners(self.doc):
            keys.update(property_.key for property_ in owner.properties)
        numbers = (f"propid-{n}" for n in itertools.count(1))
        free = (candidate for candidate in numbers if candidate not in self.kinds)
        return {key: next(free) for key in sorted(keys)}


def _all_folders(folders: list[FolderDoc]) -> Iterator[FolderDoc]:
    for folder in folders:
        yield folder
        yield from _all_folders(folder.children)


def _property_owners(doc: ModelDocument) -> Iterator:
    yield doc
    yield from doc.elements
    yield from doc.relationships
    yield from doc.views


def _points(connection: ConnectionDoc) -> Iterator[tuple[int, int]]:
    yield from connection.bendpoints
    for attachment in (connection.source_attachment, connection.target_attachment):
        if attachment is not None:
            yield attachment


def _not_a_point(identifier: str) -> InterchangeError:
    return InterchangeError(
        _("Positions, sizes, bendpoints and attachments must be whole numbers."),
        identifier=identifier,
    )


def _unwritable_type(type_name: str, kind: Kind, identifier: str) -> InterchangeError:
    return InterchangeError(
        _("“%(type)s” is not a %(kind)s type the exchange format knows.")
        % {"type": type_name, "kind": TYPE_NOUNS[kind]},
        identifier=identifier,
    )


def _is_whole(value, low: int, high: int | None = None) -> bool:
    return (
        isinstance(value, int)
        and not isinstance(value, bool)
        and value >= low
        and (high is None or value <= high)
    )


def _check_style(style: dict, identifier: str) -> None:
    problems = []
    if "lineWidth" in style and not _is_whole(style["lineWidth"], 1):
        problems.append("lineWidth")
    for key in ("lineColor", "fillColor"):
        if key in style and not _is_color(style[key]):
            problems.append(key)
    font = style.get("font")
    if font is not None and not _is_font(font):
        problems.append("font")
    if problems:
        raise InterchangeError(
            _(
                "The style's %(keys)s cannot be written: colours need r, g, b from 0 to 255 "
                "and a from 0 to 100, line widths and font sizes must be positive (font sizes in "
                "halves), font styles are plain, bold, italic or underline."
            )
            % {"keys": ", ".join(problems)},
            identifier=identifier,
        )


def _is_color(color) -> bool:
    return (
        isinstance(color, dict)
        and all(_is_whole(color.get(channel), 0, 255) for channel in "rgb")
        and ("a" not in color or _is_whole(color["a"], 0, 100))
    )


def _is_font(font) -> bool:
    if not isinstance(font, dict):
        return False
    size = font.get("size")
    style = font.get("style")
    return (
        (size is None or _font_size_text(size) is not None)
        and (style is None or (isinstance(style, str) and set(style.split()) <= set(FONT_STYLES)))
        and ("name" not in font or isinstance(font["name"], str))
        and ("color" not in font or _is_color(font["color"]))
    )


def _font_size_text(size) -> str | None:
    """The XSD's spelling of a font size (1, 9, 9.5), or None if it has none."""
    if isinstance(size, bool) or not isinstance(size, int | float) or size < 1:
        return None
    if size == int(size):
        return str(int(size))
    if size * 2 == int(size * 2):
        return f"{int(size)}.5"
    return None


@cache
def _indent(depth: int) -> str:
    return "\n" + "  " * depth


class _Writer:
    """Streams a checked document with lxml's incremental writer, one element a line.

    Each method writes its element at `depth`: the line break and indent before the start tag,
    and for elements with children the one before the end tag.
    """

    def __init__(self, plan: _Plan, xf):
        self.plan = plan
        self.doc = plan.doc
        self.xf = xf

    @classmethod
    def write(cls, plan: _Plan, stream: BinaryIO) -> None:
        with etree.xmlfile(stream, encoding="utf-8") as xf:
            xf.write_declaration()
            cls(plan, xf).write_model()
        stream.write(b"\n")  # text files end with a line break; lxml writes nothing after the root

    def write_model(self) -> None:
        doc, xf = self.doc, self.xf
        attributes = {
            "identifier": identifier_to_xml(doc.identifier),
            XSI_SCHEMA_LOCATION: SCHEMA_LOCATION,
        }
        with xf.element(MODEL, attributes, nsmap={None: NAMESPACE, "xsi": XSI_NAMESPACE}):
            self.guarded(doc.identifier, self.write_model_texts)
            self.write_part(ELEMENTS, doc.elements, self.write_element)
            self.write_part(RELATIONSHIPS, doc.relationships, self.write_relationship)
            self.write_part(ORGANIZATIONS, doc.folders, self.write_folder)
            self.write_definitions()
            if doc.views:
                xf.write(_indent(1))
                with xf.element(VIEWS):
                    self.write_part(DIAGRAMS, doc.views, self.write_view, depth=2)
                    xf.write(_indent(1))
            xf.write(_indent(0))

    def guarded(self, identifier: str, write: Callable, *args) -> None:
        # lxml refuses text XML cannot hold (control characters): say whose text it is.
        try:
            write(*args)
        except ValueError as error:
            raise InterchangeError(
                _("The text cannot be written to XML: %(reason)s") % {"reason": error},
                identifier=identifier,
            ) from error

    def write_part(self, tag: str, items: list, write: Callable, depth: int = 1) -> None:
        if not items:
            return
        xf = self.xf
        xf.write(_indent(depth))
        with xf.element(tag):
            for item in items:
                self.guarded(item.identifier, write, item, depth + 1)
            xf.write(_indent(depth))

    def write_model_texts(self) -> None:
        doc = self.doc
        self.write_texts(NAME, doc.name, 1, required=True)
        self.write_texts(DOCUMENTATION, doc.documentation, 1)
        self.write_properties(doc.properties, 1)

    def write_texts(self, tag: str, texts: LangText, depth: int, required: bool = False) -> None:
        xf = self.xf
        indent = _indent(depth)
        for lang, text in texts.items():
            xf.write(indent)
            with xf.element(tag, {XML_LANG_ATTRIBUTE: lang} if lang else None):
                # A control character stored before input refused them must not stop the export.
                xf.write(visible_text(text))
        if required and not texts:
            self.write_empty(tag, None, depth)

    def write_empty(self, tag: str, attributes: dict | None, depth: int) -> None:
        self.xf.write(_indent(depth))
        with self.xf.element(tag, attributes):
            pass

    def write_properties(self, properties: list[Property], depth: int) -> None:
        if not properties:
            return
        xf = self.xf
        definitions = self.plan.definitions
        xf.write(_indent(depth))
        with xf.element(PROPERTIES):
            for property_ in properties:
                xf.write(_indent(depth + 1))
                with xf.element(PROPERTY, {"propertyDefinitionRef": definitions[property_.key]}):
                    value = join_names(property_.value, "")
                    self.write_texts(VALUE, value, depth + 2, required=True)
                    xf.write(_indent(depth + 1))
            xf.write(_indent(depth))

    def write_concept_texts(self, concept, depth: int, name_required: bool) -> None:
        """Names, documentation and properties of an element, relationship or view."""
        if not (name_required or concept.name or concept.documentation or concept.properties):
            return
        self.write_texts(NAME, concept.name, depth, required=name_required)
        self.write_texts(DOCUMENTATION, concept.documentation, depth)
        self.write_properties(concept.properties, depth)
        self.xf.write(_indent(depth - 1))

    def write_element(self, element: ElementDoc, depth: int) -> None:
        xf = self.xf
        attributes = {"identifier": identifier_to_xml(element.identifier), XSI_TYPE: element.type}
        xf.write(_indent(depth))
        with xf.element(ELEMENT, attributes):
            # Junctions may go unnamed; every other element needs a <name>.
            self.write_concept_texts(element, depth + 1, element.type not in JUNCTIONS)

    def write_relationship(self, relationship: RelationshipDoc, depth: int) -> None:
        xf = self.xf
        attributes = {
            "identifier": identifier_to_xml(relationship.identifier),
            XSI_TYPE: relationship.type,
            "source": identifier_to_xml(relationship.source),
            "target": identifier_to_xml(relationship.target),
        }
        if relationship.type == "Access" and relationship.access_type:
            attributes["accessType"] = relationship.access_type
        elif relationship.type == "Association" and relationship.is_directed:
            attributes["isDirected"] = "true"
        elif relationship.type == "Influence" and relationship.modifier:
            attributes["modifier"] = relationship.modifier
        xf.write(_indent(depth))
        with xf.element(RELATIONSHIP, attributes):
            self.write_concept_texts(relationship, depth + 1, name_required=False)

    def write_folder(self, folder: FolderDoc, depth: int) -> None:
        xf = self.xf
        identifier = folder.identifier
        xf.write(_indent(depth))
        with xf.element(
            ITEM, {"identifier": identifier_to_xml(identifier)} if identifier else None
        ):
            self.write_texts(LABEL, folder.label, depth + 1)
            self.write_texts(DOCUMENTATION, folder.documentation, depth + 1)
            for child in folder.children:
                self.write_folder(child, depth + 1)
            for item in folder.items:
                self.write_empty(ITEM, {"identifierRef": identifier_to_xml(item)}, depth + 1)
            xf.write(_indent(depth))

    def write_definitions(self) -> None:
        definitions = self.plan.definitions
        if not definitions:
            return
        xf = self.xf
        types = self.doc.property_types
        xf.write(_indent(1))
        with xf.element(PROPERTY_DEFINITIONS):
            for key, identifier in definitions.items():
                xf.write(_indent(2))
                attributes = {"identifier": identifier, "type": types.get(key, "string")}
                with xf.element(PROPERTY_DEFINITION, attributes):
                    self.write_texts(NAME, join_names(key, ""), 3, required=True)
                    xf.write(_indent(2))
            xf.write(_indent(1))

    def write_view(self, view: ViewDoc, depth: int) -> None:
        xf = self.xf
        offset = self.plan.offsets[view.identifier]
        attributes = {"identifier": identifier_to_xml(view.identifier), XSI_TYPE: "Diagram"}
        if view.viewpoint:
            attributes["viewpoint"] = viewpoint_name(view.viewpoint)
        xf.write(_indent(depth))
        with xf.element(VIEW, attributes):
            self.write_texts(NAME, view.name, depth + 1, required=True)
            self.write_texts(DOCUMENTATION, view.documentation, depth + 1)
            self.write_properties(view.properties, depth + 1)
            for node in view.nodes:
                self.write_node(node, offset, depth + 1)
            for connection in view.connections:
                self.write_connection(connection, offset, depth + 1)
            xf.write(_indent(depth))

    def write_node(self, node: NodeDoc, offset: tuple[int, int], depth: int) -> None:
        xf = self.xf
        attributes = {
            "identifier": identifier_to_xml(node.identifier),
            XSI_TYPE: NODE_TYPES[node.kind],
            "x": str(node.x + offset[0]),
            "y": str(node.y + offset[1]),
            "w": str(max(node.w, 1)),
            "h": str(max(node.h, 1)),
        }
        view_refs = list(node.extra.get("view_refs") or ())
        if node.kind == "element":
            attributes["elementRef"] = identifier_to_xml(node.ref)
        elif node.kind == "view_reference":
            view_refs.insert(0, node.ref)
        elif node.kind == "label":
            if node.extra.get("concept_ref"):
                attributes["conceptRef"] = identifier_to_xml(node.extra["concept_ref"])
            if node.extra.get("xpath_part"):
                attributes["xpathPart"] = node.extra["xpath_part"]
        xf.write(_indent(depth))
        with xf.element(NODE, attributes):
            written = self.write_diagram_texts(node, view_refs, depth + 1)
            for child in node.children:
                self.write_node(child, offset, depth + 1)
            if written or node.children:
                xf.write(_indent(depth))

    def write_connection(
        self, connection: ConnectionDoc, offset: tuple[int, int], depth: int
    ) -> None:
        xf = self.xf
        if connection.kind == "line":
            connection_type = "Line"
        elif connection.extra.get("nesting"):
            connection_type = "NestingRelationship"
        else:
            connection_type = "Relationship"
        attributes = {
            "identifier": identifier_to_xml(connection.identifier),
            XSI_TYPE: connection_type,
        }
        if connection.kind == "relationship":
            attributes["relationshipRef"] = identifier_to_xml(connection.ref)
        if connection.source:
            attributes["source"] = identifier_to_xml(connection.source)
        if connection.target:
            attributes["target"] = identifier_to_xml(connection.target)
        view_refs = connection.extra.get("view_refs") or ()
        xf.write(_indent(depth))
        with xf.element(CONNECTION, attributes):
            written = self.write_diagram_texts(connection, view_refs, depth + 1)
            points = [
                (SOURCE_ATTACHMENT, connection.source_attachment),
                *((BENDPOINT, point) for point in connection.bendpoints),
                (TARGET_ATTACHMENT, connection.target_attachment),
            ]
            for tag, point in points:
                if point is not None:
                    x, y = point
                    location = {"x": str(x + offset[0]), "y": str(y + offset[1])}
                    self.write_empty(tag, location, depth + 1)
                    written = True
            if written:
                xf.write(_indent(depth))

    def write_diagram_texts(self, item, view_refs: Iterable[str], depth: int) -> bool:
        """Label, documentation, style and viewRefs of a node or connection; whether any."""
        self.write_texts(LABEL, item.label, depth)
        self.write_texts(DOCUMENTATION, item.documentation, depth)
        written = self.write_style(item.style, depth)
        for view in view_refs:
            self.write_empty(VIEW_REF, {"ref": identifier_to_xml(view)}, depth)
            written = True
        return written or bool(item.label) or bool(item.documentation)

    def write_style(self, style: dict, depth: int) -> bool:
        if not any(key in style for key in ("lineWidth", "lineColor", "fillColor", "font")):
            return False
        xf = self.xf
        attributes = {"lineWidth": str(style["lineWidth"])} if "lineWidth" in style else None
        xf.write(_indent(depth))
        with xf.element(STYLE, attributes):
            for key, tag in (("lineColor", LINE_COLOR), ("fillColor", FILL_COLOR)):
                if key in style:
                    self.write_empty(tag, _color_attributes(style[key]), depth + 1)
            if "font" in style:
                self.write_font(style["font"], depth + 1)
            xf.write(_indent(depth))
        return True

    def write_font(self, font: dict, depth: int) -> None:
        xf = self.xf
        attributes = {}
        if "name" in font:
            attributes["name"] = font["name"]
        if "size" in font:
            attributes["size"] = _font_size_text(font["size"])
        if "style" in font:
            attributes["style"] = font["style"]
        xf.write(_indent(depth))
        with xf.element(FONT, attributes):
            if "color" in font:
                self.write_empty(COLOR, _color_attributes(font["color"]), depth + 1)
                xf.write(_indent(depth))


def _color_attributes(color: dict) -> dict:
    return {channel: str(color[channel]) for channel in "rgba" if channel in color}
