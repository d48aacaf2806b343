"""The dashboards and the open-data statistics as CSV and Excel, written with core.tabular.

Figures only: no export names a person. The workbook has one sheet per part of the dashboard;
the CSV holds the same figures as one long table (part, unit, area, group, measure, value,
people), which any statistics tool reads.
"""

import io
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from nakhon.capacity.dashboards import Dashboard
from nakhon.core.tabular import csv_bytes, new_workbook, write_sheet


@dataclass(frozen=True)
class Column:
    header: object
    width: int = 18


def _value(figure):
    return None if figure is None else figure.value


def _people(figure):
    return None if figure is None else figure.people


def _withheld(figure) -> str:
    return str(_("withheld (fewer than 3 people)")) if figure and figure.withheld else ""


def sheets(board: Dashboard) -> list[tuple[str, list, list]]:
    """(title, columns, rows) for each part of the dashboard."""
    heat = []
    for row in board.heat_rows():
        for group, cell in zip(board.groups, row["cells"], strict=True):
            heat.append(
                [str(row["area"]), str(group.label), _value(cell), _people(cell), _withheld(cell)]
            )
        heat.append(
            [
                str(row["area"]),
                str(_("everyone")),
                _value(row["all"]),
                _people(row["all"]),
                _withheld(row["all"]),
            ]
        )
    by_area = [
        [
            str(row["area"]),
            _value(row["baseline"]),
            _value(row["all"]),
            _people(row["all"]),
            _withheld(row["all"]),
        ]
        for row in board.heat_rows()
    ]
    return [
        (
            str(_("Average gap")),
            [
                Column(_("skill area"), 36),
                Column(_("personnel group")),
                Column(_("average gap")),
                Column(_("people")),
                Column(_("note"), 30),
            ],
            heat,
        ),
        (
            str(_("Progress by area")),
            [
                Column(_("skill area"), 36),
                Column(_("baseline average gap")),
                Column(_("average gap now")),
                Column(_("people")),
                Column(_("note"), 30),
            ],
            by_area,
        ),
        (
            str(_("Trained")),
            [Column(_("skill area"), 36), Column(_("people trained"))],
            [[str(area), count] for area, count in board.trained_by_area],
        ),
        (
            str(_("Attendance")),
            [
                Column(_("event"), 40),
                Column(_("registered")),
                Column(_("came")),
                Column(_("attendance rate (%)")),
            ],
            [[str(r["event"]), r["registered"], r["came"], r["rate"]] for r in board.attendance],
        ),
        (
            str(_("No trained liaison")),
            [Column(_("unit"), 40), Column(_("code"))],
            [[str(unit), unit.code] for unit in board.without_liaison],
        ),
        (
            str(_("Overdue actions")),
            [
                Column(_("unit"), 40),
                Column(_("overdue actions")),
                Column(_("oldest due date")),
                Column(_("days overdue")),
            ],
            [[str(r["unit"]), r["count"], r["oldest"], r["days"]] for r in board.overdue],
        ),
        (
            str(_("District offices")),
            [
                Column(_("district office"), 40),
                Column(_("baseline average gap")),
                Column(_("average gap now")),
                Column(_("change")),
                Column(_("people")),
            ],
            [
                [
                    str(r["unit"]),
                    _value(r["baseline"]),
                    _value(r["now"]),
                    r["change"],
                    _people(r["now"]),
                ]
                for r in board.district_progress
            ],
        ),
    ]


def dashboard_xlsx(board: Dashboard) -> bytes:
    workbook = new_workbook()
    for title, columns, rows in sheets(board):
        write_sheet(workbook, title[:31], columns, [(title, row) for row in rows])
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def dashboard_csv(board: Dashboard) -> bytes:
    """Every sheet's rows, each headed by the sheet's title in a first column."""
    rows = []
    for title, columns, sheet_rows in sheets(board):
        rows.append([title, *[str(c.header) for c in columns]])
        rows.extend([title, *row] for row in sheet_rows)
    width = max((len(row) for row in rows), default=1)
    return csv_bytes([_("part"), *[""] * (width - 1)], rows)


STATISTICS_FIELDS = (
    "framework",
    "unit_code",
    "unit",
    "unit_en",
    "unit_kind",
    "area_code",
    "area",
    "area_en",
    "personnel_group",
    "people_assessed",
    "average_gap",
    "people_trained",
)


def statistics_csv(rows: list[dict]) -> bytes:
    return csv_bytes(STATISTICS_FIELDS, [[row[f] for f in STATISTICS_FIELDS] for row in rows])
