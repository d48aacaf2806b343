"""Writes to the repository: the metamodel decides which relationships exist."""

import contextlib
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from nakhon.archimate import metamodel
from nakhon.core import permissions
from nakhon.core.bulk import filter_in
from nakhon.core.services import Actor, ObjectService, register, service_for
from nakhon.repository.diagrams import (
    canonical_document,
    diagram_document,
    write_diagram,
    write_diagrams,
)
from nakhon.repository.models import (
    LIFECYCLE_DATES,
    Element,
    ElementProfile,
    Folder,
    ModelInfo,
    Plateau,
    Relationship,
    View,
)

ELEMENT_FIELDS = {
    "identifier",
    "name",
    "name_en",
    "documentation",
    "properties",
    "owner_unit",
    "owner_unit_id",
    "status",
    *LIFECYCLE_DATES,
}


class NamedConceptService(ObjectService):
    """Elements, relationships and views: one exchange file names them all, so an identifier
    is unique across the three; new rows get the identifier `save` would give them. They are
    what a change proposal holds (`core.proposals`)."""

    proposable = True

    def complete_row(self, row: dict, user_id, now) -> dict:
        row = super().complete_row(row, user_id, now)
        row["identifier"] = row.get("identifier") or self.model.default_identifier(row["id"])
        return row

    def validate(self, obj) -> None:
        obj.ensure_identifier()
        super().validate(obj)
        self.refuse_identifiers_taken({obj.identifier})

    def check_new_rows(self, rows: list[dict]) -> list[str]:
        self.refuse_identifiers_taken({row["identifier"] for row in rows})
        return super().check_new_rows(rows)

    def refuse_identifiers_taken(self, identifiers: set[str]) -> None:
        """Refuse identifiers the other two kinds already use (the own table's constraint
        guards its own)."""
        for model in (Element, Relationship, View):
            if model is self.model:
                continue
            taken = filter_in(model.objects, "identifier", identifiers).first()
            if taken is not None:
                raise ValidationError(
                    {
                        "identifier": _(
                            "The identifier “%(identifier)s” is already used by the %(kind)s "
                            "“%(name)s”: elements, relationships and views need identifiers "
                            "of their own."
                        )
                        % {
                            "identifier": taken.identifier,
                            "kind": model._meta.verbose_name,
                            "name": taken,
                        }
                    }
                )


class ElementService(NamedConceptService):
    model = Element

    def validate_domain(self, obj: Element) -> None:
        if not obj._state.adding:
            self._check_type_change(obj)
            self._check_unit_element_unowned(obj)

    def _check_unit_element_unowned(self, obj: Element) -> None:
        """An org unit's element is edited by whoever edits the unit (the EA office): a unit
        owning it would let that unit's editors rename another unit."""
        if obj.owner_unit_id and hasattr(obj, "orgunit"):
            raise ValidationError(
                {
                    "owner_unit": _(
                        "“%(name)s” is an org unit's element: like the unit itself it belongs "
                        "to the EA office, so no unit can own it."
                    )
                    % {"name": obj}
                }
            )

    def check_new_rows(self, rows: list[dict]) -> list[str]:
        """A new element has no rule beyond its fields (the type checks are for changes)."""
        return [Element.label_of(r["name"], r["name_en"], r["identifier"]) for r in rows]

    def _check_type_change(self, obj: Element) -> None:
        stored_type = Element.objects.filter(pk=obj.pk).values_list("type", flat=True).first()
        if stored_type in (None, obj.type):
            return
        for profile in profiles_of(obj):
            if obj.type not in profile_element_types(type(profile)):
                raise ValidationError(
                    {
                        "type": _(
                            "This element is described as a %(profile)s, which only a %(types)s "
                            "can be; change or remove that first."
                        )
                        % {
                            "profile": type(profile)._meta.verbose_name,
                            "types": ", ".join(
                                str(metamodel.ELEMENT_TYPES[t].label)
                                for t in profile_element_types(type(profile))
                            ),
                        }
                    }
                )
        refused = [
            str(rel)
            for rel in Relationship.objects.filter(source=obj).select_related("target")
            if not metamodel.is_allowed(
                rel.type, obj.type, Relationship.concept_type(rel.target_end)
            )
        ] + [
            str(rel)
            for rel in Relationship.objects.filter(target=obj).select_related("source")
            if not metamodel.is_allowed(
                rel.type, Relationship.concept_type(rel.source_end), obj.type
            )
        ]
        if refused:
            raise ValidationError(
                {
                    "type": _(
                        "As a %(type)s this element could not keep these relationships: "
                        "%(relationships)s. Change or delete them first."
                    )
                    % {
                        "type": metamodel.ELEMENT_TYPES[obj.type].label,
                        "relationships": "; ".join(refused),
                    }
                }
            )

    def check_deletable(self, obj: Element) -> None:
        if hasattr(obj, "orgunit"):
            raise ValidationError(
                _("“%(name)s” is an org unit: delete it from the organisation instead.")
                % {"name": obj}
            )

    def dependents(self, obj: Element) -> list:
        rels = Relationship.objects.filter(source=obj) | Relationship.objects.filter(target=obj)
        return profiles_of(obj) + list(rels.distinct())

    def containers(self, obj: Element) -> list:
        views = View.objects.filter(nodes__element=obj).distinct()
        return list(views) + list(obj.plateaus.all())


