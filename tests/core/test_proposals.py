"""Change proposals: recorded by the services, invisible live, merged as one batch, conflicts
shown field by field and resolved in the proposal."""

from dataclasses import replace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from nakhon.core import proposals
from nakhon.core.exceptions import ConflictError, ProposalConflict
from nakhon.core.models import Action, ChangeLogEntry, ProposalState
from nakhon.core.permissions import Role
from nakhon.core.services import Actor, revert_batch
from nakhon.repository.models import Element, Plateau, PlateauState, Relationship, View
from nakhon.repository.services import elements, plateaus, relationships, views

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(make_user):
    return make_user(Role.EA_OFFICE, username="office")


@pytest.fixture
def office_actor(office):
    return Actor.shell(office)


def in_proposal(actor: Actor, proposal) -> Actor:
    return replace(actor, proposal=proposal)


def test_two_proposals_and_a_live_edit_on_one_element(office, office_actor, make_element):
    """The issue's "Done when": the first merge succeeds, the second stops with a field-level
    conflict and writes nothing until resolved, and reverting the merge batches restores the
    repository."""
    element = make_element("ApplicationComponent", name="ระบบร้องเรียน", documentation="เดิม")
    original = (element.name, element.documentation, element.status)
    first = proposals.open_proposal(office, "Rename")
    second = proposals.open_proposal(office, "Rename and document")
    elements.update(in_proposal(office_actor, first), element, version=1, name="ระบบรับเรื่องร้องเรียน")
    elements.update(
        in_proposal(office_actor, second),
        element,
        version=1,
        name="ระบบร้องทุกข์",
        documentation="ใหม่",
    )
    element.refresh_from_db()
    assert (element.name, element.version) == ("ระบบร้องเรียน", 1)  # nothing live yet

    first_batch = proposals.merge(office_actor, first)
    element.refresh_from_db()
    assert (element.name, element.version) == ("ระบบรับเรื่องร้องเรียน", 2)
    first.refresh_from_db()
    assert first.state == ProposalState.MERGED and first.merged_batch == first_batch
    assert set(
        ChangeLogEntry.objects.filter(batch=first_batch).values_list("object_id", flat=True)
    ) == {str(element.pk)}
    # A live edit of another field moves the element again.
    elements.update(office_actor, element, version=2, status="phase_out")

    entries = ChangeLogEntry.objects.count()
    with pytest.raises(ProposalConflict) as refused:
        proposals.merge(office_actor, second)
    (conflict,) = refused.value.conflicts
    fields = {f.key: f for f in conflict.fields}
    assert set(fields) == {"name", "documentation"}
    assert (fields["name"].base, fields["name"].old, fields["name"].new) == (
        "ระบบร้องเรียน",
        "ระบบรับเรื่องร้องเรียน",
        "ระบบร้องทุกข์",
    )
    assert fields["name"].conflict and not fields["documentation"].conflict
    assert conflict.as_dict()["live_version"] == 3 and conflict.as_dict()["base_version"] == 1
    # Nothing was written.
    element.refresh_from_db()
    assert (element.name, element.documentation, element.version) == (
        "ระบบรับเรื่องร้องเรียน",
        "เดิม",
        3,
    )
    assert ChangeLogEntry.objects.count() == entries
    second.refresh_from_db()
    assert second.state == ProposalState.OPEN

    # Resolved in the proposal: the live name wins, the proposal's documentation stays.
    proposals.rebase(office_actor, conflict.operation, {"name": proposals.ACCEPT_LIVE})
    assert proposals.conflicts(second) == []
    (op,) = second.operations.all()
    assert op.values == {"documentation": "ใหม่"} and op.base_version == 3
    second_batch = proposals.merge(office_actor, second)
    element.refresh_from_db()
    assert (element.name, element.documentation, element.status) == (
        "ระบบรับเรื่องร้องเรียน",
        "ใหม่",
        "phase_out",
    )
    # Each merge reverts as one batch; both together restore what the proposals changed.
    revert_batch(office_actor, second_batch)
    revert_batch(office_actor, first_batch)
    element.refresh_from_db()
    assert (element.name, element.documentation) == original[:2]
    assert element.status == "phase_out"  # the live edit was nobody's proposal


