"""The application portfolio as CSV and as an Excel workbook, for budget and review meetings.

Both carry the same columns. Text is neutralised as the interchange workbooks do it
(`guard_formula`): a name beginning with "=" stays text in Excel. Numbers stay numbers in the
workbook, dates stay dates.
"""

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

from nakhon.interchange.excel import FONT, HEADER_FILL, HEADER_FONT, guard_formula

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOM = "\ufeff"  # so that Excel opens the CSV as UTF-8 and shows Thai


@dataclass(frozen=True)
class Column:
    header: object
    value: Callable
    width: int = 14


def _unit(profile) -> str:
    unit = profile.element.owner_unit
    return str(unit) if unit else ""


def _label(value) -> str:
    return str(value.label) if value is not None else ""


COLUMNS = (
    Column(_("identifier"), lambda p: p.element.identifier, 24),
    Column(_("name (Thai)"), lambda p: p.element.name, 40),
    Column(_("name (English)"), lambda p: p.element.name_en, 36),
    Column(_("owning unit"), _unit, 30),
    Column(_("lifecycle status"), lambda p: p.element.get_status_display()),
    Column(_("vendor"), lambda p: p.vendor, 24),
    Column(_("hosting"), lambda p: p.get_hosting_display()),
    Column(_("yearly cost (baht)"), lambda p: p.yearly_cost, 16),
    Column(_("users"), lambda p: p.users),
    Column(_("business fit"), lambda p: p.business_fit),
    Column(_("technical fit"), lambda p: p.technical_fit),
    Column(_("TIME class"), lambda p: _label(p.time_class)),
    Column(_("end of support"), lambda p: p.end_of_support),
)


def rows(profiles):
    for profile in profiles:
        yield [column.value(profile) for column in COLUMNS]


def _text(value) -> str:
    return guard_formula(ILLEGAL_CHARACTERS_RE.sub("", value)) if value else ""


def portfolio_csv(profiles) -> bytes:
    """UTF-8 with a byte-order mark; dates in ISO form (2026-09-30), numbers unformatted."""
    stream = io.StringIO()
    writer = csv.writer(stream)
    writer.writerow([str(c.header) for c in COLUMNS])
    for row in rows(profiles):
        writer.writerow([_text(v) if isinstance(v, str) else ("" if v is None else v) for v in row])
    return (BOM + stream.getvalue()).encode("utf-8")


def portfolio_xlsx(profiles) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(_("Applications"))[:31]
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(1, index, str(column.header))
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    for row_number, row in enumerate(rows(profiles), start=2):
        for index, value in enumerate(row, start=1):
            cell = sheet.cell(row_number, index)
            cell.font = FONT
            if isinstance(value, str):
                cell.value = _text(value)
                cell.data_type = "s"  # never a formula, whatever the text
            else:
                cell.value = value
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{sheet.max_row}"
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


EXPORTS = {
    "csv": (portfolio_csv, CSV_TYPE),
    "xlsx": (portfolio_xlsx, XLSX_TYPE),
}
