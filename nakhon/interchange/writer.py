"""Write an import plan to the repository: all of it or nothing.

`apply_import` plans the document (`planner`) and writes what the plan decides through the
services, in one transaction and one change-log batch (channel "import"), so an import is
permission-checked, logged, and revertable as a whole (`revert_batch`).
"""

import uuid
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from nakhon.core import permissions, proposals
from nakhon.core.models import Channel
from nakhon.core.services import Actor, service_for
from nakhon.interchange import attributes
from nakhon.interchange.document import ModelDocument
from nakhon.interchange.errors import InterchangeError
from nakhon.interchange.folders import write_folders
from nakhon.interchange.planner import (
    CREATE,
    UPDATE,
    ImportPlan,
    ImportRefused,
    Planner,
    concept_values,
    in_dependency_order,
)
from nakhon.organization.models import OrgUnit
from nakhon.repository import services
from nakhon.repository.models import Element, ModelInfo, Plateau

BULK_SIZE = 5000


def apply_import(
    doc: ModelDocument,
    actor: Actor,
    *,
    without_refused: bool = False,
    owner_unit=None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportPlan:
    """Write `doc`; raise ImportRefused (writing nothing) if anything is refused, unless told to
    import the rest without it. An actor carrying a change proposal imports into it: the import
    runs on the repository as the proposal makes it and is recorded there (`proposals.capture`),
    the live tables unchanged."""
    if actor.proposal is not None:
        proposal = actor.proposal
        try:
            proposals.require_open(proposal)
        except ValidationError as error:
            raise InterchangeError(" ".join(error.messages)) from None
        captured = proposals.capture(
            Actor(user=actor.user, channel=Channel.IMPORT, proposal=proposal),
            lambda live: apply_import(
                doc, live, without_refused=without_refused, owner_unit=owner_unit, progress=progress
            ),
        )
        plan = captured.result
        plan.batch, plan.proposal = "", str(proposal.pk)
        plan.recorded, plan.left_out = captured.recorded, captured.skipped
        return plan
    actor = Actor(user=actor.user, channel=Channel.IMPORT, batch=actor.batch)
    planner = Planner(doc, actor, owner_unit=owner_unit)
    if planner.plan.refused and not without_refused:
        raise ImportRefused(planner.plan)
    writer = Writer(planner)
    try:
        with transaction.atomic():
            writer.write(progress or (lambda done, total: None))
    except ValidationError as error:
        row = getattr(error, "row", {})
        raise InterchangeError(
            _("It cannot be stored: %(problem)s") % {"problem": " ".join(error.messages)},
            identifier=row.get("identifier") or writer.writing,
        ) from None
    planner.plan.batch = str(actor.batch)
    return planner.plan


class Writer:
    """Writes what a planner decided, with the values it builds; new rows in bulk."""

    def __init__(self, planner: Planner):
        self.planner = planner
        self.doc, self.actor, self.plan = planner.doc, planner.actor, planner.plan
        self.late_owners: dict[str, object] = {}  # units this import creates, owning stored rows
        self.writing = ""  # the identifier being written one by one, for messages

    def write(self, progress: Callable[[int, int], None]) -> None:
        actions = {(i.kind, i.identifier): i.action for i in self.plan.items}
        total, done = len(self.plan.items), 0

        def step():
            nonlocal done
            done += 1
            if done % 500 == 0 or done == total:
                progress(done, total)

        self._write_model_info()
        pending: list = []
        for element in self.doc.elements:
            row = self._row_to_write("element", element.identifier, actions, step, element)
            if row is not None:
                pending.append(row)
            pending = self._flush(services.elements, pending, self.planner.element_pks)
        self._flush(services.elements, pending, self.planner.element_pks, force=True)
        pending = []
        for rel in in_dependency_order(self.doc.relationships, self.planner.relationship_docs):
            # A new row's id is known once inserted: a relationship on one still waiting waits.
            if pending and (
                rel.source in self.planner.relationship_docs
                or rel.target in self.planner.relationship_docs
            ):
                waiting = {p["identifier"] for p in pending}
                if rel.source in waiting or rel.target in waiting:
                    pending = self._flush(
                        services.relationships, pending, self.planner.relationship_pks, force=True
                    )
            row = self._row_to_write("relationship", rel.identifier, actions, step, rel)
            if row is not None:
                pending.append(row)
            pending = self._flush(services.relationships, pending, self.planner.relationship_pks)
        self._flush(services.relationships, pending, self.planner.relationship_pks, force=True)
        self._write_views(actions, step)
        filed = {key: ("element", pk) for key, pk in self.planner.element_pks.items()}
        filed.update(
            (key, ("relationship", pk)) for key, pk in self.planner.relationship_pks.items()
        )
        filed.update((key, ("view", pk)) for key, pk in self.planner.view_pks.items())
        write_folders(self.actor, self.doc.folders, filed)
        self._write_profiles()
        self._write_late_owners()
        self._write_plateaus()

    def _row_to_write(self, kind, identifier, actions, step, doc) -> dict | None:
        """The row of an object to create (to be inserted in bulk); updates are written
        here and now, one by one, since they need the stored row."""
        action = actions.get((kind, identifier))
        step()
        if action not in (CREATE, UPDATE):
            return None
        self.writing = identifier
        if action == UPDATE:
            service, store, values_of = self._updaters()[kind]
            values = values_of(doc)
            if values.get("owner_unit_id") not in (None, *self.planner.stored_units.values()):
                # A unit this import creates exists only once the profiles are written.
                self.late_owners[identifier] = values.pop("owner_unit_id")
            store[identifier] = service.update(
                self.actor, store[identifier], version=None, **values
            )
            return None
        if kind == "element":
            return {
                "id": self.planner.new_element_pks[identifier],
                "identifier": identifier,
                "owner_unit_id": getattr(self.planner.owner_unit, "pk", None),
                **self.planner.element_values(doc),
            }
        return {"identifier": identifier, **self.planner.relationship_row(doc)}

    def _updaters(self) -> dict:
        return {
            "element": (services.elements, self.planner.elements, self.planner.element_values),
            "relationship": (
                services.relationships,
                self.planner.relationships,
                self.planner.relationship_values,
            ),
        }

    def _flush(self, service, pending: list, pks: dict, *, force: bool = False) -> list:
        """Insert the waiting rows when there are enough of them (or when `force`)."""
        if pending and (force or len(pending) >= BULK_SIZE):
            for row in service.bulk_create(self.actor, pending):
                pks[row["identifier"]] = row["id"]
            return []
        return pending

    def _write_views(self, actions: dict, step) -> None:
        """New views all at once, their diagrams after every new view row exists (a diagram
        may show other views of the file); then the changed ones, one by one."""
        new = [v for v in self.doc.views if actions.get(("view", v.identifier)) == CREATE]
        changed = [v for v in self.doc.views if actions.get(("view", v.identifier)) == UPDATE]
        self.planner.view_pks.update((view.identifier, uuid.uuid4()) for view in new)
        rows = [
            {
                "id": self.planner.view_pks[view.identifier],
                "identifier": view.identifier,
                "owner_unit_id": getattr(self.planner.owner_unit, "pk", None),
                **self.planner.view_values(view),
                "diagram": self.planner.diagram(view),
            }
            for view in new
        ]
        self.writing = ""  # a refused diagram names its view itself
        services.views.bulk_create(self.actor, rows)
        for view in changed:
            self.writing = view.identifier
            self.planner.views[view.identifier] = services.views.update(
                self.actor,
                self.planner.views[view.identifier],
                version=None,
                **self.planner.view_values(view),
                diagram=self.planner.diagram(view),
            )
        for _view in self.doc.views:
            step()

    def _write_profiles(self) -> None:
        """Profiles the file's elements carry, org units first and each unit after its parent."""
        actions = {i.identifier: i.action for i in self.plan.items if i.kind == "element"}
        carrying = [
            identifier
            for identifier in self.planner.carried
            if identifier in self.planner.element_types
            and self.planner.profile_model(identifier)
            and actions[identifier] in (CREATE, UPDATE)
        ]
        # The elements this import created, read at once (the stored ones are at hand).
        created = Element.objects.in_bulk(
            [self.planner.element_pks[i] for i in carrying if i not in self.planner.elements]
        )
        for identifier in sorted(carrying, key=self._unit_depth):
            self.writing = identifier
            model = self.planner.profile_model(identifier)
            values = self.planner.profile_values(identifier)
            service = service_for(model)
            if identifier in self.planner.profiles:
                service.update(
                    self.actor, self.planner.profiles[identifier], version=None, **values
                )
            else:
                element = (
                    self.planner.elements.get(identifier)
                    or created[self.planner.element_pks[identifier]]
                )
                service.create(self.actor, element=element, **values)

    def _unit_depth(self, identifier: str) -> int:
        """How many of the file's units are above an org unit of the file, so that units come
        first and parents before their children; what is not a unit comes after them all."""
        if self.planner.profile_model(identifier) is not OrgUnit:
            return 1_000_000
        depth, seen = 0, {identifier}
        parent = self.planner.carried[identifier].get(attributes.UNIT_PARENT, "")
        while parent in self.planner.carried and parent not in seen:
            depth, seen = depth + 1, seen | {parent}
            parent = self.planner.carried[parent].get(attributes.UNIT_PARENT, "")
        return depth

    def _write_late_owners(self) -> None:
        for identifier, unit_pk in self.late_owners.items():
            self.writing = identifier
            element = self.planner.elements[identifier]  # only a stored element waits for its owner
            services.elements.update(self.actor, element, version=None, owner_unit_id=unit_pk)

    def _write_plateaus(self) -> None:
        """Plateau membership as the objects the import writes say it; the members the file
        does not mention stay as they are."""
        written = {(i.kind, i.identifier) for i in self.plan.items if i.action in (CREATE, UPDATE)}
        said = {
            name: {
                pks[identifier]: listed
                for identifier in self.planner.carried
                if (kind, identifier) in written
                and (listed := self.planner.plateau_pks(identifier)) is not None
            }
            for name, kind, pks in (
                ("elements", "element", self.planner.element_pks),
                ("relationships", "relationship", self.planner.relationship_pks),
            )
        }
        # The plateaus the written objects join, and those they were in (new ones were in none).
        touched = {p for listed in said.values() for plateaus in listed.values() for p in plateaus}
        touched.update(
            p
            for listed in said.values()
            for pk in listed
            for p in self.planner.memberships.get(pk, ())
        )
        for plateau in (
            Plateau.objects.select_related("element").filter(pk__in=touched).order_by("pk")
        ):
            self.writing = plateau.element.identifier
            values = {}
            for name, listed in said.items():
                current = set(getattr(plateau, name).values_list("pk", flat=True))
                values[name] = (current - set(listed)) | {
                    pk for pk, plateaus in listed.items() if plateau.pk in plateaus
                }
            services.plateaus.update(self.actor, plateau, version=None, **values)

    def _write_model_info(self) -> None:
        if not (self.doc.identifier or self.doc.name):
            return
        info = ModelInfo.objects.first()
        if not permissions.can(self.actor.user, permissions.CHANGE, info or ModelInfo()):
            return  # the model as a whole is the EA office's; units import their parts
        values = concept_values(self.doc.name, self.doc.documentation, self.doc.properties)
        values["identifier"] = self.doc.identifier
        values["property_types"] = attributes.file_property_types(self.doc.property_types)
        if info is None:
            services.model_info.create(self.actor, **values)
        else:
            services.model_info.update(self.actor, info, version=None, **values)
