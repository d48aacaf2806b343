"""Excel workbooks (.xlsx): the model as spreadsheets, for people who keep their architecture there.

Layout, written by `write_workbook` (and, empty, by `write_template`):

- one sheet per ArchiMate layer that has elements (the template: every layer), titled in Thai
  then English ("ธุรกิจ Business"), with columns ID, Type, Name (Thai), Name (English),
  Documentation (Thai), Documentation (English);
- relationships: ID, Type, Source, Target, the names, Access type, Directed, Influence strength
  and the documentation;
- properties: ID, Key, Value, one row per property in the objects' order (a key may repeat); the
  model's own properties are there too, under the model's ID;
- property types: Key, Data type (the exchange format's property definitions);
- model: one row with the model's ID, names and documentation;
- instructions in Thai and English, which reading ignores.

Every header is Thai then English in parentheses, "ชื่อ (Name, Thai)". Reading recognises a sheet
by its header row (one of the first rows), never by its title, so sheets may be renamed or
reordered, and a column is found by its whole header, its Thai part or its English part.
Unrecognised sheets and columns are ignored.

Names and documentation: the Thai and English columns are `split_names` of the text, and every
other language gets a column of its own, "ชื่อภาษา ja (Name, ja)" or "คำอธิบายภาษา ja
(Documentation, ja)" (a column per language rather than "ja: text" lines in one cell, because
documentation has line breaks of its own; text a file gave without a language is "(Name, no
language)"). Reading gives `join_names` of the columns, so a document whose texts are in the form
`join_names` gives, as every exported one is, reads back equal; any other reads back as the
importer would store it anyway. Reading trims every cell, so spaces around a text are lost.

Type column: the exchange-format name ("BusinessActor"), which is what the drop-down lists offer:
it is the same in every language and in Archi, and does not change when a translation is
improved, so an old file still reads. The instructions sheet gives each type's Thai and English
label; reading takes those labels too, and Archi's spelling, and an element on another layer's
sheet, so the lists only warn.

Formulas: a text cell is always stored as a string, never a formula, and text beginning with one
of `FORMULA_TRIGGERS` (= + - @ tab CR, as OWASP recommends for CSV injection) or with
apostrophes followed by one of them gets one more apostrophe in front. The apostrophe keeps it
text when the cell is edited in Excel or the sheet is saved as CSV. Reading takes one apostrophe
off exactly such text, so the round trip is lossless, and text people typed themselves ("-",
"'quoted'") comes through as typed.

Blank IDs: a row without an ID is a new object and gets "id-" + a random UUID: the importer
matches by identifier, so the row must not match anything already stored, and the "id-" prefix
keeps it a valid xs:ID for the exchange format (a UUID may begin with a digit), as Archi's
identifiers are. Reading the same file again therefore gives new identifiers, and importing it
again creates the objects again. Such an element is referred to from the relationships and
properties sheets by its Thai or English name: a Source, Target or property ID that is not an ID
in the workbook but the name of exactly one element in it means that element.
"""

import csv
import functools
import re
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import override
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from nakhon.archimate.metamodel import (
    ACCESS_TYPES,
    ELEMENT_TYPES,
    RELATIONSHIP_TYPES,
    Layer,
    UnknownType,
    normalise_element_type,
    normalise_relationship_type,
)
from nakhon.core.exceptions import FileProblem
from nakhon.core.tabular import (
    FALSE_WORDS,
    FONT,
    HEADER_FILL,
    HEADER_FONT,
    TRUE_WORDS,
    Column,
    Table,
    body_rows,
    column_keys,
    find_header,
    header_columns,
    header_key,
    new_workbook,
    read_sheets,
    sheet_title,
    write_sheet,
)
from nakhon.interchange.document import (
    ElementDoc,
    LangText,
    ModelDocument,
    Property,
    RelationshipDoc,
    join_names,
    split_names,
)
from nakhon.interchange.errors import InterchangeError

EXCEL_MAX_ROW = 1_048_576
PROPERTY_DATA_TYPES = ("string", "boolean", "currency", "date", "time", "number")
NORMALISE_TYPE = {"element": normalise_element_type, "relationship": normalise_relationship_type}


# Columns and sheets


