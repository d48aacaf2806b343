"""The model as every format reads and writes it: one document between files and the database.

Readers (exchange XML, Archi's .archimate, Archi CSV, Excel) turn a file into a `ModelDocument`;
`importer` plans and applies a document to the repository through the services; `exporter`
builds a document from the repository; writers turn a document into a file. References between
objects are the objects' exchange identifiers, never database ids.

Multilingual text is a `LangText`: a dict from xml:lang ("" when the file gives none) to text.
`split_names` and `join_names` are the one rule for how it maps to Thai `name`, English `name_en`
and the other languages kept in `translations`.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

LangText = dict[str, str]

THAI_CHARACTERS = re.compile("[\u0e00-\u0e7f]")


@dataclass
class Property:
    key: str
    value: str


@dataclass
class ElementDoc:
    identifier: str
    type: str  # an exchange-format element type, e.g. "BusinessActor", "AndJunction"
    name: LangText = field(default_factory=dict)
    documentation: LangText = field(default_factory=dict)
    properties: list[Property] = field(default_factory=list)
    line: int | None = field(default=None, compare=False)  # where the reader found it


@dataclass
class RelationshipDoc:
    identifier: str
    type: str  # an exchange-format relationship type, e.g. "Serving"
    source: str  # identifier of an element or a relationship
    target: str
    name: LangText = field(default_factory=dict)
    documentation: LangText = field(default_factory=dict)
    properties: list[Property] = field(default_factory=list)
    access_type: str = ""  # Access only: Write, Read, Access, ReadWrite; "" when a file omits it
    is_directed: bool = False  # Association only
    modifier: str = ""  # Influence only
    line: int | None = field(default=None, compare=False)


@dataclass
class FolderDoc:
    """An "organizations" item with a label: a folder holding references and sub-folders."""

    label: LangText = field(default_factory=dict)
    documentation: LangText = field(default_factory=dict)
    identifier: str = ""
    items: list[str] = field(default_factory=list)  # identifiers of elements/relationships/views
    children: list["FolderDoc"] = field(default_factory=list)


@dataclass
class NodeDoc:
    identifier: str
    kind: str  # "element", "label", "container", "view_reference"
    x: int = 0
    y: int = 0  # absolute, as in the exchange format, also inside a parent node
    w: int = 120
    h: int = 55
    ref: str = ""  # the element's identifier (element) or the view's (view_reference)
    label: LangText = field(default_factory=dict)
    documentation: LangText = field(default_factory=dict)
    style: dict = field(default_factory=dict)  # as repository.models.DiagramItem.style
    extra: dict = field(default_factory=dict)  # view_refs, concept_ref, ... (see DiagramItem)
    children: list["NodeDoc"] = field(default_factory=list)


@dataclass
class ConnectionDoc:
    identifier: str
    kind: str  # "relationship" or "line"
    source: str  # identifier of a node or connection of the same view
    target: str
    ref: str = ""  # the relationship's identifier
    label: LangText = field(default_factory=dict)
    documentation: LangText = field(default_factory=dict)
    style: dict = field(default_factory=dict)
    bendpoints: list[tuple[int, int]] = field(default_factory=list)
    source_attachment: tuple[int, int] | None = None
    target_attachment: tuple[int, int] | None = None
    extra: dict = field(default_factory=dict)


@dataclass
class ViewDoc:
    identifier: str
    name: LangText = field(default_factory=dict)
    documentation: LangText = field(default_factory=dict)
    properties: list[Property] = field(default_factory=list)
    viewpoint: str = ""  # a viewpoint id of archimate.viewpoints, or ""
    nodes: list[NodeDoc] = field(default_factory=list)
    connections: list[ConnectionDoc] = field(default_factory=list)


@dataclass
class ModelDocument:
    identifier: str = ""
    name: LangText = field(default_factory=dict)
    documentation: LangText = field(default_factory=dict)
    properties: list[Property] = field(default_factory=list)
    property_types: dict[str, str] = field(default_factory=dict)  # key -> exchange data type
    elements: list[ElementDoc] = field(default_factory=list)
    relationships: list[RelationshipDoc] = field(default_factory=list)
    folders: list[FolderDoc] = field(default_factory=list)
    views: list[ViewDoc] = field(default_factory=list)
    source: str = ""  # the file it came from, for messages


def split_names(text: LangText) -> tuple[str, str, dict[str, str]]:
    """(Thai name, English name, other languages) from the variants a file gives.

    Thai is "th"; English is "en". A variant without a language, or an "en" one written in
    Thai script (Archi tags every name "en" by default), is the Thai name when there is no
    "th" one. With English only, the English text is the Thai-first `name` (every object
    needs one); with another language only, that language's text is.
    """
    if not text:
        return "", "", {}
    if len(text) == 1:
        # One variant in Thai, English or no language is the name, whatever its script: the
        # common case, and it spares the rules below (imports call this for every object).
        ((lang, value),) = text.items()
        if lang in ("th", "en", ""):
            return value, "", {}
    text = dict(text)
    thai = text.pop("th", "")
    for lang in ("", "en"):
        if not thai and THAI_CHARACTERS.search(text.get(lang, "")):
            thai = text.pop(lang)
    english = text.pop("en", "")
    if not thai and "" in text:
        thai = text.pop("")
    others = {lang: value for lang, value in text.items() if value}
    if not thai:
        thai, english = english, ""
    if not thai and others:
        thai = next(iter(others.values()))
    return thai, english, others


def join_names(thai: str, english: str, others: dict[str, str] | None = None) -> LangText:
    """The variants to write: Thai text as "th" and English as "en" (text in Latin script with no
    English variant is written as "en"), then the other languages as they came."""
    text: LangText = {}
    if thai:
        text["th" if THAI_CHARACTERS.search(thai) or english else "en"] = thai
    if english:
        text["en"] = english
    for lang, value in (others or {}).items():
        text.setdefault(lang, value)
    return text


def all_nodes(nodes: list[NodeDoc]) -> Iterator[NodeDoc]:
    """The nodes and, depth first, the nodes nested in them."""
    for node in nodes:
        yield node
        yield from all_nodes(node.children)
