"""Dates as Thai readers expect them: Buddhist-Era years and the Thai fiscal year.

Django's "th" locale formats keep the Common-Era year, so dates are formatted here instead.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

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


# The years a person means: the Common Era around today, or the same years in the Buddhist Era.
COMMON_ERA_YEARS = range(1857, 2257)
BUDDHIST_ERA_YEARS = range(COMMON_ERA_YEARS.start + 543, COMMON_ERA_YEARS.stop + 543)
THAI_MONTH_NAMES = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)
ENGLISH_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_MONTHS = {
    name.lower().replace(".", ""): number
    for names in (
        THAI_MONTH_ABBREVIATIONS,
        THAI_MONTH_NAMES,
        ENGLISH_MONTH_ABBREVIATIONS,
        ENGLISH_MONTH_NAMES,
    )
    for number, name in enumerate(names, start=1)
}
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_NUMERIC = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d+)")
_WORDS = re.compile(r"(\d{1,2})\s*([^\d\s]+)\s*(\d+)")


class DateNotUnderstood(ValueError):
    """A typed date that cannot be read, or only in more than one way; says what to type."""


def parse_date(text: str, language: str | None = None) -> date:
    """A date as a person types it: in Thai with the Buddhist-Era year (15/10/2562, 15 ต.ค. 2562,
    15 ตุลาคม 2562), in English with the Common-Era year (15/10/2019, 15 Oct 2019), and
    2019-10-15 (ISO 8601) in either. A year from the other era, a two-digit year or a day
    that does not exist is refused, never guessed."""
    text = " ".join(text.split()).replace("พ.ศ.", "").replace("ค.ศ.", "").strip()
    if match := _ISO.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
        return _make_date(_iso_year(year), month, day, text)
    if match := _NUMERIC.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
        return _make_date(_typed_year(match.group(3), language), month, day, text)
    if match := _WORDS.fullmatch(text):
        month = _MONTHS.get(match.group(2).lower().replace(".", ""))
        if month is None:
            raise DateNotUnderstood(
                _("“%(month)s” is not a month's name.") % {"month": match.group(2)}
            )
        return _make_date(_typed_year(match.group(3), language), month, int(match.group(1)), text)
    raise DateNotUnderstood(
        _("Type the date as %(example)s.") % {"example": date_example(language)}
    )


def date_example(language: str | None = None) -> str:
    if is_thai(language):
        return _("day/month/Buddhist-Era year, for example 15/10/2562")
    return _("day/month/year, for example 15/10/2019")


def _iso_year(year: int) -> int:
    """ISO 8601 is in the Common Era; a Buddhist-Era year in it cannot be one by mistake."""
    if year in BUDDHIST_ERA_YEARS:
        return year - BUDDHIST_ERA_OFFSET
    if year in COMMON_ERA_YEARS:
        return year
    raise DateNotUnderstood(_("The year %(year)d is out of range.") % {"year": year})


def _typed_year(digits: str, language: str | None) -> int:
    """The Common-Era year of a year typed in the reader's era."""
    year = int(digits)
    if len(digits) != 4:
        raise DateNotUnderstood(
            _("Type the year in full, with four digits: %(example)s.")
            % {"example": date_example(language)}
        )
    if is_thai(language):
        if year in BUDDHIST_ERA_YEARS:
            return year - BUDDHIST_ERA_OFFSET
        if year in COMMON_ERA_YEARS:
            raise DateNotUnderstood(
                _(
                    "%(year)d is a Common-Era year: type the Buddhist-Era year "
                    "%(buddhist)d, or switch the interface to English."
                )
                % {"year": year, "buddhist": year + BUDDHIST_ERA_OFFSET}
            )
    else:
        if year in COMMON_ERA_YEARS:
            return year
        if year in BUDDHIST_ERA_YEARS:
            raise DateNotUnderstood(
                _(
                    "%(year)d is a Buddhist-Era year: type the Common-Era year %(common)d, "
                    "or switch the interface to Thai."
                )
                % {"year": year, "common": year - BUDDHIST_ERA_OFFSET}
            )
    raise DateNotUnderstood(_("The year %(year)d is out of range.") % {"year": year})


def _make_date(year: int, month: int, day: int, text: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise DateNotUnderstood(_("There is no such day as %(date)s.") % {"date": text}) from None
