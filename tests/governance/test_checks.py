"""The automatic checks on hand-built requests: each check finds what it should, names the
objects concerned, and says "not known" where the records do not say."""

import uuid
from dataclasses import replace
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from nakhon.citizen_services.services import service_profiles
from nakhon.core.models import ProposalOperation
from nakhon.core.permissions import Role
from nakhon.governance import checks, workflow
from nakhon.governance import proposals as request_proposals
from nakhon.governance.models import Finding, Severity
from nakhon.governance.models.requests import RequestState
from nakhon.repository.models import Relationship
from nakhon.repository.services import elements, relationships
from tests.cases.api import api_client
from tests.citizen_services.conftest import BARE, counter, document, web

pytestmark = pytest.mark.django_db


@pytest.fixture
def make_request(system_actor, unit_a):
    def make(affects=(), request_type="establish", **values):
        request = workflow.requests.create(
            system_actor,
            title=values.pop("title", "ระบบรับเรื่องร้องเรียนออนไลน์"),
            request_type=request_type,
            owner_unit=unit_a,
            **values,
        )
        for element, effect, flags in affects:
            workflow.affected_elements.create(
                system_actor, request=request, element=element, effect=effect, **flags
            )
        return request

    return make


def of_check(results, kind):
    return [f for f in results if f.check == kind]


# Duplication


@pytest.fixture
def complaints(make_element, system_actor, unit_a, unit_b):
    """A capability realised by one live application and one retired one."""
    capability = make_element("Capability", "การรับเรื่องร้องเรียน", owner=unit_a)
    live = make_element("ApplicationComponent", "ระบบรับเรื่องราวร้องทุกข์ 1555", owner=unit_b)
    retired = make_element("ApplicationComponent", "ระบบร้องเรียนเก่า", owner=unit_b, status="retired")
    for app in (live, retired):
        relationships.create(system_actor, type="Realization", source=app, target=capability)
    return capability, live, retired


def test_a_new_application_for_a_served_capability_names_the_existing_one(
    make_request, make_element, complaints, unit_a
):
    capability, live, retired = complaints
    new = make_element("ApplicationComponent", "ระบบรับเรื่องใหม่", owner=unit_a, status="plan")
    request = make_request([(new, "create", {})], capabilities=[capability])
    [finding] = checks.check_duplication(request)
    assert finding.severity == Severity.WARNING
    assert "ระบบรับเรื่องราวร้องทุกข์ 1555" in finding.message_en
    assert "ระบบร้องเรียนเก่า" not in finding.message_en  # retired: nothing to reuse
    assert finding.url == live.get_absolute_url()
    assert {e.label for e in finding.evidence} == {str(live), str(capability)}
    assert "ระบบรับเรื่องราวร้องทุกข์ 1555" in finding.message  # the Thai text names it too


def test_the_new_applications_own_links_count_and_it_is_not_its_own_duplicate(
    make_request, make_element, complaints, system_actor, unit_a
):
    capability, live, _retired = complaints
    new = make_element("ApplicationComponent", "ระบบรับเรื่องใหม่", owner=unit_a, status="plan")
    relationships.create(system_actor, type="Realization", source=new, target=capability)
    request = make_request([(new, "create", {})])  # no capability declared
    [finding] = checks.check_duplication(request)
    assert str(live) in finding.message_en and "ระบบรับเรื่องใหม่” is already" not in finding.text


def test_no_new_application_no_duplication(make_request, complaints):
    capability, live, _retired = complaints
    request = make_request([(live, "change", {})], capabilities=[capability])
    assert checks.check_duplication(request) == []


# Standards


@pytest.fixture
def technology(make_element, make_standard, unit_a):
    old = make_element("SystemSoftware", "Windows Server 2012 R2", owner=unit_a)
    kept = make_element("SystemSoftware", "Oracle Database 19c", owner=unit_a)
    good = make_element("SystemSoftware", "PostgreSQL 16", owner=unit_a)
    stray = make_element("Node", "เครื่องแม่ข่ายของสำนัก", owner=unit_a)
    standards = {
        "retire": make_standard(unit_a, "Windows Server 2012", status="retire", elements=[old]),
        "contain": make_standard(unit_a, "Oracle 19c", status="contain", elements=[kept]),
        "adopt": make_standard(unit_a, "PostgreSQL", status="adopt", elements=[good]),
    }
    return {"old": old, "kept": kept, "good": good, "stray": stray, **standards}


