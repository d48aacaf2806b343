import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from nakhon.core.models import Action
from nakhon.core.permissions import Role
from nakhon.core.views import changes_of
from nakhon.portfolio.models import ApplicationProfile, DataObjectProfile, TechnologyProfile
from nakhon.portfolio.services import (
    application_profiles,
    data_object_profiles,
    technology_profiles,
)
from nakhon.repository.models import Element
from tests.cases.ui import ViewTestCases

pytestmark = pytest.mark.django_db


class TestApplicationProfileViews(ViewTestCases):
    model = ApplicationProfile
    url_base = "portfolio:applicationprofile"

    def make_object(self, actor, unit, index=0):
        return application_profiles.create(
            actor,
            name=f"ระบบรับเรื่องร้องเรียน {index}",
            owner_unit=unit,
            yearly_cost=Decimal(100_000 * (index + 1)),
            business_fit=index % 4 + 1,
            technical_fit=(index // 4) % 4 + 1,
            end_of_support=date(2024, 1, 1) if index % 2 else None,
        )

    def create_data(self, unit):
        return {
            "name": "ระบบสารบรรณอิเล็กทรอนิกส์",
            "owner_unit": unit.pk,
            "status": "active",
            "vendor": "บริษัทตัวอย่าง จำกัด",
            "hosting": "government_cloud",
            "yearly_cost": "450000.00",
            "users": "1200",
            "business_fit": "3",
            "technical_fit": "4",
            "end_of_support": "2027-09-30",
        }

    def update_data(self, obj):
        return {
            "name": obj.element.name,
            "owner_unit": obj.element.owner_unit_id,
            "status": "phase_out",
            "business_fit": "1",
            "technical_fit": "1",
        }

    def invalid_data(self, unit):
        return {"name": "ระบบ", "status": "active", "business_fit": "9", "yearly_cost": "-5"}


class TestTechnologyProfileViews(ViewTestCases):
    model = TechnologyProfile
    url_base = "portfolio:technologyprofile"

    def make_object(self, actor, unit, index=0):
        return technology_profiles.create(
            actor,
            type="SystemSoftware",
            name=f"Windows Server 2012 R2 เครื่องที่ {index}",
            owner_unit=unit,
            vendor="Microsoft",
            product="Windows Server",
            product_version="2012 R2",
            end_of_support=date(2023, 10, 10),
        )

    def create_data(self, unit):
        return {
            "type": "Node",
            "name": "เครื่องแม่ข่ายฐานข้อมูล",
            "owner_unit": unit.pk,
            "status": "active",
            "hosting": "on_premises",
        }

    def update_data(self, obj):
        return {
            "name": obj.element.name,
            "owner_unit": obj.element.owner_unit_id,
            "status": "active",
            "product_version": "2022",
            "end_of_support": "2031-01-01",
        }

    def invalid_data(self, unit):
        return {"name": "", "status": "active", "end_of_support": "not a date"}


class TestDataObjectProfileViews(ViewTestCases):
    model = DataObjectProfile
    url_base = "portfolio:dataobjectprofile"

    def make_object(self, actor, unit, index=0):
        return data_object_profiles.create(
            actor,
            name=f"ข้อมูลผู้ร้องเรียน {index}",
            owner_unit=unit,
            classification="confidential",
            personal_data=True,
            lawful_basis="public_task",
        )

    def create_data(self, unit):
        return {
            "name": "ข้อมูลสถิติประชากรรายเขต",
            "owner_unit": unit.pk,
            "status": "active",
            "classification": "public",
        }

    def update_data(self, obj):
        return {
            "name": obj.element.name,
            "owner_unit": obj.element.owner_unit_id,
            "status": "active",
            "classification": "secret",
            "personal_data": "on",
            "lawful_basis": "legal_obligation",
        }

    def invalid_data(self, unit):
        return {"name": "ข้อมูล", "status": "active", "personal_data": "on"}


# The portfolio page


@pytest.fixture
def portfolio(make_application, unit_a, unit_b):
    """Four applications in two units, one per TIME class, and one not assessed."""
    return {
        "invest": make_application(
            unit_a,
            "ระบบ BMA OSS",
            yearly_cost=Decimal("3000000"),
            users=5000,
            business_fit=4,
            technical_fit=4,
            hosting="government_cloud",
        ),
        "migrate": make_application(
            unit_a,
            "ระบบรายได้เดิม",
            yearly_cost=Decimal("1500000.50"),
            users=300,
            business_fit=4,
            technical_fit=1,
            end_of_support=date(2020, 1, 14),
        ),
        "tolerate": make_application(
            unit_b,
            "ระบบจองห้องประชุม",
            yearly_cost=Decimal("20000"),
            users=80,
            business_fit=2,
            technical_fit=3,
            hosting="saas",
        ),
        "eliminate": make_application(
            unit_b,
            "ระบบร้องเรียนสำนักอนามัย",
            yearly_cost=None,
            users=40,
            business_fit=1,
            technical_fit=2,
        ),
        "unassessed": make_application(unit_b, "ระบบใหม่", yearly_cost=Decimal("100000")),
    }


def portfolio_page(client, **params):
    return client.get("/portfolio/applications/", params)


def test_portfolio_page_draws_every_assessed_application_on_the_chart(admin_client, portfolio):
    response = portfolio_page(admin_client)
    chart = response.context["chart"]
    assert {b.profile.pk for b in chart.bubbles} == {
        portfolio[k].pk for k in ("invest", "migrate", "tolerate", "eliminate")
    }
    assert [p.pk for p in chart.unassessed] == [portfolio["unassessed"].pk]
    html = response.content.decode()
    assert 'data-testid="time-chart"' in html
    assert html.count('<circle cx="') == 4
    assert (
        "ระบบรายได้เดิม: business fit 4, technical fit 1, migrate; 1,500,000.50 baht a year" in html
    )


def test_portfolio_totals_per_unit_and_time_class(admin_client, portfolio, unit_a, unit_b):
    response = portfolio_page(admin_client)
    by_unit = {
        t.label: (t.count, t.yearly_cost, t.users, t.costed) for t in response.context["by_unit"]
    }
    assert by_unit == {
        unit_a: (2, Decimal("4500000.50"), 5300, 2),
        unit_b: (3, Decimal("120000"), 120, 2),
    }
    assert [t.label for t in response.context["by_unit"]] == [unit_a, unit_b]  # costliest first
    total = response.context["total"]
    assert (total.count, total.yearly_cost, total.users) == (5, Decimal("4620000.50"), 5420)
    by_time = [(t.label, t.count, t.yearly_cost) for t in response.context["by_time_class"]]
    assert by_time == [
        ("tolerate", 1, Decimal("20000")),
        ("invest", 1, Decimal("3000000")),
        ("migrate", 1, Decimal("1500000.50")),
        ("eliminate", 1, Decimal("0")),
        (None, 1, Decimal("100000")),
    ]
    html = response.content.decode()
    assert "4,620,000.50" in html and "4,500,000.50" in html


def test_filters_by_time_class_unit_and_hosting(admin_client, portfolio, unit_b):
    def shown(**params):
        table = portfolio_page(admin_client, **params).context["table"]
        return sorted(row.record.element.name for row in table.rows)

    assert shown(time_class="migrate") == ["ระบบรายได้เดิม"]
    assert shown(time_class=["invest", "tolerate"]) == ["ระบบ BMA OSS", "ระบบจองห้องประชุม"]
    assert shown(owner_unit=unit_b.pk, time_class="eliminate") == ["ระบบร้องเรียนสำนักอนามัย"]
    assert shown(hosting="saas") == ["ระบบจองห้องประชุม"]
    assert shown(support="past") == ["ระบบรายได้เดิม"]
    assert shown(q="ร้องเรียน") == ["ระบบร้องเรียนสำนักอนามัย"]
    filtered = portfolio_page(admin_client, time_class="migrate")
    assert [b.profile.pk for b in filtered.context["chart"].bubbles] == [portfolio["migrate"].pk]
    assert filtered.context["total"].yearly_cost == Decimal("1500000.50")


def test_htmx_filtering_returns_chart_totals_and_table_together(admin_client, portfolio):
    response = admin_client.get(
        "/portfolio/applications/", {"time_class": "invest"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="portfolio-results">')
    assert 'data-testid="time-chart"' in html and 'id="object-table"' in html
    assert "ระบบ BMA OSS" in html and "ระบบรายได้เดิม" not in html


def test_bubble_size_follows_the_chosen_measure(admin_client, portfolio):
    def radii(size):
        chart = portfolio_page(admin_client, size=size).context["chart"]
        return {b.profile.element.name: b.r for b in chart.bubbles}

    by_cost, by_users = radii("cost"), radii("users")
    assert by_cost["ระบบ BMA OSS"] > by_cost["ระบบรายได้เดิม"] > by_cost["ระบบจองห้องประชุม"]
    assert by_users["ระบบ BMA OSS"] > by_users["ระบบรายได้เดิม"] > by_users["ระบบร้องเรียนสำนักอนามัย"]
    assert radii("nonsense") == by_cost


def test_csv_export_holds_the_filtered_selection_with_formulas_neutralised(
    admin_client, make_application, portfolio
):
    make_application(name='=HYPERLINK("http://x")', business_fit=4, technical_fit=4)
    response = portfolio_page(admin_client, export="csv", time_class="invest")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["identifier", "name (Thai)", "name (English)"]
    names = sorted(row[1] for row in rows[1:])
    assert names == ['\'=HYPERLINK("http://x")', "ระบบ BMA OSS"]
    oss = next(row for row in rows if row[1] == "ระบบ BMA OSS")
    assert oss[7:12] == ["3000000.00", "5000", "4", "4", "invest"]


def test_xlsx_export_keeps_numbers_and_dates(admin_client, portfolio):
    response = portfolio_page(admin_client, export="xlsx", time_class="migrate")
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert sheet.max_row == 2
    assert row["name (Thai)"] == "ระบบรายได้เดิม"
    assert row["yearly cost (baht)"] == 1500000.5
    assert row["TIME class"] == "migrate"
    assert row["end of support"].date() == date(2020, 1, 14)


def test_portfolio_page_queries_do_not_grow_with_applications(admin_client, make_application):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert portfolio_page(admin_client).status_code == 200
        return len(queries)

    for index in range(3):
        make_application(business_fit=index % 4 + 1, technical_fit=2, yearly_cost=Decimal(index))
    few = count()
    for index in range(20):
        make_application(business_fit=index % 4 + 1, technical_fit=3, yearly_cost=Decimal(index))
    assert count() == few


def test_application_page_shows_profile_and_flags(admin_client, portfolio):
    response = admin_client.get(portfolio["migrate"].get_absolute_url())
    html = response.content.decode()
    assert "1,500,000.50" in html
    assert 'data-time-class="migrate"' in html
    assert 'data-support="past"' in html
    assert "14 Jan 2020" in html


def test_add_a_profile_to_an_existing_element(admin_client, make_element, unit_a):
    imported = make_element("ApplicationComponent", name="ระบบจาก Archi", owner=unit_a)
    form = admin_client.get("/portfolio/applications/add/")
    assert imported.name in form.content.decode()
    response = admin_client.post(
        "/portfolio/applications/add/",
        {"element": imported.pk, "status": "active", "business_fit": "2", "technical_fit": "4"},
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    profile = ApplicationProfile.objects.get(pk=imported.pk)
    assert profile.time_class == "tolerate"
    assert Element.objects.get(pk=imported.pk).name == "ระบบจาก Archi"
    assert Element.objects.filter(type="ApplicationComponent").count() == 1


def test_adding_without_a_name_or_element_is_refused(admin_client):
    response = admin_client.post("/portfolio/applications/add/", {"status": "active"})
    assert response.status_code == 400
    assert "Give a name, or choose an existing element." in response.content.decode()


def test_unit_editor_edits_own_units_profiles_not_others(
    client, make_user, portfolio, unit_a, unit_b
):
    client.force_login(make_user(Role.UNIT_EDITOR, unit_a))
    mine, theirs = portfolio["invest"], portfolio["tolerate"]
    data = {
        "name": mine.element.name,
        "status": "active",
        "owner_unit": unit_a.pk,
        "business_fit": "2",
        "technical_fit": "2",
        "version": mine.version,
    }
    assert client.post(f"/portfolio/applications/{mine.pk}/edit/", data).status_code == 302
    assert ApplicationProfile.objects.get(pk=mine.pk).time_class == "eliminate"
    data = {**data, "name": theirs.element.name, "owner_unit": unit_b.pk, "version": theirs.version}
    assert client.get(f"/portfolio/applications/{theirs.pk}/edit/").status_code == 403
    assert client.post(f"/portfolio/applications/{theirs.pk}/edit/", data).status_code == 403
    assert ApplicationProfile.objects.get(pk=theirs.pk).business_fit == 2
    assert not changes_of(theirs).filter(action=Action.UPDATE).exists()
    # The add form offers only their own units, and refuses another's.
    form = client.get("/portfolio/applications/add/")
    assert [u.pk for u in form.context["form"].fields["owner_unit"].queryset] == [unit_a.pk]
    refused = client.post(
        "/portfolio/applications/add/",
        {"name": "ระบบ", "status": "active", "owner_unit": unit_b.pk},
    )
    assert refused.status_code == 400


def test_viewer_may_not_open_the_add_form(client, make_user, unit_a):
    client.force_login(make_user(Role.VIEWER, unit_a))
    assert client.get("/portfolio/applications/add/").status_code == 403
    page = client.get("/portfolio/applications/")
    assert page.status_code == 200 and not page.context["can_add"]


def test_technology_lifecycle_flags_past_and_near(admin_client, make_technology):
    today = timezone.localdate()
    make_technology(name="Windows Server 2008 R2", end_of_support=date(2020, 1, 14))
    make_technology(name="PostgreSQL 13", end_of_support=today + timedelta(days=200))
    make_technology(name="PostgreSQL 17", end_of_support=today + timedelta(days=1500))
    make_technology(name="ศูนย์ข้อมูลกรุงเทพมหานคร", type_="Facility")
    response = admin_client.get("/portfolio/technology/")
    counts = dict(response.context["support_counts"])
    assert (counts["past"], counts["near"], counts["supported"], counts["unknown"]) == (1, 1, 1, 1)
    html = response.content.decode()
    assert html.count('data-support="past"') == 1 and html.count('data-support="near"') == 1
    near = admin_client.get("/portfolio/technology/", {"support": ["past", "near"]})
    names = sorted(row.record.element.name for row in near.context["table"].rows)
    assert names == ["PostgreSQL 13", "Windows Server 2008 R2"]


def test_technology_add_form_needs_a_type(admin_client, unit_a):
    response = admin_client.post(
        "/portfolio/technology/add/", {"name": "เครื่องแม่ข่าย", "status": "active"}
    )
    assert response.status_code == 400
    assert not Element.objects.filter(name="เครื่องแม่ข่าย").exists()


def test_data_objects_filter_by_personal_data(admin_client, make_data_object):
    make_data_object(name="ข้อมูลผู้ป่วย", personal_data=True, lawful_basis="public_task")
    make_data_object(name="ข้อมูลถนน", classification="public")
    response = admin_client.get("/portfolio/data/", {"personal_data": "true"})
    assert [r.record.element.name for r in response.context["table"].rows] == ["ข้อมูลผู้ป่วย"]
