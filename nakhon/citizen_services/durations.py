"""Durations as citizen's manuals write them: "ไม่เกิน 45 วัน", "ภายใน 15 วันทำการ", "1 เดือน",
"2 ชั่วโมง 15 นาที", "45 days", "15 working days", Thai digits too.

A duration keeps the unit it was given in (stored as an amount and a `TimeUnit`) and is shown in
it: 15 minutes stay "15 นาที", never "0.04 days". Working days and calendar days are different
units. Where two durations must be compared (the rubric's legal against measured processing time),
`Duration.calendar_days` and `Duration.working_days` convert with the rules in `CALENDAR_DAYS`,
which say exactly how a working day, a month or an hour counts.
"""

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from nakhon.core.tabular import THAI_DIGITS


class TimeUnit(models.TextChoices):
    MINUTE = "minute", gettext_lazy("minutes")
    HOUR = "hour", gettext_lazy("hours")
    WORKING_DAY = "working_day", gettext_lazy("working days")
    DAY = "day", gettext_lazy("days")
    WEEK = "week", gettext_lazy("weeks")
    MONTH = "month", gettext_lazy("months")
    YEAR = "year", gettext_lazy("years")


# A civil-service working day: 08:30-16:30 with an hour for lunch.
MINUTES_PER_WORKING_DAY = 7 * 60
# Calendar days per unit. A working week has five working days (public holidays are not known,
# so a working day counts 7/5 of a calendar day); a month counts 30 days and a year 365; hours and
# minutes are working time, the part of a 7-hour working day they fill.
CALENDAR_DAYS = {
    TimeUnit.MINUTE: Decimal(7) / 5 / MINUTES_PER_WORKING_DAY,
    TimeUnit.HOUR: Decimal(7) / 5 / 7,
    TimeUnit.WORKING_DAY: Decimal(7) / 5,
    TimeUnit.DAY: Decimal(1),
    TimeUnit.WEEK: Decimal(7),
    TimeUnit.MONTH: Decimal(30),
    TimeUnit.YEAR: Decimal(365),
}
# Fractions of an hour are kept to four places, enough for whole minutes to come back exactly.
PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class Duration:
    amount: Decimal
    unit: str  # a TimeUnit value

    def calendar_days(self) -> Decimal:
        return self.amount * CALENDAR_DAYS[self.unit]

    def working_days(self) -> Decimal:
        return self.calendar_days() * 5 / 7

    def parts(self) -> list["Duration"]:
        """Whole units: fractions of an hour as hours and minutes (2.25 hours: 2 h and 15 min)."""
        if self.unit != TimeUnit.HOUR or self.amount == self.amount.to_integral_value():
            return [self]
        total = (self.amount * 60).quantize(Decimal(1), ROUND_HALF_UP)
        hours, minutes = divmod(int(total), 60)
        parts = [Duration(Decimal(hours), TimeUnit.HOUR)] if hours else []
        return [*parts, Duration(Decimal(minutes), TimeUnit.MINUTE)]

    def text(self, thai: bool) -> str:
        """As the template writes it, in Thai or in English, whatever the interface's language."""
        words = []
        for part in self.parts():
            if thai:
                words.append(f"{plain(part.amount)} {THAI_NAMES[part.unit]}")
            else:
                name = ENGLISH_NAMES[part.unit][0 if part.amount == 1 else 1]
                words.append(f"{plain(part.amount)} {name}")
        return " ".join(words)

    def __str__(self) -> str:
        """In the reader's language (the interface's translation)."""
        words = []
        for part in self.parts():
            whole = part.amount == part.amount.to_integral_value()
            words.append(LOCALISED[part.unit](int(part.amount) if whole else 2))
            words[-1] %= {"amount": plain(part.amount)}
        return " ".join(words)


def plain(amount: Decimal) -> str:
    """A decimal without trailing zeros or an exponent: 15, 1.5."""
    return format(amount.normalize(), "f")


LOCALISED = {
    TimeUnit.MINUTE: lambda n: ngettext("%(amount)s minute", "%(amount)s minutes", n),
    TimeUnit.HOUR: lambda n: ngettext("%(amount)s hour", "%(amount)s hours", n),
    TimeUnit.WORKING_DAY: lambda n: ngettext(
        "%(amount)s working day", "%(amount)s working days", n
    ),
    TimeUnit.DAY: lambda n: ngettext("%(amount)s day", "%(amount)s days", n),
    TimeUnit.WEEK: lambda n: ngettext("%(amount)s week", "%(amount)s weeks", n),
    TimeUnit.MONTH: lambda n: ngettext("%(amount)s month", "%(amount)s months", n),
    TimeUnit.YEAR: lambda n: ngettext("%(amount)s year", "%(amount)s years", n),
}
# How the template writes each unit: the words Thai manuals use, and English.
THAI_NAMES = {
    TimeUnit.MINUTE: "นาที",
    TimeUnit.HOUR: "ชั่วโมง",
    TimeUnit.WORKING_DAY: "วันทำการ",
    TimeUnit.DAY: "วัน",
    TimeUnit.WEEK: "สัปดาห์",
    TimeUnit.MONTH: "เดือน",
    TimeUnit.YEAR: "ปี",
}
ENGLISH_NAMES = {
    TimeUnit.MINUTE: ("minute", "minutes"),
    TimeUnit.HOUR: ("hour", "hours"),
    TimeUnit.WORKING_DAY: ("working day", "working days"),
    TimeUnit.DAY: ("day", "days"),
    TimeUnit.WEEK: ("week", "weeks"),
    TimeUnit.MONTH: ("month", "months"),
    TimeUnit.YEAR: ("year", "years"),
}