def test_retired_contained_and_uncatalogued_technology_are_found(make_request, technology):
    t = technology
    request = make_request([(t[k], "use", {}) for k in ("old", "kept", "good", "stray")])
    results = checks.check_standards(request)
    texts = sorted(f.message_en for f in results)
    assert len(results) == 3
    assert any("Windows Server 2012" in x and "retire" in x for x in texts)
    assert any("Oracle 19c" in x and "contain" in x for x in texts)
    assert any("เครื่องแม่ข่ายของสำนัก" in x and "no standard" in x for x in texts)
    assert not any("PostgreSQL" in x for x in texts)
    retired = next(f for f in results if "Windows Server 2012" in f.message_en)
    assert retired.url == t["retire"].get_absolute_url()


def test_retiring_a_retired_technology_is_no_finding(make_request, technology):
    request = make_request([(technology["old"], "retire", {})])
    assert checks.check_standards(request) == []


def test_a_waiver_in_force_turns_the_warning_into_a_note(make_request, technology, system_actor):
    request = make_request([(technology["old"], "use", {})])
    with workflow.step("grant_waiver"):
        workflow.waivers.create(
            system_actor,
            request=request,
            standard=technology["retire"],
            reason="ย้ายระบบภายในปีงบประมาณ 2570",
            expires_on=timezone.localdate() + timedelta(days=90),
        )
    [finding] = checks.check_standards(request)
    assert finding.severity == Severity.INFO
    assert "A waiver allows it until" in finding.message_en


# The Digital Government Act


@pytest.fixture
def make_service(system_actor, unit_a):
    def make(name, **values):
        return service_profiles.create(
            system_actor, name=name, owner_unit=unit_a, **(BARE | values)
        )

    return make


def test_a_service_without_a_profile_is_not_known_not_a_pass(make_request, make_element):
    service = make_element("BusinessService", "การขออนุญาตตั้งแผงลอย")
    request = make_request(citizen_services=[service])
    [finding] = checks.check_digital_government_act(request)
    assert finding.severity == Severity.WARNING
    assert "not known" in finding.message_en and "ไม่ทราบ" in finding.message


def test_a_counter_only_service_misses_each_outcome(make_request, make_service):
    profile = make_service("การขอใบอนุญาตก่อสร้าง", channels=[counter()], documents=[document()])
    request = make_request(citizen_services=[profile.element])
    texts = [f.message_en for f in checks.check_digital_government_act(request)]
    assert any("cannot be requested online" in t for t in texts)
    assert any("Digital ID" in t or "digital ID" in t for t in texts)
    assert any("cash" in t for t in texts)
    assert any("Copies" in t or "copies" in t for t in texts)


def test_unrecorded_channels_documents_and_payment_are_not_known(make_request, make_service):
    profile = make_service("การขอรับเบี้ยยังชีพ", payment_methods=[], needs_documents=None)
    request = make_request(citizen_services=[profile.element])
    texts = [f.message_en for f in checks.check_digital_government_act(request)]
    assert len(texts) == 3
    assert all("not known" in t for t in texts)


def test_a_fully_digital_service_passes(make_request, make_service):
    profile = make_service(
        "การชำระภาษีป้าย",
        channels=[web(identity="thaid", ial="IAL2.3")],
        required_ial="IAL2.1",
        payment_methods=["promptpay"],
        e_receipt=True,
        documents=[document(exchange="gdx", exchange_ref="gdx-1")],
    )
    request = make_request(citizen_services=[profile.element])
    assert checks.check_digital_government_act(request) == []
    retiring = make_request(request_type="retire", citizen_services=[profile.element])
    assert checks.check_digital_government_act(retiring) == []


# Personal data


