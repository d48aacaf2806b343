import uuid
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from nakhon.core.exceptions import ConflictError
from nakhon.core.models import Action, ChangeLogEntry, Channel
from nakhon.core.permissions import Role
from nakhon.core.services import Actor, revert, snapshot
from nakhon.repository.models import Element, Relationship, View
from nakhon.repository.services import elements, plateaus, relationships, views

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


def test_an_update_that_changes_nothing_writes_no_version_and_no_entry(system_actor, make_element):
    element = make_element(name="เหมือนเดิม")
    same = elements.update(system_actor, element, version=1, name="เหมือนเดิม")
    assert same.version == 1
    assert ChangeLogEntry.objects.filter(action=Action.UPDATE).count() == 0


def test_a_unit_editor_deletes_their_own_element_whoever_links_to_it(
    system_actor, unit_a, unit_b, make_user, make_element
):
    """Another unit's relationship goes with the element it ends at: no unit can keep
    another's element alive by linking to it."""
    own = make_element("ApplicationService", "บริการของหน่วย ก", owner=unit_a)
    theirs = make_element("BusinessProcess", "กระบวนการของหน่วย ข", owner=unit_b)
    rel = relationships.create(system_actor, type="Serving", source=own, target=theirs)
    other_rel = relationships.create(system_actor, type="Serving", source=theirs, target=theirs)
    editor = Actor.shell(make_user(Role.UNIT_EDITOR, unit_a))
    with pytest.raises(PermissionDenied) as refusal:
        elements.delete(editor, theirs, version=None)
    assert "กระบวนการของหน่วย ข" in str(refusal.value)
    loose = make_element("DataObject", "ข้อมูลของหน่วย ก", owner=unit_a)
    link = relationships.create(system_actor, type="Association", source=theirs, target=loose)
    elements.delete(editor, loose, version=None)
    assert not Relationship.objects.filter(pk=link.pk).exists()
    deleted = ChangeLogEntry.objects.get(object_id=str(link.pk), action=Action.DELETE)
    assert deleted.user == editor.user
    elements.delete(editor, own, version=None)
    assert not Relationship.objects.filter(pk=rel.pk).exists()
    assert Relationship.objects.filter(pk=other_rel.pk).exists()


def test_renaming_a_plateau_moves_its_version_so_stale_forms_conflict(system_actor):
    plateau = plateaus.create(system_actor, name="เป้าหมาย", state="target")
    plateaus.update(system_actor, plateau, version=1, name="เป้าหมาย พ.ศ. 2570")
    with pytest.raises(ConflictError):
        plateaus.update(system_actor, plateau, version=1, name="ชื่อที่ค้าง")
    plateau.refresh_from_db()
    assert (plateau.version, plateau.element.name) == (2, "เป้าหมาย พ.ศ. 2570")


@pytest.mark.parametrize(
    "node, connection",
    [
        ({"x": 10**12}, {}),
        ({"w": -5}, {}),
        ({"x": True}, {}),
        ({"style": "red"}, {}),
        ({"label": 7}, {}),
        ({"properties": [{"key": ""}]}, {}),
        ({}, {"bendpoints": [[1, 2]]}),
        ({}, {"bendpoints": [{"x": 1, "y": 10**12}]}),
        ({}, {"source_attachment": {"x": "a", "y": 1}}),
    ],
)
def test_a_malformed_diagram_is_refused_before_anything_is_written(
    system_actor, make_element, node, connection
):
    app = make_element("ApplicationComponent", "ระบบ")
    view = views.create(system_actor, name="มุมมอง")
    diagram = {
        "nodes": [
            {"identifier": "n1", "kind": "element", "element": str(app.pk), **node},
            {"identifier": "n2", "kind": "label", "label": "หมายเหตุ"},
        ],
        "connections": [
            {"identifier": "c1", "kind": "line", "source": "n1", "target": "n2", **connection}
        ],
    }
    with pytest.raises(ValidationError):
        views.update(system_actor, view, version=view.version, diagram=diagram)
    assert not view.nodes.exists()


