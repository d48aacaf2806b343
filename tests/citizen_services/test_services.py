"""The write path of citizen services: one batch, rows in the snapshot, revert, permissions,
the assess command and the manual-template import."""

import io
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from nakhon.citizen_services import manuals
from nakhon.citizen_services.models import Assessment, ServiceProfile
from nakhon.citizen_services.services import UNCHANGED, UPDATED, rubric_settings, service_profiles
from nakhon.core.models import Action, ChangeLogEntry, Channel
from nakhon.core.permissions import Role
from nakhon.core.services import Actor, revert, revert_batch
from nakhon.core.views import changes_of
from nakhon.repository.models import Element
from tests.citizen_services.conftest import BARE, document, web

pytestmark = pytest.mark.django_db


def test_create_logs_element_and_profile_with_rows_in_one_batch(make_service):
    profile = make_service(documents=[document()], channels=[web()])
    element_entry = changes_of(profile.element).get()
    profile_entry = changes_of(profile).get()
    assert profile.element.type == "BusinessService"
    assert element_entry.batch == profile_entry.batch
    assert profile_entry.after["documents"][0]["name"] == "บัตรประจำตัวประชาชน"
    assert profile_entry.after["channels"][0]["kind"] == "web"


def test_an_unchanged_save_writes_nothing(make_service, system_actor):
    profile = make_service(documents=[document()])
    entries, assessments = ChangeLogEntry.objects.count(), Assessment.objects.count()
    rows = [d.as_row() for d in profile.documents.all()]
    same = service_profiles.update(
        system_actor, profile, version=profile.version, fee="100.00", documents=rows
    )
    assert same.version == profile.version
    assert (ChangeLogEntry.objects.count(), Assessment.objects.count()) == (entries, assessments)


def test_reverting_a_change_puts_the_rows_back_and_reassesses(make_service, system_actor):
    profile = make_service(documents=[document()])
    updated = service_profiles.update(
        system_actor, profile, version=profile.version, documents=[document(exchange="gdx")]
    )
    assert updated.assessments.get(is_current=True).no_copies == 3
    revert(system_actor, changes_of(profile).get(action=Action.UPDATE))
    assert profile.documents.get().exchange == ""
    assert profile.assessments.get(is_current=True).no_copies == 0


def test_a_bad_row_is_refused_with_its_number(make_service, system_actor):
    profile = make_service()
    with pytest.raises(ValidationError) as refused:
        service_profiles.update(
            system_actor,
            profile,
            version=profile.version,
            documents=[document(), document(copies=-1), {"name": "x", "colour": "red"}],
        )
    messages = refused.value.message_dict["documents"]
    assert messages[0].startswith("Row 2: copies:")
    assert messages[1].startswith(
        "Row 3: expected the fields name, case, optional, quantity, common"
    )


def test_a_profile_belongs_on_a_business_service(system_actor, make_element):
    actor_element = make_element("BusinessActor", name="ประชาชน")
    with pytest.raises(ValidationError, match="business service"):
        service_profiles.create(system_actor, element=actor_element, **BARE)


def test_upsert_gives_a_profile_to_a_business_service_and_is_idempotent(
    system_actor, make_element, unit_a
):
    element = make_element(name="การแจ้งเกิด", owner=unit_a, identifier="svc-birth")
    values = {**BARE, "documents": [document()]}
    names = {"name": "การแจ้งเกิด", "name_en": "Birth registration", "owner_unit": unit_a}
    profile, outcome = service_profiles.upsert(system_actor, "svc-birth", names, values)
    assert (profile.pk, outcome) == (element.pk, "created")
    assert Element.objects.get(pk=element.pk).name_en == "Birth registration"
    again = service_profiles.upsert(system_actor, "svc-birth", names, values)
    assert again[1] == UNCHANGED
    changed = service_profiles.upsert(system_actor, "svc-birth", names, {**values, "fee": 20})
    assert changed[1] == UPDATED


def test_overrides_and_thresholds_are_the_ea_offices(make_service, make_user, unit_a):
    profile = make_service()
    editor = Actor(user=make_user(Role.UNIT_EDITOR, unit_a), channel=Channel.UI)
    from nakhon.citizen_services.services import assessment_overrides

    with pytest.raises(PermissionDenied):
        assessment_overrides.create(
            editor, profile=profile, outcome="open_data", level=3, reason="เราทำแล้ว"
        )
    with pytest.raises(PermissionDenied):
        rubric_settings.save_thresholds(editor, {"fast_share": 90}, version=None)
    office = Actor(user=make_user(Role.EA_OFFICE), channel=Channel.API)
    settings = rubric_settings.save_thresholds(office, {"fast_share": 90}, version=None)
    assert changes_of(settings).get().channel == Channel.API
    with pytest.raises(ValidationError):
        rubric_settings.save_thresholds(office, {"fast_share": 500}, version=settings.version)


def test_assess_command_reports_what_changed(make_service):
    make_service()
    make_service()
    Assessment.objects.all().delete()
    out = StringIO()
    call_command("services", "assess", stdout=out)
    assert "2 changed, 0 unchanged" in out.getvalue()
    call_command("services", "assess", stdout=out)
    assert "0 changed, 2 unchanged" in out.getvalue()
    assert Assessment.objects.filter(is_current=True).count() == 2


# The citizen's-manual template


