"""Working days on the Thai holiday calendar: the expected dates are written out by hand from
the official calendar (weekends and holidays skipped)."""

from datetime import date

import pytest

from nakhon.governance import workdays
from nakhon.governance.models.requests import fiscal_year_bounds


def test_songkran_and_its_substitution_day_are_skipped():
    # Thu 10 Apr 2025 + 5: Fri 11 (1); Mon 14, Tue 15 Songkran; Wed 16 in lieu of Sunday's
    # Songkran; Thu 17 (2), Fri 18 (3), Mon 21 (4), Tue 22 (5).
    assert workdays.add_working_days(date(2025, 4, 10), 5) == date(2025, 4, 22)


def test_twenty_working_days_across_the_new_year():
    # Wed 2 Dec 2026 + 20: Mon 7 Dec (in lieu of Sat 5 Dec), Thu 10 Dec (Constitution Day),
    # Thu 31 Dec and Fri 1 Jan are holidays; the 20th working day is Tue 5 Jan 2027.
    assert workdays.add_working_days(date(2026, 12, 2), 20) == date(2027, 1, 5)
    assert workdays.decision_deadline(date(2026, 12, 2)) == date(2027, 1, 5)


def test_year_boundary_days_one_by_one():
    assert workdays.add_working_days(date(2026, 12, 25), 3) == date(2026, 12, 30)
    assert workdays.add_working_days(date(2026, 12, 25), 4) == date(2027, 1, 4)
    assert workdays.working_days_between(date(2026, 12, 25), date(2027, 1, 4)) == 4
    assert workdays.working_days_between(date(2027, 1, 4), date(2026, 12, 25)) == -4


def test_holiday_names_in_both_languages_and_weekends():
    holiday = workdays.holiday_on(date(2026, 12, 10))
    assert holiday.name_th == "วันรัฐธรรมนูญ" and holiday.name_en == "Constitution Day"
    assert workdays.holiday_on(date(2026, 12, 7)).kind == "substitute"
    assert not workdays.is_working_day(date(2026, 12, 12))  # a Saturday
    assert workdays.is_working_day(date(2026, 12, 11))


def test_every_year_from_2019_to_2027_is_held_with_its_source():
    assert sorted(workdays.calendar()) == list(range(2019, 2028))
    assert "Cabinet" in workdays.calendar_source()
    for year, days in workdays.calendar().items():
        assert date(year, 1, 1) in days and date(year, 12, 10) in days


def test_a_year_without_a_calendar_makes_the_deadline_unknown():
    with pytest.raises(workdays.CalendarMissing):
        workdays.add_working_days(date(2027, 12, 20), 20)
    assert workdays.decision_deadline(date(2027, 12, 20)) is None


def test_the_deadline_follows_the_setting(settings):
    settings.NAKHON_REVIEW_WORKING_DAYS = 3
    assert workdays.decision_deadline(date(2026, 12, 25)) == date(2026, 12, 30)


def test_fiscal_year_is_named_in_the_buddhist_era():
    assert fiscal_year_bounds(2570) == (date(2026, 10, 1), date(2027, 9, 30))
    assert fiscal_year_bounds(2568) == (date(2024, 10, 1), date(2025, 9, 30))
