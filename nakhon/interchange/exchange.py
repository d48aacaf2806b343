"""The ArchiMate Open Exchange Format (3.x): files to `ModelDocument` and back.

`read_exchange(source)` and `write_exchange(doc, target)` take a path or a binary file object.
Problems are raised as `InterchangeError` with the line and identifier where they are.

Reading
    Files are streamed: lxml's pull parser reports the end of each element, relationship,
    property definition, folder item and view, which is turned into the document and then
    dropped from the tree, so memory holds the document and not the XML. The parser never
    expands entities, loads a DTD or touches the network, and huge_tree stays off (libxml2's
    limits on text size and depth hold). Before that, the prolog and root tag are read on their
    own: a file with a DOCTYPE is refused outright (no exchange file needs one; that is where
    entity bombs and external entities live), and the root's namespace tells ArchiMate 2.x,
    Archi's own .archimate format, and other XML apart. A file larger than `max_bytes` (1 GiB
    by default) is refused from its size before a byte is parsed; a stream of unknown size is
    counted as it is read. A broken file is read twice (see Validation), so a stream that
    cannot seek is first copied to a spooled temporary file.

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

import gc
import io
import itertools
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from enum import IntEnum
from functools import cache
from pathlib import Path
from typing import BinaryIO

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from lxml import etree

from nakhon.archimate.metamodel import ELEMENT_TYPES, RELATIONSHIP_TYPES
from nakhon.archimate.viewpoints import VIEWPOINTS
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
    split_names,
)
from nakhon.interchange.errors import InterchangeError
from nakhon.interchange.xmltools import integer_attribute

NAMESPACE = "http://www.opengroup.org/xsd/archimate/3.0/"
ARCHIMATE2_NAMESPACE = "http://www.opengroup.org/xsd/archimate"
ARCHI_NAMESPACE = "http://www.archimatetool.com/archimate"
XSI_NAMESPACE = "http://www.w3.org/2001/XMLSchema-instance"
XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace"
SCHEMA_LOCATION = f"{NAMESPACE} http://www.opengroup.org/xsd/archimate/3.1/archimate3_Diagram.xsd"

XSD_DIR = Path(__file__).resolve().parent / "xsd"
XSD_FILES = (
    "archimate3_Diagram.xsd",
    "archimate3_View.xsd",
    "archimate3_Model.xsd",
    "dc.xsd",
    "xml.xsd",
)
DUBLIN_CORE_NAMESPACE = "http://purl.org/dc/elements/1.1/"

MAX_FILE_BYTES = 1 << 30
SPOOL_BYTES = 1 << 25  # a stream that cannot seek is copied: in memory up to this, then on disk
CHUNK_BYTES = 1 << 16
COORDINATE_LIMIT = 1 << 40  # far beyond any drawing; keeps a position a plain number
ESCAPED_PREFIX = "nkx-"

DATA_TYPES = ("string", "boolean", "currency", "date", "time", "number")
ACCESS_TYPES = ("Access", "Read", "Write", "ReadWrite")
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

# The parser settings for every file from outside; no entity, DTD or network ever.
HARDENED = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
    "attribute_defaults": False,
    "huge_tree": False,
    "remove_comments": True,
    "remove_pis": True,
    "collect_ids": False,
}


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


# ---------------------------------------------------------------------------------------------
# Schemas


class _PackagedSchemas(etree.Resolver):
    """Serves the packaged XSDs for every location a schema names, so none is fetched."""

    def __init__(self, identity_constraints: bool):
        super().__init__()
        self.identity_constraints = identity_constraints

    def resolve(self, system_url, public_id, context):
        name = (system_url or "").rsplit("/", 1)[-1]
        if name not in XSD_FILES:
            return None  # the parser has no_network: an unknown location fails, offline
        path = XSD_DIR / name
        if self.identity_constraints or not name.startswith("archimate"):
            return self.resolve_filename(str(path), context)
        return self.resolve_string(_without_identity_constraints(path), context, base_url=str(path))


def _without_identity_constraints(path: Path) -> bytes:
    tree = etree.parse(str(path), etree.XMLParser(**HARDENED))
    xs = "{http://www.w3.org/2001/XMLSchema}"
    for constraint in list(tree.iter(f"{xs}key", f"{xs}keyref", f"{xs}unique")):
        constraint.getparent().remove(constraint)
    return etree.tostring(tree)


def _load_schema(wrapper: str, identity_constraints: bool) -> etree.XMLSchema:
    parser = etree.XMLParser(**HARDENED)
    parser.resolvers.add(_PackagedSchemas(identity_constraints))
    root = etree.fromstring(wrapper.encode(), parser, base_url=str(XSD_DIR / "wrapper.xsd"))
    return etree.XMLSchema(root.getroottree())


@cache
def exchange_schema(identity_constraints: bool = True) -> etree.XMLSchema:
    """The exchange format's schema (diagrams, views, model, Dublin Core metadata), offline.

    With `identity_constraints` (the default) it is the XSDs exactly, for validating a whole
    tree; without, it is what the reader validates a stream against (see the module doc).
    """
    wrapper = f"""<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
        <xs:import namespace="{NAMESPACE}" schemaLocation="archimate3_Diagram.xsd"/>
        <xs:import namespace="{DUBLIN_CORE_NAMESPACE}" schemaLocation="dc.xsd"/>
    </xs:schema>"""
    return _load_schema(wrapper, identity_constraints)


@cache
def _part_schema() -> etree.XMLSchema:
    """The parts the reader streams, declared on their own so each can be validated alone."""
    wrapper = f"""<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns="{NAMESPACE}"
            targetNamespace="{NAMESPACE}" elementFormDefault="qualified">
        <xs:include schemaLocation="archimate3_Diagram.xsd"/>
        <xs:import namespace="{DUBLIN_CORE_NAMESPACE}" schemaLocation="dc.xsd"/>
        <xs:element name="element" type="ElementType"/>
        <xs:element name="relationship" type="RelationshipType"/>
        <xs:element name="item" type="OrganizationType"/>
        <xs:element name="propertyDefinition" type="PropertyDefinitionType"/>
        <xs:element name="view" type="Diagram"/>
    </xs:schema>"""
    return _load_schema(wrapper, identity_constraints=False)


# ---------------------------------------------------------------------------------------------
# Reading: the source


def read_exchange(
    source: str | os.PathLike | BinaryIO, *, max_bytes: int = MAX_FILE_BYTES
) -> ModelDocument:
    """The document in an exchange file (path or binary file object), checked and validated."""
    size = _declared_size(source)
    if size is not None and size > max_bytes:
        raise _too_big(size, max_bytes)
    with _seekable(source, max_bytes) as (stream, start), _no_cycle_collection():
        reader = _Reader(_source_name(source))
        needs_diagnosis = reader.read(_chunks(stream, max_bytes))
        if reader.finished:
            reader.check_references()
        if needs_diagnosis:
            stream.seek(start)
            raise _diagnosis(_chunks(stream, max_bytes))
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


def _declared_size(source) -> int | None:
    if isinstance(source, str | os.PathLike):
        try:
            return os.stat(source).st_size
        except OSError as error:
            raise _unreadable(error) from error
    try:
        return os.fstat(source.fileno()).st_size - source.tell()
    except (AttributeError, OSError, ValueError):
        pass
    try:
        if source.seekable():
            here = source.tell()
            end = source.seek(0, io.SEEK_END)
            source.seek(here)
            return end - here
    except (AttributeError, OSError, ValueError):
        pass
    return None  # a pipe or socket: the bytes are counted as they come


@contextmanager
def _seekable(source, max_bytes: int) -> Iterator[tuple[BinaryIO, int]]:
    """The source as a stream that can be read again (a bad file is read twice to say where
    it goes wrong), with the position it starts at."""
    if isinstance(source, str | os.PathLike):
        try:
            stream = open(source, "rb")  # noqa: SIM115 - closed by the with below
        except OSError as error:
            raise _unreadable(error) from error
        with stream:
            yield stream, 0
    elif _can_seek(source):
        yield source, source.tell()
    else:
        with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as copy:
            for chunk in _chunks(source, max_bytes):
                copy.write(chunk)
            copy.seek(0)
            yield copy, 0


def _can_seek(stream) -> bool:
    try:
        return stream.seekable()
    except (AttributeError, OSError, ValueError):
        return False


def _source_name(source) -> str:
    if isinstance(source, str | os.PathLike):
        return os.fspath(source)
    name = getattr(source, "name", "")
    return name if isinstance(name, str) else ""


def _chunks(stream: BinaryIO, max_bytes: int) -> Iterator[bytes]:
    total = 0
    while chunk := stream.read(CHUNK_BYTES):
        total += len(chunk)
        if total > max_bytes:
            raise _too_big(None, max_bytes)
        yield chunk


def _too_big(size: int | None, max_bytes: int) -> InterchangeError:
    if size is None:
        message = _("The file is larger than the limit of %(limit)s.")
    else:
        message = _("The file is %(size)s, larger than the limit of %(limit)s.")
    message += " " + _("Split the model into smaller files or ask an administrator to raise it.")
    return InterchangeError(
        message % {"size": filesizeformat(size or 0), "limit": filesizeformat(max_bytes)}
    )


def _unreadable(error: OSError) -> InterchangeError:
    return InterchangeError(_("The file cannot be opened: %(reason)s") % {"reason": error.strerror})


# ---------------------------------------------------------------------------------------------
# Reading: the prolog and the root


class _Doctype(Exception):
    pass


class _Root(Exception):
    def __init__(self, tag: str):
        super().__init__(tag)
        self.tag = tag


class _PrologTarget:
    """Parser target that stops at a DOCTYPE (before its internal subset) or at the root."""

    def doctype(self, *_args):
        raise _Doctype()

    def start(self, tag, _attrib, _nsmap=None):
        raise _Root(tag)

    def close(self):
        return None


def _checked_prolog(chunks: Iterator[bytes]) -> list[bytes]:
    """Read up to the root tag, refuse what is not a 3.x exchange file; the bytes read."""
    parser = etree.XMLParser(target=_PrologTarget(), **HARDENED)
    head: list[bytes] = []
    try:
        for chunk in chunks:
            head.append(chunk)
            parser.feed(chunk)
        parser.close()
    except _Doctype:
        raise InterchangeError(
            _(
                "The file has a document type declaration (DOCTYPE). Exchange files never "
                "need one and it can hide entity attacks, so it is refused: remove it and "
                "import again."
            ),
            line=_doctype_line(b"".join(head)),
        ) from None
    except _Root as root:
        _check_root(root.tag)
        return head
    except etree.XMLSyntaxError as error:
        raise _not_xml(b"".join(head), error) from None
    raise InterchangeError(_("The file is empty."))


def _doctype_line(head: bytes) -> int | None:
    for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
        position = head.find("<!DOCTYPE".encode(encoding))
        if position >= 0:
            return head.count("\n".encode(encoding), 0, position) + 1
    return None


def _not_xml(head: bytes, error: etree.XMLSyntaxError) -> InterchangeError:
    if not head.strip():
        return InterchangeError(_("The file is empty."))
    utf16 = head.startswith((b"\xff\xfe", b"\xfe\xff"))
    if b"\x00" in head[:CHUNK_BYTES] and not utf16:
        return InterchangeError(
            _(
                "The file holds binary data, not XML. Export the model from your tool as an "
                "ArchiMate exchange file (.xml)."
            )
        )
    return InterchangeError(
        _("The file is not XML: %(detail)s") % {"detail": _parser_message(error)},
        line=error.lineno,
    )


def _check_root(tag: str) -> None:
    namespace, _sep, local = tag[1:].rpartition("}") if tag.startswith("{") else ("", "", tag)
    if namespace == NAMESPACE and local == "model":
        return
    if namespace.rstrip("/") == ARCHIMATE2_NAMESPACE:
        raise InterchangeError(
            _(
                "This is an ArchiMate 2.x exchange file (namespace %(namespace)s). Open it in "
                "your modelling tool and save or export it as an ArchiMate 3.x exchange file."
            )
            % {"namespace": namespace}
        )
    if namespace == ARCHI_NAMESPACE:
        raise InterchangeError(
            _(
                "This is an Archi model file (.archimate), not an exchange file. In Archi use "
                "File > Export > Model to Open Exchange File."
            )
        )
    if namespace != NAMESPACE:
        raise InterchangeError(
            _(
                "Unknown namespace “%(namespace)s” on the root element <%(element)s>: an "
                "ArchiMate 3.x exchange file has a <model> in the namespace %(expected)s."
            )
            % {"namespace": namespace, "element": local, "expected": NAMESPACE}
        )
    raise InterchangeError(
        _("The root element is <%(element)s>; an exchange file starts with <model>.")
        % {"element": local}
    )


def _parser_message(error: etree.XMLSyntaxError) -> str:
    entry = error.error_log.last_error if error.error_log else None
    return (entry.message if entry is not None else error.msg).strip()


def _schema_detail(message: str) -> str:
    """libxml2's wording with the namespaces written as the file writes them."""
    return (
        message.replace(f"{{{NAMESPACE}}}", "")
        .replace(f"{{{XSI_NAMESPACE}}}", "xsi:")
        .replace(f"{{{XML_NAMESPACE}}}", "xml:")
        .strip()
    )


