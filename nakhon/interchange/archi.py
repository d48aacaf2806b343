"""Archi's own model file (.archimate) read into a `ModelDocument`.

Archi saves a model as plain XML, or, when the model holds images, as a zip ("archive
format") whose entry ``model.xml`` is that XML; the two are told apart by the zip magic bytes,
not by the file name. Images in the archive are not read: a document carries no pictures, and
an image's path is kept in the node's ``extra``.

How Archi's model maps onto the document:

- The model's ``name`` and ``purpose`` become the document's name and documentation; Archi
  gives no language, so every text is a `LangText` under "" (`split_names` decides Thai or
  English by script).
- Archi's folder tree, the typed top folders (Business, Relations, Views, ...) included, becomes
  `FolderDoc`s labelled with the folder names and holding the identifiers of what is filed in
  them, in file order.
- ``Junction`` is an ``OrJunction`` when its ``type`` is "or" and an ``AndJunction`` otherwise,
  as Archi draws it. An Access relationship's ``accessType`` is Archi's integer (absent = 0 =
  Write, 1 Read, 2 Access, 3 ReadWrite) and is always given as one of `ACCESS_TYPES`.
- A specialization (Archi's "profile") is kept as a property `SPECIALIZATION_KEY` holding the
  profile's name, placed before the concept's own properties.
- Only ArchiMate views are read. Sketch and canvas views are left out (they are no ArchiMate
  diagrams; Archi's own exchange export leaves them out too), so are their folder entries, and
  a view reference to one becomes a plain label.
- Node bounds, stored by Archi relative to the parent node, are made absolute. A width or
  height of -1 means "the figure's default size", which is resolved as Archi does (see
  `default_size`). Bendpoints, stored as offsets from the source and target centres, are made
  absolute with Archi's own weighting (what its exchange export writes).
- Colours, font, line width and text alignment/position go into ``style`` in the exchange
  shape: ``{"fillColor": {"r", "g", "b", "a"?}, "lineColor": {...}, "font": {"name", "size",
  "style"?, "color"?}, "lineWidth": n, "textAlignment": "left"|"center"|"right",
  "textPosition": "top"|"middle"|"bottom" (nodes) or "source"|"middle"|"target"
  (connections)}``; "a" is a percentage, present only when Archi stores an alpha.
- ``extra`` of a node or connection holds ``"properties"`` (a list of {"key", "value"}, since
  the document's nodes and connections have no property list), ``"nested": True`` on a
  connection between a node and a node nested in it (Archi hides these by default), and
  ``"archi"``: Archi-only details kept for a faithful way back (figure, border type, image
  path and position, lock, alpha without a fill colour, plain-line decorations, raw bendpoints
  of a connection that ends on a connection, and Archi's ``feature`` name/value pairs).

Everything wrong with a file is an `InterchangeError` naming its line and identifier.

The file is read through `guards`, the hardened way in that every reader shares.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _
from lxml import etree

from nakhon.archimate.metamodel import (
    ACCESS_TYPES,
    UnknownType,
    normalise_element_type,
    normalise_relationship_type,
)
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
)
from nakhon.interchange.errors import InterchangeError
from nakhon.interchange.guards import (
    DAMAGED_ZIP,
    Source,
    parse_untrusted_xml,
    read_limited,
    read_zip_entry,
    source_name,
)
from nakhon.interchange.xmltools import integer_attribute

ARCHI_NS = "http://www.archimatetool.com/archimate"
CANVAS_NS = "http://www.archimatetool.com/archimate/canvas"
XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"
MODEL_TAG = f"{{{ARCHI_NS}}}model"

# Far beyond any real model (Archisurance is 110 kB) and small enough to hold in memory.
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
# Archi writes "model.xml"; "model.archimate" is accepted for archives zipped by hand.
ZIP_MODEL_NAMES = ("model.xml", "model.archimate")

SPECIALIZATION_KEY = "specialization"

# Archi's figure sizes when bounds say -1 (its preference defaults; see the UI providers).
DEFAULT_SIZE = (120, 55)
SQUARE_SIZE = (55, 55)
_SIZES_BY_KIND = {"Group": (400, 140), "Note": (185, 80)}
_SIZES_BY_ELEMENT = {"AndJunction": (15, 15), "OrJunction": (15, 15), "Grouping": (400, 140)}
# These types draw a square figure when the alternate figure (type="1") is chosen.
_SQUARE_ALTERNATES = {"BusinessFunction", "ApplicationFunction", "TechnologyFunction", "Principle"}

_TEXT_ALIGNMENTS = {1: "left", 2: "center", 4: "right"}
_NODE_TEXT_POSITIONS = {0: "top", 1: "middle", 2: "bottom"}
_CONNECTION_TEXT_POSITIONS = {0: "source", 1: "middle", 2: "target"}
_COLOUR = re.compile(r"#([0-9a-fA-F]{2})([0-9a-fA-F]{2})([0-9a-fA-F]{2})")
_SWT_BOLD, _SWT_ITALIC = 1, 2


def read_archimate(source: Source, *, max_bytes: int | None = None) -> ModelDocument:
    """The model in an Archi file (a path or a binary file object), plain or archive format."""
    max_bytes = max_bytes or settings.NAKHON_MAX_ARCHIMATE_BYTES
    data = read_limited(source, max_bytes)
    if data.startswith(ZIP_MAGIC):
        data = _model_from_archive(data, max_bytes)
    root = parse_untrusted_xml(data)
    if root.tag != MODEL_TAG:
        raise InterchangeError(
            _("This is not an Archi model file: its root element is <%(tag)s>.")
            % {"tag": etree.QName(root).localname},
            line=root.sourceline,
        )
    return _ModelReader(source_name(source)).read(root)


def _model_from_archive(data: bytes, max_bytes: int) -> bytes:
    """The model XML inside Archi's archive format, unpacked no further than `max_bytes`."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return read_zip_entry(archive, _archive_model_entry(archive), max_bytes)
    except DAMAGED_ZIP as error:
        raise InterchangeError(
            _("The zip archive is damaged or uses an unsupported format: %(error)s")
            % {"error": error}
        ) from error


