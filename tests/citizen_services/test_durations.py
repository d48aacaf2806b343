"""Durations as citizen's manuals write them: kept in their own unit, working days apart from
calendar days, refused with the accepted forms."""

from decimal import Decimal

import pytest
from django.utils import translation

from nakhon.citizen_services.durations import Duration, DurationError, TimeUnit, parse_duration


@pytest.mark.parametrize(
    ("text", "amount", "unit", "thai", "english"),
    [
        ("ไม่เกิน 45 วัน", "45", TimeUnit.DAY, "45 วัน", "45 days"),
        ("ภายใน 15 วันทำการ", "15", TimeUnit.WORKING_DAY, "15 วันทำการ", "15 working days"),
        ("1 เดือน", "1", TimeUnit.MONTH, "1 เดือน", "1 month"),
        ("2 ชั่วโมง 15 นาที", "2.25", TimeUnit.HOUR, "2 ชั่วโมง 15 นาที", "2 hours 15 minutes"),
        ("15 นาที", "15", TimeUnit.MINUTE, "15 นาที", "15 minutes"),
        ("45 days", "45", TimeUnit.DAY, "45 วัน", "45 days"),
        ("15 working days", "15", TimeUnit.WORKING_DAY, "15 วันทำการ", "15 working days"),
        ("2 hours 15 minutes", "2.25", TimeUnit.HOUR, "2 ชั่วโมง 15 นาที", "2 hours 15 minutes"),
        ("within 15 business days", "15", TimeUnit.WORKING_DAY, "15 วันทำการ", "15 working days"),
        ("๔๕ วัน", "45", TimeUnit.DAY, "45 วัน", "45 days"),
        ("ภายใน ๑๕ วันทำการ", "15", TimeUnit.WORKING_DAY, "15 วันทำการ", "15 working days"),
        ("2 ชม. 10 นาที", "2.1667", TimeUnit.HOUR, "2 ชั่วโมง 10 นาที", "2 hours 10 minutes"),
        ("1.5 ชั่วโมง", "1.5", TimeUnit.HOUR, "1 ชั่วโมง 30 นาที", "1 hour 30 minutes"),
        ("3 สัปดาห์", "3", TimeUnit.WEEK, "3 สัปดาห์", "3 weeks"),
    ],
)
def test_a_duration_keeps_the_unit_it_was_written_in(text, amount, unit, thai, english):
    duration = parse_duration(text)
    assert duration == Duration(Decimal(amount), unit)
    assert duration.text(thai=True) == thai
    assert duration.text(thai=False) == english


def test_fifteen_minutes_show_as_fifteen_minutes_in_the_readers_language():
    duration = parse_duration("15 นาที")
    with translation.override("en"):
        assert str(duration) == "15 minutes"
    with translation.override("th"):
        assert str(duration) == "15 นาที"


def test_working_days_are_not_calendar_days():
    working, calendar = parse_duration("15 วันทำการ"), parse_duration("15 วัน")
    assert working != calendar
    # Five working days a week: 15 working days are three weeks.
    assert working.calendar_days() == 21 and calendar.calendar_days() == 15
    assert working.working_days() == 15
    assert parse_duration("1 เดือน").calendar_days() == 30


def test_an_empty_text_is_not_known():
    assert parse_duration("  ") is None


@pytest.mark.parametrize("text", ["ครึ่งวัน", "45", "1 วัน 3 ชั่วโมง", "15 นาที บ่าย", "-3 วัน"])
def test_what_cannot_be_read_is_refused_with_the_accepted_forms(text):
    with pytest.raises(DurationError) as refused:
        parse_duration(text)
    assert f"“{text}” is not a duration" in str(refused.value)
    assert "“ไม่เกิน 45 วัน”" in str(refused.value) and "“45 days”" in str(refused.value)


def test_the_refusal_is_in_the_readers_language():
    with translation.override("th"), pytest.raises(DurationError) as refused:
        parse_duration("ครึ่งวัน")
    assert "“ครึ่งวัน” ไม่ใช่ระยะเวลา" in str(refused.value)


def test_a_plain_number_takes_the_unit_the_caller_gives():
    assert parse_duration("30", TimeUnit.DAY) == Duration(Decimal(30), TimeUnit.DAY)
