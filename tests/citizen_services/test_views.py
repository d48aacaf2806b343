"""The service pages: the generic page tests, the multi-row edit, overrides, the rubric's
thresholds, dashboards and exports."""

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from nakhon.citizen_services.forms import ROW_FORMSETS
from nakhon.citizen_services.models import (
    PROFILE_FIELDS,
    AssessmentOverride,
    RubricSettings,
    ServiceProfile,
)
from nakhon.citizen_services.services import service_profiles
from nakhon.core.models import Action, ChangeLogEntry
from nakhon.core.permissions import Role
from nakhon.core.views import changes_of
from tests.cases.ui import ViewTestCases
from tests.citizen_services.conftest import BARE, document, step, web

pytestmark = pytest.mark.django_db

ROW_NAMES = [name for name, _form, _extra in ROW_FORMSETS]
NO_ROWS = {
    f"{name}-{key}": value
    for name in ROW_NAMES
    for key, value in (("TOTAL_FORMS", 0), ("INITIAL_FORMS", 0))
}


def posted(row) -> dict:
    """A row's values as its form takes them: a duration as one text."""
    values = row.as_row()
    for name in getattr(row, "durations", ()):
        values.pop(f"{name}_unit")
        values[name] = row.duration.text(thai=True) if row.duration else ""
    return values


def form_data(profile: ServiceProfile, **changes) -> dict:
    """What the edit page posts back unchanged (rows included), with `changes` over it."""
    element = profile.element
    data = {
        "name": element.name,
        "name_en": element.name_en,
        "owner_unit": element.owner_unit_id,
        "documentation": element.documentation,
        "version": profile.version,
    }
    durations = {"legal_time": profile.legal_duration, "actual_time": profile.actual_duration}
    for name in PROFILE_FIELDS:
        if name in durations:
            put(data, name, durations[name].text(thai=True) if durations[name] else None)
        elif not name.endswith("_time_unit"):
            put(data, name, getattr(profile, name))
    for name in ROW_NAMES:
        rows = [posted(row) for row in getattr(profile, name).all()]
        data[f"{name}-TOTAL_FORMS"] = len(rows)
        data[f"{name}-INITIAL_FORMS"] = len(rows)
        for index, row in enumerate(rows):
            for key, value in row.items():
                put(data, f"{name}-{index}-{key}", value)
    data.update(changes)
    return data


def put(data: dict, key: str, value) -> None:
    """A value as the page posts it: yes/no as "true"/"false", nothing when not known."""
    if isinstance(value, bool):
        data[key] = "true" if value else "false"
    elif value is not None:
        data[key] = value


