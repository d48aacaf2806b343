"""Reading an exchange file into a `ModelDocument`.

Reading
    Files are streamed: lxml's pull parser reports the end of each element, relationship,
    property definition, folder item and view, which is turned into the document and then
    dropped from the tree, so memory holds the document and not the XML. The parser never
    expands entities, loads a DTD or touches the network, and huge_tree stays off (libxml2's
    limits on text size and depth hold). Before that, the prolog and root tag are read on their
    own: a file with a DOCTYPE is refused outright (no exchange file needs one; that is where
    entity bombs and external entities live), and the root's namespace tells ArchiMate 2.x,
    Archi's own .archimate format, and other XML apart. A file larger than `max_bytes`
    (`settings.NAKHON_MAX_EXCHANGE_BYTES` by default) is refused from its size before a byte
    is parsed; a stream of unknown size is counted as it is read. A broken file is read twice
    (see Validation), so a stream that cannot seek is first copied to a spooled temporary file.

Validation
    Every file is validated against the Open Group XSDs (packaged in ``xsd/``; xml.xsd and every
    http(s) location resolve to those copies, never to the network) while it streams, with one
    change: the identity constraints (xs:key, xs:keyref, xs:unique) are left out of the
    streaming schema, because libxml2 evaluates them with tables that grow faster than the file
    (at 40,000 elements and 120,000 relationships they took eight times the parse, and twice
    the file took two and a half times as long) and reports their failures without a line.
    The reader enforces the same rules itself, with lines: every identifier is unique in the
    file, and every reference it reads (relationship ends, elementRef, relationshipRef,
    viewRef, conceptRef, identifierRef, propertyDefinitionRef, connection ends) points at
    something of the right kind. Parts the document does not carry (metadata, viewpoint
    definitions, extensions) are validated for structure only. When the streaming pass fails
    (libxml2 with a schema attached reports errors late, vaguely or, for a truncated file, not
    at all), the file is read a second time to say what and where: without a schema, for
    libxml2's exact report of XML that is not well-formed; then each element, relationship,
    property definition, top-level folder and view is validated on its own in tree mode (which
    gives lines), and last the model's frame around them. Only broken files take that pass.

What is kept
    Names, documentation and labels are `LangText` in file order; empty variants are skipped,
    and of two variants in one language the first is kept. A property's key is its
    definition's name and its value the variant that `split_names` picks (Thai, else English,
    else the language-less or only one): property values in other languages are not kept.
    Definitions with the same name share one key (the first one's data type wins).
    Organizations become folders: an item with identifierRef is a reference (its label is not
    kept), any other item is a folder; references outside any folder are gathered in one
    folder without a label. Nodes: Element -> "element" (ref = elementRef), Container ->
    "container", Label -> "label" with conceptRef and xpathPart in extra["concept_ref"] and
    extra["xpath_part"]; a Label whose only content is one viewRef is Archi's view reference
    and becomes "view_reference" (ref = that view). Other viewRefs of nodes and connections are
    extra["view_refs"]. Connections: Relationship -> "relationship" (ref = relationshipRef),
    NestingRelationship -> "relationship" with extra["nesting"] = True, Line -> "line". The
    view's viewpoint attribute becomes the id of `archimate.viewpoints` whose name it is (case
    and spacing aside); a viewpoint that is not one of ours (the XSD allows any text) is kept
    as written, and written back the same way. Relationship attributes are kept as written
    ("" for an absent accessType, which the XSD's default makes "Access").
"""

from __future__ import annotations

import gc
import itertools
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import BinaryIO

from django.conf import settings
from django.utils.translation import gettext as _
from lxml import etree