def _archive_model_entry(archive: zipfile.ZipFile) -> zipfile.ZipInfo:
    names = set(archive.namelist())
    for name in ZIP_MODEL_NAMES:
        if name in names:
            return archive.getinfo(name)
    raise InterchangeError(
        _("The zip archive holds no Archi model: it has no entry named %(names)s.")
        % {"names": " / ".join(ZIP_MODEL_NAMES)}
    )


def lang_text(text: str | None) -> LangText:
    """Archi's texts have no language: "" as the document's convention says, none when empty."""
    return {"": text} if text else {}


def default_size(kind: str, element_type: str = "", figure: int = 0) -> tuple[int, int]:
    """The size Archi draws a figure at when its bounds say -1."""
    if kind != "DiagramObject":
        return _SIZES_BY_KIND.get(kind, DEFAULT_SIZE)
    if figure == 1 and element_type in _SQUARE_ALTERNATES:
        return SQUARE_SIZE
    return _SIZES_BY_ELEMENT.get(element_type, DEFAULT_SIZE)


def absolute_bendpoint(
    offsets: tuple[int, int, int, int],
    index: int,
    count: int,
    source_box: tuple[int, int, int, int],
    target_box: tuple[int, int, int, int],
) -> tuple[int, int]:
    """Where Archi draws bendpoint `index` (from 1) of `count`, from its centre offsets.

    Each bendpoint follows the source centre plus (startX, startY) and the target centre plus
    (endX, endY), weighted by its place along the line; truncation is Java's, as in Archi.
    """
    start_x, start_y, end_x, end_y = offsets
    weight = index / (count + 1)
    source_x, source_y = _centre(source_box)
    target_x, target_y = _centre(target_box)
    x = (source_x + start_x) * (1 - weight) + (target_x + end_x) * weight
    y = (source_y + start_y) * (1 - weight) + (target_y + end_y) * weight
    return math.trunc(x), math.trunc(y)


