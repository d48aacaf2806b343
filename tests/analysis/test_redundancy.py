"""Redundancy on hand-built models: consolidation candidates and data with several masters."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from nakhon.analysis.graph import current_index
from nakhon.analysis.models import DismissedFinding
from nakhon.analysis.redundancy import (
    consolidation_candidates,
    redundancy_report,
    several_masters,
)
from nakhon.analysis.services import dismissed_findings
from nakhon.core.models import ChangeLogEntry
from nakhon.core.permissions import Role
from nakhon.portfolio.services import application_profiles


@pytest.fixture
def apps(model, system_actor, unit_a, unit_b):
    """Three units' complaint systems serve the same service; a fourth app of unit A also
    serves it; one unit's two apps share another service."""
    model.element("complaints", "BusinessService", "รับเรื่องร้องเรียน")
    model.element("handling", "BusinessProcess", "การจัดการเรื่องร้องเรียน")
    model.element("tax", "BusinessService", "ชำระภาษี")
    model.element("traffy", "ApplicationComponent", "ทราฟฟี่", owner_unit=unit_a)
    model.element("inbox", "ApplicationComponent", "กล่องรับเรื่อง", owner_unit=unit_b)
    model.element("inbox-api", "ApplicationService", "บริการรับเรื่อง", owner_unit=unit_b)
    model.element("hotline", "ApplicationComponent", "สายด่วน", owner_unit=unit_b)
    model.element("tax-a", "ApplicationComponent", "ภาษี ก", owner_unit=unit_a)
    model.element("tax-b", "ApplicationComponent", "ภาษี ข", owner_unit=unit_a)
    model.rel("traffy", "Serving", "complaints")
    model.rel("inbox", "Realization", "inbox-api")
    model.rel("inbox-api", "Serving", "handling")
    model.rel("handling", "Realization", "complaints")
    model.rel("hotline", "Serving", "complaints")
    model.rel("tax-a", "Serving", "tax")
    model.rel("tax-b", "Serving", "tax")
    for key, cost in (("traffy", "1200000"), ("inbox", "800000"), ("tax-a", "5"), ("tax-b", "5")):
        application_profiles.create(system_actor, element=model[key], yearly_cost=Decimal(cost))
    return model


def test_applications_of_several_units_serving_one_service_are_one_candidate(apps):
    findings, total = consolidation_candidates(current_index(), explain=5)

    assert total == len(findings) == 1  # the tax apps are one unit's: not a candidate
    finding = findings[0]
    assert finding.target.name == "รับเรื่องร้องเรียน"
    assert [a.node.name for a in finding.applications] == ["ทราฟฟี่", "กล่องรับเรื่อง", "สายด่วน"]
    assert finding.yearly_cost == Decimal("2000000")
    assert finding.unknown_costs == 1
    assert finding.unit_count == 2
    assert finding.application_count == 3 and finding.more == 0
    inbox = finding.applications[1]
    assert [n.name for n in inbox.via] == ["บริการรับเรื่อง", "การจัดการเรื่องร้องเรียน"]
    assert "2,000,000.00" in finding.explanation()
    assert "the cost of 1 of them is not known." in finding.explanation()
    assert finding.unowned == 0 and "owning unit" not in finding.explanation()


def test_candidates_are_ranked_by_their_summed_cost(apps, model, unit_b, system_actor):
    model.element("tax-c", "ApplicationComponent", "ภาษี ค", owner_unit=unit_b)
    model.rel("tax-c", "Serving", "tax")
    application_profiles.create(system_actor, element=model["tax-c"], yearly_cost=Decimal("9e6"))

    findings, total = consolidation_candidates(current_index(), explain=5)

    assert [f.target.name for f in findings] == ["ชำระภาษี", "รับเรื่องร้องเรียน"]
    assert findings[0].yearly_cost == Decimal("9000010")


