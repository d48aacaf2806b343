"""The whole Bangkok demo as `make demo` loads it: the sample, the portfolio, the citizen services
and the strategy. Every test here only reads it, loaded once for the module (loading itself is
tested in test_demo.py)."""

import re
from collections import Counter
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from nakhon.citizen_services.models import ServiceProfile
from nakhon.demo import sample, strategy
from nakhon.organization.models import OrgUnit, UnitKind
from nakhon.repository.models import Element, Plateau, Relationship
from tests.demo.test_demo import printed_password

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("bangkok_demo")]


def test_the_demo_city_has_what_a_bma_officer_expects():
    kinds = Counter(OrgUnit.objects.values_list("kind", flat=True))
    assert kinds[UnitKind.DISTRICT_OFFICE] == 50
    assert ServiceProfile.objects.count() >= 40
    assert Element.objects.filter(type="ApplicationComponent").count() >= 75
    goals = Element.objects.filter(type="Goal", identifier__startswith="bma-demo-goal-")
    assert goals.count() == 1 + 7  # the sample's own goal and the plan's seven dimensions
    assert Element.objects.filter(type="WorkPackage").count() == 1 + len(strategy.WORK_PACKAGES)
    served = Relationship.objects.filter(
        type="Serving",
        source__type__in=["ApplicationComponent", "ApplicationService"],
        target__type="BusinessService",
    ).values_list("target_id", flat=True)
    services = ServiceProfile.objects.values_list("pk", flat=True)
    assert set(services) <= set(served)  # every citizen service is delivered by an application


def test_the_capability_map_has_three_levels_under_twelve_and_more_core_missions():
    parts = {
        (source, target)
        for source, target in Relationship.objects.filter(
            type="Composition", source__type="Capability", target__type="Capability"
        ).values_list("source__identifier", "target__identifier")
    }
    children: dict = {}
    for parent, child in parts:
        children.setdefault(parent, []).append(child)
    missions = [f"{sample.PREFIX}{key}" for key in strategy.mission_keys()]
    assert len(missions) >= 12

    def depth(capability: str) -> int:
        return 1 + max((depth(c) for c in children.get(capability, [])), default=0)

    assert max(depth(m) for m in missions) == 3
    placed = {child for _parent, child in parts} | set(missions)
    capabilities = Element.objects.filter(type="Capability").values_list("identifier", flat=True)
    assert set(capabilities) <= placed  # every capability of the demo sits in the map
    flood = f"{sample.PREFIX}mission-flood-control"
    assert f"{sample.PREFIX}cap-flood-management" in children[flood]  # the portfolio's own


def test_the_plateaus_hold_the_whole_demo_new_things_only_in_the_target_going_ones_only_before():
    baseline = Plateau.objects.get(element__identifier=f"{sample.PREFIX}plateau-2562")
    target = Plateau.objects.get(element__identifier=f"{sample.PREFIX}plateau-2570")
    before = set(baseline.elements.values_list("identifier", flat=True))
    after = set(target.elements.values_list("identifier", flat=True))
    assert len(before) > 200 and len(after) > 200
    assert f"{sample.PREFIX}app-bma-oss" in after - before  # new by B.E. 2570
    assert "svc-school-enrolment" in before & after  # a service the city keeps
    going = Element.objects.filter(
        application_profile__business_fit__lte=2, application_profile__technical_fit__lte=2
    ).values_list("identifier", flat=True)
    assert going and set(going) <= before - after  # the portfolio's "eliminate" class
    assert not Element.objects.filter(
        identifier__in=before | after, type__in=["Goal", "WorkPackage", "Driver"]
    ).exists()
    inner = target.relationships.values_list("source__identifier", "target__identifier")
    assert inner and all(s in after and t in after for s, t in inner)


def test_admin_command_prints_credentials_that_authenticate():
    out = StringIO()
    call_command("demo", "admin", stdout=out)

    output = out.getvalue()
    assert "http://127.0.0.1:8000/" in output
    assert re.search(r"user name:\s+admin\b", output)
    user = authenticate(username="admin", password=printed_password(output))
    assert user is not None
    assert user.is_superuser and user.role == "admin"
    assert user.unit.code == "SED"


def test_a_demo_request_has_a_proposal_in_conflict_with_a_later_live_edit():
    from nakhon.core import proposals
    from nakhon.demo import proposals as demo_proposals
    from nakhon.governance.models import ReviewRequest

    request = ReviewRequest.objects.get(title=demo_proposals.TITLE)
    (conflict,) = proposals.conflicts(request.proposal)
    fields = {f.key: (f.base, f.old, f.new, f.conflict) for f in conflict.fields}
    assert fields["phase_out_from"] == (None, "2027-01-01", "2027-04-01", True)
    assert fields["retired_from"] == (None, None, "2027-09-30", False)
