"""Archi's CSV export (elements, relations, properties) read into and written from a document.

The three files are the ones Archi's "Export Model to CSV" writes and its "Import CSV" reads:
``elements.csv`` (ID, Type, Name, Documentation, Specialization; its "ArchimateModel" row is the
model itself), ``relations.csv`` (ID, Type, Name, Documentation, Source, Target,
Specialization) and ``properties.csv`` (ID, Key, Value), each name with an optional prefix
("test1-elements.csv"). CSV carries no views and no folders.

Reading follows Archi's importer (Apache Commons CSV):

- UTF-8 with or without a byte order mark; the delimiter is the one of ",", ";" and tab that
  makes the first line the expected header (Archi guesses the same three).
- Quoted fields may hold delimiters, doubled quotes and line breaks. Whitespace between a
  closing quote and the next delimiter is skipped, as Commons CSV does (Archi reads
  ``"text" ,""`` as "text"); any other character there is an error. Empty lines, and lines
  starting with "#" outside quotes (Archi's comment marker), are skipped.
- A blank ID means "create a new object". It gets a fresh random identifier, ``id-`` and 32
  hex digits as Archi makes them, different at every read: the importer keys updates on
  identifiers, so an identifier derived from the row's content would turn a second import of
  the same file into an update of the first one's objects instead of creating new ones.
- Archi writes four attributes as property rows, and they are read back as attributes, not
  properties: "Access_Type" (Write, Read, Access, ReadWrite), "Influence_Strength",
  "Directed" (true/false) and "Junction_Type" (And/Or), each only on a concept of the matching
  type and only its first row for that concept (a later row with the same key is an ordinary
  property).
- A non-blank Specialization becomes the property `SPECIALIZATION_KEY` placed first among the
  concept's properties (the .archimate reader does the same with Archi's profiles).
- Texts are kept exactly, line breaks and tabs included (Archi's importer would flatten those
  in names and property values to spaces).
- A relationship may name a source or target that is not in the files: Archi's importer looks
  such identifiers up in the model being imported into, and so can ours. A property row must
  name the model, an element or a relationship of these files: the document has no place for
  properties of anything else.

Writing follows Archi's exporter: every field quoted, quotes doubled, CRLF between records and
none after the last, all three files always, UTF-8 without a byte order mark (Archi's default
"UTF-8"; `bom=True` gives its "UTF-8 BOM" choice, which Excel needs to see Thai). Names and
documentation are written in one language: the Thai text, or the English one when there is no
Thai (`split_names`). Differences from Archi: tabs are not replaced by spaces, and rows are in
document order rather than sorted by type and name.

Spreadsheet formulas are neutralised as OWASP's "CSV Injection" page recommends: a cell whose
text would start with "=", "+", "-", "@", tab or carriage return is written with a single quote
"'" in front, which makes a spreadsheet show it as text. To keep the round trip lossless the
rule is applied to any run of leading quotes: a value matching ``'*[=+\\-@\\t\\r]...`` gets one
more "'" on writing, and on reading one "'" is removed from a value matching
``'+[=+\\-@\\t\\r]...``; every other value is left alone. (So a value written by some other
program as "'=x" reads as "=x".) This is `guard_formula`, as in every spreadsheet Nakhon EA
writes.
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nakhon.archimate.metamodel import (
    ACCESS_TYPES,
    RELATIONSHIP_TYPES,
    UnknownType,
    normalise_element_type,
    normalise_relationship_type,
)
from nakhon.core.tabular import guard_formula, unguard_formula
from nakhon.interchange.archi import SPECIALIZATION_KEY, lang_text
from nakhon.interchange.document import (
    ElementDoc,
    LangText,
    ModelDocument,
    Property,
    RelationshipDoc,
    split_names,
)
from nakhon.interchange.errors import InterchangeError
from nakhon.interchange.guards import Source, read_limited, source_name

ELEMENTS, RELATIONS, PROPERTIES = "elements", "relations", "properties"
FILE_SUFFIX = ".csv"
ELEMENTS_HEADER = ("ID", "Type", "Name", "Documentation", "Specialization")
RELATIONS_HEADER = ("ID", "Type", "Name", "Documentation", "Source", "Target", "Specialization")
PROPERTIES_HEADER = ("ID", "Key", "Value")
# Older Archi versions wrote no Specialization column.
_REQUIRED_COLUMNS = {ELEMENTS: 4, RELATIONS: 6, PROPERTIES: 3}
_HEADERS = {ELEMENTS: ELEMENTS_HEADER, RELATIONS: RELATIONS_HEADER, PROPERTIES: PROPERTIES_HEADER}
MODEL_TYPE = "ArchimateModel"
DELIMITERS = (",", ";", "\t")
CRLF = "\r\n"
BOM = "\ufeff"

INFLUENCE_STRENGTH = "Influence_Strength"
ACCESS_TYPE = "Access_Type"
ASSOCIATION_DIRECTED = "Directed"
JUNCTION_TYPE = "Junction_Type"
JUNCTION_NAMES = {"AndJunction": "And", "OrJunction": "Or"}

_BAD_IDENTIFIER = re.compile(r"[\s\x00-\x1f\x7f]")
MAX_IDENTIFIER = 255


def new_archi_identifier() -> str:
    return f"id-{uuid.uuid4().hex}"


# ---- finding the files ----


def find_csv_set(
    folder_or_paths: str | os.PathLike | Iterable, prefix: str = ""
) -> dict[str, Path]:
    """{"elements": path, "relations": path, "properties": path} as Archi names the files.

    Given a folder, looks for ``<prefix>elements.csv`` and its siblings in it; given one of
    the files, as Archi's import asks for, looks beside it with that file's prefix; given
    paths, picks them by those names. With no prefix and no plain ``elements.csv``, a single
    ``<something>elements.csv`` sets the prefix. Files that are not there are left out; the
    elements file must be there.
    """
    if isinstance(folder_or_paths, str | os.PathLike):
        path = Path(folder_or_paths)
        if path.is_file():
            return _named_set(_files_in(path.parent), prefix or _prefix_of(path))
        by_name = _files_in(path)
    else:
        by_name = {Path(path).name: Path(path) for path in folder_or_paths}
    return _named_set(by_name, prefix or _only_prefix(by_name))


def _files_in(folder: Path) -> dict[str, Path]:
    if not folder.is_dir():
        raise InterchangeError(_("“%(path)s” is not a folder.") % {"path": folder})
    return {path.name: path for path in folder.iterdir() if path.is_file()}


def _named_set(by_name: Mapping[str, Path], prefix: str) -> dict[str, Path]:
    found = {
        kind: by_name[f"{prefix}{kind}{FILE_SUFFIX}"]
        for kind in (ELEMENTS, RELATIONS, PROPERTIES)
        if f"{prefix}{kind}{FILE_SUFFIX}" in by_name
    }
    if ELEMENTS not in found:
        raise InterchangeError(
            _("No file named “%(name)s” was found.") % {"name": f"{prefix}elements.csv"}
        )
    return found


def _prefix_of(path: Path) -> str:
    for kind in (ELEMENTS, RELATIONS, PROPERTIES):
        if path.name.endswith(f"{kind}{FILE_SUFFIX}"):
            return path.name.removesuffix(f"{kind}{FILE_SUFFIX}")
    raise InterchangeError(
        _(
            "“%(name)s” is not one of Archi's CSV files (…elements.csv, …relations.csv, "
            "…properties.csv)."
        )
        % {"name": path.name}
    )


def _only_prefix(by_name: Mapping[str, Path]) -> str:
    suffix = f"{ELEMENTS}{FILE_SUFFIX}"
    if suffix in by_name:
        return ""
    prefixes = sorted(name.removesuffix(suffix) for name in by_name if name.endswith(suffix))
    if len(prefixes) > 1:
        raise InterchangeError(
            _("Several sets of CSV files are here (%(prefixes)s); say which prefix to read.")
            % {"prefixes": ", ".join(prefixes)}
        )
    return prefixes[0] if prefixes else ""


# ---- reading ----


@dataclass
class Row:
    line: int
    cells: list[str]

    def get(self, column: int) -> str:
        return self.cells[column] if column < len(self.cells) else ""


def read_archi_csv(
    files: Mapping[str, Source | None],
    *,
    max_bytes: int | None = None,
    new_identifier: Callable[[], str] = new_archi_identifier,
) -> ModelDocument:
    """The model in a set of Archi CSV files: {"elements": ..., "relations": ...,
    "properties": ...}, each a path or a file object; only "elements" is required."""
    if files.get(ELEMENTS) is None:
        raise InterchangeError(_("The elements file is required."))
    max_bytes = max_bytes or settings.NAKHON_MAX_CSV_BYTES
    reader = _CsvReader(new_identifier)
    reader.doc.source = source_name(files[ELEMENTS])
    reader.read_elements(_table(files[ELEMENTS], ELEMENTS, max_bytes))
    if files.get(RELATIONS) is not None:
        reader.read_relations(_table(files[RELATIONS], RELATIONS, max_bytes))
    if files.get(PROPERTIES) is not None:
        reader.read_properties(_table(files[PROPERTIES], PROPERTIES, max_bytes))
    return reader.doc


@dataclass
class _Table:
    name: str  # the file's name, for messages
    rows: list[Row]


def _table(source: Source, kind: str, max_bytes: int) -> _Table:
    name = Path(source_name(source)).name or f"{kind}{FILE_SUFFIX}"
    text = _decoded(read_limited(source, max_bytes, text_ok=True), name)
    header = _HEADERS[kind]
    delimiter = _detect_delimiter(text, header, kind, name)
    rows = list(parse_csv(text, delimiter, name))
    width = len(rows[0].cells)
    for row in rows[1:]:
        if len(row.cells) != width:
            raise InterchangeError(
                _("%(file)s: the row has %(found)d fields where the header has %(expected)d.")
                % {"file": name, "found": len(row.cells), "expected": width},
                line=row.line,
            )
        row.cells = [unguard_formula(cell) for cell in row.cells]
    return _Table(name, rows[1:])


def _decoded(data: bytes | str, name: str) -> str:
    if isinstance(data, str):
        return data.removeprefix(BOM)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InterchangeError(
            _("%(file)s is not UTF-8 text; export it from Archi with the UTF-8 encoding.")
            % {"file": name},
            line=data.count(b"\n", 0, error.start) + 1,
        ) from error


def _detect_delimiter(text: str, header: tuple[str, ...], kind: str, name: str) -> str:
    first_line = text.split("\n", 1)[0].rstrip("\r")
    for delimiter in DELIMITERS:
        try:
            cells = next(iter(parse_csv(first_line, delimiter, name))).cells
        except (InterchangeError, StopIteration):
            continue
        if _REQUIRED_COLUMNS[kind] <= len(cells) <= len(header) and all(
            cell.strip().lower() == expected.lower()
            for cell, expected in zip(cells, header, strict=False)
        ):
            return delimiter
    raise InterchangeError(
        _("%(file)s does not start with Archi's header %(header)s.")
        % {"file": name, "header": ", ".join(header)},
        line=1,
    )


def parse_csv(text: str, delimiter: str, name: str = "") -> Iterator[Row]:
    """Records of CSV text with the line each starts on, read as Commons CSV reads them."""
    unquoted = re.compile(f"[^{re.escape(delimiter)}\r\n]*")
    position, line, end = 0, 1, len(text)
    while position < end:
        if text[position] in "\r\n":
            position, line = _after_line_break(text, position, line)
            continue
        if text[position] == "#":
            position = unquoted.match(text, position).end()
            continue
        row = Row(line, [])
        while True:
            if position < end and text[position] == '"':
                value, position, line = _quoted(text, position, line, delimiter, name)
            else:
                position_after = unquoted.match(text, position).end()
                value, position = text[position:position_after], position_after
            row.cells.append(value)
            if position < end and text[position] == delimiter:
                position += 1
                continue
            break
        if position < end:
            position, line = _after_line_break(text, position, line)
        yield row


def _after_line_break(text: str, position: int, line: int) -> tuple[int, int]:
    if text.startswith("\r\n", position):
        return position + 2, line + 1
    return position + 1, line + 1


def _quoted(text: str, position: int, line: int, delimiter: str, name: str):
    """One quoted field from its opening quote: (value, position after it, line there)."""
    start_line, chunks = line, []
    position += 1
    while True:
        closing = text.find('"', position)
        if closing < 0:
            raise InterchangeError(
                _("%(file)s: a quoted field is not closed before the end of the file.")
                % {"file": name},
                line=start_line,
            )
        chunk = text[position:closing]
        chunks.append(chunk)
        line += _line_breaks(chunk)
        if text.startswith('""', closing):
            chunks.append('"')
            position = closing + 2
            continue
        position = closing + 1
        break
    while position < len(text) and text[position] not in f"{delimiter}\r\n":
        if not text[position].isspace():
            raise InterchangeError(
                _("%(file)s: unexpected “%(char)s” after a closing quote.")
                % {"file": name, "char": text[position]},
                line=line,
            )
        position += 1
    return "".join(chunks), position, line


def _line_breaks(text: str) -> int:
    return text.count("\n") + text.count("\r") - text.count("\r\n")


class _CsvReader:
    def __init__(self, new_identifier: Callable[[], str]):
        self.doc = ModelDocument()
        self.new_identifier = new_identifier
        self.model_line: int | None = None
        self.concepts: dict[str, ElementDoc | RelationshipDoc | ModelDocument] = {}
        self.lines: dict[str, int] = {}
        self.attributes_set: set[tuple[str, str]] = set()

    def claim(self, identifier: str, row: Row, table: _Table) -> str:
        """The row's identifier, checked and noted; a new one for a blank ID."""
        identifier = identifier or self.new_identifier()
        if len(identifier) > MAX_IDENTIFIER or _BAD_IDENTIFIER.search(identifier):
            raise InterchangeError(
                _(
                    "%(file)s: an ID may have no spaces or control characters and at most "
                    "%(max)d characters."
                )
                % {"file": table.name, "max": MAX_IDENTIFIER},
                line=row.line,
                identifier=identifier,
            )
        if identifier in self.lines:
            raise InterchangeError(
                _("%(file)s: this ID was already used on line %(line)d.")
                % {"file": table.name, "line": self.lines[identifier]},
                line=row.line,
                identifier=identifier,
            )
        self.lines[identifier] = row.line
        return identifier

    def read_elements(self, table: _Table) -> None:
        for row in table.rows:
            if row.get(1) == MODEL_TYPE:
                self.read_model(row, table)
                continue
            element = ElementDoc(
                identifier=self.claim(row.get(0), row, table),
                type=_element_type(row, table),
                name=lang_text(row.get(2)),
                documentation=lang_text(row.get(3)),
                properties=_specialization(row.get(4)),
                line=row.line,
            )
            self.concepts[element.identifier] = element
            self.doc.elements.append(element)

    def read_model(self, row: Row, table: _Table) -> None:
        if self.model_line is not None:
            raise InterchangeError(
                _("%(file)s: a second ArchimateModel row; the first is on line %(line)d.")
                % {"file": table.name, "line": self.model_line},
                line=row.line,
            )
        self.model_line = row.line
        # A blank model ID leaves the model as it is: nothing is created for it.
        if identifier := row.get(0):
            self.doc.identifier = self.claim(identifier, row, table)
            self.concepts[identifier] = self.doc
        self.doc.name = lang_text(row.get(2))
        self.doc.documentation = lang_text(row.get(3))

    def read_relations(self, table: _Table) -> None:
        for row in table.rows:
            identifier = self.claim(row.get(0), row, table)
            relationship = RelationshipDoc(
                identifier=identifier,
                type=_relationship_type(row, table, identifier),
                source=_end(row, 4, table, identifier),
                target=_end(row, 5, table, identifier),
                name=lang_text(row.get(2)),
                documentation=lang_text(row.get(3)),
                properties=_specialization(row.get(6)),
                line=row.line,
            )
            if relationship.type == "Access":
                relationship.access_type = ACCESS_TYPES[0]  # Archi's default when no row says
            self.concepts[identifier] = relationship
            self.doc.relationships.append(relationship)

    def read_properties(self, table: _Table) -> None:
        for row in table.rows:
            identifier, key, value = row.get(0), row.get(1), row.get(2)
            target = self.concepts.get(identifier)
            if target is None:
                raise InterchangeError(
                    _(
                        "%(file)s: the property belongs to no model, element or relationship "
                        "of these files."
                    )
                    % {"file": table.name},
                    line=row.line,
                    identifier=identifier,
                )
            if (identifier, key) not in self.attributes_set and _set_attribute(
                target, key, value, row, table
            ):
                self.attributes_set.add((identifier, key))
                continue
            target.properties.append(Property(key, value))


