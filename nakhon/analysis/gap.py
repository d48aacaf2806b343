"""Gap analysis: what changes between two plateaus (a baseline and a target).

A plateau's elements are its member elements plus those its Plateau element composes or
aggregates (as modelling tools record membership); its relationships likewise, through
relationship-to-relationship links. Then:
- an element or relationship only in the target is added, only in the baseline removed;
- a relationship removed and another added between the same two ends is changed (its type or
  access changed), not one of each;
- an element in both is changed when its life-cycle status differs on the two plateaus' dates
  or a relationship of it is added, removed or changed.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nakhon.analysis.lifecycle import status_on
from nakhon.archimate import metamodel
from nakhon.repository.models import Element, Plateau, Relationship, Status

ADDED, REMOVED, CHANGED = "added", "removed", "changed"
CHANGE_LABELS = {
    ADDED: gettext_lazy("added"),
    REMOVED: gettext_lazy("removed"),
    CHANGED: gettext_lazy("changed"),
}
MEMBERSHIP = ("Composition", "Aggregation")


@dataclass
class GapRow:
    change: str
    kind: str  # "element" or "relationship"
    object: Element | Relationship
    layer: str
    unit: object  # OrgUnit or None
    details: list[str] = field(default_factory=list)

    def get_change_display(self) -> str:
        return str(CHANGE_LABELS[self.change])

    @property
    def layer_label(self) -> str:
        return str(metamodel.Layer(self.layer).label)


@dataclass
class Gap:
    baseline: Plateau
    target: Plateau
    rows: list[GapRow]

    def counts(self) -> dict[str, dict[str, int]]:
        """{kind: {change: count}}."""
        result = {kind: dict.fromkeys(CHANGE_LABELS, 0) for kind in ("element", "relationship")}
        for row in self.rows:
            result[row.kind][row.change] += 1
        return result

    def groups(self) -> list[tuple[str, str, list[GapRow]]]:
        """(layer label, unit name, rows) in layer then unit order."""
        grouped: dict = {}
        for row in self.rows:
            grouped.setdefault((row.layer_label, str(row.unit or "")), []).append(row)
        return [(layer, unit, rows) for (layer, unit), rows in grouped.items()]


def members(plateau: Plateau) -> tuple[set, set]:
    """(element ids, relationship ids) of a plateau."""
    contained = Relationship.objects.filter(type__in=MEMBERSHIP, source_id=plateau.pk)
    elements = set(plateau.elements.values_list("pk", flat=True))
    elements |= set(contained.filter(target__isnull=False).values_list("target_id", flat=True))
    relationships = set(plateau.relationships.values_list("pk", flat=True))
    relationships |= set(
        contained.filter(target_relationship__isnull=False).values_list(
            "target_relationship_id", flat=True
        )
    )
    return elements, relationships


RELATIONSHIPS = Relationship.objects.select_related(
    "source__owner_unit__element", "target", "source_relationship", "target_relationship"
)


def gap_analysis(baseline: Plateau, target: Plateau) -> Gap:
    base_elements, base_relationships = members(baseline)
    target_elements, target_relationships = members(target)
    elements = Element.objects.select_related("owner_unit__element").in_bulk(
        base_elements | target_elements
    )
    relationships = RELATIONSHIPS.in_bulk(base_relationships | target_relationships)

    removed = [relationships[pk] for pk in base_relationships - target_relationships]
    added = [relationships[pk] for pk in target_relationships - base_relationships]
    rows, touched = relationship_rows(removed, added)

    base_day = baseline.valid_from
    target_day = target.valid_from
    for pk in sorted(target_elements - base_elements, key=str):
        if pk in elements:
            rows.append(element_row(ADDED, elements[pk]))
    for pk in sorted(base_elements - target_elements, key=str):
        if pk in elements:
            rows.append(element_row(REMOVED, elements[pk]))
    for pk in base_elements & target_elements:
        element = elements.get(pk)
        if element is None:
            continue
        details = []
        if base_day and target_day:
            before, after = status_on(element, base_day), status_on(element, target_day)
            if before != after:
                details.append(
                    _("status %(before)s → %(after)s")
                    % {"before": Status(before).label, "after": Status(after).label}
                )
        if pk in touched:
            details.append(_("relationships changed"))
        if details:
            rows.append(element_row(CHANGED, element, details))
    order = {ADDED: 0, REMOVED: 1, CHANGED: 2}
    layers = {layer.value: i for i, layer in enumerate(metamodel.Layer)}
    rows.sort(
        key=lambda r: (
            layers[r.layer],
            str(r.unit or ""),
            r.kind != "element",
            order[r.change],
            str(r.object),
        )
    )
    return Gap(baseline, target, rows)


def element_row(change: str, element: Element, details=None) -> GapRow:
    return GapRow(
        change, "element", element, element.layer, element.owner_unit, list(details or [])
    )


def relationship_row(change: str, rel: Relationship, details=None) -> GapRow:
    source = rel.source
    layer = source.layer if source is not None else metamodel.Layer.OTHER.value
    unit = source.owner_unit if source is not None else None
    return GapRow(change, "relationship", rel, layer, unit, list(details or []))


def _ends(rel: Relationship) -> tuple:
    return (
        rel.source_id or rel.source_relationship_id,
        rel.target_id or rel.target_relationship_id,
    )


def relationship_rows(removed: list, added: list) -> tuple[list[GapRow], set]:
    """Rows for relationships, pairing a removed and an added one with the same ends as one
    change; and the ids of the elements whose relationships changed."""
    rows, touched = [], set()
    added_by_ends: dict = {}
    for rel in added:
        added_by_ends.setdefault(_ends(rel), []).append(rel)
    for rel in sorted(removed, key=str):
        touched.update(_ends(rel))
        replacements = added_by_ends.get(_ends(rel))
        if replacements:
            new = replacements.pop(0)
            detail = _("%(before)s → %(after)s") % {"before": describe(rel), "after": describe(new)}
            rows.append(relationship_row(CHANGED, new, [detail]))
        else:
            rows.append(relationship_row(REMOVED, rel))
    for rels in added_by_ends.values():
        for rel in rels:
            touched.update(_ends(rel))
            rows.append(relationship_row(ADDED, rel))
    return rows, touched


def describe(rel: Relationship) -> str:
    label = str(metamodel.RELATIONSHIP_TYPES[rel.type].label)
    return f"{label} ({rel.get_access_type_display()})" if rel.access_type else label
