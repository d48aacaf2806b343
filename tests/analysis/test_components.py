"""Unlimited walks over strongly connected components, on small graphs built as arrays (no
database) whose answers are written here: what is reached, and that every path shown is a
chain of dependency edges from the element asked about to the one reached."""

import uuid

import networkx as nx
import numpy as np
import pytest

from nakhon.analysis import semantics
from nakhon.analysis.graph import RelationshipArrays, build_index, split_uuids
from nakhon.analysis.walk import PASS_THROUGH, hits, walk

USUAL = semantics.relationship_mask()


class Graph:
    """Elements and relationships by key, built into an index."""

    def __init__(self):
        self.elements: dict[str, tuple[uuid.UUID, str]] = {}
        self.relationships: dict[str, tuple] = {}

    def element(self, *keys, type_="ApplicationComponent"):
        for key in keys:
            self.elements[key] = (uuid.uuid4(), type_)

    def rel(self, source, type_, target, key=None, access="", directed=False):
        self.relationships[key or f"{source}-{type_}-{target}-{len(self.relationships)}"] = (
            uuid.uuid4(),
            source,
            type_,
            target,
            access,
            directed,
        )

    def serves(self, *chain):
        """Serving along a chain of keys: each serves the next (the next depends on it)."""
        for source, target in zip(chain, chain[1:], strict=False):
            self.rel(source, "Serving", target)

    def id_of(self, key) -> uuid.UUID:
        if key in self.elements:
            return self.elements[key][0]
        return self.relationships[key][0]

    def is_relationship(self, key) -> bool:
        return key in self.relationships

    def index(self):
        rels = list(self.relationships.values())
        element_hi, element_lo = split_uuids([pk for pk, _type in self.elements.values()])
        rel_hi, rel_lo = split_uuids([r[0] for r in rels])
        source_hi, source_lo = split_uuids([self.id_of(r[1]) for r in rels])
        target_hi, target_lo = split_uuids([self.id_of(r[3]) for r in rels])
        codes = semantics.NODE_TYPE_CODE
        self.keys = {self.id_of(key): key for key in (*self.elements, *self.relationships)}
        return build_index(
            RelationshipArrays(
                element_hi=element_hi,
                element_lo=element_lo,
                element_type=np.array(
                    [codes[type_] for _pk, type_ in self.elements.values()], dtype=np.uint8
                ),
                rel_hi=rel_hi,
                rel_lo=rel_lo,
                rel_type=np.array(
                    [semantics.RELATIONSHIP_CODE[r[2]] for r in rels], dtype=np.uint8
                ),
                rel_access=np.array([semantics.ACCESS_CODE[r[4]] for r in rels], dtype=np.uint8),
                rel_directed=np.array([r[5] for r in rels], dtype=bool),
                source_hi=source_hi,
                source_lo=source_lo,
                source_is_relationship=np.array([self.is_relationship(r[1]) for r in rels]),
                target_hi=target_hi,
                target_lo=target_lo,
                target_is_relationship=np.array([self.is_relationship(r[3]) for r in rels]),
            )
        )

    def reached(self, index, key, upstream=True, **options) -> dict:
        """{key: depth} of what a walk from `key` (by the usual relationship types unless told)
        lists, its paths checked first."""
        options.setdefault("relationship_types", USUAL)
        origin = index.position(self.id_of(key))
        result = walk(index, [origin], upstream=upstream, **options)
        assert_paths_are_chains_of_edges(result, origin)
        rows = hits(index, result)
        keys = [self.keys[pk] for pk in index.node_ids(result.node[rows])]
        return dict(zip(keys, result.depth[rows].tolist(), strict=True))

    def component_keys(self, index) -> list[set]:
        """The components of more than one node, as sets of keys."""
        components = index.components
        found = []
        for c in range(components.count):
            members = components.members[components.ptr[c] : components.ptr[c + 1]]
            if len(members) > 1:
                found.append({self.keys[pk] for pk in index.node_ids(members)})
        return found