def test_view_svg_draws_archimate_notation_and_stops_lines_at_box_borders(
    system_actor, make_element
):
    from nakhon.repository.svg import render_view_svg

    app = make_element("ApplicationComponent", "ระบบที่มีชื่อยาวมากจนล้นกรอบของแผนภาพ")
    svc = make_element("ApplicationService", "บริการ")
    rel = relationships.create(system_actor, type="Realization", source=app, target=svc)
    node = {"kind": "element", "x": 0, "y": 200, "w": 100, "h": 50}
    view = views.create(
        system_actor,
        name="มุมมอง",
        diagram={
            "nodes": [
                {**node, "identifier": "a", "element": str(app.pk)},
                {**node, "identifier": "s", "element": str(svc.pk), "y": 0},
            ],
            "connections": [
                {
                    "identifier": "c",
                    "kind": "relationship",
                    "relationship": str(rel.pk),
                    "source": "a",
                    "target": "s",
                }
            ],
        },
    )
    svg = str(render_view_svg(view))
    # The line leaves the top of the source box (y 200) and ends on the bottom of the target (y 50).
    assert 'points="50,200 50,50"' in svg
    assert 'stroke-dasharray="6 3"' in svg and 'marker-end="url(#m-triangle-hollow)"' in svg
    assert "clip-path=" in svg


def test_sending_the_same_diagram_again_changes_nothing(system_actor, make_element):
    app = make_element("ApplicationComponent", "ระบบ")
    diagram = {"nodes": [{"identifier": "n", "kind": "element", "element": app.pk, "x": 5, "y": 5}]}
    view = views.create(system_actor, name="มุมมอง", diagram=diagram)
    again = views.update(system_actor, view, version=view.version, diagram=diagram)
    assert again.version == 1
    moved = {"nodes": [{**diagram["nodes"][0], "x": 50}]}
    assert views.update(system_actor, view, version=1, diagram=moved).version == 2


def test_bulk_create_logs_each_row_as_create_would(system_actor, unit_a, make_element):
    rows = elements.bulk_create(
        system_actor,
        [
            {"type": "BusinessService", "name": f"บริการ {i}", "owner_unit_id": unit_a.pk}
            for i in range(3)
        ],
    )
    stored = Element.objects.filter(pk__in=[r["id"] for r in rows]).order_by("name")
    assert [e.identifier for e in stored] == [f"id-{e.pk}" for e in stored]
    assert [e.version for e in stored] == [1, 1, 1]
    one_by_one = make_element("BusinessService", "บริการเดี่ยว", owner=unit_a)
    bulk_entry = ChangeLogEntry.objects.get(object_id=str(stored[0].pk))
    single_entry = ChangeLogEntry.objects.get(object_id=str(one_by_one.pk))
    assert bulk_entry.object_repr == "บริการ 0"
    assert set(bulk_entry.after) == set(single_entry.after)
    assert bulk_entry.after == snapshot(stored[0])
    assert (bulk_entry.user, bulk_entry.channel, bulk_entry.action) == (
        system_actor.user,
        Channel.SHELL,
        Action.CREATE,
    )

    relationship = relationships.bulk_create(
        system_actor,
        [{"type": "Serving", "source_id": stored[0].pk, "target_id": stored[1].pk, "name": ""}],
    )[0]
    entry = ChangeLogEntry.objects.get(object_id=str(relationship["id"]))
    assert entry.object_repr == str(Relationship.objects.get(pk=relationship["id"]))