def _element_type(row: Row, table: _Table) -> str:
    message = gettext_lazy("%(file)s: “%(type)s” is not an ArchiMate element type.")
    where = {"line": row.line, "identifier": row.get(0)}
    return _type_name(normalise_element_type, row.get(1), message, {"file": table.name}, where)


def _relationship_type(row: Row, table: _Table, identifier: str) -> str:
    message = gettext_lazy("%(file)s: “%(type)s” is not an ArchiMate relationship type.")
    where = {"line": row.line, "identifier": identifier}
    return _type_name(normalise_relationship_type, row.get(1), message, {"file": table.name}, where)


def _type_name(
    normalise: Callable[[str], str], value: str, message: Promise, values: dict, where: dict
) -> str:
    """The metamodel's name for a type as written, or `message` (given the type and `values`)
    as an error at `where` (line, identifier)."""
    try:
        return normalise(value)
    except UnknownType:
        raise InterchangeError(message % {"type": value, **values}, **where) from None


def _end(row: Row, column: int, table: _Table, identifier: str) -> str:
    if value := row.get(column):
        return value
    raise InterchangeError(
        _("%(file)s: the relationship has no %(end)s.")
        % {"file": table.name, "end": RELATIONS_HEADER[column]},
        line=row.line,
        identifier=identifier,
    )


