"""The graph index: every dependency of the repository as compressed adjacency arrays.

Nodes are int32 positions in the sorted array of their UUIDs (kept as two uint64 halves, so a
UUID is found with `np.searchsorted`); a node is an element, or a relationship that is itself
the end of another relationship. Each dependency edge is stored twice, in CSR form: `down`
lists, for a node, what it depends on; `up` lists what depends on it. Every edge carries the
position of the relationship it comes from (int32) and that relationship's type code (uint8).

One index per process is cached and rebuilt when the change counter moves, unless every write
since it was built left the structure alone (`current_index`).
"""

import dataclasses
import threading
import uuid
from dataclasses import dataclass, field, fields

import numpy as np
from django.contrib.contenttypes.models import ContentType

from nakhon.analysis import semantics
from nakhon.analysis.components import Components, strong_components
from nakhon.core.models import Action, ChangeLogEntry
from nakhon.repository.models import Element, Relationship

UUID_DTYPE = np.dtype(">u8")  # a UUID's 16 bytes read as two big-endian halves keep its order
# Late commits: a transaction that wrote entries with lower ids than the newest one may commit
# after it. Counting the entries in this window of recent ids notices them.
RECENT_WINDOW = 10_000
# What the index is built from, by model and as the change log names the fields: an update that
# changes none of them (a rename, a description, a property) leaves the index as it is.
STRUCTURE_FIELDS = {
    Element: ("type",),
    Relationship: (
        "type",
        "access_type",
        "is_directed",
        "source_id",
        "source_relationship_id",
        "target_id",
        "target_relationship_id",
    ),
}
# Past this many entries since the index was built, rebuilding costs no more than reading them.
MOST_ENTRIES_READ = 1_000


@dataclass(frozen=True)
class RelationshipArrays:
    """The repository's relationships as arrays, the builder's input (see `arrays_from_database`).

    `*_is_relationship` tells whether an end is a relationship rather than an element.
    """

    element_hi: np.ndarray
    element_lo: np.ndarray
    element_type: np.ndarray  # uint8 node type codes
    rel_hi: np.ndarray
    rel_lo: np.ndarray
    rel_type: np.ndarray  # uint8 relationship type codes
    rel_access: np.ndarray  # uint8 access codes
    rel_directed: np.ndarray  # bool
    source_hi: np.ndarray
    source_lo: np.ndarray
    source_is_relationship: np.ndarray
    target_hi: np.ndarray
    target_lo: np.ndarray
    target_is_relationship: np.ndarray


@dataclass(frozen=True)
class Adjacency:
    """One direction of the edges in CSR form: node i's edges are [ptr[i], ptr[i + 1])."""

    ptr: np.ndarray  # int32, size + 1 (int32 like `nodes`, so SciPy takes both as they are)
    nodes: np.ndarray  # int32, the node at the other end; sorted within each node's edges
    rels: np.ndarray  # int32, the relationship's position in the index
    types: np.ndarray  # uint8, the relationship's type code