def test_bulk_created_rows_are_logged_with_the_snapshot_create_writes_in_their_order(
    system_actor, unit_a
):
    rows = elements.bulk_create(
        system_actor,
        [
            {
                "type": "ApplicationComponent",
                "name": f'ระบบ {i} & <ทดสอบ> "ชื่อ"',
                "name_en": "System" if i else "",
                "owner_unit_id": unit_a.pk if i else None,
                "status": "retired" if i == 2 else "active",
                "active_from": date(2015, 1, i + 1),
                "retired_from": date(2024, 12, 31) if i == 2 else None,
                "properties": [{"key": "ค่าใช้จ่าย", "value": "1,200"}] if i else [],
                "translations": {"name": {"ja": "システム"}} if i else {},
            }
            for i in range(3)
        ],
    )
    rels = relationships.bulk_create(
        system_actor,
        [
            {"type": "Serving", "source_id": rows[0]["id"], "target_id": rows[1]["id"],
             "name": "ให้บริการ"},
            {"type": "Association", "source_id": rows[1]["id"], "target_id": rows[2]["id"],
             "name": "", "is_directed": True},
        ],
    )  # fmt: skip
    entries = list(ChangeLogEntry.objects.filter(action=Action.CREATE).order_by("id"))
    created = [*rows, *rels]
    assert [e.object_id for e in entries[-5:]] == [str(row["id"]) for row in created]
    for entry, model in zip(entries[-5:], [Element] * 3 + [Relationship] * 2, strict=True):
        stored = model.objects.get(pk=entry.object_id)
        assert entry.after == snapshot(stored)
        assert entry.before is None and entry.object_repr == str(stored)
        assert (entry.user, entry.batch) == (system_actor.user, system_actor.batch)


def test_bulk_create_keeps_every_rule_and_writes_nothing_on_a_bad_row(
    system_actor, unit_a, unit_b, make_user, make_element
):
    editor = Actor.shell(make_user(Role.UNIT_EDITOR, unit_a))
    ours = {"type": "Goal", "name": "ของเรา", "owner_unit_id": unit_a.pk}
    theirs = {"type": "BusinessService", "name": "ของหน่วยอื่น", "owner_unit_id": unit_b.pk}
    with pytest.raises(PermissionDenied) as denied:
        elements.bulk_create(editor, [ours, theirs])
    assert "ของหน่วยอื่น" in str(denied.value)

    service = make_element("BusinessService", "บริการ", owner=unit_b)
    data = make_element("DataObject", "ข้อมูล", owner=unit_a)
    with pytest.raises(PermissionDenied):  # a relationship belongs to its source's unit
        relationships.bulk_create(
            editor, [{"type": "Association", "source_id": service.pk, "target_id": data.pk}]
        )
    with pytest.raises(ValidationError) as refused:
        relationships.bulk_create(
            system_actor, [{"type": "Serving", "source_id": data.pk, "target_id": service.pk}]
        )
    assert "Association" in str(refused.value)
    assert refused.value.row["source_id"] == data.pk
    with pytest.raises(ValidationError) as unknown:
        elements.bulk_create(system_actor, [ours, {"type": "NoSuchType", "name": "x"}])
    assert unknown.value.row["name"] == "x"
    with pytest.raises(ValidationError):  # full_clean lets this by; the database would not
        elements.bulk_create(system_actor, [{"type": "Goal", "name": None}])
    assert Element.objects.filter(name__in=["ของเรา", "ของหน่วยอื่น", "x"]).count() == 0


@pytest.mark.parametrize(
    "values",
    [
        {"type": "NoSuchType"},
        {"type": ""},
        {"name": "ก" * 501},
        {"properties": {"key": "not a list"}},
        {"properties": [{"key": "k"}]},
        {"status": "lost"},
        {"active_from": date(2570, 1, 1), "planned_from": date(2571, 1, 1)},
        {"identifier": "i" * 256},
    ],
)
def test_bulk_create_refuses_what_full_clean_refuses_with_the_same_message(system_actor, values):
    row = {"type": "BusinessService", "name": "บริการ", **values}
    with pytest.raises(ValidationError) as by_form:
        Element(**row).full_clean(validate_unique=False)
    with pytest.raises(ValidationError) as in_bulk:
        elements.bulk_create(system_actor, [row])
    assert in_bulk.value.messages == by_form.value.messages
    assert not Element.objects.exists()


def test_diagram_identifiers_must_be_unique_in_the_whole_model(system_actor, make_element):
    app = make_element("ApplicationComponent", "ระบบ")
    node = {"identifier": "n-shared", "kind": "element", "element": str(app.pk)}
    views.create(system_actor, name="มุมมองหนึ่ง", diagram={"nodes": [node]})
    with pytest.raises(ValidationError) as clash:
        views.create(system_actor, name="มุมมองสอง", diagram={"nodes": [node]})
    assert "n-shared" in str(clash.value)
    with pytest.raises(ValidationError):
        views.create(
            system_actor, name="สาม", diagram={"nodes": [{**node, "identifier": app.identifier}]}
        )