def _schema_problem(detail: str, line: int | None, identifier: str = "") -> InterchangeError:
    return InterchangeError(
        _("The file does not follow the ArchiMate exchange format schema: %(detail)s")
        % {"detail": detail},
        line=line,
        identifier=identifier,
    )


# ---------------------------------------------------------------------------------------------
# Reading: the document


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
        """Parse and validate in one pass; whether the file needs `_diagnosis`.

        With a schema attached, libxml2 reports a broken file late, vaguely (a schema error
        where a tag is mismatched) or not at all (a truncated file), and schema errors without
        a line. So any error, or an end without the root's end tag, sends the file to
        `_diagnosis`, which reads it again to say exactly what and where. The root's end must
        come from the input: libxml2 2.14 closes a truncated file's open elements itself when
        the parser is closed, without an error.
        """
        head = _checked_prolog(chunks)
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
            raise _wrong_reference(identifier, accepted, kind, line, referrer, attribute)
        return identifier

    def check_references(self) -> None:
        """Everything referred to exists and is of the right kind; the earliest problem wins."""
        problems = []
        for identifier, accepted, line, referrer, attribute in self.forward:
            kind = self.kind_of(identifier)
            if kind not in accepted:
                problems.append(
                    _wrong_reference(identifier, accepted, kind, line, referrer, attribute)
                )
        for property_, line in self.properties:
            key = self.definitions.get(property_.key)
            if key is None:
                problems.append(_missing_definition(property_.key, line))
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

    def read_element(self, el: etree._Element) -> None:
        line = el.sourceline
        identifier = self.identify(el, Kind.ELEMENT, line)
        type_name = _xsi_type(el)
        if type_name not in ELEMENT_TYPES:
            raise _wrong_type(type_name, Kind.ELEMENT, line, identifier)
        name, documentation, properties = self.texts(el)
        self.doc.elements.append(
            ElementDoc(identifier, type_name, name, documentation, properties, line)
        )
        _consumed(el)

    def read_relationship(self, el: etree._Element) -> None:
        line = el.sourceline
        identifier = self.identify(el, Kind.RELATIONSHIP, line)
        type_name = _xsi_type(el)
        if type_name not in RELATIONSHIP_TYPES:
            raise _wrong_type(type_name, Kind.RELATIONSHIP, line, identifier)
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
        members: set[str] = set()
        ends: list[tuple[ConnectionDoc, int]] = []
        for child in el:
            tag = child.tag
            if tag == NAME:
                _add_text(view.name, child)
            elif tag == DOCUMENTATION:
                _add_text(view.documentation, child)
            elif tag == PROPERTIES:
                view.properties = self.read_properties(child)
            elif tag == NODE:
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
        line = el.sourceline
        identifier = self.identify(el, Kind.NODE, line)
        members.add(identifier)
        node_type = _xsi_type(el)
        kind = NODE_KINDS.get(node_type)
        if kind is None:
            raise _wrong_diagram_type(node_type, Kind.NODE, NODE_KINDS, line, identifier)
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
        line = el.sourceline
        identifier = self.identify(el, Kind.CONNECTION, line)
        members.add(identifier)
        connection_type = _xsi_type(el)
        kind = CONNECTION_KINDS.get(connection_type)
        if kind is None:
            raise _wrong_diagram_type(
                connection_type, Kind.CONNECTION, CONNECTION_KINDS, line, identifier
            )
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