def _specialization(name: str) -> list[Property]:
    return [Property(SPECIALIZATION_KEY, name)] if name else []


def _set_attribute(target, key: str, value: str, row: Row, table: _Table) -> bool:
    """Apply one of Archi's attribute rows; False if the row is an ordinary property."""
    kind = getattr(target, "type", "")
    if key == ACCESS_TYPE and kind == "Access":
        target.access_type = _one_of(value, ACCESS_TYPES, row, table, target.identifier)
    elif key == INFLUENCE_STRENGTH and kind == "Influence":
        target.modifier = value
    elif key == ASSOCIATION_DIRECTED and kind == "Association":
        target.is_directed = value.strip().lower() == "true"
    elif key == JUNCTION_TYPE and kind in JUNCTION_NAMES:
        junction = _one_of(value, tuple(JUNCTION_NAMES.values()), row, table, target.identifier)
        target.type = {name: kind for kind, name in JUNCTION_NAMES.items()}[junction]
    else:
        return False
    return True


def _one_of(value: str, choices: tuple[str, ...], row: Row, table: _Table, identifier: str):
    for choice in choices:
        if value.strip().lower() == choice.lower():
            return choice
    raise InterchangeError(
        _("%(file)s: “%(value)s” is not one of %(choices)s.")
        % {"file": table.name, "value": value, "choices": ", ".join(choices)},
        line=row.line,
        identifier=identifier,
    )


