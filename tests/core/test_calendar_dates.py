"""Dates typed in the reader's calendar: the Buddhist Era in Thai, the Common Era in English,
in every date field of every form and filter."""

from datetime import date

import pytest
from django import forms
from django.forms.formsets import BaseFormSet
from django.test.utils import ContextList
from django.utils import timezone, translation
from django_filters import FilterSet

from nakhon.core.dates import DateNotUnderstood, format_date, parse_date
from nakhon.core.forms import CalendarDateField, CalendarDateInput
from tests.core.test_access_matrix import fill, ui_pages

OCT_15_2019 = date(2019, 10, 15)


@pytest.mark.parametrize(
    "typed",
    [
        "15/10/2562",
        "15-10-2562",
        "15.10.2562",
        " 15/10/2562 ",
        "15 ต.ค. 2562",
        "15 ต.ค.2562",
        "15 ตุลาคม 2562",
        "15 ตุลาคม พ.ศ. 2562",
        "2019-10-15",
        "2562-10-15",
    ],
)
def test_thai_readers_type_the_buddhist_era(typed):
    assert parse_date(typed, "th") == OCT_15_2019


@pytest.mark.parametrize("typed", ["15/10/2019", "15 Oct 2019", "15 October 2019", "2019-10-15"])
def test_english_readers_type_the_common_era(typed):
    assert parse_date(typed, "en") == OCT_15_2019


@pytest.mark.parametrize(
    "typed, language, says",
    [
        ("01/01/2570", "en", "2570 is a Buddhist-Era year: type the Common-Era year 2027"),
        ("01/01/2027", "th", "2027 is a Common-Era year: type the Buddhist-Era year 2570"),
        ("01/01/70", "th", "four digits"),
        ("30/02/2567", "th", "no such day"),
        ("15 Foo 2019", "en", "not a month"),
        ("01/01/3500", "en", "out of range"),
        ("0001-01-01", "en", "out of range"),
        ("tomorrow", "en", "for example 15/10/2019"),
    ],
)
def test_an_ambiguous_or_impossible_date_is_refused_saying_what_to_type(typed, language, says):
    with translation.override("en"), pytest.raises(DateNotUnderstood, match=says):
        parse_date(typed, language)


def test_what_the_pages_show_is_read_back_as_the_same_day():
    for language in ("th", "en"):
        assert parse_date(format_date(OCT_15_2019, language), language) == OCT_15_2019


def test_the_field_shows_the_era_and_says_what_went_wrong_in_the_reader_language():
    field = CalendarDateField(required=False)
    with translation.override("th"):
        assert field.clean("01/01/2570") == date(2027, 1, 1)
        html = field.widget.render("due", date(2027, 1, 1))
        assert 'value="1 ม.ค. 2570"' in html and 'type="text"' in html
        with pytest.raises(forms.ValidationError) as refused:
            field.clean("01/01/2027")
        assert "พุทธศักราช" in refused.value.messages[0]
    with translation.override("en"):
        assert 'value="1 Jan 2027"' in field.widget.render("due", date(2027, 1, 1))


def forms_in(context) -> list:
    found = []
    contexts = context if isinstance(context, ContextList) else [context]
    values = [value for each in contexts for value in each.flatten().values()]
    for value in values:
        if isinstance(value, FilterSet):
            value = value.form
        if isinstance(value, BaseFormSet):
            found.extend(value.forms)
        elif isinstance(value, forms.BaseForm):
            found.append(value)
    return found


@pytest.mark.django_db
def test_every_date_field_of_every_form_takes_the_buddhist_era_in_thai(
    client, bangkok_demo, admin_user
):
    client.force_login(admin_user)
    pages = [fill(route, name, entry) for route, name, entry in ui_pages()]
    seen, problems = set(), []
    with translation.override("th"):
        for page in pages:
            response = client.get(page.url, HTTP_ACCEPT_LANGUAGE="th")
            if response.context is None:
                continue
            for form in forms_in(response.context):
                for name, field in form.fields.items():
                    if not isinstance(field, forms.DateField):
                        continue
                    where = f"{type(form).__name__}.{name} on {page.url}"
                    seen.add(where.split(" on ")[0])
                    if not isinstance(field.widget, CalendarDateInput):
                        problems.append(f"{where}: {type(field.widget).__name__}")
                    elif field.clean("15/10/2562") != OCT_15_2019:
                        problems.append(f"{where}: 15/10/2562 is not 15 Oct 2019")
    assert not problems, "\n".join(problems)
    # The forms with dates the demo's pages show: lifecycle, plateaus, reviews, events...
    assert len(seen) >= 8, sorted(seen)


@pytest.mark.django_db
def test_the_change_log_filters_by_the_dates_it_shows(client, admin_user, make_element):
    make_element(name="ระบบที่บันทึกวันนี้")
    client.force_login(admin_user)
    today = format_date(timezone.localdate(), "th")  # "4 ธ.ค. 2569", as the log shows it
    shown = client.get("/changes/", {"since": today, "until": today}, HTTP_ACCEPT_LANGUAGE="th")
    assert shown.status_code == 200
    assert "ระบบที่บันทึกวันนี้" in shown.content.decode()
    refused = client.get("/changes/", {"since": "01/01/2027"}, HTTP_ACCEPT_LANGUAGE="th")
    assert "ระบบที่บันทึกวันนี้" not in refused.content.decode()
    assert "พุทธศักราช 2570" in refused.content.decode()