def _wrong_type(type_name: str, kind: Kind, line: int, identifier: str) -> InterchangeError:
    if not type_name:
        message = _("It has no xsi:type; give it an ArchiMate %(kind)s type.")
    elif kind == Kind.ELEMENT and type_name in RELATIONSHIP_TYPES:
        message = _(
            "“%(type)s” is a relationship type, but this is an element. Move it to "
            "<relationships> or correct its xsi:type."
        )
    elif kind == Kind.RELATIONSHIP and type_name in ELEMENT_TYPES:
        message = _(
            "“%(type)s” is an element type, but this is a relationship. Move it to "
            "<elements> or correct its xsi:type."
        )
    else:
        message = _("“%(type)s” is not an ArchiMate 3.x %(kind)s type.")
    return InterchangeError(
        message % {"type": type_name, "kind": TYPE_NOUNS[kind]}, line=line, identifier=identifier
    )


def _wrong_diagram_type(
    type_name: str, kind: Kind, known: dict, line: int, identifier: str
) -> InterchangeError:
    return InterchangeError(
        _("“%(type)s” is not a type of %(kind)s; use one of %(known)s.")
        % {"type": type_name, "kind": TYPE_NOUNS[kind], "known": ", ".join(known)},
        line=line,
        identifier=identifier,
    )