@dataclass(frozen=True)
class GraphIndex:
    key_hi: np.ndarray  # uint64, sorted with key_lo: the node's UUID
    key_lo: np.ndarray
    node_type: np.ndarray  # uint8
    down: Adjacency  # dependent -> providers
    up: Adjacency  # provider -> dependents
    rel_hi: np.ndarray  # uint64: the UUID of the relationship at each position
    rel_lo: np.ndarray
    change_key: tuple = field(default=())
    # The strongly connected components of the usual relationship types' edges (for unlimited
    # walks; see components.py), None for an empty index.
    components: Components | None = field(default=None, compare=False, repr=False)
    # SciPy matrices of the edges of some relationship types, made when a walk first needs one.
    matrices: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def size(self) -> int:
        return len(self.key_hi)

    @property
    def edge_count(self) -> int:
        return len(self.down.nodes)

    @property
    def nbytes(self) -> int:
        """The bytes of the index's arrays and components (not the matrices made since)."""
        arrays = [getattr(self, f.name) for f in fields(self)]
        arrays += [getattr(a, f.name) for a in (self.down, self.up) for f in fields(a)]
        components = self.components.nbytes if self.components is not None else 0
        return components + sum(a.nbytes for a in arrays if isinstance(a, np.ndarray))

    @property
    def matrix_nbytes(self) -> int:
        """The bytes of the matrices made so far that are not views of the index's arrays."""
        seen, total = set(), 0
        for matrix in self.matrices.values():
            for array in (matrix.data, matrix.indices, matrix.indptr):
                base = array if array.base is None else array.base
                if id(base) not in seen and not self._owns(base):
                    seen.add(id(base))
                    total += base.nbytes
        return total

    def _owns(self, array) -> bool:
        own = (a for adjacency in (self.up, self.down) for a in (adjacency.ptr, adjacency.nodes))
        return any(array is a for a in own)

    def adjacency(self, upstream: bool) -> Adjacency:
        return self.up if upstream else self.down

    def positions(self, ids) -> np.ndarray:
        """The node positions of UUIDs (-1 for one not in the index)."""
        hi, lo = split_uuids(ids)
        return find(self.key_hi, self.key_lo, hi, lo)

    def position(self, node_id) -> int | None:
        found = int(self.positions([node_id])[0])
        return None if found < 0 else found

    def node_id(self, position: int) -> uuid.UUID:
        return join_uuid(self.key_hi[position], self.key_lo[position])

    def node_ids(self, positions) -> list[uuid.UUID]:
        halves = zip(self.key_hi[positions], self.key_lo[positions], strict=True)
        return [join_uuid(hi, lo) for hi, lo in halves]

    def relationship_id(self, rel: int) -> uuid.UUID:
        return join_uuid(self.rel_hi[rel], self.rel_lo[rel])


def split_uuids(ids) -> tuple[np.ndarray, np.ndarray]:
    raw = np.frombuffer(b"".join(u.bytes for u in ids), dtype=UUID_DTYPE).reshape(-1, 2)
    return raw[:, 0].astype(np.uint64), raw[:, 1].astype(np.uint64)


def join_uuid(hi, lo) -> uuid.UUID:
    return uuid.UUID(int=(int(hi) << 64) | int(lo))


def find(key_hi, key_lo, hi, lo) -> np.ndarray:
    """Positions of (hi, lo) in the sorted keys, -1 where absent."""
    hi = np.asarray(hi, dtype=np.uint64)
    lo = np.asarray(lo, dtype=np.uint64)
    at = np.searchsorted(key_hi, hi)
    inside = at < len(key_hi)
    found = np.full(len(hi), -1, dtype=np.int64)
    clipped = np.minimum(at, max(len(key_hi) - 1, 0))
    if not len(key_hi):
        return found
    hit = inside & (key_hi[clipped] == hi) & (key_lo[clipped] == lo)
    found[hit] = at[hit]
    # Two UUIDs sharing their upper half (rare): step through the run of equal halves.
    for i in np.flatnonzero(inside & (key_hi[clipped] == hi) & ~hit):
        j = at[i]
        while j < len(key_hi) and key_hi[j] == hi[i]:
            if key_lo[j] == lo[i]:
                found[i] = j
                break
            j += 1
    return found