def test_a_capability_realised_through_a_service_is_not_counted_again(apps, model):
    model.element("cap", "Capability", "การรับเรื่องร้องเรียน")
    model.rel("complaints", "Realization", "cap")

    findings, total = consolidation_candidates(current_index(), explain=5)

    assert [f.target.name for f in findings] == ["รับเรื่องร้องเรียน"]  # the walk stops there


def test_data_written_by_two_applications_has_several_masters(model, unit_a, unit_b):
    model.element("registry", "DataObject", "ทะเบียนบ้าน")
    model.element("notes", "DataObject", "บันทึก")
    model.element("app-1", "ApplicationComponent", "ระบบหนึ่ง", owner_unit=unit_a)
    model.element("app-2", "ApplicationComponent", "ระบบสอง", owner_unit=unit_b)
    model.element("update", "ApplicationFunction", "ปรับปรุงข้อมูล", owner_unit=unit_b)
    model.element("reader", "ApplicationComponent", "ระบบอ่าน", owner_unit=unit_b)
    model.rel("app-1", "Access", "registry", access_type="Write")
    model.rel("app-2", "Assignment", "update")
    model.rel("update", "Access", "registry", access_type="ReadWrite")
    model.rel("reader", "Access", "registry", access_type="Read")
    model.rel("app-1", "Access", "notes", access_type="Write")

    findings, total = several_masters(current_index())

    assert [f.target.name for f in findings] == ["ทะเบียนบ้าน"]
    assert [a.node.name for a in findings[0].applications] == ["ระบบสอง", "ระบบหนึ่ง"]
    assert "written by 2 applications" in findings[0].explanation()


def test_applications_no_unit_owns_are_counted_and_said_to_have_no_owner(model):
    """An imported model often has no units at all: its duplicates must still show."""
    model.element("permits", "BusinessService", "ออกใบอนุญาตก่อสร้าง")
    model.element("old", "ApplicationComponent", "ระบบใบอนุญาตเดิม", owner_unit=None)
    model.element("new", "ApplicationComponent", "ระบบใบอนุญาตใหม่", owner_unit=None)
    model.rel("old", "Serving", "permits")
    model.rel("new", "Serving", "permits")

    findings, total = consolidation_candidates(current_index(), explain=5)

    assert total == 1
    finding = findings[0]
    assert (finding.application_count, finding.unit_count, finding.unowned) == (2, 0, 2)
    assert [a.unit for a in finding.applications] == [None, None]
    assert "2 of them have no owning unit" in finding.explanation()


def test_an_unowned_application_beside_one_units_is_a_candidate(model, unit_a):
    model.element("permits", "BusinessService", "ออกใบอนุญาตก่อสร้าง")
    model.element("old", "ApplicationComponent", "ระบบใบอนุญาตเดิม", owner_unit=unit_a)
    model.element("new", "ApplicationComponent", "ระบบใบอนุญาตใหม่", owner_unit=None)
    model.element("new-2", "ApplicationComponent", "ระบบใบอนุญาตสำรอง", owner_unit=unit_a)
    for key in ("old", "new", "new-2"):
        model.rel(key, "Serving", "permits")

    [finding], total = consolidation_candidates(current_index())

    assert (finding.application_count, finding.unit_count, finding.unowned) == (3, 1, 1)


def test_when_no_cost_is_known_the_cost_is_not_known_rather_than_zero(apps, model, unit_a):
    model.element("tax-c", "ApplicationComponent", "ภาษี ค", owner_unit=unit_a)
    model.element("parking", "BusinessService", "ชำระค่าจอดรถ")
    for key in ("tax-c", "hotline"):
        model.rel(key, "Serving", "parking")

    findings, _total = consolidation_candidates(current_index())

    parking = next(f for f in findings if f.target.name == "ชำระค่าจอดรถ")
    assert parking.unknown_costs == 2 and not parking.cost_known
    assert parking.known_yearly_cost is None
    assert "not known" in parking.explanation() and "0.00" not in parking.explanation()
    complaints = next(f for f in findings if f.target.name == "รับเรื่องร้องเรียน")
    assert complaints.known_yearly_cost == Decimal("2000000")