def _centre(box: tuple[int, int, int, int]) -> tuple[int, int]:
    x, y, w, h = box
    return x + math.trunc(w / 2), y + math.trunc(h / 2)


@dataclass
class _ViewState:
    """What a view's connections need from its nodes: boxes, owners and nesting."""

    view: ViewDoc
    boxes: dict[str, tuple[int, int, int, int]] = field(default_factory=dict)
    parents: dict[str, str] = field(default_factory=dict)
    pending: list[tuple[etree._Element, str]] = field(default_factory=list)

    def nested(self, source: str, target: str) -> bool:
        """Whether one end sits directly inside the other (Archi's nested connection)."""
        return self.parents.get(target) == source or self.parents.get(source) == target


class _ModelReader:
    """One pass over the folders for concepts, then the views, then the references."""

    def __init__(self, source: str):
        self.doc = ModelDocument(source=source)
        self.lines: dict[str, int] = {}  # every identifier in the file -> where it is
        self.profiles: dict[str, str] = {}
        self.elements: dict[str, ElementDoc] = {}
        self.relationships: dict[str, RelationshipDoc] = {}
        self.view_ids: set[str] = set()
        self.diagrams: list[etree._Element] = []

    def read(self, root: etree._Element) -> ModelDocument:
        doc = self.doc
        doc.identifier = root.get("id", "")
        if doc.identifier:
            self.claim(doc.identifier, root)
        doc.name = lang_text(root.get("name"))
        doc.documentation = lang_text(_child_text(root, "purpose") or root.get("purpose"))
        doc.properties = properties_of(root)
        for profile in root.iterfind("profile"):
            self.claim(profile.get("id", ""), profile)
            self.profiles[profile.get("id", "")] = profile.get("name", "")
        doc.folders = [self.folder(folder) for folder in root.iterfind("folder")]
        self.check_relationship_ends()
        doc.views = [self.view(diagram) for diagram in self.diagrams]
        return doc

    def claim(self, identifier: str, node: etree._Element) -> None:
        if not identifier:
            raise InterchangeError(
                _("<%(tag)s> has no id.") % {"tag": etree.QName(node).localname},
                line=node.sourceline,
            )
        if identifier in self.lines:
            raise InterchangeError(
                _("This id is used twice; it was first used on line %(line)s.")
                % {"line": self.lines[identifier]},
                line=node.sourceline,
                identifier=identifier,
            )
        self.lines[identifier] = node.sourceline or 0

    # ---- folders and concepts ----

    def folder(self, node: etree._Element) -> FolderDoc:
        identifier = node.get("id", "")
        self.claim(identifier, node)
        folder = FolderDoc(
            label=lang_text(node.get("name")),
            documentation=lang_text(_child_text(node, "documentation")),
            identifier=identifier,
        )
        for child in node:
            if child.tag == "folder":
                folder.children.append(self.folder(child))
            elif child.tag == "element" and (item := self.concept(child)):
                folder.items.append(item)
        return folder

    def concept(self, node: etree._Element) -> str:
        """Read one <element> of a folder; its identifier, or "" for a view left out."""
        namespace, archi_type = xsi_type(node)
        identifier = node.get("id", "")
        self.claim(identifier, node)
        if namespace == ARCHI_NS and archi_type == "ArchimateDiagramModel":
            self.diagrams.append(node)
            self.view_ids.add(identifier)
            return identifier
        if (namespace, archi_type) in {(ARCHI_NS, "SketchModel"), (CANVAS_NS, "CanvasModel")}:
            return ""
        if namespace != ARCHI_NS:
            raise _unknown_type(node, archi_type)
        if archi_type.endswith("Relationship"):
            self.relationship(node, archi_type)
        else:
            self.element(node, archi_type)
        return identifier

    def element(self, node: etree._Element, archi_type: str) -> None:
        try:
            element_type = normalise_element_type(archi_type)
        except UnknownType:
            raise _unknown_type(node, archi_type) from None
        if element_type == "AndJunction" and node.get("type") == "or":
            element_type = "OrJunction"
        element = ElementDoc(
            identifier=node.get("id"),
            type=element_type,
            name=lang_text(node.get("name")),
            documentation=lang_text(_child_text(node, "documentation")),
            properties=self.specialization_properties(node) + properties_of(node),
            line=node.sourceline,
        )
        self.elements[element.identifier] = element
        self.doc.elements.append(element)

    def relationship(self, node: etree._Element, archi_type: str) -> None:
        try:
            relationship_type = normalise_relationship_type(archi_type)
        except UnknownType:
            raise _unknown_type(node, archi_type) from None
        identifier = node.get("id")
        relationship = RelationshipDoc(
            identifier=identifier,
            type=relationship_type,
            source=_required(node, "source", identifier),
            target=_required(node, "target", identifier),
            name=lang_text(node.get("name")),
            documentation=lang_text(_child_text(node, "documentation")),
            properties=self.specialization_properties(node) + properties_of(node),
            line=node.sourceline,
        )
        if relationship_type == "Access":
            relationship.access_type = _access_type(node, identifier)
        elif relationship_type == "Association":
            relationship.is_directed = node.get("directed") == "true"
        elif relationship_type == "Influence":
            relationship.modifier = node.get("strength", "")
        self.relationships[identifier] = relationship
        self.doc.relationships.append(relationship)

    def check_relationship_ends(self) -> None:
        for relationship in self.doc.relationships:
            for end in (relationship.source, relationship.target):
                if end not in self.elements and end not in self.relationships:
                    raise InterchangeError(
                        _("The relationship's end “%(end)s” is no element or relationship.")
                        % {"end": end},
                        line=relationship.line,
                        identifier=relationship.identifier,
                    )

    def specialization_properties(self, node: etree._Element) -> list[Property]:
        properties = []
        for ref in node.get("profiles", "").split():
            if ref not in self.profiles:
                raise InterchangeError(
                    _("The specialization “%(ref)s” is not defined in the model.") % {"ref": ref},
                    line=node.sourceline,
                    identifier=node.get("id", ""),
                )
            properties.append(Property(SPECIALIZATION_KEY, self.profiles[ref]))
        return properties

    # ---- views ----

    def view(self, node: etree._Element) -> ViewDoc:
        viewpoint = node.get("viewpoint", "")
        view = ViewDoc(
            identifier=node.get("id"),
            name=lang_text(node.get("name")),
            documentation=lang_text(_child_text(node, "documentation")),
            properties=properties_of(node),
            # Archi shows an id it does not know as no viewpoint; so do we.
            viewpoint=viewpoint if viewpoint in VIEWPOINTS else "",
        )
        state = _ViewState(view)
        view.nodes = [self.node(child, (0, 0), "", state) for child in node.iterfind("child")]
        view.connections = [self.connection(*pending, state) for pending in state.pending]
        self.check_connection_ends(state)
        return view

    def node(
        self, node: etree._Element, origin: tuple[int, int], parent: str, state: _ViewState
    ) -> NodeDoc:
        namespace, archi_type = xsi_type(node)
        reader = _NODE_READERS.get(archi_type) if namespace == ARCHI_NS else None
        if reader is None:
            raise _unknown_type(node, archi_type)
        identifier = node.get("id", "")
        self.claim(identifier, node)
        doc = NodeDoc(identifier=identifier, kind="")
        reader(self, node, doc)
        doc.x, doc.y, doc.w, doc.h = self.bounds(node, origin, archi_type, doc)
        doc.style = node_style(node)
        doc.extra = diagram_extra(node, archi_extra(node, _NODE_EXTRAS))
        state.boxes[identifier] = (doc.x, doc.y, doc.w, doc.h)
        if parent:
            state.parents[identifier] = parent
        self.queue_connections(node, identifier, state)
        doc.children = [
            self.node(child, (doc.x, doc.y), identifier, state) for child in node.iterfind("child")
        ]
        return doc

    def element_node(self, node: etree._Element, doc: NodeDoc) -> None:
        doc.kind = "element"
        doc.ref = node.get("archimateElement", "")
        if doc.ref not in self.elements:
            message = _("The diagram object shows “%(ref)s”, which is no element of the model.")
            raise _dangling_reference(message, node, doc)

    def group_node(self, node: etree._Element, doc: NodeDoc) -> None:
        doc.kind = "container"
        doc.label = lang_text(node.get("name"))
        doc.documentation = lang_text(_child_text(node, "documentation"))

    def note_node(self, node: etree._Element, doc: NodeDoc) -> None:
        doc.kind = "label"
        doc.label = lang_text(_child_text(node, "content") or node.get("content"))

    def reference_node(self, node: etree._Element, doc: NodeDoc) -> None:
        doc.kind = "view_reference"
        doc.ref = node.get("model", "")
        doc.label = lang_text(node.get("name"))
        if doc.ref in self.view_ids:
            return
        if doc.ref not in self.lines:
            message = _("The view reference points to “%(ref)s”, which is no view of the model.")
            raise _dangling_reference(message, node, doc)
        # A sketch or canvas view, which is not read: Archi's exchange export makes it a note.
        doc.kind, doc.ref = "label", ""

    def image_node(self, node: etree._Element, doc: NodeDoc) -> None:
        doc.kind = "label"
        doc.label = lang_text(node.get("name"))
        doc.documentation = lang_text(_child_text(node, "documentation"))

    def bounds(
        self, node: etree._Element, origin: tuple[int, int], archi_type: str, doc: NodeDoc
    ) -> tuple[int, int, int, int]:
        """Absolute x, y and the drawn width and height of a node."""
        x, y, width, height = relative_bounds(node)
        element_type = self.elements[doc.ref].type if doc.kind == "element" else ""
        default_w, default_h = default_size(
            archi_type, element_type, integer_attribute(node, "type")
        )
        return (
            origin[0] + x,
            origin[1] + y,
            width if width >= 0 else default_w,
            height if height >= 0 else default_h,
        )

    def queue_connections(self, node: etree._Element, owner: str, state: _ViewState) -> None:
        """Connections wait until every node's box is known; those on a connection nest."""
        for connection in node.iterfind("sourceConnection"):
            state.pending.append((connection, owner))
            self.queue_connections(connection, connection.get("id", ""), state)

    def connection(self, node: etree._Element, owner: str, state: _ViewState) -> ConnectionDoc:
        identifier = node.get("id", "")
        self.claim(identifier, node)
        if xsi_type(node) not in _CONNECTION_TYPES:
            raise _unknown_type(node, xsi_type(node)[1])
        doc = ConnectionDoc(
            identifier=identifier,
            kind="line",
            source=node.get("source") or owner,
            target=_required(node, "target", identifier),
            label=lang_text(node.get("name")),
            documentation=lang_text(_child_text(node, "documentation")),
            style=connection_style(node),
        )
        if ref := node.get("archimateRelationship"):
            self.relationship_connection(node, doc, ref)
        extra = archi_extra(node, _CONNECTION_EXTRAS)
        self.place_bendpoints(node, doc, state, extra)
        doc.extra = diagram_extra(node, extra)
        if state.nested(doc.source, doc.target):
            doc.extra["nested"] = True
        return doc

    def relationship_connection(self, node: etree._Element, doc: ConnectionDoc, ref: str) -> None:
        if ref not in self.relationships:
            raise InterchangeError(
                _("The connection shows “%(ref)s”, which is no relationship of the model.")
                % {"ref": ref},
                line=node.sourceline,
                identifier=doc.identifier,
            )
        doc.kind, doc.ref = "relationship", ref

    def place_bendpoints(
        self, node: etree._Element, doc: ConnectionDoc, state: _ViewState, extra: dict
    ) -> None:
        offsets = [
            tuple(integer_attribute(point, key, 0) for key in ("startX", "startY", "endX", "endY"))
            for point in node.iterfind("bendpoint")
        ]
        if not offsets:
            return
        source_box, target_box = state.boxes.get(doc.source), state.boxes.get(doc.target)
        if source_box is None or target_box is None:
            # An end on a connection has no box to measure from (Archi cannot place these
            # either); the offsets are kept as they are.
            extra["bendpoints"] = [list(point) for point in offsets]
            return
        doc.bendpoints = [
            absolute_bendpoint(point, index, len(offsets), source_box, target_box)
            for index, point in enumerate(offsets, start=1)
        ]

    def check_connection_ends(self, state: _ViewState) -> None:
        ends = set(state.boxes) | {c.identifier for c in state.view.connections}
        for connection in state.view.connections:
            for end in (connection.source, connection.target):
                if end not in ends:
                    raise InterchangeError(
                        _("The connection's end “%(end)s” is not in view “%(view)s”.")
                        % {"end": end, "view": state.view.identifier},
                        line=self.lines.get(connection.identifier),
                        identifier=connection.identifier,
                    )