# Every way a unit is written, longest first so that "วันทำการ" wins over "วัน".
UNIT_WORDS = {
    "วันทำการ": TimeUnit.WORKING_DAY,
    "วันทําการ": TimeUnit.WORKING_DAY,  # with SARA AM typed as NIKHAHIT + SARA AA
    "working days": TimeUnit.WORKING_DAY,
    "working day": TimeUnit.WORKING_DAY,
    "business days": TimeUnit.WORKING_DAY,
    "business day": TimeUnit.WORKING_DAY,
    "วันปฏิทิน": TimeUnit.DAY,
    "calendar days": TimeUnit.DAY,
    "calendar day": TimeUnit.DAY,
    "วัน": TimeUnit.DAY,
    "days": TimeUnit.DAY,
    "day": TimeUnit.DAY,
    "ชั่วโมง": TimeUnit.HOUR,
    "ชม.": TimeUnit.HOUR,
    "ชม": TimeUnit.HOUR,
    "hours": TimeUnit.HOUR,
    "hour": TimeUnit.HOUR,
    "hrs": TimeUnit.HOUR,
    "hr": TimeUnit.HOUR,
    "นาที": TimeUnit.MINUTE,
    "minutes": TimeUnit.MINUTE,
    "minute": TimeUnit.MINUTE,
    "mins": TimeUnit.MINUTE,
    "min": TimeUnit.MINUTE,
    "สัปดาห์": TimeUnit.WEEK,
    "อาทิตย์": TimeUnit.WEEK,
    "weeks": TimeUnit.WEEK,
    "week": TimeUnit.WEEK,
    "เดือน": TimeUnit.MONTH,
    "months": TimeUnit.MONTH,
    "month": TimeUnit.MONTH,
    "ปี": TimeUnit.YEAR,
    "years": TimeUnit.YEAR,
    "year": TimeUnit.YEAR,
}
# Words before the amount that say it is a limit; a legal time is one anyway.
QUALIFIERS = (
    "ไม่เกิน",
    "ภายใน",
    "ภายในระยะเวลา",
    "ระยะเวลา",
    "ประมาณ",
    "not more than",
    "no more than",
    "up to",
    "at most",
    "within",
    "about",
)
_UNITS = "|".join(re.escape(w) for w in sorted(UNIT_WORDS, key=len, reverse=True))
PART = re.compile(rf"(\d+(?:\.\d+)?)\s*({_UNITS})(?![a-z])", re.IGNORECASE)
_QUALIFIER = re.compile(
    r"^(?:" + "|".join(re.escape(q) for q in sorted(QUALIFIERS, key=len, reverse=True)) + r")\s*",
    re.IGNORECASE,
)
ACCEPTED_FORMS = "“ไม่เกิน 45 วัน”, “ภายใน 15 วันทำการ”, “1 เดือน”, “2 ชั่วโมง 15 นาที”, “45 days”"


class DurationError(ValueError):
    """A text that is not a duration; its message says which forms are accepted."""


def not_a_duration(text: str) -> DurationError:
    return DurationError(
        _("“%(text)s” is not a duration; write it as, for example, %(forms)s.")
        % {"text": text, "forms": ACCEPTED_FORMS}
    )


def parse_duration(text: str, plain_unit: str | None = None) -> Duration | None:
    """The duration `text` writes; None for an empty text (not known).

    A number without a unit is in `plain_unit`, or refused if there is none. Hours and minutes
    may be combined ("2 ชั่วโมง 15 นาที" is 2.25 hours); other units stand alone.
    """
    cleaned = " ".join(text.translate(THAI_DIGITS).replace(",", "").split())
    if not cleaned:
        return None
    body = _QUALIFIER.sub("", cleaned.casefold()).strip()
    parts = PART.findall(body)
    if not parts:
        try:
            amount = Decimal(body)
        except ArithmeticError:
            raise not_a_duration(text) from None
        if plain_unit is None or not amount.is_finite() or amount < 0:
            raise not_a_duration(text)
        return Duration(amount, TimeUnit(plain_unit))
    rest = PART.sub(" ", body)
    if rest.replace("และ", " ").replace("and", " ").strip(" ,"):
        raise not_a_duration(text)
    units = [UNIT_WORDS[word.casefold()] for _amount, word in parts]
    if len(parts) == 1:
        return Duration(Decimal(parts[0][0]), units[0])
    if units == [TimeUnit.HOUR, TimeUnit.MINUTE]:
        minutes = Decimal(parts[0][0]) * 60 + Decimal(parts[1][0])
        return Duration((minutes / 60).quantize(PLACES), TimeUnit.HOUR)
    raise not_a_duration(text)