class RelationshipService(NamedConceptService):
    model = Relationship

    def may_go_with(self, actor: Actor, obj: Relationship) -> bool:
        """A relationship cannot outlive its ends: whoever may delete an end takes it along, so
        that no unit can keep another's element alive by linking to it."""
        return True

    def validate_domain(self, obj: Relationship) -> None:
        check_metamodel(obj)

    def check_new_rows(self, rows: list[dict]) -> list[str]:
        """`check_metamodel` for each row, with the ends read in one query per kind."""
        ends = self._ends_of_rows(rows)
        refusals: dict = {}  # (type, source type, target type) -> the rule's refusal, or ""
        labels = []
        for row in rows:
            try:
                source, target = (self._end(row, side, ends) for side in ("source", "target"))
                if row["source_relationship_id"] and row["source_relationship_id"] == row["id"]:
                    raise ValidationError(_("A relationship cannot start from itself."))
                triple = (row["type"], source[0], target[0])
                if triple not in refusals:
                    refusals[triple] = metamodel.refusal(*triple)
                if refusals[triple]:
                    raise ValidationError({"type": refusals[triple]})
            except ValidationError as error:
                error.row = row
                raise
            labels.append(
                Relationship.label_of_ends(source[1], target[1], row["name"], row["type"])
            )
        return labels

    @staticmethod
    def _end(row: dict, side: str, ends: dict) -> tuple[str, str]:
        """(concept type, label) of a row's end."""
        end_id = row[f"{side}_id"] or row[f"{side}_relationship_id"]
        if end_id not in ends:
            raise ValidationError(_("A relationship needs a source and a target."))
        return ends[end_id]

    @staticmethod
    def _ends_of_rows(rows: list[dict]) -> dict:
        """{end id: (concept type, label)} of the elements and relationships the rows join."""
        element_ids = {row[f"{s}_id"] for row in rows for s in ("source", "target")}
        relationship_ids = {
            row[f"{s}_relationship_id"] for row in rows for s in ("source", "target")
        }
        ends = {
            pk: (type_, Element.label_of(name, name_en, identifier))
            for pk, type_, name, name_en, identifier in filter_in(
                Element.objects, "pk", element_ids - {None}
            ).values_list("pk", "type", "name", "name_en", "identifier")
        }
        # A relationship may end on another one created in the same rows.
        new = {row["id"]: row for row in rows}
        stored = filter_in(Relationship.objects, "pk", relationship_ids - {None} - set(new))
        for rel in stored.select_related("source", "target"):
            ends[rel.pk] = (metamodel.RELATIONSHIP_CONCEPT, str(rel))
        for pk in relationship_ids & set(new):
            ends[pk] = (metamodel.RELATIONSHIP_CONCEPT, new[pk]["identifier"])
        return ends

    def dependents(self, obj: Relationship) -> list:
        rels = Relationship.objects.filter(source_relationship=obj) | Relationship.objects.filter(
            target_relationship=obj
        )
        return list(rels.distinct())

    def containers(self, obj: Relationship) -> list:
        views = View.objects.filter(connections__relationship=obj).distinct()
        return list(views) + list(obj.plateaus.all())


def check_metamodel(rel: Relationship) -> None:
    """Refuse a relationship that ArchiMate 3.2 does not allow, naming the rule."""
    source_type = Relationship.concept_type(rel.source_end)
    target_type = Relationship.concept_type(rel.target_end)
    if source_type is None or target_type is None:
        raise ValidationError(_("A relationship needs a source and a target."))
    if rel.source_relationship_id and rel.source_relationship_id == rel.pk:
        raise ValidationError(_("A relationship cannot start from itself."))
    if refusal := metamodel.refusal(rel.type, source_type, target_type):
        raise ValidationError({"type": refusal})


def profile_models() -> list:
    """Every kind of profile an element may have (org unit, plateau, citizen service, ...)."""
    return [
        f.related_model
        for f in Element._meta.related_objects
        if f.one_to_one and issubclass(f.related_model, ElementProfile)
    ]


def profiles_of(element: Element) -> list:
    found = []
    for model in profile_models():
        accessor = model._meta.get_field("element").remote_field.get_accessor_name()
        with contextlib.suppress(model.DoesNotExist):
            found.append(getattr(element, accessor))
    return found


def profile_element_types(model) -> tuple[str, ...]:
    return getattr(model, "element_types", None) or (model.element_type,)


