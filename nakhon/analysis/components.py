"""Strongly connected components of the dependency graph, so that an unlimited walk need not
cross every edge.

In a strongly connected component every node reaches every other, so a walk that reaches one
member reaches them all. Architecture models are nearly one such component (read/write access,
flows back and forth, parts serving their wholes), so an unlimited walk from one node runs over
the *condensation*, the acyclic graph of the components, and takes each component it reaches
whole (`walk._reach_through_components`).

The path to each node is read from two breadth-first trees per component, made when the index
is built, both rooted at the component's root (its member with the most edges):
- the tree *from* the root, following the walk's direction, reaches every member;
- the tree *towards* the root: each member's next step to the root.
A walk that enters a component at node e goes e -> ... -> root along the second tree, then
root -> ... -> any member along the first; the members on the way from e to the root take
that way as their path, so the paths form one tree and each path is simple. Both trees are
kept for each direction: the tree from the root going up is the tree towards it going down.

The components are those of one set of relationship types (the usual ones); a walk following
other types does not use them.
"""

from dataclasses import dataclass, fields

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import breadth_first_order, connected_components


@dataclass(frozen=True)
class Condensation:
    """The edges between components in one direction: a CSR matrix over components (the other
    ends sorted within each row), each pair of components once, with one of the edges it
    stands for: `exit` is that edge's node in the first component, `entry` its node in the
    second.
    """

    matrix: csr_matrix
    pairs: np.ndarray  # int64 per edge, sorted: first component x number of components + second
    exit: np.ndarray  # int32 node, per edge of the matrix
    entry: np.ndarray  # int32 node

    def edges(self, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        """The position of the edge from each of `first` to the same place in `second`."""
        count = self.matrix.shape[0]
        return np.searchsorted(self.pairs, first.astype(np.int64) * count + second)


@dataclass(frozen=True)
class Components:
    relationship_types: np.ndarray  # the mask over relationship type codes they are of
    label: np.ndarray  # int32, each node's component
    ptr: np.ndarray  # int32, components + 1: component c's members are members[ptr[c]:ptr[c+1]]
    members: np.ndarray  # int32 nodes, by component, each component's root first
    # The parent of each node in the breadth-first tree from its component's root following
    # `up` (resp. `down`) edges; -1 for a root. Going up, `up_parent` gives the way from the
    # root and `down_parent` the next step towards it (and the other way round going down).
    up_parent: np.ndarray  # int32
    down_parent: np.ndarray  # int32
    up: Condensation
    down: Condensation

    @property
    def count(self) -> int:
        return len(self.ptr) - 1

    @property
    def nbytes(self) -> int:
        arrays = [getattr(self, f.name) for f in fields(self)]
        for condensation in (self.up, self.down):
            matrix = condensation.matrix
            arrays += [condensation.pairs, condensation.exit, condensation.entry]
            arrays += [matrix.data, matrix.indices, matrix.indptr]
        return sum(a.nbytes for a in arrays if isinstance(a, np.ndarray))

    def tree_and_way_to_root(self, upstream: bool) -> tuple[np.ndarray, np.ndarray]:
        """(parent from the root, next step towards the root) for a walk in this direction."""
        if upstream:
            return self.up_parent, self.down_parent
        return self.down_parent, self.up_parent

    def condensation(self, upstream: bool) -> Condensation:
        return self.up if upstream else self.down


def strong_components(up, down, types: np.ndarray) -> Components:
    """The components of the edges of `types` (a mask over relationship type codes).

    `up` and `down` are the index's two adjacencies (CSR: ptr, nodes, types). Linear time:
    SciPy's component labelling and two breadth-first searches, all compiled.
    """
    up_ptr, up_nodes = kept_edges(up, types)
    down_ptr, down_nodes = kept_edges(down, types)
    count, label = connected_components(
        square_matrix(*distinct_edges(up_ptr, up_nodes)), directed=True, connection="strong"
    )
    label = label.astype(np.int32)
    degree = np.diff(up_ptr) + np.diff(down_ptr)
    members = np.lexsort((-degree, label)).astype(np.int32)
    ptr = np.zeros(count + 1, dtype=np.int32)
    np.cumsum(np.bincount(label, minlength=count), out=ptr[1:])
    roots = members[ptr[:-1]][np.diff(ptr) > 1]
    up_source = edge_sources(up_ptr)
    down_source = edge_sources(down_ptr)
    up_inside = label[up_source] == label[up_nodes]
    down_inside = label[down_source] == label[down_nodes]
    return Components(
        relationship_types=types.copy(),
        label=label,
        ptr=ptr,
        members=members,
        up_parent=tree_from_roots(up_ptr, up_nodes, up_inside, roots),
        down_parent=tree_from_roots(down_ptr, down_nodes, down_inside, roots),
        up=condense(label, up_source, up_nodes, ~up_inside, count),
        down=condense(label, down_source, down_nodes, ~down_inside, count),
    )


def kept_edges(adjacency, types: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(ptr, nodes) of the adjacency's edges of `types` (views when all are kept)."""
    keep = types[adjacency.types]
    if keep.all():
        return adjacency.ptr, adjacency.nodes
    kept_before = np.zeros(len(keep) + 1, dtype=np.int32)
    np.cumsum(keep, out=kept_before[1:])
    return kept_before[adjacency.ptr], adjacency.nodes[keep]


def distinct_edges(ptr: np.ndarray, nodes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(ptr, nodes) without parallel edges: SciPy's strong components loop for ever on them
    (SciPy 1.17)."""
    repeated = np.zeros(len(nodes), dtype=bool)
    repeated[1:] = nodes[1:] == nodes[:-1]  # each node's other ends are sorted
    repeated[ptr[:-1][np.diff(ptr) > 0]] = False  # a node's first edge is never a repeat
    if not repeated.any():
        return ptr, nodes
    kept_before = np.zeros(len(nodes) + 1, dtype=np.int32)
    np.cumsum(~repeated, out=kept_before[1:])
    return kept_before[ptr], nodes[~repeated]


def square_matrix(ptr: np.ndarray, nodes: np.ndarray) -> csr_matrix:
    """The CSR matrix SciPy's graph routines take (float ones as data)."""
    size = len(ptr) - 1
    return csr_matrix((np.ones(len(nodes)), nodes, ptr), shape=(size, size))


def edge_sources(ptr: np.ndarray) -> np.ndarray:
    return np.repeat(np.arange(len(ptr) - 1, dtype=np.int32), np.diff(ptr))


def tree_from_roots(ptr, nodes, inside, roots) -> np.ndarray:
    """Each node's parent in a breadth-first tree from its component's root, over the edges
    inside components; -1 for a root or a component of one node.

    One search for all components: from an extra node with an edge to every root. No edge
    leaves a component here, so each component is reached through its root only.
    """
    size = len(ptr) - 1
    kept_before = np.zeros(len(inside) + 1, dtype=np.int32)
    np.cumsum(inside, out=kept_before[1:])
    inner_ptr = np.append(kept_before[ptr], kept_before[-1] + len(roots)).astype(np.int32)
    inner_nodes = np.concatenate([nodes[inside], roots]).astype(np.int32)
    _order, predecessors = breadth_first_order(
        square_matrix(inner_ptr, inner_nodes), size, directed=True, return_predecessors=True
    )
    parent = predecessors[:size].astype(np.int32)
    parent[(parent < 0) | (parent == size)] = -1
    return parent


def condense(label, sources, targets, across, count: int) -> Condensation:
    """The edges between components, each pair of components once (its first edge kept)."""
    source, target = sources[across], targets[across]
    pairs = label[source].astype(np.int64) * count + label[target]
    pairs, first = np.unique(pairs, return_index=True)
    from_component = label[source[first]]
    ptr = np.zeros(count + 1, dtype=np.int32)
    np.cumsum(np.bincount(from_component, minlength=count), out=ptr[1:])
    return Condensation(
        matrix=square_matrix(ptr, label[target[first]].astype(np.int32)),
        pairs=pairs,
        exit=source[first].astype(np.int32),
        entry=target[first].astype(np.int32),
    )
