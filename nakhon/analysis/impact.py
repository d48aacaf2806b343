"""Impact and dependency: what depends on an element (upstream), what it depends on
(downstream), with the path that explains each one.

"If the data centre's server cluster is shut down, which citizen services stop, and in which
districts?" is an upstream walk from the cluster, listing the business services it reaches
with the district offices that own them or take part in them.
"""

import uuid
from dataclasses import dataclass, field

import numpy as np
from django.utils.translation import gettext as _

from nakhon.analysis import semantics
from nakhon.analysis.graph import GraphIndex
from nakhon.analysis.nodes import NodeInfo, describe
from nakhon.analysis.walk import Walk, hits, walk
from nakhon.archimate import metamodel
from nakhon.core.bulk import filter_in
from nakhon.repository.models import AccessType, Relationship

UPSTREAM, DOWNSTREAM = "up", "down"
# The element type the "which citizen services" question is about.
SERVICE_TYPE = "BusinessService"


class NotInIndex(LookupError):
    """The element asked about is not in the repository (any more)."""


@dataclass(frozen=True)
class ImpactQuery:
    element_id: uuid.UUID
    direction: str = UPSTREAM
    max_depth: int | None = None
    layers: tuple[str, ...] = ()  # none: every layer
    element_types: tuple[str, ...] = ()  # none: every type
    relationship_types: tuple[str, ...] = semantics.DEFAULT_RELATIONSHIP_TYPES

    @property
    def upstream(self) -> bool:
        return self.direction == UPSTREAM


@dataclass
class Step:
    """One node of a path, and the relationship crossed to reach it (none for the first):
    `forward` when it goes from the path's previous node to this one, as it reads."""

    node: NodeInfo
    relationship_id: uuid.UUID | None
    relationship_type: str
    forward: bool = True
    access_type: str = ""

    @property
    def relationship_label(self) -> str:
        """The type's label, with what an Access does: "Access (read)"."""
        known = metamodel.RELATIONSHIP_TYPES.get(self.relationship_type)
        label = str(known.label) if known else ""
        if self.access_type in AccessType.values:
            label = f"{label} ({AccessType(self.access_type).label})"
        return label

    def arrow(self) -> str:
        """The relationship between the previous node and this one, pointing the way it goes:
        "–Serving→" or "←Serving–"."""
        if self.forward:
            return f"–{self.relationship_label}→"
        return f"←{self.relationship_label}–"


@dataclass
class Hit:
    node: NodeInfo
    depth: int
    path: list[Step]

    def path_text(self) -> str:
        parts = [self.path[0].node.name]
        for step in self.path[1:]:
            parts.append(f"{step.arrow()} {step.node.name}")
        return " ".join(parts)


@dataclass
class Impact:
    query: ImpactQuery
    index: GraphIndex
    walk: Walk
    rows: np.ndarray  # walk rows listed, nearest first
    hits: list[Hit] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.rows)


def run_impact(index: GraphIndex, query: ImpactQuery) -> Impact:
    """The walk and the rows to list; nothing read from the database."""
    origin = index.position(query.element_id)
    if origin is None:
        raise NotInIndex(_("The element is not in the repository."))
    result = walk(
        index,
        [origin],
        upstream=query.upstream,
        relationship_types=semantics.relationship_mask(query.relationship_types),
        max_depth=query.max_depth,
    )
    layers = [semantics.LAYER_CODE[layer] for layer in query.layers] or None
    types = semantics.node_type_mask(query.element_types) if query.element_types else None
    rows = hits(index, result, layers, types)
    rows = rows[np.argsort(result.depth[rows], kind="stable")]
    return Impact(query, index, result, rows)


def describe_hits(impact: Impact, rows) -> list[Hit]:
    """The hits of these rows with names, units, districts and their paths, in two or three
    queries for any number of rows."""
    walk_ = impact.walk
    paths = {int(row): walk_.path_rows(int(row)) for row in rows}
    path_rows = sorted({r for path in paths.values() for r in path})
    infos = describe(impact.index, walk_.node[path_rows], with_units=True)
    edges = dict(zip(path_rows, walk_.edges(path_rows).tolist(), strict=True))
    adjacency = walk_.adjacency
    rel_ids = {
        row: impact.index.relationship_id(int(adjacency.rels[edge]))
        for row, edge in edges.items()
        if edge >= 0
    }
    sources = relationship_sources(rel_ids.values())
    result = []
    for row, path in paths.items():
        steps = []
        for path_row in path:
            edge = edges[path_row]
            info = infos[int(walk_.node[path_row])]
            if edge < 0:
                steps.append(Step(info, None, ""))
                continue
            rel_id = rel_ids[path_row]
            source, access_type = sources.get(rel_id, (None, ""))
            steps.append(
                Step(
                    info,
                    rel_id,
                    semantics.RELATIONSHIP_TYPES[adjacency.types[edge]],
                    forward=source != info.id,
                    access_type=access_type,
                )
            )
        result.append(Hit(infos[int(walk_.node[row])], int(walk_.depth[row]), steps))
    return result


def relationship_sources(ids) -> dict:
    """{relationship id: (its source's id, its access type)}, in one query."""
    rows = filter_in(Relationship.objects.all(), "pk", ids).values_list(
        "pk", "source_id", "source_relationship_id", "access_type"
    )
    return {pk: (element or relationship, access) for pk, element, relationship, access in rows}


def impact_of(index: GraphIndex, query: ImpactQuery, limit: int | None) -> Impact:
    """The impact with the first `limit` hits described (all if None), nearest first."""
    impact = run_impact(index, query)
    rows = impact.rows if limit is None else impact.rows[:limit]
    hits_ = describe_hits(impact, rows)
    hits_.sort(key=lambda h: (h.depth, h.node.layer, h.node.type, h.node.name))
    impact.hits = hits_
    return impact


@dataclass
class ServiceSummary:
    """The answer to "which citizen services stop, in which districts?"."""

    services: list[Hit]
    districts: list  # OrgUnit rows, by name


def service_summary(hits_: list[Hit]) -> ServiceSummary:
    services = [h for h in hits_ if h.node.type == SERVICE_TYPE]
    districts = {d.pk: d for h in services for d in h.node.districts}
    return ServiceSummary(services, sorted(districts.values(), key=str))


def graph_elements(impact: Impact) -> dict:
    """Nodes and edges for the picture (Cytoscape.js): the origin, the hits described and the
    nodes on their paths, joined along the paths."""
    nodes: dict = {}
    edges: dict = {}
    for hit in impact.hits:
        previous = None
        for step in hit.path:
            key = str(step.node.id)
            nodes.setdefault(
                key,
                {
                    "id": key,
                    "label": step.node.name,
                    "layer": step.node.layer or "other",
                    "type": step.node.type_label,
                    "origin": previous is None and step is hit.path[0],
                    "url": step.node.url,
                },
            )
            if previous is not None:
                source, target = (previous, key) if step.forward else (key, previous)
                edge_key = f"{source}>{target}"
                edges.setdefault(
                    edge_key,
                    {
                        "id": edge_key,
                        "source": source,
                        "target": target,
                        "label": step.relationship_label,
                    },
                )
            previous = key
    return {"nodes": list(nodes.values()), "edges": list(edges.values())}