class ProfileService(ObjectService):
    """Writes a profile and its element together, as one change of the user's.

    Where the profile is what the element is (an org unit, a plateau, a citizen service),
    deleting it deletes the element too; where it only describes the element
    (`deletes_element = False`: an application's cost), the element stays.
    """

    element_service = ElementService()
    deletes_element = True

    def refuse_in_proposal(self, actor: Actor) -> None:
        """A proposal holds elements and plateaus, not the other profiles (an org unit, a
        citizen service, an application's cost): those are written live, so refuse them inside
        a proposal rather than write the profile live on an element the proposal holds."""
        if actor.proposal is not None and not self.proposable:
            raise ValidationError(
                _(
                    "A change proposal holds elements, relationships, views and plateaus; "
                    "%(model)s are changed live. Leave the proposal to change this."
                )
                % {"model": self.model._meta.verbose_name_plural}
            )

    def create(self, actor: Actor, **values):
        self.refuse_in_proposal(actor)
        element_values = {k: values.pop(k) for k in list(values) if k in ELEMENT_FIELDS}
        with transaction.atomic():
            if "element" not in values and "element_id" not in values:
                values["element"] = self.element_service.create(
                    actor, type=self.model.element_type, **element_values
                )
            return super().create(actor, **values)

    def update(self, actor: Actor, obj, *, version: int | None, **values):
        self.refuse_in_proposal(actor)
        element_values = {k: values.pop(k) for k in list(values) if k in ELEMENT_FIELDS}
        element = obj.element
        renames = bool(self.element_service.changes(element, element_values))
        with transaction.atomic():
            # The profile's version is the one users edit against, so it moves with its element.
            profile = self._update(actor, obj, version, values, force=renames)
            if renames:
                self.element_service.update(actor, element, version=None, **element_values)
                if not self.records_into_proposal(actor):
                    profile.refresh_from_db()
            return profile

    def delete(self, actor: Actor, obj, *, version: int | None) -> None:
        self.refuse_in_proposal(actor)
        element_id = obj.pk  # delete() clears it
        if self.records_into_proposal(actor):
            # Recorded as the profile's deletion: merged, it takes its element with it.
            return super().delete(actor, obj, version=version)
        with transaction.atomic():
            super().delete(actor, obj, version=version)
            if self.deletes_element:
                # Loaded afresh: the old instance still caches the profile just deleted.
                element = Element.objects.get(pk=element_id)
                self.element_service.require_dependents_deletable(actor, element)
                self.element_service.delete_logged(actor, element)


class PlateauService(ProfileService):
    model = Plateau
    proposable = True  # a proposal may add a plateau, or elements to one


class ViewService(NamedConceptService):
    model = View

    def related_fields(self) -> set[str]:
        return super().related_fields() | {"diagram"}

    def restorable_extras(self) -> set[str]:
        return {"diagram"}

    def extra_snapshot(self, obj: View) -> dict:
        return {"diagram": diagram_document(obj)}

    def _split_related(self, values: dict) -> tuple[dict, dict]:
        related, values = super()._split_related(values)
        if "diagram" in related:
            related["diagram"] = canonical_document(related["diagram"])
        return related, values

    def apply_related(self, obj: View, related: dict) -> None:
        if "diagram" in related:
            write_diagram(obj, related.pop("diagram"))
        super().apply_related(obj, related)

    def apply_related_rows(self, rows: list[dict], related: list[dict]) -> None:
        """Every new view's diagram, written together (checked as one before any is)."""
        diagrams = [(row["id"], r.get("diagram")) for row, r in zip(rows, related, strict=True)]
        try:
            write_diagrams([(view_id, diagram) for view_id, diagram in diagrams if diagram])
        except ValidationError as error:
            by_id = {row["id"]: row for row in rows}
            error.row = by_id.get(getattr(error, "view_id", None), {})
            raise

    def related_snapshot(self, row: dict, related: dict) -> dict:
        # The document as `diagram_document` reads it back: `_split_related` made it canonical.
        return {"diagram": related.get("diagram") or canonical_document({})}

    def containers(self, obj: View) -> list:
        return list(View.objects.filter(nodes__view_ref=obj).exclude(pk=obj.pk).distinct())


class UnversionedService(ObjectService):
    """Rows without a version or who-and-when columns (the model tree's folders, the model
    information): written, logged and reverted like the others, without the version check."""

    def stamp_new_version(self, obj, actor: Actor) -> None:
        """Nothing to count: there is no version column."""


class FolderService(UnversionedService):
    """Folders only file what imports bring (they hold no architecture), so whoever may import
    writes them, a unit editor too, as every import always has; they have no owning unit."""

    model = Folder

    def complete_row(self, row: dict, user_id, now) -> dict:
        """A new folder's key: it has no other bookkeeping."""
        row.setdefault("id", uuid.uuid4())
        return row

    def require(self, actor: Actor, action: str, obj) -> None:
        permissions.require_importer(actor.user)

    def require_rows_permitted(self, actor: Actor, rows: list[dict]) -> None:
        permissions.require_importer(actor.user)


class ModelInfoService(UnversionedService):
    """The model as a whole is the EA office's: no unit owns it (`owner_path` is empty)."""

    model = ModelInfo


elements = register(ElementService())
relationships = register(RelationshipService())
plateaus = register(PlateauService())
views = register(ViewService())
folders = register(FolderService())
model_info = register(ModelInfoService())

__all__ = [
    "elements",
    "relationships",
    "plateaus",
    "views",
    "folders",
    "model_info",
    "service_for",
]
