"""Breadth-first walks over the graph index, with the path that explains every node reached.

A walk starts from one or more nodes and follows `up` (what depends on them) or `down` (what
they depend on). Every node reached is a row of the result that names the row it was reached
from, so the path to it is read back through `parent`.

Three engines reach the same nodes:
- an unlimited walk from one node along the usual relationship types runs over the strongly
  connected components made with the index (components.py): a breadth-first search (SciPy)
  over the components, each component reached taken whole, its members' paths read from the
  component's two trees. Fast, as it crosses only the edges between components, but a path
  inside a component goes by the component's root: a valid chain of dependencies, not always
  one with the fewest relationships;
- an unlimited walk from one node along other relationship types runs SciPy's breadth-first
  search (compiled code) over a CSR matrix of those types, cached on the index;
- a walk with a depth limit, several origins, or node types where branches end runs level by
  level in NumPy, gathering each level's edges from the CSR arrays at once. Junctions and
  relationship nodes are crossed within the level they are reached in: they are not a step.
The last two find a path with the fewest relationships. The depth of a row counts the steps of
its path without junctions and relationship nodes.
"""

from dataclasses import dataclass
from functools import cached_property

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import breadth_first_order

from nakhon.analysis import semantics
from nakhon.analysis.components import Components, kept_edges
from nakhon.analysis.graph import Adjacency, GraphIndex

PASS_THROUGH = semantics.pass_through_table()
LAYER_OF_TYPE = semantics.layer_table()
ALL_RELATIONSHIP_TYPES = np.ones(len(semantics.RELATIONSHIP_TYPES), dtype=bool)
# Above this many origin x node cells, a multi-origin walk tracks what it has seen as sorted
# keys instead of a dense boolean matrix.
DENSE_SEEN_LIMIT = 1 << 24
# Matrices kept per index: one per direction and set of relationship types asked for.
MATRIX_CACHE_SIZE = 8


@dataclass(frozen=True)
class Walk:
    """Rows of nodes reached; the first rows are the origins themselves (parent -1)."""

    node: np.ndarray  # int32 node position
    parent: np.ndarray  # int64 row it was reached from, -1 for an origin
    origin: np.ndarray  # int32 which origin (index into the origins given)
    index: GraphIndex
    upstream: bool
    relationship_types: np.ndarray
    # Known when the walk went level by level; otherwise worked out when first asked for.
    levels: np.ndarray | None = None  # int32 steps from the origin
    edge: np.ndarray | None = None  # int64 edge (in `adjacency`) crossed to reach a row, or -1

    @cached_property
    def depth(self) -> np.ndarray:
        """The steps from the origin to each row, junctions and relationship nodes not counted."""
        if self.levels is not None:
            return self.levels
        steps = (~PASS_THROUGH[self.node_types]).astype(np.int32)
        steps[self.parent < 0] = 0
        return _sum_along_paths(self.parent, steps)

    @cached_property
    def node_types(self) -> np.ndarray:
        return self.index.node_type[self.node]

    @property
    def adjacency(self) -> Adjacency:
        return self.index.adjacency(self.upstream)

    def __len__(self) -> int:
        return len(self.node)

    def path_rows(self, row: int) -> list[int]:
        """The rows from the origin to `row`, origin first."""
        rows = []
        while row >= 0:
            rows.append(int(row))
            row = self.parent[row]
        return rows[::-1]

    def edges(self, rows) -> np.ndarray:
        """The edge (in `adjacency`) crossed to reach each row; -1 for an origin."""
        rows = np.asarray(rows, dtype=np.int64)
        if self.edge is not None:
            return self.edge[rows]
        result = np.full(len(rows), -1, dtype=np.int64)
        reached = self.parent[rows] >= 0
        parents = self.node[self.parent[rows[reached]]]
        children = self.node[rows[reached]]
        result[reached] = find_edges(self.adjacency, parents, children, self.relationship_types)
        return result