# ---- writing ----


def write_archi_csv(
    doc: ModelDocument,
    folder: str | os.PathLike,
    prefix: str = "",
    delimiter: str = ",",
    *,
    bom: bool = False,
) -> dict[str, Path]:
    """Write the three files into `folder`; {"elements": path, ...}."""
    folder = Path(folder)
    written = {}
    for kind, content in render_archi_csv(doc, delimiter, bom=bom).items():
        path = folder / f"{prefix}{kind}{FILE_SUFFIX}"
        path.write_bytes(content)
        written[kind] = path
    return written


def render_archi_csv(doc: ModelDocument, delimiter: str = ",", *, bom: bool = False) -> dict:
    """{"elements": bytes, "relations": bytes, "properties": bytes}, as written to files."""
    if delimiter not in DELIMITERS:
        raise InterchangeError(
            _("The delimiter must be a comma, a semicolon or a tab, not “%(d)s”.")
            % {"d": delimiter}
        )
    tables = {
        ELEMENTS: [ELEMENTS_HEADER, _model_row(doc), *map(_element_row, doc.elements)],
        RELATIONS: [RELATIONS_HEADER, *map(_relationship_row, doc.relationships)],
        PROPERTIES: [PROPERTIES_HEADER, *_property_rows(doc)],
    }
    return {kind: _csv_bytes(rows, delimiter, bom) for kind, rows in tables.items()}


