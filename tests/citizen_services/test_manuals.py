"""The citizen's-manual template as real manuals are written: payment wordings, cases, optional
documents, several fees, fines; its workbook's instructions and drop-down lists; the import that
shows its plan first."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from nakhon.citizen_services import manuals
from nakhon.citizen_services.models import PaymentMethod, ServiceProfile
from nakhon.citizen_services.services import UNCHANGED, service_profiles
from nakhon.core.models import ChangeLogEntry
from nakhon.core.services import Actor
from tests.citizen_services.test_views import form_data

pytestmark = pytest.mark.django_db

M = PaymentMethod


@pytest.mark.parametrize(
    ("text", "methods"),
    [
        ("เงินสด", [M.CASH]),
        ("บัตรเดบิต", [M.DEBIT_CARD]),
        ("บัตรเครดิต", [M.CREDIT_CARD]),
        ("QR Code พร้อมเพย์", [M.PROMPTPAY]),
        ("Thai QR Payment", [M.PROMPTPAY]),
        ("คิวอาร์โค้ด", [M.PROMPTPAY]),
        ("เช็ค", [M.CHEQUE]),
        ("แคชเชียร์เช็ค", [M.CHEQUE]),
        ("ธนาณัติ", [M.MONEY_ORDER]),
        ("ไปรษณีย์ธนาณัติ", [M.MONEY_ORDER]),
        ("โอนเงินผ่านธนาคาร", [M.BANK_TRANSFER]),
        ("cash, debit card, credit card", [M.CASH, M.DEBIT_CARD, M.CREDIT_CARD]),
        ("cheque or money order", [M.CHEQUE, M.MONEY_ORDER]),
        ("เงินสด, บัตรเครดิต/เดบิต หรือ QR Code", [M.CASH, M.CREDIT_CARD, M.DEBIT_CARD, M.PROMPTPAY]),
        ("เงินสด และ เช็ค; ธนาณัติ", [M.CASH, M.CHEQUE, M.MONEY_ORDER]),
        ("บัตรหรือคิวอาร์โค้ดที่เคาน์เตอร์", [M.COUNTER_ELECTRONIC]),
        ("", []),  # not known
    ],
)
def test_payment_methods_as_manuals_write_them(text, methods):
    assert manuals.parse_payment_methods(text) == methods


def test_an_unknown_payment_method_is_refused_with_the_words_to_use():
    with pytest.raises(manuals.Problem) as refused:
        manuals.parse_payment_methods("เงินสด, ทองคำ")
    message = str(refused.value)
    assert "“ทองคำ” is not a payment method" in message
    assert "“บัตรเดบิต”" in message and "“ธนาณัติ”" in message


def import_file(content: bytes, name: str, user) -> list[ServiceProfile]:
    return manuals.import_manual(io.BytesIO(content), name, Actor.shell(user))


def example_bytes() -> bytes:
    return manuals.EXAMPLE_CSV.read_bytes()


def export(profiles, fmt: str) -> bytes:
    buffer = io.BytesIO()
    write = manuals.write_workbook if fmt == "xlsx" else manuals.write_csv
    write(manuals.manual_rows(profiles), buffer)
    return buffer.getvalue()


def stored(profile: ServiceProfile) -> dict:
    """Everything the profile holds, rows included, as the change log keeps it."""
    state = service_profiles.snapshot(ServiceProfile.objects.get(pk=profile.pk))
    return {k: v for k, v in state.items() if k not in {"updated_at", "created_at"}}


def test_the_manual_as_written_imports(phra_nakhon, admin_user):
    (profile,) = import_file(example_bytes(), "example.csv", admin_user)
    assert profile.conditions.startswith("สถานประกอบการต้องมีลักษณะถูกสุขลักษณะ")
    assert [(p.name, p.condition) for p in profile.places.all()][0] == (
        "ฝ่ายสิ่งแวดล้อมและสุขาภิบาล สำนักงานเขตพระนคร",
        "เฉพาะสำนักงานเขตที่สถานประกอบการตั้งอยู่",
    )
    fees = [(f.amount, f.unit, f.condition) for f in profile.fees.all()]
    assert fees == [
        (Decimal(1000), "year", "พื้นที่ประกอบการไม่เกิน 200 ตารางเมตร"),
        (Decimal(2000), "year", "พื้นที่ประกอบการเกิน 200 ตารางเมตร"),
        (Decimal(0), "request", "ใบแทนใบอนุญาต กรณีสูญหายและมีหลักฐานการแจ้งความ"),
    ]
    renew, close = profile.deadlines.all()
    assert (renew.duration, renew.fine) == (None, None)  # not known, not zero
    assert (close.duty, close.duration.text(thai=True), close.fine) == (
        "แจ้งเลิกกิจการ",
        "15 วัน",
        Decimal(1000),
    )
    documents = {d.name: d for d in profile.documents.all()}
    proxy = documents["หนังสือมอบอำนาจ"]
    assert proxy.optional and proxy.case == "กรณีมอบอำนาจให้ผู้อื่นยื่นแทน"
    assert not proxy.always_required
    assert documents["หนังสือรับรองการจดทะเบียนนิติบุคคล"].case == "กรณีนิติบุคคล"
    assert documents["รูปถ่ายสถานประกอบการ"].quantity == "3 รูป"
    assert documents["บัตรประจำตัวประชาชน"].always_required
    assert profile.legal_duration.text(thai=True) == "30 วัน"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_manual_imports_exports_and_imports_again_unchanged(phra_nakhon, admin_user, fmt):
    (imported,) = import_file(example_bytes(), "example.csv", admin_user)
    profile = ServiceProfile.objects.get(pk=imported.pk)
    before, logged = stored(profile), ChangeLogEntry.objects.count()
    exported = export([profile], fmt)
    plan = manuals.plan_manual(io.BytesIO(exported), f"again.{fmt}", Actor.shell(admin_user))
    assert [d.action for d in plan.decisions] == [UNCHANGED]
    (again,) = import_file(exported, f"again.{fmt}", admin_user)
    assert stored(again) == before
    assert ChangeLogEntry.objects.count() == logged
    # And the export of what came back is the same file.
    if fmt == "csv":
        assert export([ServiceProfile.objects.get(pk=again.pk)], fmt) == exported


def test_a_changed_manual_plans_its_changes_and_writes_nothing(phra_nakhon, admin_user):
    (profile,) = import_file(example_bytes(), "example.csv", admin_user)
    before = stored(profile)
    rows = manuals.manual_rows([profile])
    rows["fees"] = rows["fees"][:1]
    rows["service"][0][13] = "ภายใน 20 วันทำการ"  # the legal processing time
    buffer = io.BytesIO()
    manuals.write_csv(rows, buffer)
    buffer.seek(0)
    plan = manuals.plan_manual(buffer, "changed.csv", Actor.shell(admin_user))
    (decision,) = plan.decisions
    assert decision.action == "updated" and plan.importable
    assert {"Fees", "Legal processing time", "Unit of the legal processing time"} <= set(
        decision.changed
    )
    assert stored(profile) == before


def test_empty_cells_are_stored_as_not_known(phra_nakhon, admin_user):
    rows = manuals.example_sections()
    rows["fees"] = [["svc-example-health-hazard-licence", "", "ต่อเดือน", "ค่าเช่า"]]
    rows["service"][0][14] = ""  # the measured processing time
    buffer = io.BytesIO()
    manuals.write_csv(rows, buffer)
    (profile,) = import_file(buffer.getvalue(), "unknown.csv", admin_user)
    (fee,) = profile.fees.all()
    assert (fee.amount, fee.unit) == (None, "month")
    assert profile.actual_duration is None and profile.actual_days is None
    assert manuals.manual_rows([profile])["fees"] == [
        ["svc-example-health-hazard-licence", None, "ต่อเดือน", "ค่าเช่า"]
    ]


def test_every_refused_cell_names_its_row_and_column_in_the_readers_language(
    phra_nakhon, admin_user
):
    rows = manuals.example_sections()
    rows["fees"][0][2] = "ต่อกิโลกรัม"
    rows["deadlines"][1][3] = "สองสัปดาห์"
    buffer = io.BytesIO()
    manuals.write_csv(rows, buffer)
    with translation.override("th"):
        plan = manuals.plan_manual(
            io.BytesIO(buffer.getvalue()), "bad.csv", Actor.shell(admin_user)
        )
    (decision,) = plan.decisions
    assert decision.action == "refused" and not plan.importable
    unit, time = decision.reasons
    assert unit.startswith("แถวที่ 17, คอลัมน์ “คิดต่อ (Charged)”: “ต่อกิโลกรัม”")
    assert "“ต่อตารางเมตร”" in unit
    assert time.startswith("แถวที่ 21, คอลัมน์ “ภายในระยะเวลา (Within)”: “สองสัปดาห์”")
    assert "“ไม่เกิน 45 วัน”" in time
    assert not ServiceProfile.objects.exists()


def test_the_workbook_has_instructions_and_a_drop_down_for_every_choice(phra_nakhon, admin_client):
    response = admin_client.get(reverse("services:import_template", args=["xlsx"]))
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[0] == manuals.INSTRUCTIONS
    guide = workbook[manuals.INSTRUCTIONS]
    assert "ไม่ทราบ" in guide["A3"].value and "not known" in guide["B3"].value
    lists = workbook[manuals.LISTS]
    assert lists.sheet_state == "hidden"
    listed = {lists.cell(1, c).value: c for c in range(1, lists.max_column + 1)}
    units = [lists.cell(r, listed["list:owner_unit"]).value for r in range(2, 4)]
    assert "1001" in units
    for section in manuals.SECTIONS:
        sheet = workbook[section.title]
        validated = {
            str(v.sqref).split(":")[0][:-1]: v for v in sheet.data_validations.dataValidation
        }
        for index, column in enumerate(section.columns, start=1):
            kind = manuals.COLUMN_LISTS.get((section.key, column.key))
            letter = sheet.cell(1, index).column_letter
            if kind in (None, "duration"):
                assert kind is None or validated[letter].prompt
                continue
            assert validated[letter].type == "list", (section.key, column.key)
            assert manuals.LISTS in validated[letter].formula1
    assert "ThaID" in [lists.cell(r, listed["list:identity"]).value for r in range(2, 6)]


def test_the_import_page_shows_the_plan_first_then_imports_it_all(phra_nakhon, admin_client):
    upload = io.BytesIO(example_bytes())
    upload.name = "manual.csv"
    response = admin_client.post(reverse("services:import"), {"file": upload})
    page = response.content.decode()
    assert response.status_code == 200, page[-2000:]
    assert 'data-testid="import-plan"' in page and 'data-action="created"' in page
    assert not ServiceProfile.objects.exists()  # nothing written yet
    response = admin_client.post(reverse("services:import_confirm"))
    assert response.status_code == 200
    (profile,) = ServiceProfile.objects.all()
    assert profile.fees.count() == 3 and profile.deadlines.count() == 2
    # The plan is used once: confirming again imports nothing and says why.
    response = admin_client.post(reverse("services:import_confirm"))
    assert response.status_code == 302 and response.url == reverse("services:import")


def test_a_refused_plan_offers_no_import(phra_nakhon, admin_client):
    upload = io.BytesIO(example_bytes().replace(b"1,000", "พันบาท".encode()))
    upload.name = "manual.csv"
    response = admin_client.post(reverse("services:import"), {"file": upload})
    page = response.content.decode()
    assert response.status_code == 400
    assert 'data-action="refused"' in page and 'data-testid="confirm-import"' not in page
    assert "column “ค่าธรรมเนียม (Fee, baht)”" in page
    response = admin_client.post(reverse("services:import_confirm"))
    assert response.status_code == 302 and not ServiceProfile.objects.exists()


def test_the_edit_page_takes_the_manual_as_written(admin_client, make_service):
    profile = make_service()
    data = form_data(
        profile,
        **{
            "legal_time": "ภายใน 15 วันทำการ",
            "conditions": "ต้องมีชื่ออยู่ในทะเบียนบ้าน",
            "places-TOTAL_FORMS": 1,
            "places-0-name": "ฝ่ายทะเบียน สำนักงานเขต",
            "places-0-condition": "เฉพาะสำนักงานเขตที่มีชื่ออยู่ในทะเบียนบ้าน",
            "fees-TOTAL_FORMS": 2,
            "fees-0-amount": "0",
            "fees-0-unit": "request",
            "fees-0-condition": "ณ สำนักงานเขต",
            "fees-1-amount": "200",
            "fees-1-unit": "request",
            "fees-1-condition": "ที่อื่น",
            "deadlines-TOTAL_FORMS": 1,
            "deadlines-0-duty": "แจ้งย้ายออก",
            "deadlines-0-counted_from": "วันที่ย้ายออก",
            "deadlines-0-time": "15 วัน",
            "deadlines-0-fine": "1000",
        },
    )
    url = reverse("services:serviceprofile_edit", args=[profile.pk])
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    profile = ServiceProfile.objects.get(pk=profile.pk)
    assert profile.legal_duration.text(thai=True) == "15 วันทำการ"
    assert [(f.amount, f.condition) for f in profile.fees.all()] == [
        (Decimal(0), "ณ สำนักงานเขต"),
        (Decimal(200), "ที่อื่น"),
    ]
    (deadline,) = profile.deadlines.all()
    assert (deadline.duration.text(thai=False), deadline.fine) == ("15 days", Decimal(1000))
    # The form shows the durations as written, and the page shows the manual.
    assert "15 วันทำการ" in admin_client.get(url, HTTP_ACCEPT_LANGUAGE="th").content.decode()
    with translation.override("en"):
        page = admin_client.get(profile.get_absolute_url()).content.decode()
    assert "legal 15 working days, measured not known" in page
    assert "ฝ่ายทะเบียน สำนักงานเขต" in page and "counted from วันที่ย้ายออก" in page
    assert "1,000 baht" in page or "1000 baht" in page


def test_a_duration_the_form_cannot_read_is_refused_with_the_forms_it_takes(
    admin_client, make_service
):
    profile = make_service()
    data = form_data(
        profile, **{"steps-TOTAL_FORMS": 1, "steps-0-name": "x", "steps-0-time": "ครึ่งวัน"}
    )
    response = admin_client.post(reverse("services:serviceprofile_edit", args=[profile.pk]), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "“ครึ่งวัน” is not a duration" in page and "ไม่เกิน 45 วัน" in page
    assert [s.name for s in profile.steps.all()] == ["ยื่นคำขอ"]  # as it was


def test_a_document_is_picked_from_the_registry_by_its_name(phra_nakhon, admin_user):
    rows = manuals.example_sections()
    service = rows["service"][0][0]
    blank = [""] * (len(manuals.DOCUMENTS.columns) - 2)
    copy = [service, "สำเนาทะเบียนบ้าน", *blank]
    picked = [service, "", *blank]
    picked[5] = "บัตรประจำตัวประชาชน"  # the common document, by its name
    picked[8] = "ไม่ทราบ"  # copies: not known
    rows["documents"] = [copy, picked]
    buffer = io.BytesIO()
    manuals.write_csv(rows, buffer)
    (profile,) = import_file(buffer.getvalue(), "registry.csv", admin_user)
    house, card = profile.documents.all()
    assert (house.common, house.issuer) == ("house-registration", "กรมการปกครอง")
    assert (card.name, card.common, card.issuer) == (
        "บัตรประจำตัวประชาชน",
        "id-card",
        "กรมการปกครอง",
    )
    assert card.copies is None
    exported = manuals.manual_rows([profile])["documents"]
    assert [row[5:7] for row in exported] == [
        ["ทะเบียนบ้าน", "กรมการปกครอง"],
        ["บัตรประจำตัวประชาชน", "กรมการปกครอง"],
    ]


def test_a_common_document_the_registry_lacks_is_refused_with_those_it_has(phra_nakhon):
    with pytest.raises(manuals.Problem) as refused:
        manuals.TemplateRegistry().common_code("ใบขับขี่ดาวอังคาร")
    assert "“ใบขับขี่ดาวอังคาร” is not a common document" in str(refused.value)
    assert "“ทะเบียนบ้าน”" in str(refused.value)