def walk(
    index: GraphIndex,
    origins,
    *,
    upstream: bool,
    relationship_types: np.ndarray | None = None,
    max_depth: int | None = None,
    stop_types: np.ndarray | None = None,
    through_types: np.ndarray | None = None,
) -> Walk:
    """Walk from `origins` (node positions).

    - `relationship_types`: a boolean mask over relationship type codes: only those edges;
    - `max_depth`: at most this many steps (None: no limit);
    - `stop_types`: a mask over node type codes: such nodes are reached but not walked on;
    - `through_types`: a mask over node type codes: only such nodes are walked on (the others
      are reached and end their branch). Junctions and relationship nodes are always crossed.
    """
    origins = np.asarray(origins, dtype=np.int32)
    if relationship_types is None:
        relationship_types = ALL_RELATIONSHIP_TYPES
    simple = max_depth is None and stop_types is None and through_types is None
    if simple and len(origins) == 1:
        components = index.components
        if components is not None and np.array_equal(
            relationship_types, components.relationship_types
        ):
            return _reach_through_components(index, int(origins[0]), upstream, components)
        return _reach(index, int(origins[0]), upstream, relationship_types)
    return _levels(
        index, origins, upstream, relationship_types, max_depth, stop_types, through_types
    )


# --- One origin, no limit, the usual relationship types: components -------------------------


def _reach_through_components(
    index: GraphIndex, origin: int, upstream: bool, components: Components
) -> Walk:
    """Every node the origin reaches: the members of the components its component reaches.

    Each component after the origin's is entered by one edge from a component reached before
    it (the edge kept for that pair of components). Its members' parents are their parents in
    the tree from its root, except on the way from where the walk entered to the root, whose
    nodes take that way; see components.py.
    """
    condensation = components.condensation(upstream)
    matrix = condensation.matrix
    start = components.label[origin]
    order, predecessors = breadth_first_order(
        matrix, start, directed=True, return_predecessors=True
    )
    entered_by = condensation.edges(predecessors[order[1:]], order[1:])
    starts = components.ptr[order]
    counts = components.ptr[order + 1] - starts
    nodes = components.members[_ranges(starts, counts)]
    # The origin is the first row; it is in the first component.
    first = int(np.flatnonzero(nodes[: counts[0]] == origin)[0])
    nodes[[0, first]] = nodes[[first, 0]]

    row_of = np.empty(index.size, dtype=np.int32)
    row_of[nodes] = np.arange(len(nodes), dtype=np.int32)
    tree, towards_root = components.tree_and_way_to_root(upstream)
    above = tree[nodes]
    parent = np.where(above >= 0, row_of[above], -1).astype(np.int64)
    # From where each component is entered to its root, each node is reached from the one
    # before it; the origin, where the walk enters its own component, from nowhere.
    current = np.append(np.int32(origin), condensation.entry[entered_by])
    previous = np.append(np.int64(-1), row_of[condensation.exit[entered_by]])
    while len(current):
        rows = row_of[current]
        parent[rows] = previous
        step = towards_root[current]
        onward = step >= 0
        previous, current = rows[onward], step[onward]
    return Walk(
        node=nodes,
        parent=parent,
        origin=np.zeros(len(nodes), dtype=np.int32),
        index=index,
        upstream=upstream,
        relationship_types=components.relationship_types,
    )


def _ranges(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """The concatenated ranges [start, start + count) (int64)."""
    total = int(counts.sum())
    offsets = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)
    return np.repeat(starts.astype(np.int64), counts) + offsets


# --- One origin, no limit, other relationship types: SciPy ---------------------------------


def _reach(index: GraphIndex, origin: int, upstream: bool, types: np.ndarray) -> Walk:
    matrix = edge_matrix(index, upstream, types)
    order, predecessors = breadth_first_order(
        matrix, origin, directed=True, return_predecessors=True
    )
    row_of = np.empty(index.size, dtype=np.int64)
    row_of[order] = np.arange(len(order))
    parent = np.full(len(order), -1, dtype=np.int64)
    parent[1:] = row_of[predecessors[order[1:]]]
    return Walk(
        node=order.astype(np.int32),
        parent=parent,
        origin=np.zeros(len(order), dtype=np.int32),
        index=index,
        upstream=upstream,
        relationship_types=types,
    )


