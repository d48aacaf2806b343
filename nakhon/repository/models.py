"""The architecture itself: elements and relationships typed by ArchiMate 3.2, views, plateaus."""

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from nakhon.archimate import metamodel
from nakhon.archimate.viewpoints import viewpoint_choices
from nakhon.core.models import BaseModel, owner_unit_field
from nakhon.core.permissions import RestrictedQuerySet


def validate_properties(value) -> None:
    """Properties are an ordered list of {"key", "value"} pairs: keys may repeat, and may even
    be empty, as in Archi (the forms people fill in still ask for a key)."""
    if not isinstance(value, list) or not all(
        isinstance(p, dict)
        and set(p) == {"key", "value"}
        and isinstance(p["key"], str)
        and isinstance(p["value"], str)
        for p in value
    ):
        raise ValidationError(
            _('Properties must be a list of {"key": text, "value": text}.'), code="properties"
        )


class Status(models.TextChoices):
    PLAN = "plan", _("plan")
    ACTIVE = "active", _("active")
    PHASE_OUT = "phase_out", _("phase-out")
    RETIRED = "retired", _("retired")


class NamedConcept(BaseModel):
    """What elements, relationships and views share: an exchange identifier, names, properties."""

    identifier = models.CharField(
        _("identifier"),
        max_length=255,
        unique=True,
        blank=True,
        help_text=_("The identifier in exchange files; kept so that re-imports update."),
    )
    # Blank is allowed because modelling tools allow it (a junction has no name); the forms
    # people fill in still ask for one.
    name = models.CharField(_("name (Thai)"), max_length=500, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=500, blank=True)
    documentation = models.TextField(_("documentation"), blank=True)
    properties = models.JSONField(
        _("properties"), default=list, blank=True, validators=[validate_properties]
    )
    # Names and documentation in languages other than Thai and English, as exchange files
    # carry them: {"name": {"ja": "…"}, "documentation": {"fr": "…"}}.
    translations = models.JSONField(_("other languages"), default=dict, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.label_of(self.name, self.name_en, self.identifier)

    @staticmethod
    def label_of(name: str, name_en: str, identifier: str) -> str:
        return name or name_en or identifier

    def save(self, *args, **kwargs):
        self.ensure_identifier()
        super().save(*args, **kwargs)

    def ensure_identifier(self) -> None:
        self.identifier = self.identifier or self.default_identifier(self.id)

    @staticmethod
    def default_identifier(pk) -> str:
        return f"id-{pk}"


LIFECYCLE_DATES = ("planned_from", "active_from", "phase_out_from", "retired_from")


class Element(NamedConcept):
    # Indexed with the name (Meta.indexes): that index serves lookups by type alone too.
    type = models.CharField(_("type"), max_length=40, choices=metamodel.element_type_choices())
    owner_unit = owner_unit_field("owned_elements")
    status = models.CharField(
        _("lifecycle status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    planned_from = models.DateField(_("planned from"), null=True, blank=True)
    active_from = models.DateField(_("active from"), null=True, blank=True)
    phase_out_from = models.DateField(_("phase-out from"), null=True, blank=True)
    retired_from = models.DateField(_("retired from"), null=True, blank=True)

    owner_path = "owner_unit"

    class Meta:
        ordering = ["name"]
        verbose_name = _("element")
        verbose_name_plural = _("elements")
        indexes = [
            models.Index(fields=["type", "name"]),
            models.Index(fields=["status"]),
            models.Index(fields=["name"]),  # the element list is sorted by name
        ]

    def get_absolute_url(self) -> str:
        return reverse("repository:element", args=[self.pk])

    @property
    def layer(self) -> str:
        return metamodel.layer_of(self.type)

    def get_layer_display(self) -> str:
        return metamodel.Layer(self.layer).label

    def clean(self) -> None:
        self.clean_row({name: getattr(self, name) for name in LIFECYCLE_DATES})

    @staticmethod
    def clean_row(row: dict) -> None:
        """The rules of `clean` on a row's values (bulk inserts check rows, not objects)."""
        given = [row[name] for name in LIFECYCLE_DATES if row[name]]
        if given != sorted(given):
            raise ValidationError(
                _("Lifecycle dates must follow each other: planned, active, phase-out, retired.")
            )


class AccessType(models.TextChoices):
    WRITE = "Write", _("write")
    READ = "Read", _("read")
    ACCESS = "Access", _("access")
    READ_WRITE = "ReadWrite", _("read/write")


def relationship_end(to, verbose_name, related_name: str) -> models.ForeignKey:
    """One end of a relationship: an element or another relationship, whichever of the pair is
    set (Meta.constraints ask for exactly one); deleting the end deletes the relationship."""
    return models.ForeignKey(
        to,
        verbose_name=verbose_name,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name=related_name,
    )


class Relationship(NamedConcept):
    """A typed link between two elements, or (ArchiMate 3.1+) to or from another relationship."""

    # Indexed in Meta.indexes: db_index would add a second, pattern-matching index on
    # PostgreSQL that nothing uses and every insert pays for.
    type = models.CharField(_("type"), max_length=20, choices=metamodel.relationship_type_choices())
    source = relationship_end(Element, _("source"), "outgoing")
    target = relationship_end(Element, _("target"), "incoming")
    source_relationship = relationship_end("self", _("source relationship"), "outgoing")
    target_relationship = relationship_end("self", _("target relationship"), "incoming")
    access_type = models.CharField(
        _("access type"), max_length=10, choices=AccessType.choices, blank=True
    )
    is_directed = models.BooleanField(_("directed association"), default=False)
    modifier = models.CharField(
        _("influence strength"), max_length=20, blank=True, help_text=_("e.g. +, ++, -, 5")
    )

    owner_path = "source__owner_unit"

    class Meta:
        ordering = ["type", "created_at"]
        indexes = [models.Index(fields=["type"], name="relationship_type_idx")]
        verbose_name = _("relationship")
        verbose_name_plural = _("relationships")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(source__isnull=False, source_relationship__isnull=True)
                | models.Q(source__isnull=True, source_relationship__isnull=False),
                name="relationship_one_source",
            ),
            models.CheckConstraint(
                condition=models.Q(target__isnull=False, target_relationship__isnull=True)
                | models.Q(target__isnull=True, target_relationship__isnull=False),
                name="relationship_one_target",
            ),
        ]

    def __str__(self) -> str:
        return self.label_of_ends(self.source_end, self.target_end, self.name, self.type)

    @staticmethod
    def label_of_ends(source, target, name: str, type_: str) -> str:
        # The type's label straight from the metamodel: get_type_display hashes all choices.
        known = metamodel.RELATIONSHIP_TYPES.get(type_)
        label = name or (known.label if known else type_)
        return f"{source} → {target} ({label})"

    def get_absolute_url(self) -> str:
        return reverse("repository:relationship", args=[self.pk])

    @property
    def source_end(self):
        return self.source or self.source_relationship

    @property
    def target_end(self):
        return self.target or self.target_relationship

    @staticmethod
    def concept_type(end) -> str | None:
        if end is None:
            return None
        return end.type if isinstance(end, Element) else metamodel.RELATIONSHIP_CONCEPT


class ElementProfile(BaseModel):
    """A one-to-one extension of an element of one ArchiMate type, sharing its id.

    The element holds what the exchange format carries (names, documentation, properties);
    the profile holds the domain's own fields.
    """

    id = None
    element = models.OneToOneField(
        Element,
        verbose_name=_("element"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="%(class)s",
    )

    element_type = ""
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        abstract = True

    owner_path = "element__owner_unit"

    def __str__(self) -> str:
        return str(self.element)


class PlateauState(models.TextChoices):
    # A context of their own: "target" is also a relationship's end, which Thai names otherwise.
    BASELINE = "baseline", pgettext_lazy("plateau state", "baseline")
    TRANSITION = "transition", pgettext_lazy("plateau state", "transition")
    TARGET = "target", pgettext_lazy("plateau state", "target")


class Plateau(ElementProfile):
    """An architecture state (baseline, transition or target) and the elements that make it up."""

    element_type = "Plateau"

    state = models.CharField(_("state"), max_length=12, choices=PlateauState.choices)
    valid_from = models.DateField(_("reached on"), null=True, blank=True)
    elements = models.ManyToManyField(
        Element, verbose_name=_("member elements"), blank=True, related_name="plateaus"
    )
    relationships = models.ManyToManyField(
        Relationship, verbose_name=_("member relationships"), blank=True, related_name="plateaus"
    )

    class Meta:
        ordering = ["valid_from", "element__name"]
        verbose_name = _("plateau")
        verbose_name_plural = _("plateaus")

    def get_absolute_url(self) -> str:
        return reverse("repository:plateau", args=[self.pk])


class View(NamedConcept):
    """A diagram, holding what the ArchiMate exchange format carries for one view."""

    viewpoint = models.CharField(
        _("viewpoint"), max_length=60, blank=True, choices=viewpoint_choices()
    )
    owner_unit = owner_unit_field("owned_views")

    owner_path = "owner_unit"

    class Meta:
        ordering = ["name"]
        verbose_name = _("view")
        verbose_name_plural = _("views")

    def get_absolute_url(self) -> str:
        return reverse("repository:view", args=[self.pk])


class NodeKind(models.TextChoices):
    ELEMENT = "element", _("element")
    LABEL = "label", _("label")
    CONTAINER = "container", _("container")
    VIEW_REFERENCE = "view_reference", _("view reference")


class ConnectionKind(models.TextChoices):
    RELATIONSHIP = "relationship", _("relationship")
    LINE = "line", _("line")


class DiagramItem(models.Model):
    """What nodes and connections share. They are written only as part of their view."""

    view = models.ForeignKey(View, on_delete=models.CASCADE, related_name="+")
    identifier = models.CharField(_("identifier"), max_length=255)
    label = models.TextField(_("label (Thai)"), blank=True)
    label_en = models.TextField(_("label (English)"), blank=True)
    documentation = models.TextField(_("documentation"), blank=True)
    # Colours, fonts and line widths as the exchange format's <style> carries them.
    style = models.JSONField(_("style"), default=dict, blank=True)
    properties = models.JSONField(
        _("properties"), default=list, blank=True, validators=[validate_properties]
    )
    order = models.PositiveIntegerField(default=0)
    # What the exchange format can say of a node or connection that the columns do not hold
    # (several drill-down views, a label's concept, a nesting connection, other languages).
    extra = models.JSONField(default=dict, blank=True)

    class Meta:
        abstract = True
        ordering = ["order"]

    def __str__(self) -> str:
        return self.label or self.identifier


class ViewNode(DiagramItem):
    view = models.ForeignKey(View, on_delete=models.CASCADE, related_name="nodes")
    kind = models.CharField(_("kind"), max_length=20, choices=NodeKind.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    element = models.ForeignKey(
        Element, on_delete=models.CASCADE, null=True, blank=True, related_name="view_nodes"
    )
    view_ref = models.ForeignKey(
        View, on_delete=models.SET_NULL, null=True, blank=True, related_name="referenced_by"
    )
    x = models.IntegerField(default=0)
    y = models.IntegerField(default=0)
    w = models.PositiveIntegerField(default=120)
    h = models.PositiveIntegerField(default=55)

    class Meta(DiagramItem.Meta):
        verbose_name = _("diagram node")
        verbose_name_plural = _("diagram nodes")
        constraints = [
            models.UniqueConstraint(fields=["view", "identifier"], name="viewnode_identifier")
        ]
        # Identifiers are unique in the whole model: checked across views on every write.
        indexes = [models.Index(fields=["identifier"], name="viewnode_identifier_idx")]


class ViewConnection(DiagramItem):
    view = models.ForeignKey(View, on_delete=models.CASCADE, related_name="connections")
    kind = models.CharField(_("kind"), max_length=20, choices=ConnectionKind.choices)
    relationship = models.ForeignKey(
        Relationship,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="view_connections",
    )
    source_node = models.ForeignKey(
        ViewNode, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    target_node = models.ForeignKey(
        ViewNode, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    source_connection = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    target_connection = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    bendpoints = models.JSONField(_("bendpoints"), default=list, blank=True)
    source_attachment = models.JSONField(null=True, blank=True)
    target_attachment = models.JSONField(null=True, blank=True)

    class Meta(DiagramItem.Meta):
        verbose_name = _("diagram connection")
        verbose_name_plural = _("diagram connections")
        constraints = [
            models.UniqueConstraint(fields=["view", "identifier"], name="viewconnection_identifier")
        ]
        # Identifiers are unique in the whole model: checked across views on every write.
        indexes = [models.Index(fields=["identifier"], name="viewconnection_identifier_idx")]


class Folder(models.Model):
    """A folder of the model tree (the exchange format's "organizations"), as Archi shows it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    identifier = models.CharField(_("identifier"), max_length=255, blank=True)
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    label = models.CharField(_("label (Thai)"), max_length=500, blank=True)
    label_en = models.CharField(_("label (English)"), max_length=500, blank=True)
    documentation = models.TextField(_("documentation"), blank=True)
    translations = models.JSONField(_("other languages"), default=dict, blank=True)
    order = models.PositiveIntegerField(default=0)

    # No unit owns a folder (its service lets whoever may import write it).
    owner_path = ""

    class Meta:
        ordering = ["order"]
        verbose_name = _("folder")
        verbose_name_plural = _("folders")

    def __str__(self) -> str:
        return self.label or self.label_en or self.identifier


class FolderItem(models.Model):
    """One element, relationship or view filed in a folder, in the folder's order."""

    folder = models.ForeignKey(Folder, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveIntegerField(default=0)
    element = models.ForeignKey(
        Element, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    relationship = models.ForeignKey(
        Relationship, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    view = models.ForeignKey(
        View, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["order"]
        verbose_name = _("folder item")
        verbose_name_plural = _("folder items")

    def __str__(self) -> str:
        return str(self.element or self.relationship or self.view)


class ModelInfo(models.Model):
    """What an exchange file says of the model as a whole; one row, exported with every model."""

    identifier = models.CharField(_("identifier"), max_length=255, blank=True)
    name = models.CharField(_("name (Thai)"), max_length=500, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=500, blank=True)
    documentation = models.TextField(_("documentation"), blank=True)
    translations = models.JSONField(_("other languages"), default=dict, blank=True)
    properties = models.JSONField(
        _("properties"), default=list, blank=True, validators=[validate_properties]
    )
    # Data types of property keys (string, boolean, currency, date, time, number) as declared
    # by the exchange format's property definitions; an undeclared key is a string.
    property_types = models.JSONField(_("property types"), default=dict, blank=True)

    # No unit owns the model as a whole: admins and the EA office write it.
    owner_path = ""

    class Meta:
        verbose_name = _("model information")

    def __str__(self) -> str:
        return self.name or self.name_en or "Nakhon EA"