def test_personal_data_needs_classification_and_lawful_basis(make_request, make_element):
    bare = make_element("DataObject", "ข้อมูลผู้ร้องเรียน")
    half = make_element("DataObject", "ข้อมูลผู้ขออนุญาต")
    unknown = make_element("DataObject", "ข้อมูลผู้ใช้บริการ")
    fine = make_element("DataObject", "ข้อมูลสถิติ")
    request = make_request(
        [
            (bare, "create", {"personal_data": True}),
            (half, "create", {"personal_data": True, "classification": "confidential"}),
            (unknown, "use", {"personal_data": None}),
            (fine, "use", {"personal_data": False}),
        ]
    )
    found = {f.evidence[0].label: f.message_en for f in checks.check_personal_data(request)}
    assert set(found) == {"ข้อมูลผู้ร้องเรียน", "ข้อมูลผู้ขออนุญาต", "ข้อมูลผู้ใช้บริการ"}
    assert "neither a data classification nor a lawful basis" in found["ข้อมูลผู้ร้องเรียน"]
    assert "no lawful basis" in found["ข้อมูลผู้ขออนุญาต"]
    assert "is not known" in found["ข้อมูลผู้ใช้บริการ"]


# Principles


def test_declared_departures_are_findings_with_their_reason(
    make_request, make_principle, system_actor
):
    principle = make_principle(name="ใช้คลาวด์กลางภาครัฐก่อน", code="P7")
    request = make_request()
    workflow.principle_departures.create(
        system_actor, request=request, principle=principle.element, reason="ข้อมูลต้องอยู่ในเมือง"
    )
    [finding] = checks.check_principles(request)
    assert "P7 ใช้คลาวด์กลางภาครัฐก่อน" in finding.message_en
    assert "ข้อมูลต้องอยู่ในเมือง" in finding.message_en
    assert finding.url == principle.get_absolute_url()


# Submission


def test_submitting_stores_the_findings_shown_in_the_readers_language(
    make_request, technology, system_actor, admin_client
):
    request = make_request([(technology["old"], "use", {})])
    workflow.submit(system_actor, request)
    request.refresh_from_db()
    assert request.state == RequestState.SUBMITTED
    [finding] = Finding.objects.filter(request=request)
    assert finding.check_kind == "standards" and finding.evidence
    with translation.override("th"):
        assert "เลิกใช้" in finding.text
    assert "retire" in finding.text
    # Submitting again (after the request was sent back) replaces, not adds.
    checks.record_findings(request, checks.run_checks(request))
    assert Finding.objects.filter(request=request).count() == 1


def test_a_request_with_nothing_to_find_has_no_findings(make_request, system_actor):
    request = make_request()
    workflow.submit(system_actor, request)
    assert not Finding.objects.filter(request=request).exists()


# The request's change proposal: duplication and the ArchiMate rules


@pytest.fixture
def in_proposal(make_request, system_actor):
    """A draft request with a change proposal, and an actor that writes into it."""
    request = make_request()
    proposal = request_proposals.start(system_actor, request)
    request.refresh_from_db()
    return request, replace(system_actor, proposal=proposal)


def test_an_application_the_proposal_creates_is_checked_for_duplication(
    in_proposal, complaints, system_actor, unit_a
):
    request, actor = in_proposal
    capability, live, _retired = complaints
    workflow.requests.update(system_actor, request, version=None, capabilities=[capability])
    elements.create(actor, type="ApplicationComponent", name="ระบบรับเรื่องใหม่", owner_unit=unit_a)
    [finding] = checks.check_duplication(request)
    assert str(live) in finding.message_en and "ระบบรับเรื่องใหม่" in finding.message_en


def test_allowed_proposed_relationships_are_no_finding(in_proposal, complaints, unit_a):
    request, actor = in_proposal
    capability, _live, _retired = complaints
    new = elements.create(actor, type="ApplicationComponent", name="ระบบใหม่", owner_unit=unit_a)
    relationships.create(actor, type="Realization", source=new, target=capability)
    assert checks.check_metamodel(request) == []


