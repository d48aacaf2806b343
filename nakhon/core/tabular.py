"""Spreadsheets for any app: CSV and .xlsx files people open in Excel, and reading them back.

Text is written so that Excel shows Thai (CSV in UTF-8 with a byte-order mark, .xlsx in a font
with Thai glyphs) and never runs it: a text cell is always a string, and text beginning with one
of `FORMULA_TRIGGERS` (= + - @ tab CR, as OWASP recommends for CSV injection), or with
apostrophes or white space followed by one of them or its full-width form (＝ ＋ － ＠), gets one
more apostrophe in front, which `cell_text` takes off again. A workbook is checked
(`check_container`) before openpyxl unpacks a byte of it.

Reading recognises a sheet by its header row (one of the first `HEADER_SCAN_ROWS` rows), never
by its title, and a column by its whole header, its Thai part or its English part.
"""

import contextlib
import csv
import io
import os
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import TypeVar

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.utils.indexed_list import IndexedList

from nakhon.core.exceptions import FileProblem
from nakhon.core.validators import visible_text

MAX_ZIP_MEMBERS = 10_000
EXCEL_MAX_CELL_CHARACTERS = 32_767
EXCEL_MAX_TITLE = 31
FORBIDDEN_IN_TITLES = re.compile(r"[\[\]:*?/\\]")
HEADER_SCAN_ROWS = 10  # people put a title or a note above the header row
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Spreadsheets skip white space before a formula, and take the full-width signs (which a Thai
# or CJK keyboard types) for the plain ones.
FULL_WIDTH_TRIGGERS = ("＝", "＋", "－", "＠")
GUARD = "'"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and encrypted .xlsx
# On every Windows and macOS, with Thai glyphs (Calibri, the default, has none).
FONT = Font(name="Tahoma", size=10, family=2)
HEADER_FONT = Font(name="Tahoma", size=10, family=2, bold=True)
HEADER_FILL = PatternFill("solid", start_color="DDEBF7")
# The spreadsheets other apps offer for download (CSV for anything, .xlsx for Excel).
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# Thai digits as people type them in cells and manuals (๑๕ วัน), read as the digits they are.
THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
TRUE_WORDS = {"true", "yes", "y", "1", "x", "ใช่", "จริง"}
FALSE_WORDS = {"", "false", "no", "n", "0", "ไม่", "ไม่ใช่", "เท็จ"}
# Broken or foreign content surfaces from openpyxl, zipfile, zlib and the XML parsers as these
# (XML syntax errors are SyntaxErrors), while opening the workbook and while reading its rows.
UNREADABLE = (zipfile.BadZipFile, zlib.error, OSError, EOFError, SyntaxError, KeyError)
UNREADABLE += (IndexError, ValueError, InvalidFileException, TypeError, AttributeError)
T = TypeVar("T")


@dataclass(frozen=True)
class Column:
    key: str
    thai: str
    english: str
    width: int = 30
    aliases: tuple[str, ...] = ()

    @property
    def header(self) -> str:
        return f"{self.thai} ({self.english})"

    def spellings(self) -> set[str]:
        return {header_key(s) for s in (self.header, self.thai, self.english, *self.aliases)}


def header_key(text: object) -> str:
    return "".join(str(text).split()).casefold()


def column_keys(columns: Iterable[Column]) -> dict[str, str]:
    """{`header_key` of every spelling of a column: its key}."""
    return {spelling: c.key for c in columns for spelling in c.spellings()}


@dataclass(frozen=True)
class Table:
    """Columns under a Thai and an English name: a sheet of a workbook."""

    key: str
    thai: str
    english: str
    columns: tuple[Column, ...]

    def column_key(self, header: str) -> str | None:
        """The key of the column `header` spells, None if it spells none of them."""
        return column_keys(self.columns).get(header_key(header))

    @property
    def title(self) -> str:
        return sheet_title(self.thai, self.english)


def sheet_title(thai: str, english: str) -> str:
    """Thai and English if Excel's 31 characters allow, else Thai alone."""
    for title in (f"{thai} {english}", thai, english):
        title = FORBIDDEN_IN_TITLES.sub(" ", title).strip("' ")  # no apostrophe at either end
        if len(title) <= EXCEL_MAX_TITLE:
            return title
    return title[:EXCEL_MAX_TITLE]


def _needs_guard(text: str) -> bool:
    """Whether `text`, past any apostrophes, is a formula to a spreadsheet: it starts with a
    trigger, or with white space (any, full-width included) and then a trigger."""
    text = text.lstrip(GUARD)
    return text.startswith(FORMULA_TRIGGERS) or text.lstrip().startswith(
        FORMULA_TRIGGERS + FULL_WIDTH_TRIGGERS
    )


def guard_formula(text: str) -> str:
    """Text as written to a cell: one more apostrophe before anything a spreadsheet would run."""
    return GUARD + text if _needs_guard(text) else text


def unguard_formula(text: str) -> str:
    """The inverse of `guard_formula`, for any text it can give."""
    return text[1:] if text.startswith(GUARD) and _needs_guard(text[1:]) else text


def new_workbook() -> Workbook:
    workbook = Workbook()
    workbook.remove(workbook.active)
    # The workbook's default font is what new cells get too; openpyxl offers no public setter.
    workbook._fonts = IndexedList([FONT])
    workbook._named_styles["Normal"].font = FONT
    return workbook


def write_sheet(workbook, title: str, columns, rows: list[tuple[str, list]]):
    """A sheet with a frozen, filterable header row; `rows` are (identifier, values) pairs,
    the identifier saying which object a cell Excel cannot hold belongs to."""
    sheet = workbook.create_sheet(title)
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(1, index, str(column.header))
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(vertical="top", wrap_text=True)
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    for row_number, (identifier, values) in enumerate(rows, start=2):
        for index, value in enumerate(values, start=1):
            _put(sheet.cell(row_number, index), value, identifier)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(len(rows) + 1, 2)}"
    return sheet


