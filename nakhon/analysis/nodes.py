"""Turning node positions back into what people read: names, types, owning units, districts."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from nakhon.analysis import semantics
from nakhon.analysis.graph import GraphIndex
from nakhon.archimate import metamodel
from nakhon.citizen_services.models import Delivery, ServicePlace, ServiceProfile
from nakhon.organization.models import OrgUnit, UnitKind
from nakhon.repository.models import LIFECYCLE_DATES, Element, Relationship

# Rows per query when many nodes are described at once (SQLite limits query parameters).
CHUNK = 5_000
# What analyses read of an element (names, type, owner, life cycle), to load no more.
READ_FIELDS = (
    "id",
    "identifier",
    "name",
    "name_en",
    "type",
    "owner_unit_id",
    "status",
    *LIFECYCLE_DATES,
)
# Relationships through which an org unit's actor takes part in an element's work.
UNIT_LINKS = ("Assignment", "Serving")


@dataclass
class NodeInfo:
    id: object
    name: str
    type: str
    url: str
    element: Element | None = None
    units: list = field(default_factory=list)  # OrgUnit rows: owner first, then linked units
    districts: list = field(default_factory=list)  # district offices among the units' lines

    @property
    def type_label(self) -> str:
        known = metamodel.ELEMENT_TYPES.get(self.type)
        return str(known.label) if known else str(metamodel.RELATIONSHIP_CONCEPT_LABEL)

    @property
    def layer(self) -> str:
        return metamodel.layer_of(self.type) if self.type in metamodel.ELEMENT_TYPES else ""

    @property
    def layer_label(self) -> str:
        return str(metamodel.Layer(self.layer).label) if self.layer else ""

    def unit_names(self) -> str:
        return ", ".join(str(u) for u in self.units)

    def district_names(self) -> str:
        return ", ".join(str(d) for d in self.districts)


class OrgTree:
    """Every org unit in one query, to find the district office above a unit."""

    def __init__(self):
        self.units = {u.pk: u for u in OrgUnit.objects.select_related("element")}

    def get(self, unit_id) -> OrgUnit | None:
        return self.units.get(unit_id)

    def district_offices(self) -> list[OrgUnit]:
        offices = [u for u in self.units.values() if u.kind == UnitKind.DISTRICT_OFFICE]
        return sorted(offices, key=lambda u: (u.code, u.element.name))

    def district_of(self, unit_id) -> OrgUnit | None:
        unit, seen = self.units.get(unit_id), set()
        while unit is not None and unit.pk not in seen:
            if unit.kind == UnitKind.DISTRICT_OFFICE:
                return unit
            seen.add(unit.pk)
            unit = self.units.get(unit.parent_id)
        return None


def chunks(items: list, size: int = CHUNK) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def describe(index: GraphIndex, positions, *, with_units: bool = False) -> dict[int, NodeInfo]:
    """Node info by position; a node no longer in the repository (the index is older than a
    deletion) is described as hidden. `with_units` adds owning and linked org units and their
    districts."""
    positions = sorted({int(p) for p in positions})
    ids = dict(zip(positions, index.node_ids(positions), strict=True))
    is_relationship = {
        p for p in positions if index.node_type[p] == semantics.NODE_TYPE_CODE["Relationship"]
    }
    found: dict = {}
    element_ids = [ids[p] for p in positions if p not in is_relationship]
    for chunk in chunks(element_ids):
        found.update(Element.objects.filter(pk__in=chunk).only(*READ_FIELDS).in_bulk())
    relationship_ids = [ids[p] for p in is_relationship]
    relationships = Relationship.objects.select_related(
        "source", "target", "source_relationship", "target_relationship"
    ).in_bulk(relationship_ids)
    result = {}
    for position in positions:
        pk = ids[position]
        if position in is_relationship and pk in relationships:
            rel = relationships[pk]
            result[position] = NodeInfo(pk, str(rel), "Relationship", rel.get_absolute_url())
        elif pk in found:
            element = found[pk]
            name = str(element) or str(metamodel.ELEMENT_TYPES[element.type].label)
            result[position] = NodeInfo(pk, name, element.type, element.get_absolute_url(), element)
        else:
            result[position] = NodeInfo(pk, _("(not visible to you)"), "", "")
    if with_units:
        add_units(result.values())
    return result


def add_units(infos: Iterable[NodeInfo]) -> None:
    """Fill `units` and `districts`: the owning unit, then org units whose actor is assigned to
    the element, served by it or assigned to the processes that realise it; the districts are
    those units' district offices and, for a citizen service, where it is delivered (every
    district office, or those its places of delivery name)."""
    infos = [i for i in infos if i.element is not None]
    tree = OrgTree()
    by_id = {i.id: i for i in infos}
    linked: dict = {pk: [] for pk in by_id}
    delivered: dict = {pk: [] for pk in by_id}
    for chunk in chunks(list(by_id)):
        for element_id, unit_id in linked_units(chunk):
            linked[element_id].append(unit_id)
        for element_id, district in delivery_districts(chunk, tree):
            delivered[element_id].append(district)
    for info in infos:
        unit_ids = list(dict.fromkeys([info.element.owner_unit_id, *linked[info.id]]))
        info.units = [tree.get(u) for u in unit_ids if tree.get(u) is not None]
        districts = [tree.district_of(u.pk) for u in info.units] + delivered[info.id]
        info.districts = list(dict.fromkeys(d for d in districts if d is not None))


def linked_units(element_ids: list) -> list[tuple]:
    """(element id, org unit id) for the units assigned to these elements, served by them, or
    assigned to the behaviour that realises them."""
    assigned = Relationship.objects.filter(
        type="Assignment", target__in=element_ids, source__orgunit__isnull=False
    ).values_list("target_id", "source_id")
    served = Relationship.objects.filter(
        type="Serving", source__in=element_ids, target__orgunit__isnull=False
    ).values_list("source_id", "target_id")
    realised_by = Relationship.objects.filter(
        type="Realization", target__in=element_ids
    ).values_list("source_id", "target_id")
    realises: dict = {}
    for behaviour, element in realised_by:
        realises.setdefault(behaviour, []).append(element)
    performers = Relationship.objects.filter(
        type="Assignment", target__in=list(realises), source__orgunit__isnull=False
    ).values_list("target_id", "source_id")
    performing = [
        (element, unit) for behaviour, unit in performers for element in realises[behaviour]
    ]
    return [*assigned, *served, *performing]


def delivery_districts(element_ids: list, tree: OrgTree) -> list[tuple]:
    """(element id, district office) where these citizen services are delivered: every office
    for a service delivered at all of them; for one delivered at some, the offices whose name
    its places of delivery hold."""
    profiles = dict(
        ServiceProfile.objects.filter(
            element__in=element_ids,
            delivery__in=(Delivery.ALL_DISTRICTS, Delivery.SOME_DISTRICTS),
        ).values_list("element_id", "delivery")
    )
    offices = tree.district_offices()
    found = [
        (element, office)
        for element, delivery in profiles.items()
        if delivery == Delivery.ALL_DISTRICTS
        for office in offices
    ]
    some = [element for element, delivery in profiles.items() if delivery != Delivery.ALL_DISTRICTS]
    places = ServicePlace.objects.filter(profile__element__in=some).values_list(
        "profile__element_id", "name"
    )
    for element, place in places:
        found += [(element, office) for office in offices if names_office(place, office)]
    return found


def names_office(place: str, office: OrgUnit) -> bool:
    names = (office.element.name, office.element.name_en)
    return any(name and name.casefold() in place.casefold() for name in names)