def test_creations_updates_and_deletions_stay_out_of_the_live_tables(
    office, office_actor, make_element
):
    kept = make_element("ApplicationComponent", name="ระบบเดิม")
    doomed = make_element("ApplicationComponent", name="ระบบที่จะเลิก")
    served = make_element("BusinessService", name="บริการเดิม")
    old_link = relationships.create(office_actor, type="Serving", source=doomed, target=served)
    view = views.create(office_actor, name="ภาพรวม")
    proposal = proposals.open_proposal(office, "New complaints system")
    actor = in_proposal(office_actor, proposal)
    counts = (Element.objects.count(), Relationship.objects.count(), View.objects.count())

    app = elements.create(actor, type="ApplicationComponent", name="ระบบใหม่")
    link = relationships.create(actor, type="Serving", source=app, target=served)
    elements.update(actor, kept, version=kept.version, documentation="ปรับปรุง")
    elements.delete(actor, doomed, version=doomed.version)
    views.update(actor, view, version=view.version, name="ภาพรวมใหม่")
    new_view = views.create(actor, name="ภาพใหม่")

    assert (Element.objects.count(), Relationship.objects.count(), View.objects.count()) == counts
    assert not Element.objects.filter(pk=app.pk).exists()
    kept.refresh_from_db()
    assert kept.documentation == "" and kept.version == 1

    # The repository as the proposal would make it.
    proposed = {str(e) for e in proposals.proposed_objects(proposal, Element)}
    assert {"ระบบใหม่", "ระบบเดิม", "บริการเดิม"} <= proposed and "ระบบที่จะเลิก" not in proposed
    rels = proposals.proposed_objects(proposal, Relationship)
    assert [r.pk for r in rels] == [link.pk]  # the deleted element's relationship goes with it
    assert rels[0].source.name == "ระบบใหม่"  # the end is the proposed element
    assert {str(v) for v in proposals.proposed_objects(proposal, View)} == {
        "ภาพรวมใหม่",
        "ภาพใหม่",
    }

    changes = {(c.action, c.label): c for c in proposals.diff(proposal)}
    assert set(changes) == {
        (Action.CREATE, "ระบบใหม่"),
        (Action.CREATE, str(link)),
        (Action.UPDATE, "ระบบเดิม"),
        (Action.DELETE, "ระบบที่จะเลิก"),
        (Action.UPDATE, "ภาพรวม"),
        (Action.CREATE, "ภาพใหม่"),
    }
    (documented,) = changes[(Action.UPDATE, "ระบบเดิม")].fields
    assert (documented.key, documented.old, documented.new) == ("documentation", "", "ปรับปรุง")

    batch = proposals.merge(office_actor, proposal)
    assert Element.objects.get(pk=app.pk).name == "ระบบใหม่"
    assert Relationship.objects.get(pk=link.pk).source_id == app.pk
    assert not Element.objects.filter(pk=doomed.pk).exists()
    assert not Relationship.objects.filter(pk=old_link.pk).exists()
    assert View.objects.get(pk=view.pk).name == "ภาพรวมใหม่"
    assert View.objects.filter(pk=new_view.pk).exists()
    revert_batch(office_actor, batch)
    assert (Element.objects.count(), Relationship.objects.count(), View.objects.count()) == counts
    assert Element.objects.get(pk=doomed.pk).name == "ระบบที่จะเลิก"