def assert_example_imported(saved: list[ServiceProfile]) -> None:
    (profile,) = saved
    assert profile.element.identifier == "svc-example-health-hazard-licence"
    assert profile.element.name == "การขอรับใบอนุญาตประกอบกิจการที่เป็นอันตรายต่อสุขภาพ"
    assert (profile.fee, profile.legal_days, profile.actual_days) == (1000, 30, 18)
    assert profile.payment_methods == ["cash", "promptpay"]
    durations = [s.duration.text(thai=True) for s in profile.steps.all()]
    assert durations == ["1 ชั่วโมง", "10 วันทำการ", "15 วันทำการ", "30 นาที"]
    assert profile.documents.get(name="ทะเบียนบ้าน").exchange == "dopa_linkage"
    # The assessment is there at once.
    assessment = profile.assessments.get(is_current=True)
    assert assessment.levels() == {
        "better_service": 2,  # 18 of 30 days, 86.5% satisfied
        "one_stop": 2,  # the web takes the request; one office to attend
        "no_copies": 0,  # 1 of 3 state documents by exchange: below 50%
        "open_data": 1,  # in the catalogue, no dataset
        "digital_id": 1,  # BMA OSS's own account
        "e_payment": 2,  # PromptPay, paper receipt
        "lower_fees": 0,  # same fee online
    }
    assert assessment.score == Decimal("38.1")  # 8 of 21


def test_the_filled_example_imports_from_csv(phra_nakhon, admin_user):
    actor = Actor(user=admin_user, channel=Channel.IMPORT)
    with manuals.EXAMPLE_CSV.open("rb") as stream:
        saved = manuals.import_manual(stream, "example.csv", actor)
    assert_example_imported(saved)
    entries = ChangeLogEntry.objects.filter(batch=actor.batch)
    assert set(entries.values_list("channel", flat=True)) == {Channel.IMPORT}
    # Again: nothing changes.
    logged = ChangeLogEntry.objects.count()
    with manuals.EXAMPLE_CSV.open("rb") as stream:
        manuals.import_manual(stream, "example.csv", Actor(user=admin_user, channel="import"))
    assert ChangeLogEntry.objects.count() == logged


def test_the_filled_example_imports_from_xlsx(phra_nakhon, admin_user):
    workbook = io.BytesIO()
    manuals.write_workbook(manuals.example_sections(), workbook)
    workbook.seek(0)
    saved = manuals.import_manual(workbook, "example.xlsx", Actor.shell(admin_user))
    assert_example_imported(saved)


def test_an_export_in_the_template_reads_back_the_same(phra_nakhon, admin_user):
    with manuals.EXAMPLE_CSV.open("rb") as stream:
        (profile,) = manuals.import_manual(stream, "example.csv", Actor.shell(admin_user))
    for fmt, write in (("csv", manuals.write_csv), ("xlsx", manuals.write_workbook)):
        buffer = io.BytesIO()
        write(manuals.manual_rows([profile]), buffer)
        buffer.seek(0)
        version = ServiceProfile.objects.get(pk=profile.pk).version
        manuals.import_manual(buffer, f"again.{fmt}", Actor.shell(admin_user))
        assert ServiceProfile.objects.get(pk=profile.pk).version == version


def test_a_bad_file_imports_nothing_and_names_each_row(phra_nakhon, admin_user):
    text = manuals.EXAMPLE_CSV.read_text(encoding="utf-8-sig")
    text = text.replace("1,000", "หนึ่งพัน").replace("30 นาที", "ครึ่งวัน")
    buffer = io.BytesIO()
    manuals.write_csv({"steps": [["ไม่มีบริการนี้", "ขั้นตอนใหม่", "", "", "", ""]]}, buffer)
    text += buffer.getvalue().decode("utf-8-sig").splitlines()[1] + "\n"
    with pytest.raises(manuals.ManualError) as refused:
        manuals.import_manual(io.BytesIO(text.encode()), "bad.csv", Actor.shell(admin_user))
    problems = refused.value.problems
    fee = "Row 2, column “ค่าธรรมเนียม (Fee, baht)”: “หนึ่งพัน” is not a number"
    assert any(p.startswith(fee) for p in problems)
    duration = "Row 10, column “ระยะเวลา (Duration)”: “ครึ่งวัน” is not a duration; write it as"
    assert any(p.startswith(duration) and "“ไม่เกิน 45 วัน”" in p for p in problems)
    assert any("“ไม่มีบริการนี้” is not the ID or Thai name" in p for p in problems)
    assert not ServiceProfile.objects.exists()


def test_a_unit_editor_imports_only_their_units_services(phra_nakhon, unit_a, make_user):
    editor = make_user(Role.UNIT_EDITOR, unit_a)
    with pytest.raises(manuals.ManualError) as refused, manuals.EXAMPLE_CSV.open("rb") as stream:
        manuals.import_manual(stream, "example.csv", Actor(user=editor, channel="import"))
    assert "only what your unit owns" in refused.value.problems[0]
    assert not Element.objects.filter(identifier__startswith="svc-example").exists()


def test_reverting_the_batch_that_created_a_service_removes_profile_and_element(
    system_actor, make_service
):
    service = make_service(channels=[web()])
    batch = changes_of(service).get().batch

    revert_batch(system_actor, batch)

    assert not ServiceProfile.objects.filter(pk=service.pk).exists()
    assert not Element.objects.filter(pk=service.pk).exists()
