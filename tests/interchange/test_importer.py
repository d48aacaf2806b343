import dataclasses

import pytest

from nakhon.core.models import ChangeLogEntry, Channel
from nakhon.core.permissions import Role
from nakhon.core.services import Actor, revert_batch
from nakhon.interchange.document import FolderDoc, Property, RelationshipDoc
from nakhon.interchange.errors import InterchangeError
from nakhon.interchange.exporter import export_document
from nakhon.interchange.importer import ImportRefused, apply_import, plan_import
from nakhon.repository.models import (
    Element,
    Folder,
    FolderItem,
    ModelInfo,
    Relationship,
    View,
    ViewNode,
)

pytestmark = pytest.mark.django_db

TABLES = (Element, Relationship, View, ViewNode, Folder, FolderItem, ChangeLogEntry)


def row_counts() -> dict:
    return {model.__name__: model.objects.count() for model in TABLES}


def without_source(doc):
    return dataclasses.replace(doc, source="")


def test_import_then_export_gives_the_same_document(system_actor, full_document):
    plan = apply_import(full_document, system_actor)
    assert plan.counts()["element"]["create"] == 6
    assert plan.counts()["relationship"]["create"] == 6
    assert export_document() == without_source(full_document)


def test_importing_the_same_document_again_changes_nothing(system_actor, full_document):
    apply_import(full_document, system_actor)
    before = row_counts()
    plan = apply_import(full_document, system_actor)
    assert {item.action for item in plan.items} == {"unchanged"}
    assert row_counts() == before


def test_import_is_one_logged_batch_on_the_import_channel(system_actor, full_document):
    plan = apply_import(full_document, system_actor)
    entries = ChangeLogEntry.objects.all()
    assert {str(e.batch) for e in entries} == {plan.batch}
    assert {e.channel for e in entries} == {Channel.IMPORT}


def test_a_dry_run_writes_nothing_and_says_what_would_happen(system_actor, full_document):
    before = row_counts()
    plan = plan_import(full_document, system_actor)
    assert row_counts() == before
    assert plan.counts()["view"]["create"] == 1
    apply_import(full_document, system_actor)
    changed = dataclasses.replace(
        full_document.elements[0], name={"th": "ประชาชนผู้ยื่นคำขอ", "en": "Citizen", "ja": "市民"}
    )
    full_document.elements[0] = changed
    plan = plan_import(full_document, system_actor)
    update = next(i for i in plan.items if i.identifier == "id-actor")
    assert (update.action, update.changed) == ("update", ["name"])


def test_a_refused_relationship_stops_the_import_and_writes_nothing(system_actor, full_document):
    # A laxer tool may produce this: Triggering from a data object to a business actor.
    full_document.relationships.append(
        RelationshipDoc("id-bad", "Triggering", "id-data", "id-actor")
    )
    full_document.relationships.append(
        RelationshipDoc("id-on-bad", "Association", "id-goal", "id-bad")
    )
    before = row_counts()
    with pytest.raises(ImportRefused) as refused:
        apply_import(full_document, system_actor)
    assert row_counts() == before
    reasons = {i.identifier: i.reason for i in refused.value.plan.refused}
    assert "does not allow" in reasons["id-bad"] and "Triggering" in reasons["id-bad"]
    assert "id-bad" in reasons["id-on-bad"]


def test_import_without_refused_keeps_the_rest_and_drops_their_connections(
    system_actor, full_document
):
    full_document.relationships[0] = RelationshipDoc("id-r1", "Triggering", "id-data", "id-actor")
    full_document.views[0].connections[0] = dataclasses.replace(
        full_document.views[0].connections[0], source="n-actor", target="n-service"
    )
    plan = apply_import(full_document, system_actor, without_refused=True)
    refused = {i.identifier for i in plan.refused}
    assert refused == {"id-r1", "id-r6", "c-1", "c-2"}  # r6 ends on r1; c-2 ends on c-1
    assert not Relationship.objects.filter(identifier__in=["id-r1", "id-r6"]).exists()
    assert Relationship.objects.count() == 4
    assert View.objects.get().connections.count() == 0


def test_a_dangling_reference_is_an_error_naming_it_and_writes_nothing(system_actor, full_document):
    full_document.relationships.append(RelationshipDoc("id-x", "Serving", "id-app", "id-nowhere"))
    before = row_counts()
    with pytest.raises(InterchangeError) as error:
        apply_import(full_document, system_actor)
    assert "id-nowhere" in str(error.value) and "id-x" in str(error.value)
    assert row_counts() == before


