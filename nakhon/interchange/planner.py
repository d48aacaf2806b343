"""What importing a model document would do: the import plan, written by nothing here.

`plan_import` reads the database and decides, per object, what an import would do: create,
update, leave unchanged, or refuse (with the reason: a relationship ArchiMate does not allow,
one whose end was refused, an object the user may not write). The `Planner` also builds the
values the writer (`writer.apply_import`) stores. Objects are matched by identifier, so
importing the same file again changes nothing.
"""

import uuid
from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from nakhon.archimate import metamodel
from nakhon.core import permissions
from nakhon.core.bulk import filter_in
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
from nakhon.organization.models import OrgUnit
from nakhon.repository.diagrams import canonical_document, diagram_document
from nakhon.repository.models import Element, Plateau, Relationship, View

CREATE, UPDATE, UNCHANGED, REFUSED = "create", "update", "unchanged", "refused"
LOOKUP_CHUNK = 10_000
# What a stored relationship's ends are read with, to compare them with the file's.
RELATIONSHIP_ENDS = ("source", "target", "source_relationship", "target_relationship")


@dataclass
class Decision:
    """What the import does with one object of the document."""

    kind: str  # element, relationship, view, connection
    identifier: str
    name: str
    action: str
    reason: str = ""
    changed: list[str] = field(default_factory=list)


@dataclass
class ImportPlan:
    """What importing a document does, object by object; `batch` once it is written."""

    items: list[Decision] = field(default_factory=list)
    batch: str = ""  # the change-log batch, once applied
    # Imported into a change proposal (`core.proposals`): its id, how many changes it recorded,
    # and the objects a proposal does not hold (folders, profiles), which were left out.
    proposal: str = ""
    recorded: int = 0
    left_out: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, Counter]:
        counts: dict[str, Counter] = {}
        for item in self.items:
            counts.setdefault(item.kind, Counter())[item.action] += 1
        return counts

    @property
    def refused(self) -> list[Decision]:
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
    return Planner(doc, actor, owner_unit=owner_unit).plan


def _documentation(text: LangText) -> tuple[str, dict]:
    """Documentation is one Thai-first field; English and other languages go to translations."""
    thai, english, others = split_names(text)
    rest = {"en": english, **others} if english else others
    return thai, rest


def _properties(props: list[Property]) -> list[dict]:
    return [{"key": p.key, "value": p.value} for p in props]


def concept_values(name: LangText, documentation: LangText, props: list[Property]) -> dict:
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


class Planner:
    """Reads what the repository holds of a document's objects and decides, object by object,
    what importing it does (`plan`); the writer then writes that with the values built here."""

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
        self._may_add: dict = {}
        self.element_types = {e.identifier: self._element_type(e) for e in doc.elements}
        self.relationship_docs = {r.identifier: r for r in doc.relationships}
        self.plan = ImportPlan()
        self.refused_relationships: set[str] = set()
        self._rules: dict = {}  # (type, source type, target type) -> refusal, or ""
        self._plan_elements()
        self._plan_relationships()
        self._plan_views()

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

    def _add(self, kind: str, identifier: str, name: str, action: str, **extra) -> Decision:
        item = Decision(kind, identifier, name, action, **extra)
        self.plan.items.append(item)
        return item

    def _decide(
        self, kind: str, identifier: str, obj, values: dict, name: str, also: list[str] = ()
    ) -> Decision:
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
            **concept_values(element.name, element.documentation, self._plain(element)),
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
        for rel in in_dependency_order(self.doc.relationships, by_id):
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
            self._rules[rule] = metamodel.refusal(*rule)
        return self._rules[rule]

    def relationship_fields(self, rel: RelationshipDoc) -> dict:
        """Everything of a relationship but its ends."""
        return {
            "type": metamodel.normalise_relationship_type(rel.type),
            **concept_values(rel.name, rel.documentation, self._plain(rel)),
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
            **concept_values(view.name, view.documentation, self._plain(view)),
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


def in_dependency_order(relationships: list[RelationshipDoc], by_id: dict) -> list:
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