def _sum_along_paths(parent: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """For every row, the sum of `weight` over the rows of its path (pointer jumping)."""
    total = weight.astype(np.int32)
    ancestor = parent.copy()
    while True:
        linked = ancestor >= 0
        if not linked.any():
            return total
        total[linked] += total[ancestor[linked]]
        ancestor[linked] = ancestor[ancestor[linked]]


_ones = np.ones(0)


def _ones_view(count: int) -> np.ndarray:
    """`count` ones, as a view of one array shared by every matrix (SciPy wants float data)."""
    global _ones
    if len(_ones) < count:
        _ones = np.ones(count)
    return _ones[:count]


def edge_matrix(index: GraphIndex, upstream: bool, types: np.ndarray) -> csr_matrix:
    """The CSR matrix of the edges of `types` in one direction, cached on the index."""
    key = (upstream, types.tobytes())
    matrix = index.matrices.get(key)
    if matrix is not None:
        return matrix
    ptr, nodes = kept_edges(index.adjacency(upstream), types)
    matrix = csr_matrix((_ones_view(len(nodes)), nodes, ptr), shape=(index.size, index.size))
    if len(index.matrices) >= MATRIX_CACHE_SIZE:
        index.matrices.pop(next(iter(index.matrices)))
    index.matrices[key] = matrix
    return matrix


def find_edges(adjacency: Adjacency, sources, targets, types: np.ndarray) -> np.ndarray:
    """The first edge from each source to its target of an allowed type (bisection within the
    source's edges, which are sorted by target)."""
    low = _first_at_or_after(adjacency.ptr, adjacency.nodes, sources, targets)
    # Parallel edges to the same target: step past those of types not asked for.
    while True:
        wrong = ~types[adjacency.types[low]]
        if not wrong.any():
            return low
        low[wrong] += 1


def _first_at_or_after(ptr, nodes, sources, targets) -> np.ndarray:
    """For each source, its first edge (CSR, other ends sorted) whose other end is not below
    its target: the edge to the target when there is one (bisection for all at once)."""
    sources = np.asarray(sources, dtype=np.int64)
    targets = np.asarray(targets, dtype=np.int32)
    low = ptr[sources].astype(np.int64)
    high = ptr[sources + 1].astype(np.int64)
    while True:
        open_ = low < high
        if not open_.any():
            return low
        middle = (low + high) // 2
        right = open_ & (nodes[np.minimum(middle, len(nodes) - 1)] < targets)
        low = np.where(right, middle + 1, low)
        high = np.where(open_ & ~right, middle, high)


# --- Levels in NumPy -----------------------------------------------------------------------


class _DenseSeen:
    def __init__(self, origins: int, size: int):
        self.size = size
        self.cells = np.zeros(origins * size, dtype=bool)

    def fresh(self, origin, node) -> np.ndarray:
        return ~self.cells[origin.astype(np.int64) * self.size + node]

    def add(self, origin, node) -> None:
        self.cells[origin.astype(np.int64) * self.size + node] = True


class _SparseSeen:
    def __init__(self, size: int):
        self.size = size
        self.keys = np.empty(0, dtype=np.int64)

    def fresh(self, origin, node) -> np.ndarray:
        return ~np.isin(origin.astype(np.int64) * self.size + node, self.keys)

    def add(self, origin, node) -> None:
        self.keys = np.union1d(self.keys, origin.astype(np.int64) * self.size + node)


def _levels(index, origins, upstream, types, max_depth, stop_types, through_types) -> Walk:
    count = len(origins)
    if count * index.size <= DENSE_SEEN_LIMIT:
        seen = _DenseSeen(count, index.size)
    else:
        seen = _SparseSeen(index.size)
    origin_of = np.arange(count, dtype=np.int32)
    seen.add(origin_of, origins)
    parts = [(origins, np.full(count, -1, np.int64), np.full(count, -1, np.int64), 0, origin_of)]
    rows = count
    adjacency = index.adjacency(upstream)
    frontier = (np.arange(count, dtype=np.int64), origins, origin_of)
    depth = 0
    while len(frontier[1]) and (max_depth is None or depth < max_depth):
        depth += 1
        walking_on = []
        current = frontier
        while len(current[1]):
            nodes, parents, edges, origin = _step(adjacency, current, types, seen)
            new_rows = np.arange(rows, rows + len(nodes), dtype=np.int64)
            rows += len(nodes)
            parts.append((nodes, parents, edges, depth, origin))
            crossing = PASS_THROUGH[index.node_type[nodes]]
            go_on = ~crossing & ~_ends_branch(index, nodes, stop_types, through_types)
            walking_on.append((new_rows[go_on], nodes[go_on], origin[go_on]))
            current = (new_rows[crossing], nodes[crossing], origin[crossing])
        frontier = tuple(np.concatenate(column) for column in zip(*walking_on, strict=True))
    return Walk(
        node=np.concatenate([p[0] for p in parts]).astype(np.int32),
        parent=np.concatenate([p[1] for p in parts]),
        origin=np.concatenate([p[4] for p in parts]).astype(np.int32),
        index=index,
        upstream=upstream,
        relationship_types=types,
        levels=np.concatenate([np.full(len(p[0]), p[3], np.int32) for p in parts]),
        edge=np.concatenate([p[2] for p in parts]),
    )


def _ends_branch(index, nodes, stop_types, through_types) -> np.ndarray:
    types = index.node_type[nodes]
    ends = np.zeros(len(nodes), dtype=bool)
    if stop_types is not None:
        ends |= stop_types[types]
    if through_types is not None:
        ends |= ~through_types[types]
    return ends


def _step(adjacency: Adjacency, current, types, seen):
    """The nodes one edge away from `current` not seen yet (each once, by its first edge)."""
    from_rows, nodes, origin = current
    starts = adjacency.ptr[nodes].astype(np.int64)
    counts = adjacency.ptr[nodes + 1] - starts
    edges = _ranges(starts, counts)
    parents = np.repeat(from_rows, counts)
    origins = np.repeat(origin, counts)
    keep = types[adjacency.types[edges]]
    reached = adjacency.nodes[edges[keep]]
    edges, parents, origins = edges[keep], parents[keep], origins[keep]
    fresh = seen.fresh(origins, reached)
    edges, parents, origins, reached = edges[fresh], parents[fresh], origins[fresh], reached[fresh]
    # One row per (origin, node): the first edge that reached it.
    _unique, first = np.unique(origins.astype(np.int64) * (1 << 32) + reached, return_index=True)
    first.sort()
    edges, parents, origins, reached = edges[first], parents[first], origins[first], reached[first]
    seen.add(origins, reached)
    return reached, parents, edges, origins


def hits(index: GraphIndex, result: Walk, layers=None, types=None) -> np.ndarray:
    """The rows of a walk worth listing: not an origin, not a junction or relationship node,
    and in the given layers (codes) and of the given node types (a mask), if given."""
    node_types = index.node_type[result.node]
    keep = (result.parent >= 0) & ~PASS_THROUGH[node_types]
    if layers is not None:
        keep &= np.isin(LAYER_OF_TYPE[node_types], layers)
    if types is not None:
        keep &= types[node_types]
    return np.flatnonzero(keep)


def reachable_pairs(
    index: GraphIndex,
    origins,
    *,
    upstream: bool,
    relationship_types: np.ndarray,
    through_types: np.ndarray,
    target_types: np.ndarray,
    max_depth: int,
    listed_types: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """(origin index, node) for every node of `listed_types` (default: `target_types`) that an
    origin reaches through nodes of `through_types` (junctions and relationship nodes are
    always crossed), at most `max_depth` edges away. Targets end their branch.

    Sparse matrix products (one per level, compiled code) instead of a walk: many origins at
    once, without the path to each pair (walk from the few origins shown for that).
    """
    origins = np.asarray(origins, dtype=np.int64)
    count, size = len(origins), index.size
    edges = edge_matrix(index, upstream, relationship_types)
    node_types = index.node_type
    targets = target_types[node_types]
    listed = (listed_types if listed_types is not None else target_types)[node_types]
    onward = (through_types[node_types] | PASS_THROUGH[node_types]) & ~targets
    frontier = csr_matrix(
        (np.ones(count), (np.arange(count), origins)), shape=(count, size), dtype=np.float64
    )
    seen = frontier.copy()
    found = []
    for _depth in range(max_depth):
        reached = frontier @ edges
        reached.data[:] = 1.0
        reached = reached - reached.multiply(seen)
        reached.eliminate_zeros()
        if not reached.nnz:
            break
        seen = seen + reached
        rows, columns = reached.nonzero()
        hit = listed[columns]
        found.append((rows[hit], columns[hit]))
        frontier = reached.multiply(onward[np.newaxis, :].astype(np.float64)).tocsr()
        frontier.eliminate_zeros()
    if not found:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    return (
        np.concatenate([rows for rows, _columns in found]).astype(np.int64),
        np.concatenate([columns for _rows, columns in found]).astype(np.int64),
    )


def neighbour_pairs(adjacency: Adjacency, nodes, types: np.ndarray) -> tuple:
    """(node, neighbour) for every edge of `types` from each of `nodes`."""
    nodes = np.asarray(nodes, dtype=np.int64)
    starts = adjacency.ptr[nodes].astype(np.int64)
    counts = adjacency.ptr[nodes + 1] - starts
    edges = _ranges(starts, counts)
    keep = types[adjacency.types[edges]]
    return np.repeat(nodes, counts)[keep], adjacency.nodes[edges[keep]].astype(np.int64)
