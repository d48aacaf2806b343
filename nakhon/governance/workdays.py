"""Working days on the Thai official holiday calendar, held as data per year.

`data/thai_holidays.json` lists the official public holidays of each year (Gregorian dates,
Thai and English names, substitution and special days) and says where they come from.
Saturdays and Sundays are never working days. A year the file does not hold cannot be
counted: the deadline is then not known (`CalendarMissing`), never guessed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from nakhon.core.dates import is_thai

HOLIDAYS_FILE = Path(__file__).parent / "data" / "thai_holidays.json"
SATURDAY = 5


class CalendarMissing(LookupError):
    """The holiday calendar of a year is not held, so its working days cannot be counted."""

    def __init__(self, year: int):
        self.year = year
        super().__init__(
            _("The Thai holiday calendar of %(year)d is not held, so the deadline is not known.")
            % {"year": year}
        )


@dataclass(frozen=True)
class Holiday:
    day: date
    name_th: str
    name_en: str
    kind: str  # holiday, substitute (in lieu) or special

    @property
    def name(self) -> str:
        return self.name_th if is_thai() else self.name_en


@cache
def calendar(path: Path = HOLIDAYS_FILE) -> dict[int, dict[date, Holiday]]:
    """The holidays of every year the file holds, by year and day."""
    data = json.loads(path.read_text(encoding="utf-8"))
    years: dict[int, dict[date, Holiday]] = {}
    for year, rows in data["years"].items():
        days = {}
        for row in rows:
            day = date.fromisoformat(row["date"])
            if day.year != int(year):
                raise ValueError(f"{path}: {row['date']} is listed under {year}")
            days[day] = Holiday(day, row["name_th"], row["name_en"], row["kind"])
        years[int(year)] = days
    return years


def calendar_source() -> str:
    return json.loads(HOLIDAYS_FILE.read_text(encoding="utf-8"))["source"]


def holidays_of(year: int) -> dict[date, Holiday]:
    try:
        return calendar()[year]
    except KeyError:
        raise CalendarMissing(year) from None


def holiday_on(day: date) -> Holiday | None:
    return holidays_of(day.year).get(day)


def is_working_day(day: date) -> bool:
    if day.weekday() >= SATURDAY:
        return False
    return day not in holidays_of(day.year)


def add_working_days(start: date, count: int) -> date:
    """The `count`th working day after `start` (`start` itself does not count)."""
    day, left = start, count
    while left > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return day


def working_days_between(first: date, last: date) -> int:
    """Working days after `first` up to and including `last`; negative when `last` is earlier."""
    if last < first:
        return -working_days_between(last, first)
    return sum(
        1
        for offset in range(1, (last - first).days + 1)
        if is_working_day(first + timedelta(offset))
    )


def review_working_days() -> int:
    """Working days the EA office has to decide a submitted request (RIHA's 20 by default)."""
    return settings.NAKHON_REVIEW_WORKING_DAYS


def decision_deadline(submitted: date) -> date | None:
    """When a request submitted on `submitted` must be decided; None when the calendar of a
    year it runs into is not held."""
    try:
        return add_working_days(submitted, review_working_days())
    except CalendarMissing:
        return None