def test_a_relationship_archimate_refuses_blocks_the_submission(
    in_proposal, complaints, system_actor
):
    request, actor = in_proposal
    capability, live, _retired = complaints
    # As a laxer tool's file might leave it: a composition of a capability in an application.
    relationship_id = uuid.uuid4()
    ProposalOperation.objects.create(
        proposal=actor.proposal,
        position=1,
        action="create",
        content_type=ContentType.objects.get_for_model(Relationship),
        object_id=str(relationship_id),
        object_repr="composition",
        values={
            "id": str(relationship_id),
            "identifier": f"id-{relationship_id}",
            "type": "Composition",
            "source_id": str(live.pk),
            "target_id": str(capability.pk),
        },
    )
    [finding] = checks.check_metamodel(request)
    assert finding.severity == Severity.BLOCKING and finding.blocking
    assert "Composition" in finding.message_en or "composition" in finding.message_en
    assert {e.label for e in finding.evidence} == {str(live), str(capability)}
    with pytest.raises(ValidationError) as refused:
        workflow.submit(system_actor, request)
    assert "cannot be submitted" in " ".join(refused.value.messages)
    request.refresh_from_db()
    assert request.state == RequestState.DRAFT
    assert not Finding.objects.filter(request=request).exists()


# Where the findings are shown


def test_the_checks_page_previews_a_draft_then_shows_what_submission_stored(
    make_request, technology, system_actor, client, make_user, unit_b
):
    request = make_request([(technology["old"], "use", {})])
    client.force_login(make_user(Role.VIEWER, unit_b))
    url = reverse("governance:reviewrequest_checks", args=[request.pk])
    text = client.get(url).content.decode()
    assert "If it were submitted now" in text and "Windows Server 2012" in text
    assert not Finding.objects.exists()  # a preview stores nothing
    workflow.submit(system_actor, request)
    text = client.get(url).content.decode()
    assert "Found when it was submitted" in text and "If it were submitted now" not in text
    assert 'data-severity="warning"' in text
    thai = client.get(url, HTTP_ACCEPT_LANGUAGE="th").content.decode()
    assert "เลิกใช้" in thai


def test_findings_in_the_api(make_request, technology, system_actor, make_user, unit_b):
    request = make_request([(technology["old"], "use", {})])
    workflow.submit(system_actor, request)
    client = api_client(make_user(Role.VIEWER, unit_b))
    rows = client.get("/api/governance/findings/", {"request": str(request.pk)}).json()
    [row] = rows["results"]
    assert (row["check"], row["severity"]) == ("standards", "warning")
    assert "retire" in row["text"] and "เลิกใช้" in row["message"]
    assert row["evidence"][0]["url"] == technology["retire"].get_absolute_url()
    assert api_client(None).get("/api/governance/findings/").status_code in (401, 403)
    assert client.post("/api/governance/findings/", {}, format="json").status_code == 405


def test_a_waiver_of_a_catalogue_standard_granted_in_review_shows_on_the_checks_page(
    make_request, technology, system_actor, make_user, client
):
    request = make_request([(technology["old"], "use", {})])
    workflow.submit(system_actor, request)
    reviewer = make_user(Role.REVIEWER)
    workflow.assign(system_actor, request, reviewer)
    workflow.start_review(system_actor, request)
    ea_office = make_user(Role.EA_OFFICE)
    body = {
        "standard_id": str(technology["retire"].pk),
        "reason": "ย้ายระบบภายในปีงบประมาณ 2570",
        "expires_on": str(timezone.localdate() + timedelta(days=60)),
    }
    url = f"/api/governance/requests/{request.pk}/waivers/"
    response = api_client(ea_office).post(url, body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["standard_id"] == str(technology["retire"].pk)
    client.force_login(ea_office)
    text = client.get(reverse("governance:reviewrequest_checks", args=[request.pk])).content
    text = text.decode()
    stored, now = text.split("If checked again now")
    assert 'data-severity="warning"' in stored and "A waiver allows it" not in stored
    assert 'data-severity="info"' in now and "A waiver allows it" in now
    no_standard = {**body, "standard_id": None}
    assert api_client(ea_office).post(url, no_standard, format="json").status_code == 400