ID = Column("id", "รหัส", "ID", 40, ("identifier",))
TYPE = Column("type", "ประเภท", "Type", 26)
NAME = Column("name", "ชื่อ", "Name, Thai", 40, ("name", "name, th"))
NAME_EN = Column("name_en", "ชื่อภาษาอังกฤษ", "Name, English", 40, ("name, en",))
DOCUMENTATION = Column(
    "documentation", "คำอธิบาย", "Documentation", 60, ("documentation, thai", "documentation, th")
)
DOCUMENTATION_EN = Column(
    "documentation_en", "คำอธิบายภาษาอังกฤษ", "Documentation, English", 60, ("documentation, en",)
)
SOURCE = Column("source", "ต้นทาง", "Source", 40)
TARGET = Column("target", "ปลายทาง", "Target", 40)
ACCESS_TYPE = Column("access_type", "ประเภทการเข้าถึง", "Access type", 18)
DIRECTED = Column("is_directed", "มีทิศทาง", "Directed", 12)
MODIFIER = Column("modifier", "ระดับอิทธิพล", "Influence strength", 18)
KEY = Column("key", "ชื่อคุณสมบัติ", "Key", 30)
VALUE = Column("value", "ค่า", "Value", 50)
DATA_TYPE = Column("data_type", "ชนิดข้อมูล", "Data type", 16)

# Other languages get a column each: (Thai stem, English stem) per text.
LANGUAGE_STEMS = {"name": ("ชื่อภาษา", "Name"), "documentation": ("คำอธิบายภาษา", "Documentation")}
NO_LANGUAGE = ("ไม่ระบุ", "no language")  # a text the file gave without xml:lang
LANGUAGE_HEADER = re.compile(
    r"^(name|documentation)\s*,\s*(no language|[a-z]{1,8}(?:[-_][a-z0-9]{1,8})*)$", re.IGNORECASE
)


@dataclass(frozen=True)
class SheetKind(Table):
    required: frozenset[str]
    excluded: frozenset[str] = frozenset()

    def fits(self, keys: Iterable[str]) -> bool:
        keys = set(keys)
        return self.required <= keys and not self.excluded & keys


RELATIONSHIPS = SheetKind(
    "relationships",
    "ความสัมพันธ์",
    "Relationships",
    (ID, TYPE, SOURCE, TARGET, NAME, NAME_EN, ACCESS_TYPE, DIRECTED, MODIFIER)
    + (DOCUMENTATION, DOCUMENTATION_EN),
    frozenset({"type", "source", "target"}),
)
ELEMENTS = SheetKind(
    "elements",
    "องค์ประกอบ",
    "Elements",
    (ID, TYPE, NAME, NAME_EN, DOCUMENTATION, DOCUMENTATION_EN),
    frozenset({"type"}),
    frozenset({"source", "target", "key"}),
)
PROPERTIES = SheetKind(
    "properties",
    "คุณสมบัติ",
    "Properties",
    (ID, KEY, VALUE),
    frozenset({"id", "key", "value"}),
    frozenset({"type"}),
)
PROPERTY_TYPES = SheetKind(
    "property_types",
    "ชนิดคุณสมบัติ",
    "Property types",
    (KEY, DATA_TYPE),
    frozenset({"key", "data_type"}),
    frozenset({"id"}),
)
MODEL = SheetKind(
    "model",
    "แบบจำลอง",
    "Model",
    (ID, NAME, NAME_EN, DOCUMENTATION, DOCUMENTATION_EN),
    frozenset({"id", "name"}),
    frozenset({"type", "key", "source", "target"}),
)
SHEET_KINDS = (RELATIONSHIPS, ELEMENTS, PROPERTIES, PROPERTY_TYPES, MODEL)  # most specific first
INSTRUCTIONS_TITLE = ("คำแนะนำ", "Instructions")
INSTRUCTIONS_CSV = Path(__file__).resolve().parent / "data" / "excel-instructions.csv"


def _layer_title(layer: Layer) -> str:
    return sheet_title(*_labels(layer))


