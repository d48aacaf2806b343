import re
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from nakhon.archimate.metamodel import allowed_relationship_types, is_allowed
from nakhon.core.models import ChangeLogEntry
from nakhon.core.services import Actor
from nakhon.demo import sample
from nakhon.organization.models import OrgUnit, UnitKind, User
from nakhon.organization.services import org_units
from nakhon.repository.models import Element, Plateau, Relationship, View
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


def test_every_sample_relationship_is_allowed_by_the_metamodel():
    types = {spec.key: spec.type for spec in sample.ELEMENTS}
    types.update({spec.key: "Plateau" for spec in sample.PLATEAUS})
    for spec in (*sample.RELATIONSHIPS, *sample.PLATEAU_RELATIONSHIPS):
        allowed = allowed_relationship_types(types[spec.source], types[spec.target])
        assert spec.type in allowed, spec


def test_the_load_command_over_the_loaded_demo_changes_nothing_and_all_is_allowed(bangkok_demo):
    first = bangkok_demo  # the first load's summary: the whole demo created
    assert 73 in [created for _label, created, _updated, _unchanged in first.rows()]
    log_size = ChangeLogEntry.objects.count()
    out = StringIO()
    call_command("demo", "load", stdout=out)

    lines = [line for line in out.getvalue().splitlines() if "unchanged" in line]
    assert len(lines) == len(list(first.rows()))
    assert all(": 0 created, 0 updated, " in line for line in lines), lines
    assert sample.DEMO_USERNAME in out.getvalue()
    assert ChangeLogEntry.objects.count() == log_size
    refused = [
        str(rel)
        for rel in Relationship.objects.select_related("source", "target")
        if not is_allowed(rel.type, rel.source.type, rel.target.type)
    ]
    assert refused == []


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


def printed_password(output: str) -> str:
    return re.search(r"password:\s+(\S+)", output).group(1)


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