# Dismissing a finding: the EA office sets it aside with a reason, logged and reversible.


def test_a_dismissed_finding_stays_dismissed_with_its_reason_and_can_be_restored(
    apps, system_actor
):
    complaints = apps["complaints"]
    dismissal = dismissed_findings.create(
        system_actor,
        kind="consolidation",
        target=complaints,
        reason="ทราฟฟี่กับสายด่วนเป็นช่องทางที่เสริมกัน ไม่ซ้ำซ้อน",
    )
    report = redundancy_report(current_index())
    assert report.consolidation == [] and report.consolidation_total == 0
    assert [(d.target, d.reason) for d in report.dismissed] == [(complaints, dismissal.reason)]
    logged = ChangeLogEntry.objects.filter(object_id=str(dismissal.pk))
    assert [e.action for e in logged] == ["create"]

    dismissed_findings.delete(system_actor, dismissal, version=1)
    report = redundancy_report(current_index())
    assert [f.target.name for f in report.consolidation] == ["รับเรื่องร้องเรียน"]
    assert report.dismissed == []
    assert sorted(e.action for e in logged.all()) == ["create", "delete"]


def test_a_dismissal_needs_a_reason_and_only_one_a_finding(apps, system_actor):
    with pytest.raises(ValidationError, match="not redundancy"):
        dismissed_findings.create(
            system_actor, kind="consolidation", target=apps["complaints"], reason="  "
        )
    dismissed_findings.create(system_actor, kind="masters", target=apps["complaints"], reason="x")
    with pytest.raises(ValidationError):
        dismissed_findings.create(
            system_actor, kind="masters", target=apps["complaints"], reason="again"
        )


def test_only_the_ea_office_dismisses_and_restores_on_the_page(apps, client, make_user, unit_a):
    client.force_login(make_user(Role.UNIT_EDITOR, unit_a))
    form = {"kind": "consolidation", "target": apps["complaints"].pk, "reason": "เสริมกัน"}
    assert client.post(reverse("analysis:dismiss_finding"), form).status_code == 403
    page = client.get(reverse("analysis:redundancy")).content.decode()
    assert 'data-testid="dismiss-form"' not in page

    client.force_login(make_user(Role.EA_OFFICE, unit_a))
    assert (
        'data-testid="dismiss-form"' in client.get(reverse("analysis:redundancy")).content.decode()
    )
    response = client.post(reverse("analysis:dismiss_finding"), form, follow=True)
    page = response.content.decode()
    assert "เสริมกัน" in page  # the reason, in the dismissed findings
    assert 'id="reason-consolidation-' not in page  # the finding left the ranked list
    dismissal = DismissedFinding.objects.get()
    restored = client.post(
        reverse("analysis:restore_finding", args=[dismissal.pk]), {"version": 1}, follow=True
    )
    assert restored.status_code == 200
    assert not DismissedFinding.objects.exists()
    assert 'id="reason-consolidation-' in restored.content.decode()


def test_dismissals_over_the_api(apps, make_user, unit_a):
    api = APIClient()
    api.force_authenticate(make_user(Role.VIEWER, unit_a))
    url = "/api/analysis/dismissed-findings/"
    body = {"kind": "consolidation", "target": str(apps["complaints"].pk), "reason": "เสริมกัน"}
    assert api.post(url, body, format="json").status_code == 403
    api.force_authenticate(make_user(Role.EA_OFFICE, unit_a))
    created = api.post(url, body, format="json")
    assert created.status_code == 201, created.json()
    assert api.get(url).json()["count"] == 1
    redundancy = api.get("/api/analysis/redundancy/").json()
    assert redundancy["consolidation_total"] == 0
    assert api.delete(f"{url}{created.json()['id']}/?version=1").status_code == 204
    assert api.get("/api/analysis/redundancy/").json()["consolidation_total"] == 1