def test_an_unknown_type_or_a_duplicate_identifier_is_an_error(system_actor, full_document):
    full_document.elements.append(dataclasses.replace(full_document.elements[0], type="Spaceship"))
    with pytest.raises(InterchangeError) as duplicate:
        plan_import(full_document, system_actor)
    assert "id-actor" in str(duplicate.value)
    full_document.elements[-1] = dataclasses.replace(
        full_document.elements[0], identifier="id-s", type="Spaceship"
    )
    with pytest.raises(InterchangeError) as unknown:
        plan_import(full_document, system_actor)
    assert "Spaceship" in str(unknown.value) and "id-s" in str(unknown.value)


def test_a_unit_editor_imports_into_their_own_unit(unit_a, make_user, full_document):
    editor = Actor.shell(make_user(Role.UNIT_EDITOR, unit_a))
    apply_import(full_document, editor)
    imported = Element.objects.filter(identifier__in=[e.identifier for e in full_document.elements])
    assert set(imported.values_list("owner_unit", flat=True)) == {unit_a.pk}


def test_a_viewer_cannot_import_and_is_told_why(make_user, unit_a, full_document):
    viewer = Actor.shell(make_user(Role.VIEWER, unit_a))
    with pytest.raises(ImportRefused) as refused:
        apply_import(full_document, viewer)
    assert all("viewer" in item.reason for item in refused.value.plan.refused)
    assert not Element.objects.filter(identifier="id-actor").exists()


def test_an_import_is_reverted_as_a_whole(system_actor, full_document):
    before = row_counts()
    plan = apply_import(full_document, system_actor)
    revert_batch(system_actor, plan.batch)
    after = row_counts()
    assert {k: after[k] for k in ("Element", "Relationship", "View")} == {
        "Element": 0,
        "Relationship": 0,
        "View": 0,
    }
    assert before["Element"] == 0


def test_what_cannot_be_stored_is_an_error_naming_the_object(system_actor, full_document):
    full_document.views[0].nodes[0].x = 10**12  # beyond any database column
    before = row_counts()
    with pytest.raises(InterchangeError) as error:
        apply_import(full_document, system_actor)
    assert "id-view" in str(error.value)
    assert row_counts() == before


def test_blank_property_keys_are_kept_as_archi_allows(system_actor, full_document):
    full_document.elements[0].properties.append(Property("", "ค่าที่ไม่มีชื่อ"))
    apply_import(full_document, system_actor)
    assert Element.objects.get(identifier="id-actor").properties[-1] == {
        "key": "",
        "value": "ค่าที่ไม่มีชื่อ",
    }


def test_an_imports_folders_and_model_information_are_in_its_batch(system_actor, full_document):
    plan = apply_import(full_document, system_actor)
    logged = ChangeLogEntry.objects.filter(batch=plan.batch)
    folder_ids = {e.object_id for e in logged if e.model_class is Folder}
    assert folder_ids == {str(pk) for pk in Folder.objects.values_list("pk", flat=True)}
    assert len(folder_ids) == 3
    info = ModelInfo.objects.get()
    assert logged.filter(object_id=str(info.pk), after__name="แบบจำลองทดสอบ").exists()


def test_reverting_an_import_removes_its_folders_and_restores_the_model_information(
    system_actor, full_document
):
    apply_import(full_document, system_actor)
    full_document.name = {"th": "แบบจำลองใหม่"}
    full_document.folders.append(FolderDoc({"en": "Other"}, items=["id-goal"]))
    plan = apply_import(full_document, Actor.shell(system_actor.user))  # a batch of its own
    assert ModelInfo.objects.get().name == "แบบจำลองใหม่"
    assert Folder.objects.filter(label="Other").exists()
    revert_batch(system_actor, plan.batch)
    assert ModelInfo.objects.get().name == "แบบจำลองทดสอบ"
    assert not Folder.objects.filter(label="Other").exists()
    assert Folder.objects.count() == 3


def test_a_unit_editors_import_files_its_objects_in_folders(unit_a, make_user, full_document):
    editor = Actor.shell(make_user(Role.UNIT_EDITOR, unit_a))
    plan = apply_import(full_document, editor)
    assert Folder.objects.count() == 3
    assert FolderItem.objects.filter(element__identifier="id-goal").exists()
    assert not ModelInfo.objects.exists()  # the model as a whole is the EA office's
    revert_batch(editor, plan.batch)
    assert not Folder.objects.exists()