def _csv_bytes(rows: list, delimiter: str, bom: bool) -> bytes:
    header, *records = rows
    lines = [delimiter.join(f'"{cell}"' for cell in header)]
    lines += [delimiter.join(_quoted_cell(cell) for cell in record) for record in records]
    return ((BOM if bom else "") + CRLF.join(lines)).encode("utf-8")


def _quoted_cell(value: str) -> str:
    return '"' + guard_formula(value).replace('"', '""') + '"'


def one_text(text: LangText) -> str:
    """The single text a CSV cell holds: Thai, else English, else another language."""
    return split_names(text)[0]


def _model_row(doc: ModelDocument) -> tuple:
    return (doc.identifier, MODEL_TYPE, one_text(doc.name), one_text(doc.documentation), "")


def _element_row(element: ElementDoc) -> tuple:
    return _concept_row(element, _archi_element_type)


def _relationship_row(relationship: RelationshipDoc) -> tuple:
    ends = (relationship.source, relationship.target)
    return _concept_row(relationship, _archi_relationship_type, ends)


def _concept_row(concept, archi_type: Callable[..., str], ends: tuple = ()) -> tuple:
    """Archi's columns, in its order, for an element (no ends) or a relationship."""
    return (
        _identifier(concept),
        archi_type(concept),
        one_text(concept.name),
        one_text(concept.documentation),
        *ends,
        _specialization_cell(concept.properties),
    )