def test_a_plateau_gains_a_new_application_through_a_proposal(office, office_actor):
    target = plateaus.create(office_actor, name="เป้าหมาย 2570", state=PlateauState.TARGET)
    proposal = proposals.open_proposal(office, "Target state")
    actor = in_proposal(office_actor, proposal)
    app = elements.create(actor, type="ApplicationComponent", name="ระบบใหม่")
    plateaus.update(actor, target, version=target.version, elements=[app])
    assert not target.elements.exists()
    proposed = proposals.proposed_instance(proposal, Plateau, target.pk)
    assert proposed.proposed_related == {"elements": [str(app.pk)]}
    proposals.merge(office_actor, proposal)
    assert list(Plateau.objects.get(pk=target.pk).elements.all()) == [
        Element.objects.get(pk=app.pk)
    ]


def test_recording_checks_permission_and_validates_as_live_writes_do(
    office, make_user, unit_a, unit_b, make_element
):
    editor = make_user(Role.UNIT_EDITOR, unit=unit_a)
    theirs = make_element("ApplicationComponent", owner=unit_b)
    proposal = proposals.open_proposal(editor, "Mine")
    actor = in_proposal(Actor.shell(editor), proposal)
    with pytest.raises(PermissionDenied):
        elements.update(actor, theirs, version=1, name="เปลี่ยน")
    with pytest.raises(ValidationError):
        elements.create(actor, type="NoSuchType", name="x", owner_unit=unit_a)
    app = elements.create(actor, type="ApplicationComponent", name="ของเรา", owner_unit=unit_a)
    goal = elements.create(actor, type="Goal", name="เป้าหมาย", owner_unit=unit_a)
    with pytest.raises(ValidationError):  # ArchiMate has no serving from an application to a goal
        relationships.create(actor, type="Serving", source=app, target=goal)
    assert proposal.operations.count() == 2
    with pytest.raises(PermissionDenied):  # merging is the EA office's
        proposals.merge(Actor.shell(editor), proposal)


def test_a_stale_base_is_refused_when_recorded_and_found_at_merge(
    office, office_actor, make_element
):
    element = make_element("ApplicationComponent", name="ก")
    elements.update(office_actor, element, version=1, name="ข")
    proposal = proposals.open_proposal(office, "Stale")
    actor = in_proposal(office_actor, proposal)
    with pytest.raises(ConflictError):  # the form was read at version 1
        elements.update(actor, element, version=1, name="ค")
    elements.update(actor, element, version=2, name="ค")
    element.refresh_from_db()
    elements.delete(office_actor, element, version=2)
    (conflict,) = proposals.conflicts(proposal)
    assert conflict.deleted_live
    with pytest.raises(ProposalConflict):
        proposals.merge(office_actor, proposal)
    assert proposals.rebase(office_actor, conflict.operation, {}) is None
    assert proposals.merge(office_actor, proposal)  # nothing left to do, merged all the same


def test_deleting_a_proposed_creation_forgets_it_and_what_needed_it(office, office_actor):
    proposal = proposals.open_proposal(office, "Changed my mind")
    actor = in_proposal(office_actor, proposal)
    app = elements.create(actor, type="ApplicationComponent", name="ระบบ")
    service = elements.create(actor, type="ApplicationService", name="บริการ")
    relationships.create(actor, type="Realization", source=app, target=service)
    elements.update(actor, app, version=None, name="ระบบใหม่")
    (created,) = [op for op in proposal.operations.all() if op.object_id == str(app.pk)]
    assert created.values["name"] == "ระบบใหม่"  # folded into its creation
    elements.delete(actor, app, version=None)
    assert [op.object_repr for op in proposal.operations.all()] == ["บริการ"]


def test_a_merged_proposal_cannot_be_changed(office, office_actor, make_element):
    element = make_element("ApplicationComponent")
    proposal = proposals.open_proposal(office, "Done")
    proposals.merge(office_actor, proposal)
    with pytest.raises(ValidationError):
        elements.update(in_proposal(office_actor, proposal), element, version=1, name="x")