def assert_paths_are_chains_of_edges(result, origin: int) -> None:
    """Every row but the first is reached from an earlier node of its path by an edge of the
    walk's types; each path starts at the origin, visits no node twice, and its depth counts
    its steps that are not junctions or relationship nodes. Each node is reached once."""
    assert result.node[0] == origin and result.parent[0] == -1
    assert len(set(result.node.tolist())) == len(result)
    rows = np.arange(1, len(result))
    assert (result.parent[rows] >= 0).all()
    edges = result.edges(rows)
    adjacency = result.adjacency
    from_node = np.searchsorted(adjacency.ptr, edges, side="right") - 1
    assert (from_node == result.node[result.parent[rows]]).all()
    assert (adjacency.nodes[edges] == result.node[rows]).all()
    assert result.relationship_types[adjacency.types[edges]].all()
    for row in range(len(result)):
        path = result.path_rows(row)
        nodes = result.node[path]
        assert nodes[0] == origin
        assert len(set(nodes.tolist())) == len(nodes)
        steps = int((~PASS_THROUGH[result.index.node_type[nodes[1:]]]).sum())
        assert result.depth[row] == steps


def uses_components(index, types=USUAL) -> bool:
    return index.components is not None and np.array_equal(
        types, index.components.relationship_types
    )


@pytest.fixture
def nested_cycles():
    """a -> b -> c -> a and c -> d -> e -> c (sharing c: one component), a serving itself,
    e -> f leaving it, g -> a entering it (X -> Y: X serves Y, Y depends on X)."""
    graph = Graph()
    graph.element(*"abcdefg")
    graph.serves("a", "b", "c", "a")
    graph.serves("c", "d", "e", "c")
    graph.serves("a", "a")
    graph.serves("e", "f")
    graph.serves("g", "a")
    return graph


def test_nested_cycles_are_one_component_and_each_member_is_reached_once(nested_cycles):
    index = nested_cycles.index()

    assert uses_components(index)
    assert nested_cycles.component_keys(index) == [set("abcde")]
    up_from_a = nested_cycles.reached(index, "a")
    assert set(up_from_a) == set("bcdef")
    assert up_from_a["b"] == 1  # the only way there
    assert nested_cycles.reached(index, "g") == {
        "a": 1,
        "b": 2,
        "c": 3,
        "d": 4,
        "e": 5,
        "f": 6,
    }
    assert nested_cycles.reached(index, "f") == {}
    assert set(nested_cycles.reached(index, "f", upstream=False)) == set("abcdeg")
    assert set(nested_cycles.reached(index, "d", upstream=False)) == set("abceg")


def test_every_member_of_a_component_reaches_the_others_from_any_entry(nested_cycles):
    index = nested_cycles.index()
    for key in "abcde":
        assert set(nested_cycles.reached(index, key)) == set("abcdef") - {key}
        assert set(nested_cycles.reached(index, key, upstream=False)) == set("abcdeg") - {key}


def test_a_depth_limit_walks_level_by_level_with_the_fewest_steps(nested_cycles):
    index = nested_cycles.index()

    assert nested_cycles.reached(index, "a", max_depth=2) == {"b": 1, "c": 2}
    assert nested_cycles.reached(index, "e", max_depth=2) == {"c": 1, "f": 1, "a": 2, "d": 2}
    assert nested_cycles.reached(index, "a", max_depth=99) == {
        "b": 1,
        "c": 2,
        "d": 3,
        "e": 4,
        "f": 5,
    }


def test_other_relationship_types_are_walked_by_breadth_first_search():
    """Serving a -> b -> a is a component; a Flow b -> c and an Association c -> a only count
    when asked for, and then a, b, c are one component the index did not make."""
    graph = Graph()
    graph.element(*"abc")
    graph.serves("a", "b", "a")
    graph.rel("b", "Flow", "c")
    graph.rel("c", "Association", "a", directed=True)
    index = graph.index()
    serving = semantics.relationship_mask(("Serving",))
    with_associations = semantics.relationship_mask(
        (*semantics.DEFAULT_RELATIONSHIP_TYPES, "Association")
    )

    assert graph.component_keys(index) == [{"a", "b"}]
    assert graph.reached(index, "a") == {"b": 1, "c": 2}
    assert not uses_components(index, serving)
    assert graph.reached(index, "a", relationship_types=serving) == {"b": 1}
    assert graph.reached(index, "c", relationship_types=serving) == {}
    assert graph.reached(index, "c") == {}
    assert graph.reached(index, "c", relationship_types=with_associations) == {"a": 1, "b": 2}