def test_bulk_created_views_log_the_diagram_they_store(system_actor, make_element):
    app, data = make_element("ApplicationComponent", "ระบบ"), make_element("DataObject", "ข้อมูล")
    access = relationships.create(system_actor, type="Access", source=app, target=data)
    first, second = uuid.uuid4(), uuid.uuid4()
    diagram = {
        "nodes": [
            {"identifier": "n-app", "kind": "element", "element": str(app.pk), "x": 10, "y": 10},
            {"identifier": "n-data", "kind": "element", "element": str(data.pk), "x": 200},
            {"identifier": "n-other", "kind": "view_reference", "view_ref": str(second)},
        ],
        "connections": [
            {
                "identifier": "c-access",
                "kind": "relationship",
                "relationship": str(access.pk),
                "source": "n-app",
                "target": "n-data",
                "bendpoints": [{"x": 100, "y": 30}],
            }
        ],
    }
    views.bulk_create(
        system_actor,
        [
            {"id": first, "name": "มุมมองหนึ่ง", "diagram": diagram},  # shows the second
            {"id": second, "name": "มุมมองสอง"},
        ],
    )
    for view in View.objects.filter(pk__in=[first, second]):
        entry = ChangeLogEntry.objects.get(object_id=str(view.pk))
        assert entry.after == snapshot(view)
    assert View.objects.get(pk=first).nodes.count() == 3

    clash = {"nodes": [{**diagram["nodes"][0], "identifier": "n-app"}]}
    with pytest.raises(ValidationError):  # "n-app" is taken by the first view
        views.bulk_create(system_actor, [{"name": "สาม", "diagram": clash}])
    twice = {"nodes": [{**diagram["nodes"][0], "identifier": "n-twice"}]}
    with pytest.raises(ValidationError):  # two new views may not share an identifier either
        views.bulk_create(
            system_actor, [{"name": "สี่", "diagram": twice}, {"name": "ห้า", "diagram": twice}]
        )
    broken = {
        "nodes": [{"identifier": "n-nowhere", "kind": "element", "element": str(uuid.uuid4())}]
    }
    with pytest.raises(ValidationError) as refused:  # the error says whose diagram it was
        views.bulk_create(system_actor, [{"name": "หก"}, {"name": "เจ็ด", "diagram": broken}])
    assert refused.value.row["name"] == "เจ็ด"
    assert not View.objects.filter(name__in=["สาม", "สี่", "ห้า", "หก", "เจ็ด"]).exists()


@pytest.mark.parametrize("text", ["ระบบ\x01งาน", "bell\x07", "del\x7f", "half \ud800", "\x9b"])
def test_a_name_with_a_control_character_is_refused_in_every_write(system_actor, text):
    with pytest.raises(ValidationError) as one:
        elements.create(system_actor, type="Goal", name=text)
    with pytest.raises(ValidationError) as many:
        elements.bulk_create(
            system_actor, [{"type": "Goal", "name": "ok", "properties": {"k": text}}]
        )
    assert "invisible control character" in str(one.value.message_dict["name"])
    assert "invisible control character" in str(many.value.message_dict["properties"])
    assert not Element.objects.exists()


def test_tab_and_line_breaks_are_text(system_actor):
    element = elements.create(system_actor, type="Goal", name="ก\tข", documentation="หนึ่ง\r\nสอง")
    assert element.documentation == "หนึ่ง\r\nสอง"


def test_an_identifier_is_unique_across_elements_relationships_and_views(
    system_actor, make_element
):
    goal = make_element("Goal", "เป้าหมาย", identifier="id-shared")
    with pytest.raises(ValidationError) as one:
        views.create(system_actor, name="มุมมอง", identifier="id-shared")
    with pytest.raises(ValidationError) as many:
        views.bulk_create(system_actor, [{"name": "มุมมอง", "identifier": "id-shared"}])
    for refused in (one, many):
        assert str(goal) in str(refused.value.message_dict["identifier"])
    assert not View.objects.exists()