def build_index(arrays: RelationshipArrays, change_key: tuple = ()) -> GraphIndex:
    """The index of these elements and relationships."""
    a = arrays
    # A relationship is a node when another relationship ends on it.
    from_source, from_target = a.source_is_relationship, a.target_is_relationship
    ends_hi = np.concatenate([a.source_hi[from_source], a.target_hi[from_target]])
    ends_lo = np.concatenate([a.source_lo[from_source], a.target_lo[from_target]])
    rel_order = np.lexsort((a.rel_lo, a.rel_hi))
    rel_node = find(a.rel_hi[rel_order], a.rel_lo[rel_order], ends_hi, ends_lo)
    rel_node = np.unique(rel_order[rel_node[rel_node >= 0]])

    hi = np.concatenate([a.element_hi, a.rel_hi[rel_node]])
    lo = np.concatenate([a.element_lo, a.rel_lo[rel_node]])
    types = np.concatenate(
        [
            a.element_type.astype(np.uint8),
            np.full(len(rel_node), semantics.NODE_TYPE_CODE[semantics.RELATIONSHIP_NODE], np.uint8),
        ]
    )
    order = np.lexsort((lo, hi))
    key_hi, key_lo, node_type = hi[order], lo[order], types[order]

    source = find(key_hi, key_lo, a.source_hi, a.source_lo)
    target = find(key_hi, key_lo, a.target_hi, a.target_lo)
    dependent, provider, rels = dependency_edges(a, source, target)
    # A relationship that is a node sits in the middle of its own edge: dependent -> it -> provider.
    middle = np.full(len(a.rel_hi), -1, dtype=np.int64)
    middle[rel_node] = find(key_hi, key_lo, a.rel_hi[rel_node], a.rel_lo[rel_node])
    via = middle[rels]
    split = via >= 0
    dependent = np.concatenate([dependent[~split], dependent[split], via[split]])
    provider = np.concatenate([provider[~split], via[split], provider[split]])
    rels = np.concatenate([rels[~split], rels[split], rels[split]])

    size = len(key_hi)
    edge_types = a.rel_type.astype(np.uint8)[rels]
    down = adjacency(dependent, provider, rels, edge_types, size)
    up = adjacency(provider, dependent, rels, edge_types, size)
    usual = semantics.relationship_mask()
    return GraphIndex(
        key_hi=key_hi,
        key_lo=key_lo,
        node_type=node_type,
        down=down,
        up=up,
        rel_hi=a.rel_hi,
        rel_lo=a.rel_lo,
        change_key=change_key,
        components=strong_components(up, down, usual) if size else None,
    )


def dependency_edges(a: RelationshipArrays, source: np.ndarray, target: np.ndarray):
    """(dependent, provider, relationship position) of every edge the semantics table gives."""
    directions = semantics.direction_codes(a.rel_type, a.rel_access, a.rel_directed)
    known = (source >= 0) & (target >= 0)
    positions = np.arange(len(directions), dtype=np.int64)
    target_depends = known & (directions != semantics.Direction.SOURCE_DEPENDS)
    source_depends = known & (directions != semantics.Direction.TARGET_DEPENDS)
    dependent = np.concatenate([target[target_depends], source[source_depends]])
    provider = np.concatenate([source[target_depends], target[source_depends]])
    rels = np.concatenate([positions[target_depends], positions[source_depends]])
    return dependent, provider, rels


def adjacency(rows, columns, rels, types, size: int) -> Adjacency:
    # Sorted by row, then by the other end: an edge is then found by bisection (`find_edges`).
    order = np.argsort(rows.astype(np.int64) * size + columns)
    ptr = np.zeros(size + 1, dtype=np.int32)
    np.cumsum(np.bincount(rows, minlength=size), out=ptr[1:])
    return Adjacency(
        ptr=ptr,
        nodes=columns[order].astype(np.int32),
        rels=rels[order].astype(np.int32),
        types=types[order],
    )


# --- From the database -------------------------------------------------------------------------