def _identifier(concept: ElementDoc | RelationshipDoc) -> str:
    if not concept.identifier:
        # A blank ID would be read as a new object every time; the document's own objects
        # must keep theirs.
        raise InterchangeError(_("Every element and relationship needs an identifier."))
    return concept.identifier


def _archi_element_type(element: ElementDoc) -> str:
    message = gettext_lazy("“%(type)s” is not an ArchiMate element type.")
    where = {"identifier": element.identifier}
    name = _type_name(normalise_element_type, element.type, message, {}, where)
    return "Junction" if name in JUNCTION_NAMES else name


def _archi_relationship_type(relationship: RelationshipDoc) -> str:
    message = gettext_lazy("“%(type)s” is not an ArchiMate relationship type.")
    where = {"identifier": relationship.identifier}
    name = _type_name(normalise_relationship_type, relationship.type, message, {}, where)
    return RELATIONSHIP_TYPES[name].archi_name


def _specialization_cell(properties: list[Property]) -> str:
    """The first property when it is a non-empty specialization, which the column carries."""
    if properties and properties[0].key == SPECIALIZATION_KEY and properties[0].value:
        return properties[0].value
    return ""


def _property_rows(doc: ModelDocument) -> Iterator[tuple]:
    if doc.properties and not doc.identifier:
        raise InterchangeError(_("The model's properties need the model to have an identifier."))
    for prop in doc.properties:
        yield doc.identifier, prop.key, prop.value
    for concept in [*doc.elements, *doc.relationships]:
        # Attribute rows come first: on reading, the first row with such a key is the attribute.
        for key, value in _attribute_rows(concept):
            yield concept.identifier, key, value
        skip = 1 if _specialization_cell(concept.properties) else 0
        for prop in concept.properties[skip:]:
            yield concept.identifier, prop.key, prop.value


def _attribute_rows(concept: ElementDoc | RelationshipDoc) -> list[tuple[str, str]]:
    if isinstance(concept, ElementDoc):
        name = normalise_element_type(concept.type)
        return [(JUNCTION_TYPE, JUNCTION_NAMES[name])] if name in JUNCTION_NAMES else []
    name = normalise_relationship_type(concept.type)
    if name == "Access":
        return [(ACCESS_TYPE, _access_name(concept))]
    if name == "Association":
        return [(ASSOCIATION_DIRECTED, "true" if concept.is_directed else "false")]
    if name == "Influence":
        # Written even when empty (Archi leaves it out) so that a property of that name
        # cannot be taken for the strength on reading.
        return [(INFLUENCE_STRENGTH, concept.modifier)]
    return []


def _access_name(relationship: RelationshipDoc) -> str:
    for name in ACCESS_TYPES:
        if (relationship.access_type or ACCESS_TYPES[0]).lower() == name.lower():
            return name
    raise InterchangeError(
        _("“%(value)s” is not an access type (Write, Read, Access, ReadWrite).")
        % {"value": relationship.access_type},
        identifier=relationship.identifier,
    )