def _language_column(text: str, lang: str) -> Column:
    thai_stem, english_stem = LANGUAGE_STEMS[text]
    thai_lang, english_lang = (lang, lang) if lang else NO_LANGUAGE
    return Column(f"{text}:{lang}", f"{thai_stem} {thai_lang}", f"{english_stem}, {english_lang}")


def _language_key(header: str) -> str | None:
    """'name:ja' for "ชื่อภาษา ja (Name, ja)" (or just "Name, ja"), else None."""
    english = header.strip()
    if english.endswith(")") and "(" in english:
        english = english[english.rindex("(") + 1 : -1]
    match = LANGUAGE_HEADER.match(english.strip())
    if not match:
        return None
    lang = match.group(2)
    return f"{match.group(1).lower()}:{'' if lang.lower() == NO_LANGUAGE[1] else lang}"


@functools.cache
def _column_spellings() -> dict[str, str]:
    return column_keys({c for kind in SHEET_KINDS for c in kind.columns})


def _column_key(header: str) -> str | None:
    return _column_spellings().get(header_key(header)) or _language_key(header)


# Writing


@dataclass
class _Languages:
    """The languages other than Thai and English a document's texts use, in order of appearance."""

    names: list[str] = field(default_factory=list)
    documentation: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, doc: ModelDocument) -> "_Languages":
        concepts = [doc, *doc.elements, *doc.relationships]
        return cls(
            list(dict.fromkeys(lang for c in concepts for lang in split_names(c.name)[2])),
            list(dict.fromkeys(lang for c in concepts for lang in split_names(c.documentation)[2])),
        )

    def columns(self) -> tuple[Column, ...]:
        return tuple(
            [_language_column("name", lang) for lang in self.names]
            + [_language_column("documentation", lang) for lang in self.documentation]
        )

    def values(self, name: LangText, documentation: LangText) -> list[str]:
        names, docs = split_names(name)[2], split_names(documentation)[2]
        return [names.get(lang, "") for lang in self.names] + [
            docs.get(lang, "") for lang in self.documentation
        ]


def write_workbook(doc: ModelDocument, target) -> None:
    """Write `doc` as a workbook to `target`, a path or a binary file object."""
    workbook = new_workbook()
    languages = _Languages.of(doc)
    try:
        for layer, elements in _elements_by_layer(doc.elements).items():
            _write_element_sheet(workbook, layer, elements, languages)
        _write_relationship_sheet(workbook, doc.relationships, languages)
        _write_properties_sheet(workbook, doc)
        _write_property_types_sheet(workbook, doc.property_types)
        _write_model_sheet(workbook, doc, languages)
    except FileProblem as problem:
        raise InterchangeError.of(problem) from None
    _write_instructions(workbook)
    workbook.save(target)


def write_template(target) -> None:
    """An empty workbook to fill in: instructions first, then every sheet `read_workbook` reads."""
    workbook = new_workbook()
    _write_instructions(workbook)
    languages = _Languages()
    for layer in Layer:
        _write_element_sheet(workbook, layer, [], languages)
    _write_relationship_sheet(workbook, [], languages)
    _write_properties_sheet(workbook, ModelDocument())
    _write_property_types_sheet(workbook, {})
    _write_model_sheet(workbook, ModelDocument(), languages)
    workbook.save(target)


def _elements_by_layer(elements: list[ElementDoc]) -> dict[Layer, list[ElementDoc]]:
    by_layer: dict[Layer, list[ElementDoc]] = {layer: [] for layer in Layer}
    for element in elements:
        by_layer[ELEMENT_TYPES[_writable_type(element, "element")].layer].append(element)
    return {layer: found for layer, found in by_layer.items() if found}


def _writable_type(concept: ElementDoc | RelationshipDoc, kind: str) -> str:
    """The exchange-format name of an "element" or "relationship" concept's type."""
    try:
        return NORMALISE_TYPE[kind](concept.type)
    except UnknownType as error:
        raise InterchangeError(str(error), identifier=concept.identifier) from None


def _text_values(name: LangText, documentation: LangText) -> tuple[list[str], list[str]]:
    """([Thai name, English name], [Thai documentation, English documentation])."""
    return list(split_names(name)[:2]), list(split_names(documentation)[:2])


