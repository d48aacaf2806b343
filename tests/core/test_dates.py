"""Buddhist-Era dates, checked against values worked out by hand."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation

from nakhon.core.dates import buddhist_year, fiscal_year, format_date, format_datetime

BANGKOK = ZoneInfo("Asia/Bangkok")


def test_thai_date_has_buddhist_year_and_thai_month():
    assert format_date(date(2019, 10, 15), "th") == "15 ต.ค. 2562"


def test_english_date_keeps_the_common_era_year():
    assert format_date(date(2019, 10, 15), "en") == "15 Oct 2019"


def test_day_has_no_leading_zero():
    assert format_date(date(2020, 1, 5), "th") == "5 ม.ค. 2563"
    assert format_date(date(2020, 1, 5), "en") == "5 Jan 2020"


@pytest.mark.parametrize(
    ("month", "thai"),
    [
        (1, "ม.ค."),
        (2, "ก.พ."),
        (3, "มี.ค."),
        (4, "เม.ย."),
        (5, "พ.ค."),
        (6, "มิ.ย."),
        (7, "ก.ค."),
        (8, "ส.ค."),
        (9, "ก.ย."),
        (10, "ต.ค."),
        (11, "พ.ย."),
        (12, "ธ.ค."),
    ],
)
def test_thai_month_abbreviations(month: int, thai: str):
    assert format_date(date(2024, month, 1), "th") == f"1 {thai} 2567"


def test_no_date_is_empty():
    assert format_date(None) == ""
    assert format_datetime(None) == ""


def test_language_defaults_to_the_active_one():
    with translation.override("th"):
        assert format_date(date(2019, 10, 15)) == "15 ต.ค. 2562"
    with translation.override("en"):
        assert format_date(date(2019, 10, 15)) == "15 Oct 2019"
    with translation.override("en-gb"):
        assert format_date(date(2019, 10, 15)) == "15 Oct 2019"


def test_any_thai_variant_is_thai():
    assert format_date(date(2019, 10, 15), "th-TH") == "15 ต.ค. 2562"


def test_aware_datetime_is_shown_in_bangkok_time():
    # 20:00 UTC on 14 October is 03:00 on 15 October in Bangkok (UTC+7).
    moment = datetime(2019, 10, 14, 20, 0, tzinfo=UTC)
    assert format_date(moment, "th") == "15 ต.ค. 2562"
    assert format_datetime(moment, "th") == "15 ต.ค. 2562 03:00"
    assert format_datetime(moment, "en") == "15 Oct 2019 03:00"


def test_aware_datetime_follows_the_active_time_zone():
    moment = datetime(2019, 10, 14, 20, 0, tzinfo=UTC)
    with timezone.override(ZoneInfo("UTC")):
        assert format_datetime(moment, "en") == "14 Oct 2019 20:00"


def test_time_is_24_hour_with_leading_zeros():
    assert (
        format_datetime(datetime(2019, 10, 15, 15, 5, tzinfo=BANGKOK), "en") == "15 Oct 2019 15:05"
    )
    assert (
        format_datetime(datetime(2019, 10, 15, 9, 7, tzinfo=BANGKOK), "th") == "15 ต.ค. 2562 09:07"
    )


def test_naive_datetime_is_taken_as_local():
    assert format_datetime(datetime(2019, 10, 15, 23, 30), "th") == "15 ต.ค. 2562 23:30"


def test_plain_date_in_format_datetime_has_no_time():
    assert format_datetime(date(2019, 10, 15), "en") == "15 Oct 2019"


def test_buddhist_year():
    assert buddhist_year(date(2024, 1, 1)) == 2567
    assert buddhist_year(date(1999, 12, 31)) == 2542
    # 17:30 UTC on 31 Dec 2023 is already 00:30 on 1 Jan 2024 in Bangkok.
    assert buddhist_year(datetime(2023, 12, 31, 17, 30, tzinfo=UTC)) == 2567


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2024, 10, 1), 2568),
        (date(2025, 1, 15), 2568),
        (date(2025, 9, 30), 2568),
        (date(2025, 10, 1), 2569),
        (date(2024, 9, 30), 2567),
        (date(2024, 12, 31), 2568),
    ],
)
def test_fiscal_year_is_named_by_the_year_it_ends(day: date, expected: int):
    assert fiscal_year(day) == expected


def test_fiscal_year_of_an_aware_datetime_uses_the_local_date():
    # 18:00 UTC on 30 Sep 2024 is 01:00 on 1 Oct 2024 in Bangkok: the new fiscal year.
    assert fiscal_year(datetime(2024, 9, 30, 18, 0, tzinfo=UTC)) == 2568
