"""Services with their scores as a spreadsheet (CSV or Excel), one row per service."""

from django.utils.translation import gettext_lazy as _

from nakhon.citizen_services.models import Outcome, Status
from nakhon.citizen_services.rollups import ServiceRow
from nakhon.citizen_services.rubric import number
from nakhon.core.tabular import Column, csv_bytes, workbook_bytes

COLUMNS = (
    Column("identifier", "รหัสบริการ", "Service ID", 28),
    Column("name", "ชื่อบริการ", "Service, Thai", 45),
    Column("name_en", "ชื่อภาษาอังกฤษ", "Service, English", 35),
    Column("owner", "หน่วยงานเจ้าของ", "Owning unit", 35),
    Column("department", "สำนัก/สำนักงานเขต", "Department", 35),
    Column("volume", "จำนวนคำขอต่อปี", "Requests a year", 14),
    Column("fee", "ค่าธรรมเนียม", "Fee, baht", 12),
    *(
        Column(outcome.value, f"ผลลัพธ์ {n}", f"Outcome {n}: {outcome.value}", 12)
        for n, outcome in enumerate(Outcome, start=1)
    ),
    Column("score", "คะแนน", "Score, %", 10),
    Column("assessed_at", "วันที่ประเมิน", "Assessed", 18),
)
SHEET_TITLE = "คะแนนบริการ Service scores"
NOT_APPLICABLE = _("n/a")
NOT_ASSESSED = _("not assessed")


def score_rows(rows: list[ServiceRow]) -> list[list[str]]:
    table = []
    for row in rows:
        element, assessment = row.profile.element, row.assessment
        levels = ["" if assessment is None else _level(assessment, o) for o in Outcome.values]
        table.append(
            [
                element.identifier,
                element.name,
                element.name_en,
                str(element.owner_unit or ""),
                str(row.department or ""),
                "" if row.volume is None else str(row.volume),
                "" if row.profile.fee is None else number(row.profile.fee),
                *levels,
                "" if assessment is None or assessment.score is None else str(assessment.score),
                "" if assessment is None else assessment.assessed_at.isoformat(timespec="minutes"),
            ]
        )
    return table


def _level(assessment, outcome: str) -> str:
    level = assessment.level(outcome)
    if level is not None:
        return str(level)
    if assessment.status(outcome) == Status.NOT_ASSESSED:
        return str(NOT_ASSESSED)
    return str(NOT_APPLICABLE)


def write_scores(rows: list[ServiceRow], fmt: str) -> bytes:
    table = score_rows(rows)
    if fmt == "xlsx":
        return workbook_bytes(SHEET_TITLE, COLUMNS, [(r[0], r) for r in table])
    return csv_bytes([c.header for c in COLUMNS], table)