def _write_element_sheet(workbook, layer: Layer, elements, languages: _Languages) -> None:
    rows = []
    for element in elements:
        names, docs = _text_values(element.name, element.documentation)
        values = [element.identifier, _writable_type(element, "element"), *names, *docs]
        rows.append(
            (element.identifier, values + languages.values(element.name, element.documentation))
        )
    columns = ELEMENTS.columns + languages.columns()
    sheet = write_sheet(workbook, _layer_title(layer), columns, rows)
    types = [t.name for t in ELEMENT_TYPES.values() if t.layer == layer]
    _add_list_validation(sheet, columns.index(TYPE) + 1, types)


def _write_relationship_sheet(workbook, relationships, languages: _Languages) -> None:
    rows = []
    for rel in relationships:
        names, docs = _text_values(rel.name, rel.documentation)
        values = [rel.identifier, _writable_type(rel, "relationship"), rel.source, rel.target]
        values += [*names, rel.access_type, True if rel.is_directed else "", rel.modifier, *docs]
        rows.append((rel.identifier, values + languages.values(rel.name, rel.documentation)))
    columns = RELATIONSHIPS.columns + languages.columns()
    sheet = write_sheet(workbook, RELATIONSHIPS.title, columns, rows)
    _add_list_validation(sheet, columns.index(TYPE) + 1, list(RELATIONSHIP_TYPES))
    _add_list_validation(sheet, columns.index(ACCESS_TYPE) + 1, list(ACCESS_TYPES))
    _add_list_validation(sheet, columns.index(DIRECTED) + 1, ["TRUE", "FALSE"])


def _write_properties_sheet(workbook, doc: ModelDocument) -> None:
    owners = [doc, *doc.elements, *doc.relationships]
    rows = [
        (owner.identifier, [owner.identifier, prop.key, prop.value])
        for owner in owners
        for prop in owner.properties
    ]
    write_sheet(workbook, PROPERTIES.title, PROPERTIES.columns, rows)


def _write_property_types_sheet(workbook, property_types: dict[str, str]) -> None:
    rows = [(key, [key, data_type]) for key, data_type in property_types.items()]
    sheet = write_sheet(workbook, PROPERTY_TYPES.title, PROPERTY_TYPES.columns, rows)
    _add_list_validation(sheet, PROPERTY_TYPES.columns.index(DATA_TYPE) + 1, PROPERTY_DATA_TYPES)


def _write_model_sheet(workbook, doc: ModelDocument, languages: _Languages) -> None:
    rows = []
    if doc.identifier or doc.name or doc.documentation:
        names, docs = _text_values(doc.name, doc.documentation)
        values = [doc.identifier, *names, *docs, *languages.values(doc.name, doc.documentation)]
        rows.append((doc.identifier, values))
    write_sheet(workbook, MODEL.title, MODEL.columns + languages.columns(), rows)


def _add_list_validation(sheet, column: int, allowed: Iterable[str]) -> None:
    letter = get_column_letter(column)
    validation = DataValidation(
        type="list",
        formula1='"' + ",".join(allowed) + '"',
        allow_blank=True,
        showErrorMessage=True,
        # A warning, not a stop: reading also takes type labels, and elements of other layers.
        errorStyle="warning",
        errorTitle="ไม่อยู่ในรายการ (Not in the list)",
        error="ค่านี้ไม่อยู่ในรายการ ดูแผ่นงานคำแนะนำ (Not in the list; see the Instructions sheet)",
    )
    validation.add(f"{letter}2:{letter}{EXCEL_MAX_ROW}")
    sheet.add_data_validation(validation)


# Headers of the tables of types: deliberately unlike any column `read_workbook` looks for.
TYPE_TABLE_HEADERS = (
    "ชั้น (Layer)",
    "ชื่อประเภทที่ใช้ (Type name to enter)",
    "ชื่อภาษาไทย (Thai label)",
    "ชื่อภาษาอังกฤษ (English label)",
)