_NODE_READERS = {
    "DiagramObject": _ModelReader.element_node,
    "Group": _ModelReader.group_node,
    "Note": _ModelReader.note_node,
    "DiagramModelReference": _ModelReader.reference_node,
    "DiagramModelImage": _ModelReader.image_node,
}

_NODE_EXTRAS = {
    "type": ("figure", int),
    "borderType": ("border_type", int),
    "imagePath": ("image_path", str),
    "imagePosition": ("image_position", int),
    "locked": ("locked", lambda value: value == "true"),
}
_CONNECTION_EXTRAS = {"type": ("line_type", int)}
# A plain line may come without an xsi:type: DiagramModelConnection is the reference's type.
_CONNECTION_TYPES = {("", ""), (ARCHI_NS, "Connection"), (ARCHI_NS, "DiagramModelConnection")}


def xsi_type(node: etree._Element) -> tuple[str, str]:
    """(namespace, local name) of a node's xsi:type, its prefix resolved as XML says."""
    value = node.get(XSI_TYPE, "")
    prefix, _colon, local = value.rpartition(":")
    return node.nsmap.get(prefix or None, ""), local


def _unknown_type(node: etree._Element, archi_type: str) -> InterchangeError:
    return InterchangeError(
        _(
            "Unknown type “%(type)s”: not an ArchiMate 3.2 concept, view or diagram object "
            "as Archi 4 or later writes it."
        )
        % {"type": node.get(XSI_TYPE, archi_type)},
        line=node.sourceline,
        identifier=node.get("id", ""),
    )


