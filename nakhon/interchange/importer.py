"""Import a model document into the repository: plan first, then write all of it or nothing.

`plan_import` reads the database and says, per object, what an import would do: create,
update, leave unchanged, or refuse (with the reason: a relationship ArchiMate does not allow,
one whose end was refused, an object the user may not write). `apply_import` writes the plan
through the services, in one transaction and one change-log batch (channel "import"), so an
import is permission-checked, logged, and revertable as a whole (`revert_batch`). Objects are
matched by identifier, so importing the same file again changes nothing.
"""

import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from nakhon.archimate import metamodel
from nakhon.core import permissions
from nakhon.core.bulk import filter_in
from nakhon.core.models import Channel
from nakhon.core.services import Actor, service_for
from nakhon.interchange import attributes
from nakhon.interchange.document import (
    ConnectionDoc,
    ElementDoc,
    LangText,
    ModelDocument,
    NodeDoc,
    Property,
    RelationshipDoc,
    split_names,
)
from nakhon.interchange.errors import InterchangeError
from nakhon.interchange.folders import write_folders
from nakhon.organization.models import OrgUnit
from nakhon.repository import services
from nakhon.repository.diagrams import canonical_document, diagram_document
from nakhon.repository.models import Element, ModelInfo, Plateau, Relationship, View

CREATE, UPDATE, UNCHANGED, REFUSED = "create", "update", "unchanged", "refused"
LOOKUP_CHUNK = 10_000
# What a stored relationship's ends are read with, to compare them with the file's.
RELATIONSHIP_ENDS = ("source", "target", "source_relationship", "target_relationship")
BULK_SIZE = 5000


@dataclass
class PlanItem:
    kind: str  # element, relationship, view, connection
    identifier: str
    name: str
    action: str
    reason: str = ""
    changed: list[str] = field(default_factory=list)


@dataclass
class ImportPlan:
    items: list[PlanItem] = field(default_factory=list)
    batch: str = ""  # the change-log batch, once applied

    def counts(self) -> dict[str, Counter]:
        counts: dict[str, Counter] = {}
        for item in self.items:
            counts.setdefault(item.kind, Counter())[item.action] += 1
        return counts

    @property
    def refused(self) -> list[PlanItem]:
        return [item for item in self.items if item.action == REFUSED]


class ImportRefused(Exception):
    """Some objects cannot be imported; the caller chooses to abort or import without them."""

    def __init__(self, plan: ImportPlan):
        self.plan = plan
        super().__init__(
            _("%(count)d objects cannot be imported; see the report, then import without them.")
            % {"count": len(plan.refused)}
        )


def plan_import(doc: ModelDocument, actor: Actor, *, owner_unit=None) -> ImportPlan:
    return Importer(doc, actor, owner_unit=owner_unit).plan


