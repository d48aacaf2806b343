from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from nakhon.core.exceptions import ConflictError
from nakhon.core.models import Action, ChangeLogEntry, Channel
from nakhon.core.permissions import Role
from nakhon.core.services import Actor, revert, revert_batch
from nakhon.core.views import changes_of
from nakhon.portfolio.models import ApplicationProfile, DataObjectProfile, TechnologyProfile
from nakhon.portfolio.services import (
    application_profiles,
    data_object_profiles,
    technology_profiles,
)
from nakhon.repository.models import Element
from nakhon.repository.services import elements

pytestmark = pytest.mark.django_db


def test_element_and_profile_are_written_in_one_batch(system_actor, unit_a):
    app = application_profiles.create(
        system_actor,
        name="ระบบสารบรรณอิเล็กทรอนิกส์",
        name_en="e-Saraban",
        owner_unit=unit_a,
        vendor="บริษัทตัวอย่าง จำกัด",
        yearly_cost=Decimal("1250000.00"),
        business_fit=4,
        technical_fit=2,
    )
    element = Element.objects.get(pk=app.pk)
    assert (element.type, element.owner_unit, element.name_en) == (
        "ApplicationComponent",
        unit_a,
        "e-Saraban",
    )
    element_entry = changes_of(element).get()
    profile_entry = changes_of(app).get()
    assert element_entry.batch == profile_entry.batch
    assert profile_entry.after["yearly_cost"] == "1250000.00"
    assert app.time_class == "migrate"


def test_a_profile_goes_on_an_existing_element_and_updates_it(system_actor, make_element, unit_a):
    imported = make_element("ApplicationComponent", name="ระบบเดิม", owner=unit_a)
    app = application_profiles.create(
        system_actor, element=imported, name="ระบบเดิม (ปรับชื่อ)", users=120
    )
    assert app.pk == imported.pk
    assert Element.objects.get(pk=imported.pk).name == "ระบบเดิม (ปรับชื่อ)"
    assert Element.objects.filter(type="ApplicationComponent").count() == 1


def test_a_profile_on_an_element_of_another_type_is_refused(system_actor, make_element):
    node = make_element("Node", name="เครื่องแม่ข่าย")
    with pytest.raises(ValidationError) as refusal:
        application_profiles.create(system_actor, element=node)
    assert "Application Component" in str(refusal.value)
    with pytest.raises(ValidationError):
        technology_profiles.create(system_actor, type="BusinessProcess", name="กระบวนงาน")
    assert not ApplicationProfile.objects.exists() and not TechnologyProfile.objects.exists()
    assert not Element.objects.filter(type="BusinessProcess").exists()  # the whole write undone


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"business_fit": 5}, "business_fit"),
        ({"technical_fit": 0}, "technical_fit"),
        ({"yearly_cost": Decimal("-1")}, "yearly_cost"),
        ({"hosting": "mainframe"}, "hosting"),
    ],
)
def test_profile_values_are_validated(system_actor, values, field):
    with pytest.raises(ValidationError) as refusal:
        application_profiles.create(system_actor, name="ระบบ", **values)
    assert field in refusal.value.message_dict
    assert not Element.objects.exists()


def test_personal_data_needs_a_lawful_basis_and_sensitive_implies_personal(system_actor):
    with pytest.raises(ValidationError) as refusal:
        data_object_profiles.create(system_actor, name="ข้อมูลผู้ป่วย", personal_data=True)
    assert "lawful_basis" in refusal.value.message_dict
    with pytest.raises(ValidationError) as refusal:
        data_object_profiles.create(system_actor, name="ข้อมูลผู้ป่วย", sensitive_personal_data=True)
    assert "personal_data" in refusal.value.message_dict
    data = data_object_profiles.create(
        system_actor,
        name="ข้อมูลผู้ป่วย",
        classification="confidential",
        personal_data=True,
        sensitive_personal_data=True,
        lawful_basis="public_task",
    )
    assert DataObjectProfile.objects.get(pk=data.pk).get_classification_display() == "confidential"


def test_unit_editor_edits_their_units_profiles_only(make_user, make_application, unit_a, unit_b):
    mine, theirs = make_application(unit_a), make_application(unit_b)
    editor = Actor(make_user(Role.UNIT_EDITOR, unit_a), Channel.UI)
    application_profiles.update(editor, mine, version=mine.version, business_fit=3)
    with pytest.raises(PermissionDenied):
        application_profiles.update(editor, theirs, version=theirs.version, business_fit=3)
    with pytest.raises(PermissionDenied):
        application_profiles.create(editor, name="ระบบของหน่วยอื่น", owner_unit=unit_b)
    with pytest.raises(PermissionDenied):  # nor hand their own over to another unit
        application_profiles.update(editor, mine, version=None, owner_unit=unit_b)
    assert ApplicationProfile.objects.get(pk=theirs.pk).business_fit is None
    assert Element.objects.get(pk=mine.pk).owner_unit == unit_a
    created = application_profiles.create(editor, name="ระบบใหม่", owner_unit=unit_a)
    assert created.element.owner_unit == unit_a


def test_renaming_through_the_profile_moves_its_version(system_actor, make_application):
    app = make_application()
    updated = application_profiles.update(system_actor, app, version=1, name="ชื่อใหม่")
    assert updated.version == 2
    with pytest.raises(ConflictError):
        application_profiles.update(system_actor, app, version=1, users=10)


def test_deleting_a_profile_keeps_the_element_and_reverts(system_actor, make_application):
    app = make_application(yearly_cost=Decimal("10"))
    application_profiles.delete(system_actor, app, version=app.version)
    assert Element.objects.filter(pk=app.pk).exists()
    assert not ApplicationProfile.objects.filter(pk=app.pk).exists()
    revert(system_actor, ChangeLogEntry.objects.get(action=Action.DELETE))
    assert ApplicationProfile.objects.get(pk=app.pk).yearly_cost == Decimal("10")


def test_reverting_a_creation_removes_profile_and_element(system_actor, make_application):
    app = make_application()
    batch = changes_of(app).get().batch
    revert_batch(system_actor, batch)
    assert not Element.objects.filter(pk=app.pk).exists()


def test_deleting_a_described_element_logs_its_profile_and_a_new_type_must_fit(
    system_actor, make_element, unit_a
):
    node = make_element("Node", name="เครื่องแม่ข่าย", owner=unit_a)
    profile = technology_profiles.create(system_actor, element=node, vendor="ผู้ขาย")
    # Another technology type still fits the technology profile; a business type does not.
    elements.update(system_actor, Element.objects.get(pk=node.pk), version=None, type="Device")
    with pytest.raises(ValidationError) as refusal:
        elements.update(system_actor, Element.objects.get(pk=node.pk), version=None, type="Goal")
    assert "technology" in str(refusal.value).lower()

    elements.delete(system_actor, Element.objects.get(pk=node.pk), version=None)
    assert changes_of(profile).filter(action=Action.DELETE).count() == 1
    assert ChangeLogEntry.objects.filter(object_id=str(node.pk), action=Action.DELETE).count() == 2
    assert not Element.objects.filter(pk=node.pk).exists()


def test_removing_a_profile_keeps_the_element(system_actor, make_element):
    app = make_element("ApplicationComponent", name="ระบบ")
    profile = application_profiles.create(system_actor, element=app, users=10)
    application_profiles.delete(system_actor, profile, version=None)
    assert Element.objects.filter(pk=app.pk).exists()