def _dangling_reference(message: str, node: etree._Element, doc: NodeDoc) -> InterchangeError:
    """`message` about the node's `ref`, which names nothing of its kind in the model."""
    return InterchangeError(
        message % {"ref": doc.ref}, line=node.sourceline, identifier=doc.identifier
    )


def _required(node: etree._Element, name: str, identifier: str) -> str:
    if value := node.get(name):
        return value
    raise InterchangeError(
        _("The attribute “%(name)s” is missing.") % {"name": name},
        line=node.sourceline,
        identifier=identifier,
    )


def _access_type(node: etree._Element, identifier: str) -> str:
    # Archi's accessType is the index into ACCESS_TYPES; it leaves it out for 0 = write.
    code = integer_attribute(node, "accessType")
    if not 0 <= code < len(ACCESS_TYPES):
        raise InterchangeError(
            _("accessType must be 0 (write), 1 (read), 2 (access) or 3 (read/write), not %(v)s.")
            % {"v": code},
            line=node.sourceline,
            identifier=identifier,
        )
    return ACCESS_TYPES[code]


def relative_bounds(node: etree._Element) -> tuple[int, int, int, int]:
    """x, y, width, height as Archi stores them: relative to the parent, -1 for default size."""
    bounds = node.find("bounds")
    if bounds is None:
        return 0, 0, -1, -1
    return tuple(
        integer_attribute(bounds, key, default, line=node.sourceline)
        for key, default in (("x", 0), ("y", 0), ("width", -1), ("height", -1))
    )


