"""The Bangkok demo's principles and standards catalogue (read from the demo, loaded once)."""

from datetime import date

import pytest

from nakhon.core.services import Actor
from nakhon.demo import sample, standards
from nakhon.governance import workflow
from nakhon.governance.models import Finding, PrincipleProfile, Standard, StandardStatus
from nakhon.organization.models import OrgUnit
from nakhon.portfolio.models import TechnologyProfile
from nakhon.repository.models import Element
from nakhon.repository.services import elements

pytestmark = pytest.mark.django_db


def test_principles_are_bilingual_principle_elements(bangkok_demo):
    loaded = PrincipleProfile.objects.select_related("element")
    assert loaded.count() == 8
    for principle in loaded:
        assert principle.element.type == "Principle"
        assert principle.code and principle.element.name and principle.element.name_en
        for field in ("rationale", "rationale_en", "implications", "implications_en"):
            assert getattr(principle, field), (principle, field)


def test_catalogue_covers_the_demo_technology_with_every_status(bangkok_demo):
    catalogue = Standard.objects.prefetch_related("elements")
    assert {s.status for s in catalogue} == set(StandardStatus.values)
    covered = {e.pk for s in catalogue for e in s.elements.all()}
    # All but the units' own hardware nodes, left out so that "not in the catalogue" has cases.
    uncovered = TechnologyProfile.objects.exclude(pk__in=covered)
    assert sorted(p.element.identifier for p in uncovered) == [
        "bma-demo-tech-node-district",
        "bma-demo-tech-node-fin",
        "bma-demo-tech-node-msd",
    ]
    # Windows Server 2012 R2, past its end of support, is retired.
    retired = Standard.objects.get(elements__identifier="bma-demo-tech-win2012")
    assert retired.status == StandardStatus.RETIRE


def test_some_standards_are_past_review_and_some_not_known(bangkok_demo):
    assert Standard.objects.past_review(date(2026, 12, 3)).count() >= 5
    assert Standard.objects.filter(review_date__isnull=True).exists()


def test_loading_the_standards_again_changes_nothing(bangkok_demo):
    summary = sample.Summary()
    standards.load(summary)
    assert summary.counts["standards"]["unchanged"] == summary.total("standards") == 28
    assert summary.counts["elements"]["unchanged"] == summary.total("elements") == 8


# Submitting requests against the demo


@pytest.fixture
def drainage(bangkok_demo):
    """The drainage department's editor-side actor and unit (the demo's own account)."""
    return Actor.shell(sample.demo_user()), OrgUnit.objects.get(code="DDS")


def submitted(actor, unit, *, affects, **values):
    request = workflow.requests.create(actor, request_type="establish", owner_unit=unit, **values)
    for element, effect in affects:
        workflow.affected_elements.create(
            actor,
            request=request,
            element=element,
            effect=effect,
            personal_data=False,
        )
    return workflow.submit(actor, request)


def demo_element(key: str) -> Element:
    return Element.objects.get(identifier=f"{sample.PREFIX}{key}")


def test_a_new_complaint_system_is_found_to_duplicate_the_citys(drainage):
    actor, unit = drainage
    new = elements.create(
        actor,
        type="ApplicationComponent",
        name="ระบบรับแจ้งเหตุท่อระบายน้ำอุดตันผ่านแอปพลิเคชัน",
        owner_unit=unit,
        status="plan",
    )
    request = submitted(
        actor,
        unit,
        title="จัดหาระบบรับแจ้งเหตุท่อระบายน้ำผ่านแอปพลิเคชัน",
        capabilities=[demo_element("cap-complaints")],
        affects=[(new, "create")],
    )
    finding = Finding.objects.get(request=request, check_kind="duplication")
    assert "ระบบศูนย์รับเรื่องราวร้องทุกข์ กทม. 1555" in finding.message_en
    assert "ระบบรับเรื่องร้องเรียนเหตุรำคาญด้านสาธารณสุข" in finding.message_en
    assert demo_element("app-1555").get_absolute_url() in [e["url"] for e in finding.evidence]


def test_a_request_building_on_a_retired_server_gets_the_standards_finding(drainage):
    actor, unit = drainage
    request = submitted(
        actor,
        unit,
        title="ปรับปรุงระบบงานการเงินบน Windows Server 2012 R2",
        affects=[(demo_element("tech-win2012"), "use"), (demo_element("tech-rhel9"), "use")],
    )
    [finding] = Finding.objects.filter(request=request, check_kind="standards")
    assert "Windows Server 2008 R2 and 2012 R2" in finding.message_en or (
        "Windows Server 2008 R2 และ 2012 R2" in finding.message_en
    )
    assert "retire" in finding.message_en
    assert finding.url == Standard.objects.get(code="STD-PLT-03").get_absolute_url()
