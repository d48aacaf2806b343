import re
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from nakhon.archimate.metamodel import allowed_relationship_types
from nakhon.core.models import ChangeLogEntry, Channel
from nakhon.core.services import Actor
from nakhon.demo import sample
from nakhon.organization.models import OrgUnit, UnitKind, User
from nakhon.organization.services import org_units
from nakhon.repository.models import Element, Plateau, PlateauState, Relationship, View
from nakhon.repository.services import elements

pytestmark = pytest.mark.django_db


def object_counts() -> dict:
    return {
        model.__name__: model.objects.count()
        for model in (OrgUnit, Element, Relationship, Plateau, View, User)
    }


def test_loading_twice_finds_everything_unchanged_and_logs_nothing_new():
    first = sample.load()
    counts, log_size = object_counts(), ChangeLogEntry.objects.count()

    second = sample.load()

    for kind in sample.KIND_LABELS:
        assert first.counts[kind]["created"] == first.total(kind) > 0
        assert second.counts[kind]["unchanged"] == second.total(kind) == first.total(kind)
    assert object_counts() == counts
    assert ChangeLogEntry.objects.count() == log_size


def test_load_writes_through_the_services_as_the_demo_user():
    sample.load()
    entries = ChangeLogEntry.objects.all()
    assert entries.exists()
    assert set(entries.values_list("user__username", flat=True)) == {sample.DEMO_USERNAME}
    assert set(entries.values_list("channel", flat=True)) == {Channel.SHELL}
    assert len(set(entries.values_list("batch", flat=True))) == 1


def test_demo_user_is_an_admin_who_cannot_sign_in():
    sample.load()
    user = User.objects.get(username=sample.DEMO_USERNAME)
    assert user.role == "admin"
    assert not user.has_usable_password()


def test_load_creates_the_50_district_offices_with_codes_1001_to_1050():
    sample.load()
    districts = OrgUnit.objects.filter(kind=UnitKind.DISTRICT_OFFICE)
    assert sorted(districts.values_list("code", flat=True)) == [
        str(code) for code in range(1001, 1051)
    ]
    phra_nakhon = districts.get(code="1001")
    assert phra_nakhon.element.name == "สำนักงานเขตพระนคร"
    assert phra_nakhon.element.name_en == "Phra Nakhon District Office"
    assert phra_nakhon.element.identifier == "bma-district-1001"
    assert phra_nakhon.parent.element.identifier == "bma-city"


def test_the_bma_has_16_departments_and_3_offices():
    sample.load()
    offices = OrgUnit.objects.filter(kind=UnitKind.OFFICE)
    departments = OrgUnit.objects.filter(kind=UnitKind.DEPARTMENT)
    assert sorted(offices.values_list("code", flat=True)) == ["OCC", "OGS", "OPS"]
    assert departments.count() == 16
    assert departments.filter(code__in=["BUD", "CSC"]).count() == 2
    assert OrgUnit.objects.get(code="SED").element.identifier == "bma-unit-SED"


def test_divisions_sit_under_the_sample_district_and_own_its_services():
    sample.load()
    divisions = OrgUnit.objects.filter(kind=UnitKind.DIVISION)
    assert divisions.count() == len(sample.DIVISIONS)
    assert {d.parent.code for d in divisions} == {sample.SAMPLE_DISTRICT_CODE}
    permit = Element.objects.get(identifier="bma-demo-service-building-permit")
    assert permit.name == "การขออนุญาตก่อสร้างอาคาร"
    assert permit.owner_unit.element.name == "ฝ่ายโยธา สำนักงานเขตพระนคร"


def test_every_sample_relationship_is_allowed_by_the_metamodel():
    types = {spec.key: spec.type for spec in sample.ELEMENTS}
    types.update({spec.key: "Plateau" for spec in sample.PLATEAUS})
    for spec in (*sample.RELATIONSHIPS, *sample.PLATEAU_RELATIONSHIPS):
        allowed = allowed_relationship_types(types[spec.source], types[spec.target])
        assert spec.type in allowed, spec


def test_stored_relationships_match_the_metamodel_and_the_sample_size():
    sample.load()
    stored = Relationship.objects.select_related("source", "target")
    assert stored.count() >= 30
    for relationship in stored:
        assert relationship.type in allowed_relationship_types(
            relationship.source.type, relationship.target.type
        )