def workbook_bytes(title: str, columns, rows: list[tuple[str, list]]) -> bytes:
    """A workbook of one sheet (`write_sheet`), as the bytes of an .xlsx file."""
    workbook = new_workbook()
    write_sheet(workbook, title, columns, rows)
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def _put(cell, value, identifier: str) -> None:
    if value is True:
        cell.value = True
        return
    if isinstance(value, int | float | Decimal | date) and not isinstance(value, bool):
        cell.value = value  # numbers and dates stay such, to sum and filter in Excel
        return
    if not value:
        return
    text = guard_formula(visible_text(str(value)))
    if len(text) > EXCEL_MAX_CELL_CHARACTERS:
        raise FileProblem(
            _("A text is longer than the %(limit)d characters an Excel cell holds.")
            % {"limit": EXCEL_MAX_CELL_CHARACTERS},
            identifier=identifier,
        )
    cell.value = text
    # Never a formula or an error value ("#N/A"), whatever openpyxl guesses from the text.
    cell.data_type = "s"


def csv_bytes(headers, rows: Iterable[list]) -> bytes:
    """A CSV file that Excel opens as UTF-8, so that it shows Thai, its text guarded as a
    workbook's cells are; numbers and dates as they are, None as an empty cell."""
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow([str(header) for header in headers])
    for row in rows:
        writer.writerow(
            ["" if v is None else guard_formula(v) if isinstance(v, str) else v for v in row]
        )
    return text.getvalue().encode("utf-8-sig")


def check_container(stream, max_bytes: int) -> None:
    """Refuse what is not an .xlsx, and anything that is or unpacks to more than `max_bytes`,
    before openpyxl unpacks a byte of it."""
    size = stream.seek(0, os.SEEK_END)
    stream.seek(0)
    if size > max_bytes:
        raise FileProblem(_too_large(max_bytes))
    if stream.read(len(OLE_SIGNATURE)) == OLE_SIGNATURE:
        raise FileProblem(
            _(
                "This is an Excel 97–2003 (.xls) or password-protected workbook. "
                "Save it in Excel as an .xlsx workbook without a password and import that."
            )
        )
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise FileProblem(_not_xlsx()) from None
    # zipfile stops each member at its declared size, so the declared sizes bound the unpacking.
    if len(members) > MAX_ZIP_MEMBERS or sum(m.file_size for m in members) > max_bytes:
        raise FileProblem(_too_large(max_bytes))
    if "[Content_Types].xml" not in {m.filename for m in members}:
        raise FileProblem(_not_xlsx())
    stream.seek(0)