from nakhon.archimate.metamodel import ELEMENT_TYPES, RELATIONSHIP_TYPES
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
    split_names,
)
from nakhon.interchange.errors import InterchangeError
from nakhon.interchange.exchange.diagnosis import (
    checked_prolog,
    diagnosis,
    missing_definition,
    wrong_reference,
    wrong_type,
)
from nakhon.interchange.exchange.names import (
    BENDPOINT,
    COLOR,
    CONCEPTS,
    CONNECTION,
    CONNECTION_KINDS,
    DOCUMENTATION,
    ELEMENT,
    ELEMENTS_ONLY,
    ESCAPED_PREFIX,
    FILEABLE,
    FILL_COLOR,
    FONT,
    ITEM,
    KIND_COUNT,
    LABEL,
    LINE_COLOR,
    MODEL,
    NAME,
    NAMESPACE,
    NODE,
    NODE_KINDS,
    PROPERTIES,
    PROPERTY,
    PROPERTY_DEFINITION,
    RELATIONSHIP,
    RELATIONSHIPS_ONLY,
    SOURCE_ATTACHMENT,
    STYLE,
    TARGET_ATTACHMENT,
    VALUE,
    VIEW,
    VIEW_REF,
    VIEWPOINT,
    VIEWS_ONLY,
    XML_LANG,
    XSI_TYPE,
    Kind,
    identifier_from_xml,
    viewpoint_id,
)
from nakhon.interchange.exchange.schema import exchange_schema
from nakhon.interchange.guards import (
    HARDENED,
    chunks,
    declared_size,
    seekable,
    source_name,
    too_big,
)
from nakhon.interchange.xmltools import integer_attribute


def read_exchange(
    source: str | os.PathLike | BinaryIO, *, max_bytes: int | None = None
) -> ModelDocument:
    """The document in an exchange file (path or binary file object), checked and validated."""
    max_bytes = max_bytes or settings.NAKHON_MAX_EXCHANGE_BYTES
    size = declared_size(source)
    if size is not None and size > max_bytes:
        raise too_big(size, max_bytes)
    with seekable(source, max_bytes) as (stream, start), _no_cycle_collection():
        reader = _Reader(source_name(source))
        needs_diagnosis = reader.read(chunks(stream, max_bytes))
        if reader.finished:
            reader.check_references()
        if needs_diagnosis:
            stream.seek(start)
            raise diagnosis(chunks(stream, max_bytes))
    return reader.doc


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Pause the cycle collector while the document grows.

    Building hundreds of thousands of small objects makes it run over and over on a heap that
    only grows, which took a third of the reading time; reference counting still frees all
    the garbage a read makes, so nothing piles up meanwhile.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _consumed(el: etree._Element) -> None:
    """Drop what has been read so that the tree never holds more than the current part."""
    el.clear(keep_tail=False)
    # Each part drops the one before it, so there is never more than one to drop.
    previous = el.getprevious()
    if previous is not None and previous.tag == el.tag:
        el.getparent().remove(previous)


def _add_text(texts: LangText, el: etree._Element) -> None:
    text = el.text
    if text:
        texts.setdefault(el.get(XML_LANG, ""), text)


def _xsi_type(el: etree._Element) -> str:
    value = (el.get(XSI_TYPE) or "").strip()
    prefix, _sep, local = value.rpartition(":")
    if prefix and el.nsmap.get(prefix) != NAMESPACE:
        return value
    return local