class TestServiceProfileViews(ViewTestCases):
    model = ServiceProfile
    url_base = "services:serviceprofile"

    def make_object(self, actor, unit, index=0):
        return service_profiles.create(
            actor,
            name=f"การแจ้งเกิด {index}",
            owner_unit=unit,
            documents=[document()],
            **BARE,
        )

    def create_data(self, unit):
        return {
            **NO_ROWS,
            "name": "การขออนุญาตก่อสร้างอาคาร",
            "owner_unit": unit.pk,
            "delivery": "all_districts",
            "fee": "200",
            "required_ial": "IAL2.1",
            "annual_volume": "4200",
            "payment_methods": ["cash"],
        }

    def update_data(self, obj):
        return form_data(obj, annual_volume="5000")

    def invalid_data(self, unit):
        return {**NO_ROWS, "name": "", "delivery": "moon", "fee": "-1"}


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def test_one_save_writes_rows_and_profile_as_one_logged_change(admin_client, make_service):
    profile = make_service(documents=[document()])
    data = form_data(
        profile,
        **{
            "steps-TOTAL_FORMS": 2,
            "steps-0-name": "ยื่นคำขอ",
            "steps-0-unit": "ฝ่ายทะเบียน",
            "steps-0-time": "45 นาที",
            "steps-0-in_person": "true",
            "steps-1-name": "",  # a blank row offered by the page: ignored
            "documents-0-exchange": "dopa_linkage",
            "payment_methods": ["cash", "promptpay"],
        },
    )
    response = admin_client.post(reverse("services:serviceprofile_edit", args=[profile.pk]), data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    entry = changes_of(profile).get(action=Action.UPDATE)
    assert set(entry.changed_fields) == {"version", "steps", "documents", "payment_methods"}
    assert entry.after["steps"] == [
        {
            "name": "ยื่นคำขอ",
            "unit": "ฝ่ายทะเบียน",
            "time": "45.0000",
            "time_unit": "minute",
            "in_person": True,
            "office": "",
        }
    ]
    assert entry.after["documents"][0]["exchange"] == "dopa_linkage"
    current = profile.assessments.get(is_current=True)
    assert (current.no_copies, current.e_payment) == (3, 2)


def test_a_bad_row_writes_nothing_and_says_which(admin_client, make_service):
    profile = make_service(documents=[document()])
    before = ChangeLogEntry.objects.count()
    data = form_data(
        profile,
        **{
            "channels-TOTAL_FORMS": 1,
            "channels-0-kind": "web",
            "channels-0-end_to_end": "on",
            "channels-0-identity": "thaid",  # a digital ID needs its assurance level
            "documents-0-name": "ทะเบียนบ้าน",
        },
    )
    response = admin_client.post(reverse("services:serviceprofile_edit", args=[profile.pk]), data)
    assert response.status_code == 400
    assert "Give the assurance level" in response.content.decode()
    assert ChangeLogEntry.objects.count() == before
    assert profile.documents.get().name == "บัตรประจำตัวประชาชน"


def test_a_department_editor_edits_only_their_departments_services(
    client, make_service, make_user, unit_a, unit_b
):
    own, other = make_service(owner=unit_a), make_service(owner=unit_b)
    client.force_login(make_user(Role.UNIT_EDITOR, unit_a))
    url = reverse("services:serviceprofile_edit", args=[own.pk])
    assert client.post(url, form_data(own, fee="150")).status_code == 302
    assert ServiceProfile.objects.get(pk=own.pk).fee == Decimal(150)
    other_url = reverse("services:serviceprofile_edit", args=[other.pk])
    assert client.post(other_url, form_data(other, fee="150")).status_code == 403


def test_detail_shows_scorecard_evidence_and_fix_first(admin_client, make_service):
    profile = make_service(name="การขอใบอนุญาตจำหน่ายอาหาร", annual_volume=42000)
    page = admin_client.get(profile.get_absolute_url()).content.decode()
    assert "Fees can be paid only by cash at the counter." in page
    assert (
        "Accept e-payment for “การขอใบอนุญาตจำหน่ายอาหาร”: 42,000 transactions a year would no "
        "longer need a counter visit." in page
    )
    assert 'role="img"' in page  # the score over time


def test_detail_page_queries_do_not_grow_with_rows(admin_client, make_service):
    def queries(profile) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(profile.get_absolute_url()).status_code == 200
        return len(captured)

    few = make_service(documents=[document()], steps=[step()], channels=[web()])
    many = make_service(
        documents=[document(f"เอกสาร {i}") for i in range(8)],
        steps=[step(f"ขั้นตอน {i}") for i in range(8)],
        channels=[web(), web(kind="line_oa")],
    )
    assert queries(many) == queries(few)


def test_ea_office_overrides_a_level_with_a_reason_shown_and_logged(
    client, make_service, make_user, unit_a
):
    profile = make_service()
    url = reverse("services:override", args=[profile.pk, "open_data"])
    client.force_login(make_user(Role.UNIT_EDITOR, unit_a))
    assert client.get(url).status_code == 403  # a department cannot mark its own work

    client.force_login(make_user(Role.EA_OFFICE))
    assert client.post(url, {"level": "2", "reason": ""}).status_code == 400
    reason = "ข้อมูลเผยแพร่บน data.bangkok.go.th แล้ว แต่ยังไม่ได้บันทึกลิงก์"
    assert client.post(url, {"level": "2", "reason": reason}).status_code == 302
    override = AssessmentOverride.objects.get()
    assert changes_of(override).get().action == Action.CREATE
    current = profile.assessments.get(is_current=True)
    assert current.open_data == 2
    assert current.details["open_data"]["computed"] == 0
    page = client.get(profile.get_absolute_url()).content.decode()
    assert 'data-testid="override"' in page and reason in page

    data = {"remove": "1", "version": override.version}
    assert client.post(url, data).status_code == 302
    assert profile.assessments.get(is_current=True).open_data == 0
    assert changes_of(override).filter(action=Action.DELETE).exists()


def test_thresholds_are_changed_on_the_rubric_page_and_reassess(
    client, make_service, make_user, unit_a
):
    profile = make_service(legal_days=10, actual_days=6, satisfaction=95)
    url = reverse("services:rubric_edit")
    client.force_login(make_user(Role.UNIT_EDITOR, unit_a))
    assert client.get(url).status_code == 403
    client.force_login(make_user(Role.EA_OFFICE))
    page = client.get(reverse("services:rubric")).content.decode()
    assert "at most 50% of the legal time" in page
    form = client.get(url).context["form"]
    data = {**{k: f.initial for k, f in form.fields.items() if k != "version"}, "fast_share": 60}
    assert client.post(url, data).status_code == 302
    assert RubricSettings.objects.get().thresholds["fast_share"] == 60
    assert profile.assessments.get(is_current=True).better_service == 3
    bad = {**data, "satisfaction_good": 95, "satisfaction_high": 90, "version": 1}
    assert client.post(url, bad).status_code == 400


def test_dashboards_and_exchange_map_render(admin_client, make_service, unit_a):
    make_service(annual_volume=42000, documents=[document()])
    city = admin_client.get(reverse("services:dashboard")).content.decode()
    assert "Accept e-payment for" in city and unit_a.element.name in city
    department = admin_client.get(reverse("services:department", args=[unit_a.pk]))
    assert department.status_code == 200
    exchange = admin_client.get(reverse("services:exchange_map")).content.decode()
    assert "citizen ID card" in exchange and "42,000" in exchange
    assert "DOPA linkage center (civil registration)" in exchange  # what could fetch it


def test_dashboards_show_coverage_beside_each_score(admin_client, make_service, unit_a):
    make_service(annual_volume=42000)
    make_service(annual_volume=None, legal_days=10, actual_days=5, satisfaction=95)
    page = admin_client.get(reverse("services:dashboard"))
    city = page.context["rollup"]
    assert city.coverage["better_service"].text == (
        "1 of 2 services, 0% of the volume; volume not known for 1"
    )
    html = page.content.decode()
    assert "Rests on 2 of 2 services, 100% of the volume; volume not known for 1" in html
    assert 'data-testid="department-coverage"' in html
    department = admin_client.get(reverse("services:department", args=[unit_a.pk]))
    assert 'data-testid="coverage"' in department.content.decode()


def test_what_is_missing_as_a_page_and_as_csv(admin_client, make_service, unit_a):
    make_service(name="รู้ครบ", annual_volume=500, legal_days=10, actual_days=5, satisfaction=95)
    make_service(name="ไม่รู้เวลา", annual_volume=100)
    make_service(name="ไม่รู้จำนวน", annual_volume=None)
    page = admin_client.get(reverse("services:completeness"))
    assert [str(g.row.profile) for g in page.context["gaps"]] == ["ไม่รู้เวลา", "ไม่รู้จำนวน"]
    assert "the legal processing time" in page.content.decode()
    (department,) = page.context["departments"]
    assert (department.unit, department.incomplete, department.unknown_volume) == (unit_a, 2, 1)
    csv_text = admin_client.get(reverse("services:completeness"), {"format": "csv"})
    lines = csv_text.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 3 and "ไม่รู้จำนวน" in lines[2] and "requests a year" in lines[2]


def test_a_profile_shows_what_is_not_known(admin_client, system_actor, unit_a):
    profile = service_profiles.create(system_actor, name="ไม่ทราบ", owner_unit=unit_a)
    html = admin_client.get(profile.get_absolute_url()).content.decode()
    assert html.count("not known") >= 8
    assert 'data-testid="missing"' in html and "not assessed" in html


def test_the_registry_pages(admin_client, client, make_user):
    agencies = admin_client.get(reverse("services:issuingagency_list")).content.decode()
    assert "กรมการปกครอง" in agencies and "Biz Portal" in agencies
    add = reverse("services:issuingagency_add")
    data = {
        "code": "dsd",
        "name": "กรมพัฒนาฝีมือแรงงาน",
        "name_en": "Department of Skill Development",
        "state_agency": "true",
        "exchange_links": ["gdx"],
    }
    response = admin_client.post(add, data)
    assert response.status_code == 302, response.content.decode()[-2000:]
    detail = admin_client.get(response["Location"]).content.decode()
    assert "GDX government data exchange (DGA)" in detail
    documents = admin_client.get(reverse("services:commondocument_list")).content.decode()
    assert "ทะเบียนบ้าน" in documents
    client.force_login(make_user(Role.UNIT_EDITOR))
    assert client.post(add, {**data, "code": "x", "name": "x"}).status_code == 403


def test_export_as_csv_and_xlsx_with_levels_and_scores(admin_client, make_service):
    make_service(name='=HYPERLINK("x")', annual_volume=10)
    csv_text = admin_client.get(reverse("services:export", args=["csv"])).content.decode(
        "utf-8-sig"
    )
    header, row = csv_text.splitlines()
    assert "คะแนน (Score, %)" in header
    assert "'=HYPERLINK" in row  # a formula is neutralised
    # Volume, fee, the seven levels (the first not assessed: no times known), the score.
    assert ",10,100,not assessed,1,3,0,0,0,0,19.0," in row
    response = admin_client.get(reverse("services:export", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [c.value for c in sheet[2]]
    assert '\'=HYPERLINK("x")' in values and "19.0" in values
    assert admin_client.get(reverse("services:export", args=["pdf"])).status_code == 404