def _too_large(max_bytes: int) -> str:
    return _(
        "The workbook is, or unpacks to, more than %(size)d MB; Nakhon EA reads up to that."
    ) % {"size": max(1, max_bytes // (1024 * 1024))}


def _not_xlsx() -> str:
    return _("This file is not an Excel workbook (.xlsx). Save it in Excel as .xlsx and try again.")


@contextlib.contextmanager
def binary(source) -> Iterator:
    """`source`, a path or a binary file object, as a binary file object."""
    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as stream:
            yield stream
    else:
        yield source


def read_sheets(
    source, read_sheet: Callable[..., T | None], max_bytes: int | None = None
) -> list[T]:
    """What `read_sheet` makes of each worksheet of the workbook `source` (a path or a binary
    file object), the sheets it makes nothing of left out.

    Refuses (FileProblem) anything but an undamaged .xlsx of at most `max_bytes`, packed or
    unpacked.
    """
    with binary(source) as stream:
        check_container(stream, max_bytes or settings.NAKHON_MAX_WORKBOOK_BYTES)
        try:
            workbook = load_workbook(stream, read_only=True, data_only=True)
        except UNREADABLE as error:
            raise _unreadable(error) from None
        try:
            return [read for ws in workbook.worksheets if (read := read_sheet(ws)) is not None]
        except UNREADABLE as error:
            # A read-only workbook parses each sheet only as its rows are read, so damage
            # surfaces here as it does on opening.
            raise _unreadable(error) from None
        finally:
            workbook.close()


def _unreadable(error: Exception) -> FileProblem:
    return FileProblem(
        _("This workbook is damaged or not one Excel writes (%(error)s).")
        % {"error": error.__class__.__name__}
    )


def find_header(worksheet, recognise: Callable[[int, tuple], T | None]) -> tuple[int, T] | None:
    """The first of the sheet's first rows that `recognise(row number, values)` takes for a
    header row: its number, and what `recognise` made of it."""
    rows = worksheet.iter_rows(max_row=HEADER_SCAN_ROWS, values_only=True)
    for number, values in enumerate(rows, start=1):
        found = recognise(number, values)
        if found is not None:
            return number, found
    return None


def header_columns(
    values: tuple, key_of: Callable[[str], str | None]
) -> tuple[dict[str, int], list[str]]:
    """({column key: index}, the headers of columns given again) of a header row; `key_of` says
    which column a header is, None for one not read."""
    columns: dict[str, int] = {}
    repeated = []
    for index, value in enumerate(values):
        key = None if value is None else key_of(str(value))
        if key is None:
            continue
        if key in columns:
            repeated.append(str(value).strip())
        else:
            columns[key] = index
    return columns, repeated


def body_rows(
    worksheet, header_row: int, columns: dict[str, int]
) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number, {column key: `cell_text`}) of every row below the header row that is not
    empty in those columns."""
    width = max(columns.values()) + 1
    values_by_row = worksheet.iter_rows(min_row=header_row + 1, max_col=width, values_only=True)
    for number, values in enumerate(values_by_row, start=header_row + 1):
        texts = {key: cell_text(values[i]) if i < len(values) else "" for key, i in columns.items()}
        if any(texts.values()):
            yield number, texts


def cell_text(value) -> str:
    """A cell as text: numbers and dates as people would type them, text trimmed and with the
    writer's formula guard taken off."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return unguard_formula(str(value).strip())


def csv_text(data: bytes) -> str:
    """A CSV file's text: UTF-8 (with or without the byte-order mark Excel writes) or Thai
    Windows (cp874, TIS-620), as older Excel saves CSV."""
    for encoding in ("utf-8-sig", "cp874"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileProblem(_("The CSV file is neither UTF-8 nor Thai Windows (TIS-620) text."))


class CsvSheet:
    """A CSV file read as one worksheet, so that `find_header` and `body_rows` read it as they
    read a workbook's sheets. Refuses (FileProblem) a file over `max_bytes` or not text."""

    def __init__(self, source, max_bytes: int | None = None, title: str = "CSV"):
        limit = max_bytes or settings.NAKHON_MAX_CSV_BYTES
        with binary(source) as stream:
            data = stream.read(limit + 1)
        if len(data) > limit:
            raise FileProblem(
                _("The CSV file is larger than %(size)d MB.")
                % {"size": max(1, limit // (1024 * 1024))}
            )
        try:
            self.rows = [tuple(row) for row in csv.reader(io.StringIO(csv_text(data)))]
        except csv.Error as error:
            raise FileProblem(_("This is not a CSV file (%(error)s).") % {"error": error}) from None
        self.title = title

    def iter_rows(self, min_row=1, max_row=None, max_col=None, values_only=True):
        for values in self.rows[min_row - 1 : max_row]:
            yield values[:max_col] if max_col else values