def _wrong_reference(
    identifier: str,
    accepted: frozenset,
    kind: Kind | None,
    line: int,
    referrer: str,
    attribute: str,
) -> InterchangeError:
    values = {
        "attribute": attribute,
        "ref": identifier,
        "expected": EXPECTED_LABELS[accepted],
        "actual": KIND_LABELS.get(kind, ""),
    }
    if kind is None:
        message = _(
            "%(attribute)s “%(ref)s” refers to nothing in the file; it must be %(expected)s."
        )
    else:
        message = _("%(attribute)s “%(ref)s” is %(actual)s; it must be %(expected)s.")
    return InterchangeError(message % values, line=line, identifier=referrer)


def _missing_definition(definition: str, line: int) -> InterchangeError:
    return InterchangeError(
        _("propertyDefinitionRef “%(ref)s” refers to no property definition in the file.")
        % {"ref": definition},
        line=line,
    )


# ---------------------------------------------------------------------------------------------
# Reading: where a file breaks the schema


def _diagnosis(chunks: Iterator[bytes]) -> InterchangeError:
    """What is wrong with a file the streaming pass found broken, and where.

    The file is parsed again without a schema, which gives libxml2's exact report of a file
    that is not well-formed. Each element, relationship, property definition, top-level
    folder and view is validated alone in tree mode, which gives lines; last, the model's
    frame around the last of each.
    """
    parts = _part_schema()
    parser = etree.XMLPullParser(
        events=("end",),
        tag=(ELEMENT, RELATIONSHIP, ITEM, PROPERTY_DEFINITION, VIEW),
        **HARDENED,
    )
    lines = 1
    fed_all = False
    try:
        for chunk in chunks:
            lines += chunk.count(b"\n")
            parser.feed(chunk)
            for _event, el in parser.read_events():
                if el.tag == ITEM and el.getparent().tag == ITEM:
                    continue  # validated with its top-level folder
                if not parts.validate(el):
                    return _first_logged(parts, identifier_from_xml(el.get("identifier") or ""))
                _drop_earlier_siblings(el)
        fed_all = True
        root = parser.close()
    except etree.XMLSyntaxError as error:
        return _not_well_formed(error, at_end=fed_all, last_line=lines)
    whole = exchange_schema(identity_constraints=False)
    if not whole.validate(root):
        return _first_logged(whole, "")
    return InterchangeError(_("The file cannot be read as an ArchiMate exchange file."))


def _drop_earlier_siblings(el: etree._Element) -> None:
    parent = el.getparent()
    while (previous := el.getprevious()) is not None and previous.tag == el.tag:
        parent.remove(previous)


def _not_well_formed(
    error: etree.XMLSyntaxError, *, at_end: bool, last_line: int
) -> InterchangeError:
    entry = error.error_log.last_error if error.error_log else None
    line = (entry.line if entry is not None else error.lineno) or None
    detail = {"detail": _parser_message(error)}
    # Stopping at the very end of the input is what a cut-off file looks like.
    if at_end and line is not None and line >= last_line - 1:
        message = _(
            "The file ends before its XML is complete; it is probably truncated (%(detail)s). "
            "Export or copy it again."
        )
    else:
        message = _("The file is not well-formed XML: %(detail)s")
    return InterchangeError(message % detail, line=line)


def _first_logged(schema: etree.XMLSchema, identifier: str) -> InterchangeError:
    entry = schema.error_log[0]
    return _schema_problem(_schema_detail(entry.message), entry.line or None, identifier)


# ---------------------------------------------------------------------------------------------
# Writing


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
                xf.write(text)
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