def apply_import(
    doc: ModelDocument,
    actor: Actor,
    *,
    without_refused: bool = False,
    owner_unit=None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportPlan:
    """Write `doc`; raise ImportRefused (writing nothing) if anything is refused, unless told to
    import the rest without it."""
    actor = Actor(user=actor.user, channel=Channel.IMPORT, batch=actor.batch)
    importer = Importer(doc, actor, owner_unit=owner_unit)
    if importer.plan.refused and not without_refused:
        raise ImportRefused(importer.plan)
    try:
        with transaction.atomic():
            importer.write(progress or (lambda done, total: None))
    except ValidationError as error:
        row = getattr(error, "row", {})
        raise InterchangeError(
            _("It cannot be stored: %(problem)s") % {"problem": " ".join(error.messages)},
            identifier=row.get("identifier") or importer.writing,
        ) from None
    importer.plan.batch = str(actor.batch)
    return importer.plan


def _documentation(text: LangText) -> tuple[str, dict]:
    """Documentation is one Thai-first field; English and other languages go to translations."""
    thai, english, others = split_names(text)
    rest = {"en": english, **others} if english else others
    return thai, rest


def _properties(props: list[Property]) -> list[dict]:
    return [{"key": p.key, "value": p.value} for p in props]


def _concept_values(name: LangText, documentation: LangText, props: list[Property]) -> dict:
    thai, english, other_names = split_names(name)
    doc_text, other_docs = _documentation(documentation)
    translations = {}
    if other_names:
        translations["name"] = other_names
    if other_docs:
        translations["documentation"] = other_docs
    return {
        "name": thai,
        "name_en": english,
        "documentation": doc_text,
        "properties": _properties(props),
        "translations": translations,
    }


class Importer:
    def __init__(self, doc: ModelDocument, actor: Actor, *, owner_unit=None):
        self.doc, self.actor = doc, actor
        self.owner_unit = owner_unit if owner_unit is not None else self._default_owner()
        self._check_identifiers_unique()
        # What the repository knows beyond ArchiMate (owner, profiles, plateaus), by identifier.
        self.carried = attributes.carried_by(doc)
        self.elements = _existing(Element, [e.identifier for e in doc.elements])
        self.relationships = _existing(
            Relationship, [r.identifier for r in doc.relationships], *RELATIONSHIP_ENDS
        )
        self.views = _existing(View, [v.identifier for v in doc.views])
        # Database ids by identifier, of what exists and of what this import creates.
        self.element_pks = {key: obj.pk for key, obj in self.elements.items()}
        self.relationship_pks = {key: obj.pk for key, obj in self.relationships.items()}
        self.view_pks = {key: obj.pk for key, obj in self.views.items()}
        # New elements get their ids now, so that objects may name a unit this import creates.
        self.new_element_pks = {
            e.identifier: uuid.uuid4() for e in doc.elements if e.identifier not in self.elements
        }
        self.stored_units = self._stored_units()
        self.profiles = self._stored_profiles()
        self.memberships = self._stored_memberships()
        self.stored_plateaus: dict = {}  # plateau identifier -> id, or None: asked once each
        self.late_owners: dict[str, object] = {}
        self._may_add: dict = {}
        self.element_types = {e.identifier: self._element_type(e) for e in doc.elements}
        self.relationship_docs = {r.identifier: r for r in doc.relationships}
        self.plan = ImportPlan()
        self.refused_relationships: set[str] = set()
        self._rules: dict = {}  # (type, source type, target type) -> refusal, or ""
        self._plan_elements()
        self._plan_relationships()
        self._plan_views()

    # Planning

    def _default_owner(self):
        """A unit editor's imports belong to their unit, so that they may write them at all."""
        user = self.actor.user
        if permissions.role_of(user) == permissions.Role.UNIT_EDITOR:
            return user.unit
        return None

    def _check_identifiers_unique(self) -> None:
        seen: set[str] = set()
        for obj in [*self.doc.elements, *self.doc.relationships, *self.doc.views]:
            if not obj.identifier:
                raise InterchangeError(_("An object has no identifier."))
            if obj.identifier in seen:
                raise InterchangeError(
                    _("The identifier is used twice."), identifier=obj.identifier
                )
            seen.add(obj.identifier)

    def _element_type(self, element: ElementDoc) -> str:
        try:
            return metamodel.normalise_element_type(element.type)
        except metamodel.UnknownType as error:
            raise InterchangeError(
                str(error), line=element.line, identifier=element.identifier
            ) from None

    def _add(self, kind: str, identifier: str, name: str, action: str, **extra) -> PlanItem:
        item = PlanItem(kind, identifier, name, action, **extra)
        self.plan.items.append(item)
        return item

    def _decide(
        self, kind: str, identifier: str, obj, values: dict, name: str, also: list[str] = ()
    ) -> PlanItem:
        """Create, update or unchanged, and refused when the user may not write it. `also`:
        what else of the object's the import changes (its profile, its plateaus)."""
        if obj is None:
            if not self._may_add_in(kind, self._owner_of_new(kind, identifier)):
                probe = self._probe(kind, identifier)
                return self._add(kind, identifier, name, REFUSED, reason=_denied(self.actor, probe))
            return self._add(kind, identifier, name, CREATE)
        changed = list(service_for(type(obj)).changes(obj, values)) + list(also)
        if not changed:
            return self._add(kind, identifier, name, UNCHANGED)
        if not permissions.can(self.actor.user, permissions.CHANGE, obj):
            return self._add(kind, identifier, name, REFUSED, reason=_denied(self.actor, obj))
        return self._add(kind, identifier, name, UPDATE, changed=changed)

    def _may_add_in(self, kind: str, unit_id) -> bool:
        """Whether the user may create a `kind` owned by the unit, asked once per unit."""
        if (kind, unit_id) not in self._may_add:
            model = {"element": Element, "relationship": Relationship, "view": View}[kind]
            self._may_add[kind, unit_id] = permissions.can_in_unit(
                self.actor.user, permissions.ADD, model, unit_id
            )
        return self._may_add[kind, unit_id]

    def _owner_of_new(self, kind: str, identifier: str):
        """The id of the unit that would own a new object: a relationship's source's unit."""
        if kind != "relationship":
            return self._new_owner(identifier)
        source_id = self.relationship_docs[identifier].source
        if source_id in self.elements:
            return self.elements[source_id].owner_unit_id
        return self._new_owner(source_id) if source_id in self.element_types else None

    def _new_owner(self, identifier: str):
        """The unit a new element or view of the file says it belongs to, or the import's."""
        carried = self.carried.get(identifier)
        if carried and attributes.OWNER in carried:
            return attributes.stored_values(
                Element, ["owner_unit"], carried, self.unit_pk, identifier
            )["owner_unit_id"]
        return getattr(self.owner_unit, "pk", None)

    def _probe(self, kind: str, identifier: str):
        """An unsaved object carrying what decides whether the user may create it."""
        if kind == "relationship":
            source_id = self.relationship_docs[identifier].source
            source = self.elements.get(source_id)
            if source is None and source_id in self.element_types:
                source = self._probe("element", source_id)  # created by this import
            return Relationship(source=source)
        model = Element if kind == "element" else View
        return model(owner_unit_id=self._new_owner(identifier))

    # What the repository knows beyond ArchiMate

    def _plain(self, obj) -> list[Property]:
        """An object's own properties, without the `nakhon:` ones."""
        ours = self.carried.get(obj.identifier)
        return [p for p in obj.properties if p.key not in ours] if ours else obj.properties

    def _stored_units(self) -> dict:
        """{identifier: unit id} of the stored org units the file's objects name."""
        named = {
            text
            for carried in self.carried.values()
            for key, text in carried.items()
            if key in (attributes.OWNER, attributes.UNIT_PARENT)
        }
        units = Element.objects.filter(orgunit__isnull=False)
        return dict(filter_in(units, "identifier", named).values_list("identifier", "pk"))

    def unit_pk(self, identifier: str):
        """The id of the org unit whose business actor has this identifier, stored or new."""
        if identifier in self.stored_units:
            return self.stored_units[identifier]
        if self.carried.get(identifier, {}).get(attributes.PROFILE) == OrgUnit._meta.model_name:
            return self.element_pks.get(identifier) or self.new_element_pks.get(identifier)
        return None

    def profile_model(self, identifier: str):
        return attributes.profile_model(self.carried.get(identifier, {}), identifier)

    def _stored_profiles(self) -> dict:
        """{identifier: profile} of the stored profiles the file's elements carry values for."""
        wanted: dict = {}
        for identifier in self.carried:
            model = self.profile_model(identifier)
            if model is not None and identifier in self.elements:
                wanted.setdefault(model, []).append(identifier)
        found = {}
        for model, identifiers in wanted.items():
            by_pk = {self.elements[identifier].pk: identifier for identifier in identifiers}
            rows = model.objects.prefetch_related(*attributes.profile_rows(model))
            for profile in filter_in(rows, "pk", by_pk):
                found[by_pk[profile.pk]] = profile
        return found

    def profile_values(self, identifier: str) -> dict:
        model = self.profile_model(identifier)
        carried = self.carried.get(identifier, {})
        return attributes.profile_values(model, carried, self.unit_pk, identifier)

    def _carried_changes(self, identifier: str) -> list[str]:
        """What of a stored element's profile the import changes."""
        model = self.profile_model(identifier)
        if model is None:
            return []
        profile = self.profiles.get(identifier)
        if profile is None:
            return [str(model._meta.verbose_name)]
        return list(service_for(model).changes(profile, self.profile_values(identifier)))

    def _moves_plateaus(self, obj, identifier: str) -> bool:
        wanted = self.plateau_pks(identifier)
        return wanted is not None and wanted != self.memberships.get(obj.pk, set())

    def _stored_memberships(self) -> dict:
        """{element or relationship id: plateau ids} of the stored objects whose plateaus the
        file gives."""
        members: dict = {}
        for store, name in ((self.elements, "elements"), (self.relationships, "relationships")):
            said = [
                obj.pk
                for key, obj in store.items()
                if attributes.PLATEAUS in self.carried.get(key, ())
            ]
            through = getattr(Plateau, name).through
            column = Plateau._meta.get_field(name).m2m_reverse_name()
            for pk, plateau in filter_in(through.objects, column, said).values_list(
                column, "plateau_id"
            ):
                members.setdefault(pk, set()).add(plateau)
        return members

    def plateau_pks(self, identifier: str) -> set | None:
        """The plateaus (element ids) an object says it belongs to, or None if it does not say."""
        listed = attributes.plateau_identifiers(self.carried.get(identifier, {}))
        if listed is None:
            return None
        return {self._plateau_pk(plateau, identifier) for plateau in listed}

    def _plateau_pk(self, plateau: str, referrer: str):
        if self.carried.get(plateau, {}).get(attributes.PROFILE) == Plateau._meta.model_name:
            return self.element_pks.get(plateau) or self.new_element_pks.get(plateau)
        if plateau not in self.stored_plateaus:
            found = Plateau.objects.filter(element__identifier=plateau).values_list("pk", flat=True)
            self.stored_plateaus[plateau] = found[0] if found else None
        if self.stored_plateaus[plateau] is None:
            raise InterchangeError(
                _(
                    "It names “%(ref)s” as its plateau; no plateau in the file or the "
                    "repository has that identifier."
                )
                % {"ref": plateau},
                identifier=referrer,
            )
        return self.stored_plateaus[plateau]

    def element_values(self, element: ElementDoc) -> dict:
        values = {
            "type": self.element_types[element.identifier],
            **_concept_values(element.name, element.documentation, self._plain(element)),
        }
        return values | self._stored_values(Element, attributes.ELEMENT_FIELDS, element.identifier)

    def _stored_values(self, model, names, identifier: str) -> dict:
        """The element's or view's fields the file gives as `nakhon:` properties."""
        carried = self.carried.get(identifier)
        if not carried:
            return {}
        return attributes.stored_values(model, names, carried, self.unit_pk, identifier)

    def _plan_elements(self) -> None:
        for element in self.doc.elements:
            existing = self.elements.get(element.identifier)
            # A new element's values are needed only to check what the file carries for it.
            carries = element.identifier in self.carried
            values = self.element_values(element) if existing or carries else {}
            also = self._carried_changes(element.identifier) if existing else []
            if existing and self._moves_plateaus(existing, element.identifier):
                also.append("plateaus")
            name = split_names(element.name)[0]
            self._decide("element", element.identifier, existing, values, name, also)

    def _plan_relationships(self) -> None:
        by_id = self.relationship_docs
        db_ends = self._relationship_ends_in_db()
        for rel in _in_dependency_order(self.doc.relationships, by_id):
            name = split_names(rel.name)[0]
            reason = self._refusal(rel, by_id, db_ends)
            if reason:
                self.refused_relationships.add(rel.identifier)
                self._add("relationship", rel.identifier, name, REFUSED, reason=reason)
                continue
            existing = self.relationships.get(rel.identifier)
            also = (
                ["plateaus"] if existing and self._moves_plateaus(existing, rel.identifier) else []
            )
            values = self.relationship_fields(rel) if existing else {}
            item = self._decide("relationship", rel.identifier, existing, values, name, also)
            if existing is not None and item.action != REFUSED:
                moved = [
                    side
                    for side, end in (
                        ("source", existing.source_end),
                        ("target", existing.target_end),
                    )
                    if end.identifier != getattr(rel, side)
                ]
                if moved:
                    item.action, item.changed = UPDATE, item.changed + moved

    def _relationship_ends_in_db(self) -> dict[str, str]:
        """Types of the ends the document refers to but does not contain, from the database."""
        inside = set(self.element_types) | {r.identifier for r in self.doc.relationships}
        wanted = {
            end for r in self.doc.relationships for end in (r.source, r.target) if end not in inside
        }
        ends = {e.identifier: e.type for e in _existing(Element, wanted).values()}
        rels = _existing(Relationship, wanted - set(ends))
        ends.update(dict.fromkeys(rels, metamodel.RELATIONSHIP_CONCEPT))
        return ends

    def _end_type(self, identifier: str, by_id: dict, db_ends: dict) -> str | None:
        if identifier in self.element_types:
            return self.element_types[identifier]
        if identifier in by_id:
            return metamodel.RELATIONSHIP_CONCEPT
        return db_ends.get(identifier)

    def _refusal(self, rel: RelationshipDoc, by_id: dict, db_ends: dict) -> str:
        try:
            rel_type = metamodel.normalise_relationship_type(rel.type)
        except metamodel.UnknownType as error:
            raise InterchangeError(str(error), line=rel.line, identifier=rel.identifier) from None
        types = []
        for end in (rel.source, rel.target):
            end_type = self._end_type(end, by_id, db_ends)
            if end_type is None:
                raise InterchangeError(
                    _("It refers to “%(ref)s”, which is neither in the file nor in the repository.")
                    % {"ref": end},
                    line=rel.line,
                    identifier=rel.identifier,
                )
            if end in self.refused_relationships:
                return _("Its end “%(ref)s” is a relationship that was refused.") % {"ref": end}
            types.append(end_type)
        rule = (rel_type, *types)
        if rule not in self._rules:
            try:
                metamodel.check_relationship(*rule)
                self._rules[rule] = ""
            except metamodel.RelationshipNotAllowed as refusal:
                self._rules[rule] = str(refusal)
        return self._rules[rule]

    def relationship_fields(self, rel: RelationshipDoc) -> dict:
        """Everything of a relationship but its ends."""
        return {
            "type": metamodel.normalise_relationship_type(rel.type),
            **_concept_values(rel.name, rel.documentation, self._plain(rel)),
            "access_type": rel.access_type,
            "is_directed": rel.is_directed,
            "modifier": rel.modifier,
        }

    def relationship_values(self, rel: RelationshipDoc) -> dict:
        """The values of an update: ends as objects."""
        values = self.relationship_fields(rel)
        for side in ("source", "target"):
            identifier = getattr(rel, side)
            element_pk, relationship_pk = self._end_pks(identifier)
            values[side] = element_pk and (
                self.elements.get(identifier) or Element.objects.get(pk=element_pk)
            )
            values[f"{side}_relationship"] = relationship_pk and (
                self.relationships.get(identifier) or Relationship.objects.get(pk=relationship_pk)
            )
        return values

    def relationship_row(self, rel: RelationshipDoc) -> dict:
        """The values of a new row: ends as ids."""
        row = self.relationship_fields(rel)
        for side in ("source", "target"):
            row[f"{side}_id"], row[f"{side}_relationship_id"] = self._end_pks(getattr(rel, side))
        return row

    def _end_pks(self, identifier: str) -> tuple:
        """(element id, relationship id) of an end, one of them None."""
        if identifier in self.element_pks:
            return self.element_pks[identifier], None
        if identifier in self.relationship_pks:
            return None, self.relationship_pks[identifier]
        found = Element.objects.filter(identifier=identifier).values_list("pk", flat=True)
        if found:
            return found[0], None
        return None, Relationship.objects.values_list("pk", flat=True).get(identifier=identifier)

    def view_values(self, view) -> dict:
        values = {
            **_concept_values(view.name, view.documentation, self._plain(view)),
            "viewpoint": view.viewpoint,
        }
        return values | self._stored_values(View, attributes.VIEW_FIELDS, view.identifier)

    def _plan_views(self) -> None:
        for view in self.doc.views:
            values = self.view_values(view)
            existing = self.views.get(view.identifier)
            item = self._decide("view", view.identifier, existing, values, values["name"])
            for dropped in self._dropped_connections(view.connections):
                self._add(
                    "connection",
                    dropped.identifier,
                    view.identifier,
                    REFUSED,
                    reason=_("It shows a relationship that was refused."),
                )
            unchanged = item.action == UNCHANGED and existing is not None
            if unchanged and diagram_document(existing) != self._diagram_if_resolvable(view):
                item.action, item.changed = UPDATE, ["diagram"]

    def _dropped_connections(self, connections: list[ConnectionDoc]) -> list[ConnectionDoc]:
        dropped_ids: set[str] = set()
        dropped = []
        # A connection on a dropped connection goes too; repeat until nothing more drops.
        changed = True
        while changed:
            changed = False
            for conn in connections:
                if conn.identifier in dropped_ids:
                    continue
                if (
                    conn.ref in self.refused_relationships
                    or conn.source in dropped_ids
                    or conn.target in dropped_ids
                ):
                    dropped_ids.add(conn.identifier)
                    dropped.append(conn)
                    changed = True
        return dropped

    def _diagram_if_resolvable(self, view) -> dict | None:
        try:
            return canonical_document(self.diagram(view))
        except (Element.DoesNotExist, Relationship.DoesNotExist, KeyError):
            return None

    # Writing

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
            pending = self._flush(services.elements, pending, self.element_pks)
        self._flush(services.elements, pending, self.element_pks, force=True)
        pending = []
        for rel in _in_dependency_order(self.doc.relationships, self.relationship_docs):
            # A new row's id is known once inserted: a relationship on one still waiting waits.
            if pending and (
                rel.source in self.relationship_docs or rel.target in self.relationship_docs
            ):
                waiting = {p["identifier"] for p in pending}
                if rel.source in waiting or rel.target in waiting:
                    pending = self._flush(
                        services.relationships, pending, self.relationship_pks, force=True
                    )
            row = self._row_to_write("relationship", rel.identifier, actions, step, rel)
            if row is not None:
                pending.append(row)
            pending = self._flush(services.relationships, pending, self.relationship_pks)
        self._flush(services.relationships, pending, self.relationship_pks, force=True)
        self._write_views(actions, step)
        filed = {key: ("element", pk) for key, pk in self.element_pks.items()}
        filed.update((key, ("relationship", pk)) for key, pk in self.relationship_pks.items())
        filed.update((key, ("view", pk)) for key, pk in self.view_pks.items())
        write_folders(self.actor, self.doc.folders, filed)
        self._write_profiles()
        self._write_late_owners()
        self._write_plateaus()

    writing = ""  # the identifier being written one by one, for messages

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
            if values.get("owner_unit_id") not in (None, *self.stored_units.values()):
                # A unit this import creates exists only once the profiles are written.
                self.late_owners[identifier] = values.pop("owner_unit_id")
            store[identifier] = service.update(
                self.actor, store[identifier], version=None, **values
            )
            return None
        if kind == "element":
            return {
                "id": self.new_element_pks[identifier],
                "identifier": identifier,
                "owner_unit_id": getattr(self.owner_unit, "pk", None),
                **self.element_values(doc),
            }
        return {"identifier": identifier, **self.relationship_row(doc)}

    def _updaters(self) -> dict:
        return {
            "element": (services.elements, self.elements, self.element_values),
            "relationship": (services.relationships, self.relationships, self.relationship_values),
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
        self.view_pks.update((view.identifier, uuid.uuid4()) for view in new)
        rows = [
            {
                "id": self.view_pks[view.identifier],
                "identifier": view.identifier,
                "owner_unit_id": getattr(self.owner_unit, "pk", None),
                **self.view_values(view),
                "diagram": self.diagram(view),
            }
            for view in new
        ]
        self.writing = ""  # a refused diagram names its view itself
        services.views.bulk_create(self.actor, rows)
        for view in changed:
            self.writing = view.identifier
            self.views[view.identifier] = services.views.update(
                self.actor,
                self.views[view.identifier],
                version=None,
                **self.view_values(view),
                diagram=self.diagram(view),
            )
        for _view in self.doc.views:
            step()

    def _write_profiles(self) -> None:
        """Profiles the file's elements carry, org units first and each unit after its parent."""
        actions = {i.identifier: i.action for i in self.plan.items if i.kind == "element"}
        carrying = [
            identifier
            for identifier in self.carried
            if identifier in self.element_types
            and self.profile_model(identifier)
            and actions[identifier] in (CREATE, UPDATE)
        ]
        # The elements this import created, read at once (the stored ones are at hand).
        created = Element.objects.in_bulk(
            [self.element_pks[i] for i in carrying if i not in self.elements]
        )
        for identifier in sorted(carrying, key=self._unit_depth):
            self.writing = identifier
            model = self.profile_model(identifier)
            values = self.profile_values(identifier)
            service = service_for(model)
            if identifier in self.profiles:
                service.update(self.actor, self.profiles[identifier], version=None, **values)
            else:
                element = self.elements.get(identifier) or created[self.element_pks[identifier]]
                service.create(self.actor, element=element, **values)

    def _unit_depth(self, identifier: str) -> int:
        """How many of the file's units are above an org unit of the file, so that units come
        first and parents before their children; what is not a unit comes after them all."""
        if self.profile_model(identifier) is not OrgUnit:
            return 1_000_000
        depth, seen = 0, {identifier}
        parent = self.carried[identifier].get(attributes.UNIT_PARENT, "")
        while parent in self.carried and parent not in seen:
            depth, seen = depth + 1, seen | {parent}
            parent = self.carried[parent].get(attributes.UNIT_PARENT, "")
        return depth

    def _write_late_owners(self) -> None:
        for identifier, unit_pk in self.late_owners.items():
            self.writing = identifier
            element = self.elements[identifier]  # only a stored element waits for its owner
            services.elements.update(self.actor, element, version=None, owner_unit_id=unit_pk)

    def _write_plateaus(self) -> None:
        """Plateau membership as the objects the import writes say it; the members the file
        does not mention stay as they are."""
        written = {(i.kind, i.identifier) for i in self.plan.items if i.action in (CREATE, UPDATE)}
        said = {
            name: {
                pks[identifier]: listed
                for identifier in self.carried
                if (kind, identifier) in written
                and (listed := self.plateau_pks(identifier)) is not None
            }
            for name, kind, pks in (
                ("elements", "element", self.element_pks),
                ("relationships", "relationship", self.relationship_pks),
            )
        }
        # The plateaus the written objects join, and those they were in (new ones were in none).
        touched = {p for listed in said.values() for plateaus in listed.values() for p in plateaus}
        touched.update(
            p for listed in said.values() for pk in listed for p in self.memberships.get(pk, ())
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
        if permissions.role_of(self.actor.user) not in permissions.EDIT_EVERYTHING:
            return  # the model as a whole is the EA office's; units import their parts
        values = _concept_values(self.doc.name, self.doc.documentation, self.doc.properties)
        values["identifier"] = self.doc.identifier
        values["property_types"] = attributes.file_property_types(self.doc.property_types)
        info = ModelInfo.objects.first()
        if info is None:
            services.model_info.create(self.actor, **values)
        else:
            services.model_info.update(self.actor, info, version=None, **values)

    def diagram(self, view) -> dict:
        """The view's diagram document, with database ids for what its nodes show.

        Formats differ in what they can say of a node's look (Archi's text alignment does not
        travel through the exchange format): style and extra keys a file leaves out are kept
        from the stored diagram, so exporting and importing again loses nothing.
        """
        self._stored_looks = _stored_looks(self.views.get(view.identifier))
        dropped = {c.identifier for c in self._dropped_connections(view.connections)}
        return {
            "nodes": [self._node(n) for n in view.nodes],
            "connections": [
                self._connection(c) for c in view.connections if c.identifier not in dropped
            ],
        }

    def _node(self, node: NodeDoc) -> dict:
        return {
            **self._item_values(node),
            "element": str(self._element_pk(node.ref)) if node.kind == "element" else None,
            "view_ref": str(self._view_pk(node.ref)) if node.kind == "view_reference" else None,
            "x": node.x,
            "y": node.y,
            "w": node.w,
            "h": node.h,
            "children": [self._node(c) for c in node.children],
        }

    def _connection(self, conn: ConnectionDoc) -> dict:
        return {
            **self._item_values(conn),
            "relationship": (
                str(self._relationship_pk(conn.ref)) if conn.kind == "relationship" else None
            ),
            "source": conn.source,
            "target": conn.target,
            "bendpoints": [{"x": x, "y": y} for x, y in conn.bendpoints],
            "source_attachment": _point(conn.source_attachment),
            "target_attachment": _point(conn.target_attachment),
        }

    def _item_values(self, item: NodeDoc | ConnectionDoc) -> dict:
        """What nodes and connections share: their texts (other languages kept in `extra`)
        and their look."""
        label, label_en, other_labels = split_names(item.label)
        doc_text, other_docs = _documentation(item.documentation)
        extra = dict(item.extra)
        if other_labels:
            extra["label_translations"] = other_labels
        if other_docs:
            extra["documentation_translations"] = other_docs
        return {
            "identifier": item.identifier,
            "kind": item.kind,
            "label": label,
            "label_en": label_en,
            "documentation": doc_text,
            "properties": [],
            **self._look(item.identifier, item.style, extra),
        }

    def _look(self, identifier: str, style: dict, extra: dict) -> dict:
        stored_style, stored_extra = self._stored_looks.get(identifier, ({}, {}))
        return {"style": {**stored_style, **style}, "extra": {**stored_extra, **extra}}

    def _element_pk(self, identifier: str):
        return self.element_pks.get(identifier) or _stored_pk(Element, identifier)

    def _relationship_pk(self, identifier: str):
        return self.relationship_pks.get(identifier) or _stored_pk(Relationship, identifier)

    def _view_pk(self, identifier: str):
        return self.view_pks.get(identifier) or _stored_pk(View, identifier)


def _stored_looks(view) -> dict:
    """{identifier: (style, extra)} of a stored view's nodes and connections."""
    if view is None:
        return {}
    items = [*view.nodes.only("identifier", "style", "extra"), *view.connections.all()]
    return {i.identifier: (i.style, i.extra) for i in items}


def _point(point):
    return {"x": point[0], "y": point[1]} if point is not None else None


def _stored_pk(model, identifier: str):
    return model.objects.values_list("pk", flat=True).get(identifier=identifier)


def _existing(model, identifiers, *related: str) -> dict:
    """{identifier: stored object} of those stored; `related`: what to load with them."""
    identifiers = list(dict.fromkeys(identifiers))
    rows = model.objects.select_related(*related) if related else model.objects
    found = {}
    for start in range(0, len(identifiers), LOOKUP_CHUNK):
        chunk = identifiers[start : start + LOOKUP_CHUNK]
        found.update({o.identifier: o for o in filter_in(rows, "identifier", chunk)})
    return found


def _in_dependency_order(relationships: list[RelationshipDoc], by_id: dict) -> list:
    """Relationships whose ends are relationships come after those ends."""
    ordered, placed, visiting = [], set(), set()

    def place(rel: RelationshipDoc) -> None:
        if rel.identifier in placed:
            return
        if rel.identifier in visiting:
            raise InterchangeError(
                _("Relationships refer to each other in a circle."), identifier=rel.identifier
            )
        visiting.add(rel.identifier)
        for end in (rel.source, rel.target):
            if end in by_id:
                place(by_id[end])
        visiting.discard(rel.identifier)
        placed.add(rel.identifier)
        ordered.append(rel)

    for rel in relationships:
        place(rel)
    return ordered


def _denied(actor: Actor, obj) -> str:
    action = permissions.ADD if obj._state.adding else permissions.CHANGE
    return permissions.denial_message(actor.user, action, obj)