def arrays_from_database() -> RelationshipArrays:
    """Read every element and relationship (ids and types only) into builder arrays."""
    element_types: list[int] = []
    element_ids: list[uuid.UUID] = []
    codes = semantics.NODE_TYPE_CODE
    for pk, type_name in Element.objects.order_by().values_list("pk", "type").iterator(10_000):
        element_ids.append(pk)
        element_types.append(codes[type_name])
    columns = ("pk", *STRUCTURE_FIELDS[Relationship])
    rows = list(Relationship.objects.order_by().values_list(*columns).iterator(10_000))
    rel_codes, access_codes = semantics.RELATIONSHIP_CODE, semantics.ACCESS_CODE
    element_hi, element_lo = split_uuids(element_ids)
    rel_hi, rel_lo = split_uuids([r[0] for r in rows])
    source_hi, source_lo = split_uuids([r[4] or r[5] for r in rows])
    target_hi, target_lo = split_uuids([r[6] or r[7] for r in rows])
    return RelationshipArrays(
        element_hi=element_hi,
        element_lo=element_lo,
        element_type=np.array(element_types, dtype=np.uint8),
        rel_hi=rel_hi,
        rel_lo=rel_lo,
        rel_type=np.array([rel_codes[r[1]] for r in rows], dtype=np.uint8),
        rel_access=np.array([access_codes.get(r[2], 0) for r in rows], dtype=np.uint8),
        rel_directed=np.array([r[3] for r in rows], dtype=bool),
        source_hi=source_hi,
        source_lo=source_lo,
        source_is_relationship=np.array([r[4] is None for r in rows], dtype=bool),
        target_hi=target_hi,
        target_lo=target_lo,
        target_is_relationship=np.array([r[6] is None for r in rows], dtype=bool),
    )


def structure_fields_by_content_type() -> dict[int, tuple[str, ...]]:
    types = ContentType.objects.get_for_models(*STRUCTURE_FIELDS)  # cached after the first call
    return {types[model].pk: names for model, names in STRUCTURE_FIELDS.items()}


def logged_writes():
    """The change log's entries of elements and relationships."""
    return ChangeLogEntry.objects.filter(content_type__in=structure_fields_by_content_type())


def change_key() -> tuple:
    """What moves whenever an element or relationship is written through the services.

    Every such write logs a `ChangeLogEntry`: the newest entry's id and batch (a random UUID,
    so that ids reused after a rolled-back transaction still differ), and the number of recent
    entries (so that a transaction committing after a newer one is noticed). Two indexed
    queries.
    """
    logged = logged_writes()
    newest = logged.order_by("-id").values_list("id", "batch").first()
    if newest is None:
        return (0, None, 0)
    recent = logged.filter(id__gt=newest[0] - RECENT_WINDOW).count()
    return (newest[0], newest[1], recent)


def structure_unchanged(built: tuple, now: tuple) -> bool:
    """Whether every write logged between two change keys left the graph as it was (staff who
    rename and describe things should not cost every process a rebuild). Never when an entry
    may have been missed: the built key's newest entry gone or another batch's (ids reused
    after a rollback), or an entry committed late into the window the built key counted."""
    newest, batch, recent = built
    if not newest or now[0] < newest:
        return False
    logged = logged_writes()
    if not logged.filter(id=newest, batch=batch).exists():
        return False
    if logged.filter(id__gt=newest - RECENT_WINDOW, id__lte=newest).count() != recent:
        return False
    since = logged.filter(id__gt=newest, id__lte=now[0]).order_by("id")
    entries = list(
        since.values_list("action", "content_type", "before", "after")[: MOST_ENTRIES_READ + 1]
    )
    if len(entries) > MOST_ENTRIES_READ:
        return False
    structure = structure_fields_by_content_type()
    return all(
        action == Action.UPDATE
        and all((before or {}).get(name) == (after or {}).get(name) for name in structure[type_])
        for action, type_, before, after in entries
    )


_lock = threading.Lock()
_cached: GraphIndex | None = None


def current_index() -> GraphIndex:
    """This process's index, rebuilt first if the repository's structure changed since."""
    global _cached
    key = change_key()  # read before the data, so a write in between only causes a rebuild
    cached = _cached
    if cached is not None and cached.change_key == key:
        return cached
    with _lock:
        if _cached is None or _cached.change_key != key:
            if _cached is not None and structure_unchanged(_cached.change_key, key):
                _cached = dataclasses.replace(_cached, change_key=key)
            else:
                _cached = build_index(arrays_from_database(), key)
        return _cached
