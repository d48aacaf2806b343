"""Dates as Thai readers expect them: Buddhist-Era years and the Thai fiscal year.

Django's "th" locale formats keep the Common-Era year, so dates are formatted here instead.
"""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.utils import timezone, translation

BUDDHIST_ERA_OFFSET = 543
# The Thai government's fiscal year runs from 1 October to 30 September.
FISCAL_YEAR_FIRST_MONTH = 10

THAI_MONTH_ABBREVIATIONS = (
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)
# Spelled out rather than taken from strftime("%b"), which follows the process locale.
ENGLISH_MONTH_ABBREVIATIONS = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)


def local_date(value: date | datetime) -> date:
    """The calendar date of value where the reader is: aware datetimes in the current zone."""
    if isinstance(value, datetime):
        return _local_datetime(value).date()
    return value


def _local_datetime(value: datetime) -> datetime:
    # A naive datetime is taken to be local time already; localtime() would refuse it.
    return timezone.localtime(value) if timezone.is_aware(value) else value


def is_thai(language: str | None = None) -> bool:
    """Whether language (default: the active one) is Thai, e.g. "th" or "th-th"."""
    if language is None:
        language = translation.get_language() or settings.LANGUAGE_CODE
    return language.lower().startswith("th")


def buddhist_year(value: date | datetime) -> int:
    return local_date(value).year + BUDDHIST_ERA_OFFSET


def fiscal_year(value: date | datetime) -> int:
    """The Thai fiscal year, named by the Buddhist-Era year it ends in (1 Oct 2024 is 2568)."""
    day = local_date(value)
    starts_next_year = day.month >= FISCAL_YEAR_FIRST_MONTH
    return buddhist_year(day) + (1 if starts_next_year else 0)


def format_date(value: date | datetime | None, language: str | None = None) -> str:
    """Thai "15 ต.ค. 2562", otherwise English "15 Oct 2019"; "" for no date."""
    if not value:
        return ""
    day = local_date(value)
    if is_thai(language):
        return f"{day.day} {THAI_MONTH_ABBREVIATIONS[day.month - 1]} {buddhist_year(day)}"
    return f"{day.day} {ENGLISH_MONTH_ABBREVIATIONS[day.month - 1]} {day.year}"


def format_datetime(value: date | datetime | None, language: str | None = None) -> str:
    """The date as format_date gives it, then the local 24-hour time: "15 ต.ค. 2562 14:05".

    A plain date has no time to show and comes out as format_date gives it.
    """
    if not isinstance(value, datetime):
        return format_date(value, language)
    moment = _local_datetime(value)
    return f"{format_date(moment, language)} {moment:%H:%M}"