def test_sample_has_about_thirty_elements_across_the_layers():
    sample.load()
    architecture = Element.objects.filter(identifier__startswith="bma-demo-")
    layers = {element.layer for element in architecture}
    assert 30 <= architecture.count() <= 45
    assert {"strategy", "business", "application", "technology", "motivation"} <= layers
    assert all(element.name and element.name_en for element in architecture)


def test_baseline_and_target_plateaus_hold_their_members():
    sample.load()
    baseline = Plateau.objects.get(element__identifier="bma-demo-plateau-2562")
    target = Plateau.objects.get(element__identifier="bma-demo-plateau-2570")
    assert (baseline.state, target.state) == (PlateauState.BASELINE, PlateauState.TARGET)
    oss = Element.objects.get(identifier="bma-demo-app-bma-oss")
    assert oss in target.elements.all()
    assert oss not in baseline.elements.all()
    assert baseline.elements.count() < target.elements.count()
    assert target.relationships.exists()


def test_view_draws_nodes_and_connections_of_the_building_permit():
    sample.load()
    view = View.objects.get(identifier="bma-demo-view-building-permit")
    assert view.nodes.count() == len(sample.BUILDING_PERMIT_VIEW.nodes)
    assert view.connections.count() == len(sample.BUILDING_PERMIT_VIEW.connections)


def test_load_puts_back_what_was_changed_by_hand_and_only_that(admin_user):
    sample.load()
    actor = Actor.shell(admin_user)
    permit = Element.objects.get(identifier="bma-demo-service-building-permit")
    elements.update(actor, permit, version=permit.version, name="ชื่อที่แก้ไข")
    district = OrgUnit.objects.get(code="1002")
    org_units.update(actor, district, version=district.version, kind=UnitKind.DIVISION)

    summary = sample.load()

    assert summary.counts["elements"]["updated"] == 1
    assert summary.counts["org_units"]["updated"] == 1
    assert Element.objects.get(pk=permit.pk).name == "การขออนุญาตก่อสร้างอาคาร"
    assert OrgUnit.objects.get(pk=district.pk).kind == UnitKind.DISTRICT_OFFICE


def test_load_adopts_a_unit_entered_by_hand_with_the_same_code(system_actor):
    hand_made = org_units.create(
        system_actor, name="สำนักยุทธศาสตร์ฯ", kind=UnitKind.DEPARTMENT, code="SED"
    )
    sample.load()
    assert OrgUnit.objects.filter(code="SED").get() == hand_made
    hand_made.refresh_from_db()
    assert hand_made.element.name == "สำนักยุทธศาสตร์และประเมินผล"
    assert hand_made.parent.code == "BMA"


def test_load_command_prints_a_summary():
    out = StringIO()
    call_command("demo", "load", stdout=out)
    assert "73 created" in out.getvalue()
    assert sample.DEMO_USERNAME in out.getvalue()


def printed_password(output: str) -> str:
    return re.search(r"password:\s+(\S+)", output).group(1)


def test_admin_command_prints_credentials_that_authenticate():
    call_command("demo", "load", stdout=StringIO())
    out = StringIO()
    call_command("demo", "admin", stdout=out)

    output = out.getvalue()
    assert "http://127.0.0.1:8000/" in output
    assert re.search(r"user name:\s+admin\b", output)
    user = authenticate(username="admin", password=printed_password(output))
    assert user is not None
    assert user.is_superuser and user.role == "admin"
    assert user.unit.code == "SED"


def test_admin_command_resets_the_password_each_time():
    first, second = StringIO(), StringIO()
    call_command("demo", "admin", stdout=first, stderr=StringIO())
    call_command("demo", "admin", stdout=second, stderr=StringIO())
    old, new = printed_password(first.getvalue()), printed_password(second.getvalue())
    assert old != new
    assert authenticate(username="admin", password=old) is None
    assert authenticate(username="admin", password=new) is not None
    assert User.objects.filter(username="admin").count() == 1


def test_admin_command_before_load_warns_that_there_is_no_ea_office():
    err = StringIO()
    call_command("demo", "admin", stdout=StringIO(), stderr=err)
    assert "nakhon demo load" in err.getvalue()
    assert User.objects.get(username="admin").unit is None
