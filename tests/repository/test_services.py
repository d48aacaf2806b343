import pytest
from django.core.exceptions import ValidationError

from nakhon.core.exceptions import ConflictError
from nakhon.core.models import Action, ChangeLogEntry, Channel
from nakhon.core.services import revert
from nakhon.repository.models import Element, Relationship
from nakhon.repository.services import elements, relationships

pytestmark = pytest.mark.django_db


def test_create_logs_entry_with_after_state(system_actor, unit_a, make_element):
    element = make_element("ApplicationComponent", "ระบบสารบรรณ", owner=unit_a)
    entry = ChangeLogEntry.objects.get(object_id=str(element.pk))
    assert entry.action == Action.CREATE
    assert entry.channel == Channel.SHELL
    assert entry.user == system_actor.user
    assert entry.before is None
    assert entry.after["name"] == "ระบบสารบรรณ"
    assert entry.after["owner_unit_id"] == str(unit_a.pk)
    assert element.identifier == f"id-{element.pk}"


def test_update_with_stale_version_is_a_conflict_and_changes_nothing(system_actor, make_element):
    element = make_element(name="เดิม")
    elements.update(system_actor, element, version=1, name="ครั้งที่หนึ่ง")
    with pytest.raises(ConflictError) as conflict:
        elements.update(system_actor, element, version=1, name="ครั้งที่สอง")
    assert conflict.value.current_version == 2
    assert Element.objects.get(pk=element.pk).name == "ครั้งที่หนึ่ง"
    assert ChangeLogEntry.objects.filter(object_id=str(element.pk)).count() == 2


def test_metamodel_refuses_serving_from_data_object_to_actor(system_actor, make_element):
    data = make_element("DataObject", "ข้อมูลทะเบียนราษฎร")
    actor = make_element("BusinessActor", "ประชาชน")
    with pytest.raises(ValidationError) as refusal:
        relationships.create(system_actor, type="Serving", source=data, target=actor)
    assert "Association" in str(refusal.value)
    assert not Relationship.objects.exists()
    relationships.create(system_actor, type="Association", source=data, target=actor)


def test_deleting_element_logs_its_relationships_and_revert_restores_it(system_actor, make_element):
    app = make_element("ApplicationComponent", "ระบบ A")
    service = make_element("ApplicationService", "บริการ A")
    rel = relationships.create(system_actor, type="Realization", source=app, target=service)
    elements.delete(system_actor, app, version=app.version)
    deleted = ChangeLogEntry.objects.filter(action=Action.DELETE).order_by("id")
    assert [e.object_id for e in deleted] == [str(rel.pk), str(app.pk)]
    assert len({e.batch for e in deleted}) == 1
    revert(system_actor, deleted.get(object_id=str(app.pk)))
    revert(system_actor, deleted.get(object_id=str(rel.pk)))
    assert Relationship.objects.get(pk=rel.pk).source_id == app.pk


def test_revert_update_restores_changed_fields_only(system_actor, make_element):
    element = make_element(name="ชื่อเดิม", documentation="คำอธิบาย")
    elements.update(system_actor, element, version=1, name="ชื่อใหม่")
    entry = ChangeLogEntry.objects.get(action=Action.UPDATE)
    restored = revert(system_actor, entry)
    assert restored.name == "ชื่อเดิม"
    assert restored.version == 3
    assert ChangeLogEntry.objects.latest("id").reverts == entry