class _Reader:
    """One pass over a file: the document, with identifiers checked as they come."""

    def __init__(self, source_name: str):
        self.doc = ModelDocument(source=source_name)
        # identifier -> line * KIND_COUNT + kind: one int per identifier keeps big files small.
        self.identifiers: dict[str, int] = {}
        # References to identifiers not seen yet: (identifier, accepted kinds, line, referrer,
        # attribute). Most references point backwards and are checked at once.
        self.forward: list[tuple[str, frozenset, int, str, str]] = []
        self.properties: list[tuple[Property, int]] = []  # key: the definition's identifier
        self.definitions: dict[str, str] = {}  # definition identifier -> key
        self.folder_contents: dict[etree._Element, list] = {}
        self.loose_references: FolderDoc | None = None
        self.finished = False  # the root's end was read: everything before it was too
        self.handlers: dict[str, Callable[[etree._Element], None]] = {
            ELEMENT: self.read_element,
            RELATIONSHIP: self.read_relationship,
            ITEM: self.read_item,
            PROPERTY_DEFINITION: self.read_property_definition,
            VIEWPOINT: self.read_viewpoint,
            VIEW: self.read_view,
            MODEL: self.read_model,
        }

    # -- parsing

    def read(self, chunks: Iterator[bytes]) -> bool:
        """Parse and validate in one pass; whether the file needs `diagnosis`.

        With a schema attached, libxml2 reports a broken file late, vaguely (a schema error
        where a tag is mismatched) or not at all (a truncated file), and schema errors without
        a line. So any error, or an end without the root's end tag, sends the file to
        `diagnosis`, which reads it again to say exactly what and where. The root's end must
        come from the input: libxml2 2.14 closes a truncated file's open elements itself when
        the parser is closed, without an error.
        """
        head = checked_prolog(chunks)
        parser = etree.XMLPullParser(
            events=("end",),
            tag=list(self.handlers),
            schema=exchange_schema(identity_constraints=False),
            **HARDENED,
        )
        try:
            for chunk in itertools.chain(head, chunks):
                parser.feed(chunk)
                self.dispatch(parser.read_events())
            ended_in_input = self.finished
            parser.close()
        except etree.XMLSyntaxError:
            self.dispatch(parser.read_events())
            return True
        self.dispatch(parser.read_events())
        return not ended_in_input

    def dispatch(self, events: Iterable[tuple[str, etree._Element]]) -> None:
        handlers = self.handlers
        for _event, el in events:
            handlers[el.tag](el)

    # -- identifiers and references

    def identify(self, el: etree._Element, kind: Kind, line: int) -> str:
        raw = el.get("identifier")
        if raw is None:
            raise InterchangeError(
                _("This <%(what)s> has no identifier.") % {"what": _local(el.tag)}, line=line
            )
        return self.remember(raw, kind, line)

    def remember(self, raw: str, kind: Kind, line: int) -> str:
        identifier = identifier_from_xml(raw) if raw.startswith(ESCAPED_PREFIX) else raw
        identifiers = self.identifiers
        if identifier in identifiers:
            raise InterchangeError(
                _(
                    "The identifier is used twice, on line %(first)d and on line %(second)d. "
                    "Identifiers must be unique in the file."
                )
                % {"first": identifiers[identifier] // KIND_COUNT, "second": line},
                line=line,
                identifier=identifier,
            )
        identifiers[identifier] = line * KIND_COUNT + kind
        return identifier

    def kind_of(self, identifier: str) -> Kind | None:
        seen = self.identifiers.get(identifier)
        return None if seen is None else Kind(seen % KIND_COUNT)

    def refer(
        self, raw: str | None, accepted: frozenset, line: int, referrer: str, attribute: str
    ) -> str:
        """The identifier a reference attribute names, checked now if it has been seen."""
        identifier = raw or ""
        if identifier.startswith(ESCAPED_PREFIX):
            identifier = identifier_from_xml(identifier)
        seen = self.identifiers.get(identifier)
        if seen is None:
            self.forward.append((identifier, accepted, line, referrer, attribute))
        elif seen % KIND_COUNT not in accepted:
            kind = Kind(seen % KIND_COUNT)
            raise wrong_reference(identifier, accepted, kind, line, referrer, attribute)
        return identifier

    def check_references(self) -> None:
        """Everything referred to exists and is of the right kind; the earliest problem wins."""
        problems = []
        for identifier, accepted, line, referrer, attribute in self.forward:
            kind = self.kind_of(identifier)
            if kind not in accepted:
                problems.append(
                    wrong_reference(identifier, accepted, kind, line, referrer, attribute)
                )
        for property_, line in self.properties:
            key = self.definitions.get(property_.key)
            if key is None:
                problems.append(missing_definition(property_.key, line))
            else:
                property_.key = key
        if problems:
            raise min(problems, key=lambda problem: problem.line or 0)

    # -- the parts

    def read_model(self, el: etree._Element) -> None:
        line = el.sourceline
        self.doc.identifier = self.identify(el, Kind.MODEL, line)
        self.doc.name, self.doc.documentation, self.doc.properties = self.texts(el)
        self.finished = True

    def identify_typed(self, el: etree._Element, kind: Kind, known) -> tuple[int, str, str]:
        """The line, identifier and xsi:type of a concept, node or connection, its type known."""
        line = el.sourceline
        identifier = self.identify(el, kind, line)
        type_name = _xsi_type(el)
        if type_name not in known:
            raise wrong_type(type_name, kind, known, line, identifier)
        return line, identifier, type_name

    def read_element(self, el: etree._Element) -> None:
        line, identifier, type_name = self.identify_typed(el, Kind.ELEMENT, ELEMENT_TYPES)
        name, documentation, properties = self.texts(el)
        self.doc.elements.append(
            ElementDoc(identifier, type_name, name, documentation, properties, line)
        )
        _consumed(el)

    def read_relationship(self, el: etree._Element) -> None:
        line, identifier, type_name = self.identify_typed(el, Kind.RELATIONSHIP, RELATIONSHIP_TYPES)
        relationship = RelationshipDoc(
            identifier,
            type_name,
            self.refer(el.get("source"), CONCEPTS, line, identifier, "source"),
            self.refer(el.get("target"), CONCEPTS, line, identifier, "target"),
            line=line,
        )
        if len(el):
            name, documentation, properties = self.texts(el)
            relationship.name, relationship.documentation = name, documentation
            relationship.properties = properties
        if type_name == "Access":
            relationship.access_type = el.get("accessType") or ""
        elif type_name == "Association":
            relationship.is_directed = _boolean(el.get("isDirected"))
        elif type_name == "Influence":
            relationship.modifier = el.get("modifier") or ""
        self.doc.relationships.append(relationship)
        _consumed(el)

    def read_property_definition(self, el: etree._Element) -> None:
        line = el.sourceline
        identifier = self.identify(el, Kind.DEFINITION, line)
        names: LangText = {}
        for child in el:
            if child.tag == NAME:
                _add_text(names, child)
        key = split_names(names)[0]
        self.definitions[identifier] = key
        self.doc.property_types.setdefault(key, el.get("type") or "string")
        _consumed(el)

    def read_viewpoint(self, el: etree._Element) -> None:
        # Viewpoint definitions are not kept; their identifiers still count as taken.
        self.identify(el, Kind.VIEWPOINT, el.sourceline)
        _consumed(el)

    def read_item(self, el: etree._Element) -> None:
        line = el.sourceline
        own = el.get("identifier")
        identifier = "" if own is None else self.remember(own, Kind.FOLDER, line)
        # Only items with children have contents waiting (and hashing elements costs).
        nested = self.folder_contents.pop(el, ()) if len(el) else ()
        reference = el.get("identifierRef")
        if reference is not None:
            contents = [self.refer(reference, FILEABLE, line, identifier, "identifierRef")]
            contents.extend(nested)
        else:
            contents = [self.folder(el, identifier, nested)]
        parent = el.getparent()
        if parent is not None and parent.tag == ITEM:
            waiting = self.folder_contents.get(parent)
            if waiting is None:
                waiting = self.folder_contents[parent] = []
            waiting.extend(contents)
        else:
            self.file_at_top(contents)
        _consumed(el)

    @staticmethod
    def folder(el: etree._Element, identifier: str, nested: Iterable) -> FolderDoc:
        folder = FolderDoc(identifier=identifier)
        for child in el:
            if child.tag == LABEL:
                _add_text(folder.label, child)
            elif child.tag == DOCUMENTATION:
                _add_text(folder.documentation, child)
        for entry in nested:
            (folder.children if isinstance(entry, FolderDoc) else folder.items).append(entry)
        return folder

    def file_at_top(self, contents: list) -> None:
        for entry in contents:
            if isinstance(entry, FolderDoc):
                self.doc.folders.append(entry)
            else:
                if self.loose_references is None:
                    self.loose_references = FolderDoc()
                    self.doc.folders.append(self.loose_references)
                self.loose_references.items.append(entry)

    def read_view(self, el: etree._Element) -> None:
        line = el.sourceline
        view = ViewDoc(self.identify(el, Kind.VIEW, line))
        view.viewpoint = viewpoint_id(el.get("viewpoint") or "")
        view.name, view.documentation, view.properties = self.texts(el)
        members: set[str] = set()
        ends: list[tuple[ConnectionDoc, int]] = []
        for child in el:
            tag = child.tag
            if tag == NODE:
                view.nodes.append(self.read_node(child, members))
            elif tag == CONNECTION:
                view.connections.append(self.read_connection(child, members, ends))
        for connection, connection_line in ends:
            for attribute, end in (("source", connection.source), ("target", connection.target)):
                if end and end not in members:
                    raise InterchangeError(
                        _("%(attribute)s “%(end)s” is not a node or connection of this view.")
                        % {"attribute": attribute, "end": end},
                        line=connection_line,
                        identifier=connection.identifier,
                    )
        self.doc.views.append(view)
        _consumed(el)

    def read_node(self, el: etree._Element, members: set[str]) -> NodeDoc:
        line, identifier, node_type = self.identify_typed(el, Kind.NODE, NODE_KINDS)
        members.add(identifier)
        kind = NODE_KINDS[node_type]
        node = NodeDoc(
            identifier,
            kind,
            x=integer_attribute(el, "x", 0, line=line, id_attribute="identifier"),
            y=integer_attribute(el, "y", 0, line=line, id_attribute="identifier"),
            w=integer_attribute(el, "w", 120, line=line, id_attribute="identifier"),
            h=integer_attribute(el, "h", 55, line=line, id_attribute="identifier"),
        )
        view_refs = []
        for child in el:
            if not self.read_shared_child(node, child, view_refs, identifier) and child.tag == NODE:
                node.children.append(self.read_node(child, members))
        if kind == "element":
            node.ref = self.refer(
                el.get("elementRef"), ELEMENTS_ONLY, line, identifier, "elementRef"
            )
        elif kind == "label":
            self.read_label_references(el, node, line)
            if len(view_refs) == 1 and not node.extra and not node.children:
                node.kind, node.ref = "view_reference", view_refs.pop()
        if view_refs:
            node.extra["view_refs"] = view_refs
        return node

    def read_label_references(self, el: etree._Element, node: NodeDoc, line: int) -> None:
        concept = el.get("conceptRef")
        if concept is not None:
            node.extra["concept_ref"] = self.refer(
                concept, CONCEPTS, line, node.identifier, "conceptRef"
            )
        xpath = el.get("xpathPart")
        if xpath is not None:
            node.extra["xpath_part"] = xpath

    def read_view_ref(self, el: etree._Element, referrer: str) -> str:
        return self.refer(el.get("ref"), VIEWS_ONLY, el.sourceline, referrer, "viewRef")

    def read_connection(
        self, el: etree._Element, members: set[str], ends: list[tuple[ConnectionDoc, int]]
    ) -> ConnectionDoc:
        line, identifier, connection_type = self.identify_typed(
            el, Kind.CONNECTION, CONNECTION_KINDS
        )
        members.add(identifier)
        kind = CONNECTION_KINDS[connection_type]
        connection = ConnectionDoc(
            identifier,
            kind,
            source=identifier_from_xml(el.get("source") or ""),
            target=identifier_from_xml(el.get("target") or ""),
        )
        if kind == "relationship":
            connection.ref = self.refer(
                el.get("relationshipRef"), RELATIONSHIPS_ONLY, line, identifier, "relationshipRef"
            )
            if connection_type == "NestingRelationship":
                connection.extra["nesting"] = True
        view_refs = []
        for child in el:
            if self.read_shared_child(connection, child, view_refs, identifier):
                continue
            tag = child.tag
            if tag == BENDPOINT:
                connection.bendpoints.append(_location(child))
            elif tag == SOURCE_ATTACHMENT:
                connection.source_attachment = _location(child)
            elif tag == TARGET_ATTACHMENT:
                connection.target_attachment = _location(child)
        if view_refs:
            connection.extra["view_refs"] = view_refs
        ends.append((connection, line))
        return connection

    def read_shared_child(self, item, child, view_refs: list, identifier: str) -> bool:
        """Read what nodes and connections share (label, documentation, style, viewRef);
        False for any other child, which the caller reads."""
        tag = child.tag
        if tag == LABEL:
            _add_text(item.label, child)
        elif tag == DOCUMENTATION:
            _add_text(item.documentation, child)
        elif tag == STYLE:
            item.style = _read_style(child)
        elif tag == VIEW_REF:
            view_refs.append(self.read_view_ref(child, identifier))
        else:
            return False
        return True

    def texts(self, el: etree._Element) -> tuple[LangText, LangText, list[Property]]:
        name: LangText = {}
        documentation: LangText = {}
        properties: list[Property] = []
        for child in el:
            tag = child.tag
            if tag == NAME:
                _add_text(name, child)
            elif tag == DOCUMENTATION:
                _add_text(documentation, child)
            elif tag == PROPERTIES:
                properties = self.read_properties(child)
        return name, documentation, properties

    def read_properties(self, el: etree._Element) -> list[Property]:
        properties = []
        pending = self.properties
        for child in el:
            if child.tag != PROPERTY:
                continue
            values: LangText = {}
            for value in child:
                if value.tag == VALUE:
                    _add_text(values, value)
            definition = child.get("propertyDefinitionRef") or ""
            if definition.startswith(ESCAPED_PREFIX):
                definition = identifier_from_xml(definition)
            # One variant is the common case, and split_names would pick it anyway.
            text = next(iter(values.values())) if len(values) == 1 else split_names(values)[0]
            property_ = Property(definition, text)
            pending.append((property_, child.sourceline))
            properties.append(property_)
        return properties


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _boolean(value: str | None) -> bool:
    return (value or "").strip() in ("true", "1")


def _location(el: etree._Element) -> tuple[int, int]:
    return (
        integer_attribute(el, "x", 0, id_attribute="identifier"),
        integer_attribute(el, "y", 0, id_attribute="identifier"),
    )


def _read_style(el: etree._Element) -> dict:
    style: dict = {}
    if el.get("lineWidth") is not None:
        style["lineWidth"] = integer_attribute(el, "lineWidth", 1)
    for child in el:
        tag = child.tag
        if tag == LINE_COLOR:
            style["lineColor"] = _read_color(child)
        elif tag == FILL_COLOR:
            style["fillColor"] = _read_color(child)
        elif tag == FONT:
            style["font"] = _read_font(child)
    return style


def _read_color(el: etree._Element) -> dict:
    color = {
        channel: integer_attribute(el, channel, 0, id_attribute="identifier")
        for channel in ("r", "g", "b")
    }
    if el.get("a") is not None:
        color["a"] = integer_attribute(el, "a", 100)
    return color


def _read_font(el: etree._Element) -> dict:
    font: dict = {}
    if el.get("name") is not None:
        font["name"] = el.get("name")
    if el.get("size") is not None:
        font["size"] = _font_size(el)
    if el.get("style") is not None:
        font["style"] = el.get("style")
    for child in el:
        if child.tag == COLOR:
            font["color"] = _read_color(child)
    return font


def _font_size(el: etree._Element) -> int | float:
    value = el.get("size", "")
    try:
        size = float(value)
    except ValueError:
        raise InterchangeError(
            _("Font size “%(value)s” is not a number.") % {"value": value}, line=el.sourceline
        ) from None
    return int(size) if size.is_integer() else size