def _child_text(node: etree._Element, tag: str) -> str | None:
    return node.findtext(tag)


def properties_of(node: etree._Element) -> list[Property]:
    return [
        Property(prop.get("key", ""), prop.get("value", "")) for prop in node.iterfind("property")
    ]


def features_of(node: etree._Element) -> dict[str, str]:
    return {
        feature.get("name", ""): feature.get("value", "") for feature in node.iterfind("feature")
    }


# ---- style ----


def node_style(node: etree._Element) -> dict:
    style = {}
    if fill := colour(node.get("fillColor")):
        if (alpha := node.get("alpha")) is not None:
            fill["a"] = _percent(alpha)
        style["fillColor"] = fill
    style.update(_line_and_text_style(node, _NODE_TEXT_POSITIONS))
    return style


def connection_style(node: etree._Element) -> dict:
    return _line_and_text_style(node, _CONNECTION_TEXT_POSITIONS)


def _line_and_text_style(node: etree._Element, positions: dict[int, str]) -> dict:
    style = {}
    if line := colour(node.get("lineColor")):
        if (alpha := features_of(node).get("lineAlpha")) is not None:
            line["a"] = _percent(alpha)
        style["lineColor"] = line
    if font := font_style(node):
        style["font"] = font
    if node.get("lineWidth") is not None:
        style["lineWidth"] = integer_attribute(node, "lineWidth", 1)
    if alignment := _TEXT_ALIGNMENTS.get(integer_attribute(node, "textAlignment", -1)):
        style["textAlignment"] = alignment
    if position := positions.get(integer_attribute(node, "textPosition", -1)):
        style["textPosition"] = position
    return style