def test_a_junction_in_a_cycle_is_crossed_and_not_listed_or_counted():
    """hosting -> and -> x, y; x -> hosting closes the cycle through the junction."""
    graph = Graph()
    graph.element("hosting", type_="TechnologyService")
    graph.element("and", type_="AndJunction")
    graph.element("x", "y")
    graph.serves("hosting", "and", "x", "hosting")
    graph.serves("and", "y")
    index = graph.index()

    assert graph.component_keys(index) == [{"hosting", "and", "x"}]
    assert graph.reached(index, "hosting") == {"x": 1, "y": 1}
    assert graph.reached(index, "x") == {"hosting": 1, "y": 2}
    assert graph.reached(index, "y", upstream=False) == {"hosting": 1, "x": 2}


def test_a_relationship_that_is_an_end_is_a_member_of_its_edge_s_component():
    """sender -Flow-> receiver, receiver serves sender; a data object associated with the
    flow is reached through the flow only when associations are followed."""
    graph = Graph()
    graph.element("sender", "receiver")
    graph.element("payload", type_="DataObject")
    graph.rel("sender", "Flow", "receiver", key="flow")
    graph.serves("receiver", "sender")
    graph.rel("payload", "Association", "flow")
    index = graph.index()
    with_associations = semantics.relationship_mask(
        (*semantics.DEFAULT_RELATIONSHIP_TYPES, "Association")
    )

    assert graph.component_keys(index) == [{"sender", "flow", "receiver"}]
    assert graph.reached(index, "sender") == {"receiver": 1}
    assert graph.reached(index, "receiver") == {"sender": 1}
    found = graph.reached(index, "sender", relationship_types=with_associations)
    assert found == {"receiver": 1, "payload": 1}


def test_read_write_access_makes_a_component_and_a_self_relationship_changes_nothing():
    """app reads and writes data (twice over), writes a report; other serves itself."""
    graph = Graph()
    graph.element("app", "other")
    graph.element("data", "report", type_="DataObject")
    graph.rel("app", "Access", "data", access="ReadWrite")
    graph.rel("app", "Access", "data", access="ReadWrite")
    graph.rel("app", "Access", "report", access="Write")
    graph.serves("other", "other")
    index = graph.index()

    assert graph.component_keys(index) == [{"app", "data"}]
    assert graph.reached(index, "app") == {"data": 1, "report": 1}
    assert graph.reached(index, "data") == {"app": 1, "report": 2}
    assert graph.reached(index, "report", upstream=False) == {"app": 1, "data": 2}
    assert graph.reached(index, "other") == {}
    assert graph.reached(index, "other", upstream=False) == {}


@pytest.mark.parametrize("seed", range(6))
def test_random_graphs_reach_what_networkx_reaches_by_valid_paths(seed):
    """Parallel edges, self-relationships, read/write access and junctions, in graphs dense
    enough to form components; checked against networkx from every fifth node."""
    rng = np.random.default_rng(seed)
    graph = Graph()
    count = 60
    keys = [f"n{i}" for i in range(count)]
    for key in keys:
        graph.element(key, type_="AndJunction" if rng.random() < 0.1 else "Node")
    kinds = (("Serving", ""), ("Flow", ""), ("Access", "ReadWrite"), ("Access", "Read"))
    kinds += (("Association", ""),)
    for _ in range(int(count * rng.uniform(1.0, 2.0))):
        source, target = rng.integers(0, count, 2)
        type_, access = kinds[rng.integers(0, len(kinds))]
        graph.rel(keys[source], type_, keys[target], access=access)
    index = graph.index()
    assert uses_components(index)
    up = index.up
    usual = USUAL[up.types]
    sources = np.repeat(np.arange(index.size), np.diff(up.ptr))[usual]
    reference = nx.DiGraph()
    reference.add_nodes_from(range(index.size))
    reference.add_edges_from(zip(sources.tolist(), up.nodes[usual].tolist(), strict=True))

    for key in keys[::5]:
        origin = index.position(graph.id_of(key))
        for upstream in (True, False):
            result = walk(index, [origin], upstream=upstream, relationship_types=USUAL)
            assert_paths_are_chains_of_edges(result, origin)
            expected = (nx.descendants if upstream else nx.ancestors)(reference, origin)
            assert set(result.node[1:].tolist()) == expected