def _write_instructions(workbook) -> None:
    """`INSTRUCTIONS_CSV` in Thai and English side by side, whatever the language of the page
    that wrote it, then the tables of types."""
    sheet = workbook.create_sheet(sheet_title(*INSTRUCTIONS_TITLE))
    instructions = _instructions()
    for row, texts in enumerate(instructions, start=1):
        for column, text in enumerate(texts, start=1):
            cell = sheet.cell(row, column, text)
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            cell.font = HEADER_FONT if row == 1 else FONT
    start = len(instructions) + 2
    for column, header in enumerate(TYPE_TABLE_HEADERS, start=1):
        cell = sheet.cell(start, column, header)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    for row, values in enumerate(_type_table(), start=start + 1):
        for column, value in enumerate(values, start=1):
            sheet.cell(row, column, value)
    for column, width in enumerate((60, 60, 30, 30), start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width


@functools.cache
def _instructions() -> list[tuple[str, str]]:
    """The lines of the instructions, Thai and English, the first a heading."""
    with INSTRUCTIONS_CSV.open(encoding="utf-8", newline="") as stream:
        return [(line["thai"], line["english"]) for line in csv.DictReader(stream)]


def _type_table() -> Iterator[tuple[str, str, str, str]]:
    for layer in Layer:
        for name in (t.name for t in ELEMENT_TYPES.values() if t.layer == layer):
            yield (_layer_title(layer), name, *_labels(ELEMENT_TYPES[name]))
    relationships = RELATIONSHIPS.title
    for rel_type in RELATIONSHIP_TYPES.values():
        yield (relationships, rel_type.name, *_labels(rel_type))
    for access_type in ACCESS_TYPES:
        yield (ACCESS_TYPE.header, access_type, "", "")
    for data_type in PROPERTY_DATA_TYPES:
        yield (DATA_TYPE.header, data_type, "", "")


def _labels(labelled) -> tuple[str, str]:
    """The Thai and English label of a layer or a type."""
    with override("th"):
        thai = str(labelled.label)
    with override("en"):
        english = str(labelled.label)
    return thai, english


# Reading


@dataclass(frozen=True)
class Place:
    sheet: str
    row: int


@dataclass
class Row:
    place: Place
    values: dict[str, str]

    def get(self, key: str) -> str:
        return self.values.get(key, "")

    def languages(self, text: str) -> dict[str, str]:
        prefix = f"{text}:"
        return {
            key.removeprefix(prefix): value
            for key, value in self.values.items()
            if key.startswith(prefix) and value
        }


@dataclass
class Sheet:
    title: str
    kind: SheetKind
    rows: list[Row]


def read_workbook(source, *, max_bytes: int | None = None) -> ModelDocument:
    """Read a workbook from `source`, a path or a binary file object, into a document.

    Refuses (InterchangeError) anything but an .xlsx of at most `max_bytes`, packed or unpacked.
    """
    try:
        sheets = read_sheets(source, _read_sheet, max_bytes)
    except FileProblem as problem:
        raise InterchangeError.of(problem) from None
    if not sheets:
        raise InterchangeError(
            _(
                "This workbook has none of the sheets Nakhon EA reads. Expected: %(sheets)s, "
                "each recognised by its header row."
            )
            % {"sheets": "; ".join(_expected_sheets())}
        )
    return _Reader(sheets).document()


def _expected_sheets() -> list[str]:
    def described(kind: SheetKind, title: str) -> str:
        required = [c.header for c in kind.columns if c.key in kind.required]
        return f"“{title}” ({', '.join(required)})"

    layers = " / ".join(_layer_title(layer) for layer in Layer)
    kinds = [described(ELEMENTS, layers)]
    kinds += [described(kind, kind.title) for kind in SHEET_KINDS if kind is not ELEMENTS]
    return kinds


def _read_sheet(worksheet) -> Sheet | None:
    found = find_header(worksheet, functools.partial(_sheet_kind, worksheet.title))
    if found is None:
        return None
    header_row, (kind, columns) = found
    rows = [
        Row(Place(worksheet.title, number), texts)
        for number, texts in body_rows(worksheet, header_row, columns)
    ]
    return Sheet(worksheet.title, kind, rows)


def _sheet_kind(title: str, number: int, values) -> tuple[SheetKind, dict[str, int]] | None:
    """The kind of sheet `values` are the header row of, and {column key: index}; None if they
    are not one."""
    columns, repeated = header_columns(values, _column_key)
    kind = next((k for k in SHEET_KINDS if k.fits(columns)), None)
    if kind is not None and repeated:
        raise InterchangeError(
            _("Sheet “%(sheet)s”, row %(row)d: the column “%(column)s” appears twice.")
            % {"sheet": title, "row": number, "column": repeated[0]},
            line=number,
        )
    return None if kind is None else (kind, columns)


def _new_identifier() -> str:
    return f"id-{uuid.uuid4().hex}"


class _Reader:
    """Builds the document from the recognised sheets, checking what only the workbook can tell."""

    def __init__(self, sheets: list[Sheet]):
        self.sheets = sheets
        self.doc = ModelDocument()
        self.places: dict[str, Place] = {}  # identifier -> where it was given
        self.properties: list[tuple[str, Property, Place]] = []
        self.model_place: Place | None = None

    def document(self) -> ModelDocument:
        readers = {
            ELEMENTS.key: self._element,
            RELATIONSHIPS.key: self._relationship,
            PROPERTIES.key: self._property,
            PROPERTY_TYPES.key: self._property_type,
            MODEL.key: self._model,
        }
        for sheet in self.sheets:
            for row in sheet.rows:
                readers[sheet.kind.key](row)
        self._resolve_references()
        return self.doc

    def _identifier(self, row: Row) -> str:
        identifier = row.get(ID.key)
        if not identifier:
            identifier = _new_identifier()
        elif identifier in self.places:
            first = self.places[identifier]
            raise InterchangeError(
                _(
                    "The ID “%(id)s” is on two rows: sheet “%(first_sheet)s”, row %(first_row)d, "
                    "and sheet “%(sheet)s”, row %(row)d."
                )
                % {
                    "id": identifier,
                    "first_sheet": first.sheet,
                    "first_row": first.row,
                    "sheet": row.place.sheet,
                    "row": row.place.row,
                },
                line=row.place.row,
                identifier=identifier,
            )
        self.places[identifier] = row.place
        return identifier

    def _concept(self, row: Row, kind: str) -> dict:
        """What an "element" and a "relationship" row give alike."""
        identifier = self._identifier(row)
        return {
            "identifier": identifier,
            "type": _concept_type(row, identifier, kind),
            "name": _names(row),
            "documentation": _documentation(row),
            "line": row.place.row,
        }

    def _element(self, row: Row) -> None:
        self.doc.elements.append(ElementDoc(**self._concept(row, "element")))

    def _relationship(self, row: Row) -> None:
        concept = self._concept(row, "relationship")
        identifier = concept["identifier"]
        self.doc.relationships.append(
            RelationshipDoc(
                **concept,
                source=_required(row, SOURCE, identifier),
                target=_required(row, TARGET, identifier),
                access_type=_access_type(row, identifier),
                is_directed=_directed(row, identifier),
                modifier=row.get(MODIFIER.key),
            )
        )

    def _property(self, row: Row) -> None:
        owner = _required(row, ID, "")
        prop = Property(_required(row, KEY, owner), row.get(VALUE.key))
        self.properties.append((owner, prop, row.place))

    def _property_type(self, row: Row) -> None:
        key = _required(row, KEY, "")
        if key in self.doc.property_types:
            raise _row_error(
                row.place, _("The key “%(key)s” has a data type above already.") % {"key": key}
            )
        data_type = row.get(DATA_TYPE.key)
        if data_type.lower() not in PROPERTY_DATA_TYPES:
            raise _row_error(
                row.place,
                _("“%(value)s” is not a property data type. Use one of: %(valid)s.")
                % {"value": data_type, "valid": ", ".join(PROPERTY_DATA_TYPES)},
            )
        self.doc.property_types[key] = data_type.lower()

    def _model(self, row: Row) -> None:
        if self.model_place is not None:
            raise _row_error(
                row.place,
                _("The model sheet has one row; the model is on row %(row)d already.")
                % {"row": self.model_place.row},
            )
        self.model_place = row.place
        # A blank model ID stays blank: there is one model, and it is matched by nothing else.
        self.doc.identifier = row.get(ID.key)
        if self.doc.identifier:
            self._identifier(row)
        self.doc.name, self.doc.documentation = _names(row), _documentation(row)

    def _resolve_references(self) -> None:
        """Ends and property owners given by name mean the one element of that name."""
        names = _elements_by_name(self.doc.elements)
        for rel in self.doc.relationships:
            place = self.places[rel.identifier]
            rel.source = self._reference(rel.source, names, place)
            rel.target = self._reference(rel.target, names, place)
        owners = {
            obj.identifier: obj
            for obj in [self.doc, *self.doc.elements, *self.doc.relationships]
            if obj.identifier
        }
        for owner, prop, place in self.properties:
            identifier = self._reference(owner, names, place)
            if identifier not in owners:
                raise _row_error(
                    place,
                    _("“%(id)s” is neither an ID nor an element name in this workbook.")
                    % {"id": owner},
                    owner,
                )
            owners[identifier].properties.append(prop)

    def _reference(self, text: str, names: dict[str, list[str]], place: Place) -> str:
        """The identifier `text` means; not found, it may be in the repository: the importer
        says if it is not."""
        if text in self.places:
            return text
        found = names.get(text, [])
        if len(found) > 1:
            raise _row_error(
                place,
                _("“%(name)s” is the name of %(count)d elements; give the ID instead.")
                % {"name": text, "count": len(found)},
            )
        return found[0] if found else text


def _row_error(place: Place, message: str, identifier: str = "") -> InterchangeError:
    return InterchangeError(
        _("Sheet “%(sheet)s”, row %(row)d: %(message)s")
        % {"sheet": place.sheet, "row": place.row, "message": message},
        line=place.row,
        identifier=identifier,
    )


def _required(row: Row, column: Column, identifier: str) -> str:
    value = row.get(column.key)
    if not value:
        raise _row_error(
            row.place, _("“%(column)s” is empty.") % {"column": column.header}, identifier
        )
    return value


def _names(row: Row) -> LangText:
    return join_names(row.get(NAME.key), row.get(NAME_EN.key), row.languages("name"))


def _documentation(row: Row) -> LangText:
    return join_names(
        row.get(DOCUMENTATION.key), row.get(DOCUMENTATION_EN.key), row.languages("documentation")
    )


def _spelling_key(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch not in " _-\"'“”")


@functools.cache
def _label_spellings(kind: str) -> dict[str, str]:
    """Thai and English labels of the element or relationship types, for reading only."""
    types = ELEMENT_TYPES if kind == "element" else RELATIONSHIP_TYPES
    spellings: dict[str, str] = {}
    for language in ("en", "th"):
        with override(language):
            for name, metamodel_type in types.items():
                spellings.setdefault(_spelling_key(str(metamodel_type.label)), name)
    return spellings


def _concept_type(row: Row, identifier: str, kind: str) -> str:
    """The type of an "element" or "relationship" row: its exchange-format name, Archi's
    spelling of it, or its Thai or English label."""
    text = _required(row, TYPE, identifier)
    try:
        return NORMALISE_TYPE[kind](text)
    except UnknownType as error:
        found = _label_spellings(kind).get(_spelling_key(text))
        if found is None:
            raise _row_error(row.place, str(error), identifier) from None
        return found


def _access_type(row: Row, identifier: str) -> str:
    text = row.get(ACCESS_TYPE.key)
    if not text:
        return ""
    for access_type in ACCESS_TYPES:
        if _spelling_key(access_type) == _spelling_key(text):
            return access_type
    raise _row_error(
        row.place,
        _("“%(value)s” is not an access type. Use one of: %(valid)s.")
        % {"value": text, "valid": ", ".join(ACCESS_TYPES)},
        identifier,
    )


def _directed(row: Row, identifier: str) -> bool:
    text = row.get(DIRECTED.key).casefold()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise _row_error(
        row.place,
        _("“%(value)s” in “%(column)s” is neither TRUE nor FALSE.")
        % {"value": row.get(DIRECTED.key), "column": DIRECTED.header},
        identifier,
    )


def _elements_by_name(elements: list[ElementDoc]) -> dict[str, list[str]]:
    names: dict[str, list[str]] = {}
    for element in elements:
        thai, english, _others = split_names(element.name)
        for name in dict.fromkeys(n for n in (thai, english) if n):
            names.setdefault(name, []).append(element.identifier)
    return names
