"""The rows of every list page come from `core.tables.body_rows`, not from django-tables2's
template: the HTML must be the same."""

import re
from decimal import Decimal

import django_tables2 as tables
import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from nakhon.repository.models import Element
from nakhon.repository.tables import ElementTable

STOCK_TEMPLATE = "django_tables2/bootstrap5.html"
OUR_TEMPLATE = "core/includes/table_layout.html"


class Sample(tables.Table):
    name = tables.Column(linkify=lambda record: f"/x/{record['id']}/")
    cost = tables.Column(attrs={"td": {"class": "text-end"}}, localize=True)
    code = tables.Column(localize=False)
    state = tables.Column(attrs={"td": {"data-state": lambda record: record["state"]}})
    note = tables.Column(empty_values=())

    def render_note(self, record):
        return "<b>ไม่ทราบ</b>" if record["note"] is None else record["note"]


ROWS = [
    {"id": 1, "name": "ระบบ <ทะเบียน>", "cost": Decimal("1234.50"), "code": 10000, "state": "a"},
    {"id": 2, "name": "แผนที่ & GIS", "cost": None, "code": 7, "state": "b", "note": None},
]


def tbody(table, template: str) -> str:
    html = render_to_string(template, {"table": table, "request": RequestFactory().get("/")})
    body = re.search(r"<tbody[^>]*>(.*)</tbody>", html, re.S).group(1)
    return re.sub(r">\s+<", "><", body.strip())


def both(make_table) -> tuple[str, str]:
    return tbody(make_table(), STOCK_TEMPLATE), tbody(make_table(), OUR_TEMPLATE)


@pytest.mark.parametrize("language", ["th", "en"])
def test_rows_are_written_as_django_tables2_writes_them(language):
    with translation.override(language):
        stock, ours = both(lambda: Sample([{"note": "", **row} for row in ROWS]))
    assert ours == stock
    assert 'class="text-end"' in ours and 'data-state="b"' in ours
    assert "&lt;ทะเบียน&gt;" in ours and "&lt;b&gt;" in ours  # escaped, never raw


def test_an_empty_table_says_so_across_every_column():
    stock, ours = both(lambda: Sample([], empty_text="ไม่มีรายการ"))
    assert ours == stock
    assert 'colspan="5"' in ours and "ไม่มีรายการ" in ours


@pytest.mark.django_db
def test_the_element_list_rows_are_unchanged(make_element, unit_a):
    make_element(name="ระบบทะเบียน", owner=unit_a)
    make_element("ApplicationInterface", name="Portal")
    stock, ours = both(lambda: ElementTable(Element.objects.order_by("name")))
    assert ours == stock
    assert "ระบบทะเบียน" in ours
