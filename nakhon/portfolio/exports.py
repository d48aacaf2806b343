"""The application portfolio as CSV and as an Excel workbook, for budget and review meetings.

Both carry the same columns. Text is neutralised as in every spreadsheet Nakhon EA writes
(`guard_formula`): a name beginning with "=" stays text in Excel. Numbers stay numbers in the
workbook, dates stay dates.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from nakhon.core.tabular import CONTENT_TYPES, csv_bytes, workbook_bytes
from nakhon.core.validators import visible_text


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


def rows(profiles) -> list[tuple[str, list]]:
    """(identifier, cell values) per profile; control characters, which a workbook cannot
    hold, shown as symbols."""
    table = []
    for profile in profiles:
        values = [column.value(profile) for column in COLUMNS]
        table.append((values[0], [visible_text(v) if isinstance(v, str) else v for v in values]))
    return table


def portfolio_csv(profiles) -> bytes:
    """UTF-8 with a byte-order mark; dates in ISO form (2026-09-30), numbers unformatted."""
    return csv_bytes([c.header for c in COLUMNS], [values for _id, values in rows(profiles)])


def portfolio_xlsx(profiles) -> bytes:
    return workbook_bytes(str(_("Applications"))[:31], COLUMNS, rows(profiles))


EXPORTS = {
    "csv": (portfolio_csv, CONTENT_TYPES["csv"]),
    "xlsx": (portfolio_xlsx, CONTENT_TYPES["xlsx"]),
}
