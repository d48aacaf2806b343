"""Heat maps: the capability map, capabilities nested by composition (or aggregation), each
coloured by a measure of what supports it.

What supports a capability is found by walking down from it (what it depends on) through the
business and application behaviour that realises or serves it, to the application components
(where the walk stops) and the business services on the way. A capability's figure covers its
own supporters and those of the capabilities nested in it, each counted once.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _

from nakhon.analysis import semantics
from nakhon.analysis.graph import GraphIndex
from nakhon.analysis.walk import reachable_pairs
from nakhon.citizen_services.models import Assessment
from nakhon.repository.models import Element, Relationship

NESTING = ("Composition", "Aggregation")
CAPABILITY = "Capability"
SERVICE = "BusinessService"


class Measure(TextChoices):
    APPLICATIONS = "applications", _("number of applications")
    COST = "cost", _("yearly cost of applications (baht)")
    BUSINESS_FIT = "business_fit", _("business fit of applications (1–4)")
    TECHNICAL_FIT = "technical_fit", _("technical fit of applications (1–4)")
    ACT_SCORE = "act_score", _("Digital Government Act score of services (%)")


# Fitness and scores: higher is better, on a fixed scale; counts and costs: relative to the
# largest on the map, higher is hotter.
FIXED_SCALES = {
    Measure.BUSINESS_FIT: (1, 4),
    Measure.TECHNICAL_FIT: (1, 4),
    Measure.ACT_SCORE: (0, 100),
}


@dataclass
class Cell:
    element: Element
    children: list["Cell"] = field(default_factory=list)
    own_applications: set = field(default_factory=set)
    own_services: set = field(default_factory=set)
    applications: set = field(default_factory=set)  # with the nested capabilities'
    services: set = field(default_factory=set)
    value: Decimal | float | int | None = None
    known: int = 0  # supporters with a value for the measure
    heat: float | None = None  # 0 (cool or poor) .. 1 (hot or good)


@dataclass
class HeatMap:
    measure: str
    roots: list[Cell]
    maximum: float | None

    @property
    def higher_is_better(self) -> bool:
        return self.measure in FIXED_SCALES


def capability_tree(capabilities: dict) -> list[Cell]:
    """Cells nested by composition and aggregation; a capability under two parents sits under
    the first (by name); a cycle of nesting is cut where it closes."""
    cells = {pk: Cell(element) for pk, element in capabilities.items()}
    links = Relationship.objects.filter(
        type__in=NESTING, source_id__in=list(cells), target_id__in=list(cells)
    ).values_list("source_id", "target_id")
    parent_of: dict = {}
    for parent, child in sorted(links, key=lambda link: str(cells[link[0]].element)):
        if child != parent and child not in parent_of:
            parent_of[child] = parent
    placed: set = set()

    def attach(pk, trail: set) -> None:
        placed.add(pk)
        for child_pk in sorted(
            (c for c, p in parent_of.items() if p == pk), key=lambda c: str(cells[c].element)
        ):
            if child_pk not in trail and child_pk not in placed:
                cells[pk].children.append(cells[child_pk])
                attach(child_pk, trail | {child_pk})

    roots = [pk for pk in cells if pk not in parent_of]
    roots.sort(key=lambda pk: str(cells[pk].element))
    for pk in roots:
        attach(pk, {pk})
    # Capabilities only inside a cycle have no root: show each cycle from one of them.
    for pk in sorted(cells, key=lambda pk: str(cells[pk].element)):
        if pk not in placed:
            roots.append(pk)
            attach(pk, {pk})
    return [cells[pk] for pk in roots]


def supporters(index: GraphIndex, capability_ids: list) -> dict:
    """{capability id: (application ids, service ids)} that support it."""
    positions = index.positions(capability_ids)
    present = positions >= 0
    result = {pk: (set(), set()) for pk in capability_ids}
    if not present.any():
        return result
    app = semantics.node_type_mask([semantics.APPLICATION])
    origin_of, node = reachable_pairs(
        index,
        positions[present],
        upstream=False,
        relationship_types=semantics.relationship_mask(semantics.SUPPORT_RELATIONSHIP_TYPES),
        through_types=semantics.node_type_mask(
            (
                *semantics.APPLICATION_BEHAVIOUR,
                *semantics.BUSINESS_BEHAVIOUR,
                SERVICE,
                "BusinessFunction",
            )
        ),
        target_types=app,
        listed_types=app | semantics.node_type_mask([SERVICE]),
        max_depth=semantics.SUPPORT_DEPTH,
    )
    present_ids = [pk for pk, here in zip(capability_ids, present, strict=True) if here]
    is_app = app[index.node_type[node]]
    for origin, node_id, application in zip(
        origin_of.tolist(), index.node_ids(node), is_app.tolist(), strict=True
    ):
        apps, services = result[present_ids[origin]]
        (apps if application else services).add(node_id)
    return result


def heat_map(index: GraphIndex, measure: str) -> HeatMap:
    capabilities = Element.objects.filter(type=CAPABILITY).in_bulk()
    roots = capability_tree(capabilities)
    support = supporters(index, list(capabilities))
    for cell in _all_cells(roots):
        cell.own_applications, cell.own_services = support[cell.element.pk]
    for root in roots:
        _roll_up(root)
    values = _values_of(measure, roots)
    cells = list(_all_cells(roots))
    for cell in cells:
        cell.value, cell.known = _measure(measure, cell, values)
    maximum = max((float(c.value) for c in cells if c.value is not None), default=None)
    low, high = FIXED_SCALES.get(measure, (0, maximum or 1))
    for cell in cells:
        if cell.value is not None and high > low:
            cell.heat = min(max((float(cell.value) - low) / (high - low), 0.0), 1.0)
    return HeatMap(measure, roots, maximum)


def _all_cells(cells):
    for cell in cells:
        yield cell
        yield from _all_cells(cell.children)


def _roll_up(cell: Cell) -> None:
    cell.applications = set(cell.own_applications)
    cell.services = set(cell.own_services)
    for child in cell.children:
        _roll_up(child)
        cell.applications |= child.applications
        cell.services |= child.services


def _values_of(measure: str, roots: list[Cell]) -> dict:
    """{supporter id: value} for the measure, in one query."""
    cells = list(_all_cells(roots))
    if measure == Measure.ACT_SCORE:
        ids = {pk for c in cells for pk in c.services}
        # Each service's current assessment (the services app keeps one per service).
        scores = Assessment.objects.filter(is_current=True, profile_id__in=ids, score__isnull=False)
        return dict(scores.values_list("profile_id", "score"))
    if measure == Measure.APPLICATIONS:
        return {}
    ids = {pk for c in cells for pk in c.applications}
    field_name = {
        Measure.COST: "yearly_cost",
        Measure.BUSINESS_FIT: "business_fit",
        Measure.TECHNICAL_FIT: "technical_fit",
    }[measure]
    rows = Element.objects.filter(
        pk__in=ids, **{f"application_profile__{field_name}__isnull": False}
    ).values_list("pk", f"application_profile__{field_name}")
    return dict(rows)


def _measure(measure: str, cell: Cell, values: dict):
    """(value, how many supporters had one) of a cell."""
    if measure == Measure.APPLICATIONS:
        return len(cell.applications), len(cell.applications)
    pool = cell.services if measure == Measure.ACT_SCORE else cell.applications
    known = [values[pk] for pk in pool if pk in values]
    if not known:
        return None, 0
    if measure == Measure.COST:
        return sum(known, Decimal(0)), len(known)
    return round(sum(Decimal(v) for v in known) / len(known), 1), len(known)