def colour(value: str | None) -> dict | None:
    """{"r", "g", "b"} from Archi's "#rrggbb"; None for anything else (Archi then uses its
    default colour)."""
    match = _COLOUR.fullmatch(value or "")
    if not match:
        return None
    return dict(zip("rgb", (int(part, 16) for part in match.groups()), strict=True))


def _percent(alpha: str) -> int:
    """Archi's alpha (0-255) as the exchange format's percentage, rounded as Archi does."""
    try:
        return int(min(max(int(alpha), 0), 255) * 100 / 255 + 0.5)
    except ValueError:
        return 100


def font_style(node: etree._Element) -> dict:
    font = swt_font(node.get("font"))
    if color := colour(node.get("fontColor")):
        font["color"] = color
    return font


def swt_font(value: str | None) -> dict:
    """Name, size and style from an SWT FontData string ("1|Arial|14.0|1|WINDOWS|...")."""
    parts = (value or "").split("|")
    if len(parts) < 4 or not parts[1]:
        return {}
    try:
        size, bits = float(parts[2]), int(parts[3])
    except ValueError:
        return {}
    font = {"name": parts[1], "size": int(size) if size.is_integer() else size}
    style = [name for bit, name in ((_SWT_BOLD, "bold"), (_SWT_ITALIC, "italic")) if bits & bit]
    if style:
        font["style"] = " ".join(style)
    return font


# ---- extra ----


def archi_extra(node: etree._Element, attributes: dict) -> dict:
    """Archi-only details of a node or connection (see the module's description)."""
    archi = {}
    for attribute, (key, convert) in attributes.items():
        if (value := node.get(attribute)) is not None:
            archi[key] = integer_attribute(node, attribute) if convert is int else convert(value)
    if node.get("alpha") is not None and node.get("fillColor") is None:
        archi["alpha"] = integer_attribute(node, "alpha", 255)
    if features := features_of(node):
        archi["features"] = features
    return archi


def diagram_extra(node: etree._Element, archi: dict) -> dict:
    extra = {}
    if properties := properties_of(node):
        extra["properties"] = [{"key": p.key, "value": p.value} for p in properties]
    if archi:
        extra["archi"] = archi
    return extra
