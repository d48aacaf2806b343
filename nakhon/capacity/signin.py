"""Sign-in sheets (ใบลงชื่อ / ใบลงทะเบียน): who came to a session, as an Excel workbook or a CSV
file, read into rows and matched to people.

A sheet is recognised by its header row (one of its first rows, as `core.tabular` reads any
sheet): a column of full names ("ชื่อ-สกุล (Name)"), or one of first names and one of surnames;
a unit and a position column may follow. Where the sheet has a signature column, a row left
blank there is someone who did not come. Titles, spacing and Thai digits do not matter
(`names.name_key`).

Importing is a plan first (`plan_sheet`): every name is matched (`names.NameIndex`); an exact
match is taken, a near one is put up for review and a name matching no one is reported. Nothing
is written until the officer confirms the plan with a decision for every name put up for review
(`attendance.apply_plan`, all or nothing).
"""

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from nakhon.core.exceptions import FileProblem
from nakhon.core.tabular import (
    Column,
    CsvSheet,
    body_rows,
    column_keys,
    find_header,
    header_columns,
    header_key,
    read_sheets,
)

NAME = Column(
    "name",
    "ชื่อ-สกุล",
    "Name",
    aliases=("ชื่อ-นามสกุล", "ชื่อ นามสกุล", "ชื่อสกุล", "ชื่อและนามสกุล", "Full name"),
)
FIRST_NAME = Column("first_name", "ชื่อ", "First name", aliases=("Given name",))
SURNAME = Column("surname", "นามสกุล", "Surname", aliases=("สกุล", "Last name", "Family name"))
UNIT = Column("unit", "หน่วยงาน", "Unit", aliases=("สังกัด", "ส่วนราชการ", "Department"))
POSITION = Column("position", "ตำแหน่ง", "Position")
SIGNATURE = Column("signature", "ลายมือชื่อ", "Signature", aliases=("ลงชื่อ", "Signed"))
COLUMNS = (NAME, FIRST_NAME, SURNAME, UNIT, POSITION, SIGNATURE)
KEYS = column_keys(COLUMNS)
# The template's columns, in its order.
TEMPLATE_COLUMNS = (NAME, UNIT, POSITION, SIGNATURE)


@dataclass(frozen=True)
class SheetRow:
    """One person's row of a sheet: where it is, the name as written, and what else it says."""

    sheet: str
    row: int
    name: str
    unit: str = ""
    position: str = ""
    signed: bool = True

    @property
    def place(self) -> str:
        return _("sheet “%(sheet)s”, row %(row)d") % {"sheet": self.sheet, "row": self.row}


def read_sheet_file(source, filename: str) -> list[SheetRow]:
    """The rows of a sign-in sheet (a path or a binary file object) named `filename`, in order.

    Refuses (FileProblem) a file that is not a .csv or .xlsx, that is too large or damaged,
    that has no sheet with a header row of names, or a row with no name, naming the sheet, the
    row and the column.
    """
    suffix = Path(filename).suffix.lower()
    if suffix == ".csv":
        sheets = [CsvSheet(source, settings.NAKHON_MAX_SIGNIN_SHEET_BYTES, Path(filename).name)]
        found = [rows for sheet in sheets if (rows := _read(sheet)) is not None]
    elif suffix == ".xlsx":
        found = read_sheets(source, _read, settings.NAKHON_MAX_SIGNIN_SHEET_BYTES)
    else:
        raise FileProblem(_("Give the sign-in sheet as an Excel workbook (.xlsx) or a CSV file."))
    if not found:
        raise FileProblem(
            _(
                "No sheet has a header row with a column “%(name)s”, or the columns "
                "“%(first)s” and “%(surname)s”, in its first rows."
            )
            % {"name": NAME.header, "first": FIRST_NAME.header, "surname": SURNAME.header}
        )
    return [row for rows in found for row in rows]


def _header(_number: int, values) -> dict[str, int] | None:
    columns, _repeated = header_columns(values, lambda text: KEYS.get(header_key(text)))
    if NAME.key in columns or {FIRST_NAME.key, SURNAME.key} <= set(columns):
        return columns
    return None


def _read(sheet) -> list[SheetRow] | None:
    found = find_header(sheet, _header)
    if found is None:
        return None
    header_row, columns = found
    rows = []
    for number, texts in body_rows(sheet, header_row, columns):
        if NAME.key in columns:
            name, missing = texts[NAME.key], NAME if not texts[NAME.key] else None
        else:
            first, surname = texts[FIRST_NAME.key], texts[SURNAME.key]
            name = f"{first} {surname}"
            missing = FIRST_NAME if not first else SURNAME if not surname else None
        if missing is not None:
            raise FileProblem(
                _("Sheet “%(sheet)s”, row %(row)d, column “%(column)s”: the name is missing.")
                % {"sheet": sheet.title, "row": number, "column": missing.header}
            )
        rows.append(
            SheetRow(
                sheet.title,
                number,
                name,
                texts.get(UNIT.key, ""),
                texts.get(POSITION.key, ""),
                bool(texts[SIGNATURE.key]) if SIGNATURE.key in columns else True,
            )
        )
    return rows
