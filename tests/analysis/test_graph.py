"""The graph index: dependency direction per relationship type, junctions, relationships as
nodes, cycles, self-relationships, and the change counter that rebuilds it."""

import numpy as np
import pytest

from nakhon.analysis import semantics
from nakhon.analysis.graph import current_index
from nakhon.analysis.semantics import Direction, direction
from nakhon.analysis.walk import hits, walk
from nakhon.core.models import ChangeLogEntry
from nakhon.repository.services import elements, relationships


@pytest.mark.parametrize(
    ("rel_type", "access", "directed", "expected"),
    [
        ("Serving", "", False, Direction.TARGET_DEPENDS),
        ("Realization", "", False, Direction.TARGET_DEPENDS),
        ("Assignment", "", False, Direction.TARGET_DEPENDS),
        ("Composition", "", False, Direction.TARGET_DEPENDS),
        ("Aggregation", "", False, Direction.TARGET_DEPENDS),
        ("Flow", "", False, Direction.TARGET_DEPENDS),
        ("Triggering", "", False, Direction.TARGET_DEPENDS),
        ("Access", "Read", False, Direction.SOURCE_DEPENDS),
        ("Access", "", False, Direction.SOURCE_DEPENDS),
        ("Access", "Access", False, Direction.SOURCE_DEPENDS),
        ("Access", "Write", False, Direction.TARGET_DEPENDS),
        ("Access", "ReadWrite", False, Direction.BOTH),
        ("Specialization", "", False, Direction.SOURCE_DEPENDS),
        ("Association", "", False, Direction.BOTH),
        ("Association", "", True, Direction.TARGET_DEPENDS),
    ],
)
def test_the_semantics_table_says_which_end_depends(rel_type, access, directed, expected):
    assert direction(rel_type, access, directed) == expected
    codes = semantics.direction_codes(
        np.array([semantics.RELATIONSHIP_CODE[rel_type]], dtype=np.uint8),
        np.array([semantics.ACCESS_CODE[access]], dtype=np.uint8),
        np.array([directed]),
    )
    assert codes[0] == expected


def neighbours(index, key_element, upstream: bool) -> set:
    adjacency = index.adjacency(upstream)
    position = index.position(key_element.pk)
    ends = adjacency.nodes[adjacency.ptr[position] : adjacency.ptr[position + 1]]
    return set(index.node_ids(ends))


def test_each_relationship_becomes_an_edge_from_the_dependent_to_what_it_depends_on(model):
    server = model.element("server", "Node")
    app = model.element("app", "ApplicationComponent")
    data = model.element("data", "DataObject")
    log = model.element("log", "DataObject")
    model.rel("server", "Serving", "app")
    model.rel("app", "Access", "data", access_type="Read")
    model.rel("app", "Access", "log", access_type="Write")
    index = current_index()

    assert index.size == 4 + 2  # and the fixtures' two org units (BusinessActors)
    assert index.edge_count == 3
    assert neighbours(index, app, upstream=False) == {server.pk, data.pk}  # app depends on
    assert neighbours(index, app, upstream=True) == {log.pk}  # depends on app
    assert neighbours(index, server, upstream=True) == {app.pk}
    assert neighbours(index, data, upstream=True) == {app.pk}


def upstream_names(index, element, **options) -> dict:
    """{name: depth} of everything upstream of `element`, by the usual relationship types."""
    options.setdefault("relationship_types", semantics.relationship_mask())
    result = walk(index, [index.position(element.pk)], upstream=True, **options)
    rows = hits(index, result)
    infos = index.node_ids(result.node[rows])
    names = dict(elements.model.objects.filter(pk__in=infos).values_list("pk", "name"))
    return {names[pk]: int(depth) for pk, depth in zip(infos, result.depth[rows], strict=True)}


@pytest.mark.parametrize("max_depth", [None, 10])  # SciPy's walk and the level walk
def test_a_cycle_is_walked_once_and_a_self_relationship_changes_nothing(model, max_depth):
    for key in ("a", "b", "c"):
        model.element(key, "ApplicationComponent")
    model.rel("a", "Serving", "b")
    model.rel("b", "Serving", "c")
    model.rel("c", "Serving", "a")
    model.rel("a", "Serving", "a")

    assert upstream_names(current_index(), model["a"], max_depth=max_depth) == {"b": 1, "c": 2}


@pytest.mark.parametrize("max_depth", [None, 1])
def test_a_junction_passes_dependency_through_without_being_a_step(model, max_depth):
    model.element("hosting", "TechnologyService")
    model.element("and", "AndJunction")
    model.element("x", "ApplicationComponent")
    model.element("y", "ApplicationComponent")
    model.rel("hosting", "Serving", "and")
    model.rel("and", "Serving", "x")
    model.rel("and", "Serving", "y")

    found = upstream_names(current_index(), model["hosting"], max_depth=max_depth)

    assert found == {"x": 1, "y": 1}  # the junction is crossed, not listed, not counted


def test_a_relationship_that_is_an_end_becomes_a_node_in_the_middle_of_its_edge(model):
    model.element("sender", "ApplicationComponent")
    model.element("receiver", "ApplicationComponent")
    model.element("payload", "DataObject")
    flow = model.rel("sender", "Flow", "receiver", key="flow")
    model.rel("payload", "Association", "flow")
    index = current_index()

    assert index.position(flow.pk) is not None
    assert upstream_names(index, model["sender"]) == {"receiver": 1}
    with_associations = semantics.relationship_mask(
        (*semantics.DEFAULT_RELATIONSHIP_TYPES, "Association")
    )
    found = upstream_names(index, model["sender"], relationship_types=with_associations)
    assert found == {"receiver": 1, "payload": 1}  # the flow's annotation, through the flow


def test_both_engines_give_the_same_rows_and_explaining_edges(model):
    for key in ("s", "a", "b", "c", "d"):
        model.element(key, "ApplicationComponent")
    for source, target in (("s", "a"), ("s", "b"), ("a", "c"), ("b", "c"), ("c", "d")):
        model.rel(source, "Serving", target)
    index = current_index()
    origin = [index.position(model["s"].pk)]
    fast = walk(index, origin, upstream=True)
    levels = walk(index, origin, upstream=True, max_depth=99)

    def rows(result):
        edges = result.edges(np.arange(len(result)))
        rels = [int(result.adjacency.rels[e]) if e >= 0 else -1 for e in edges]
        return sorted(
            (int(n), int(d), r) for n, d, r in zip(result.node, result.depth, rels, strict=True)
        )

    assert rows(fast) == rows(levels)
    assert sorted(fast.depth.tolist()) == [0, 1, 1, 2, 3]


def test_the_index_is_rebuilt_when_the_repository_changes_and_only_then(model):
    model.element("one", "ApplicationComponent")
    first = current_index()
    assert current_index() is first

    model.element("two", "ApplicationComponent")
    second = current_index()

    assert second is not first
    assert second.size == first.size + 1
    assert current_index() is second


def test_renames_keep_the_index_and_a_change_of_structure_rebuilds_it(model, system_actor):
    for key in ("app", "portal", "other"):
        model.element(key, "ApplicationComponent")
    serving = model.rel("app", "Serving", "portal", key="serving")
    first = current_index()

    elements.update(system_actor, model["app"], version=None, name="ระบบใหม่", documentation="x")
    relationships.update(system_actor, serving, version=None, name="ให้บริการ")
    renamed = current_index()
    assert renamed.change_key != first.change_key
    assert renamed.down is first.down  # the same arrays: nothing was rebuilt

    relationships.update(system_actor, serving, version=None, target=model["other"])
    moved = current_index()
    assert upstream_names(moved, model["app"]) == {"other": 1}

    elements.update(system_actor, model["portal"], version=None, type="ApplicationInterface")
    assert current_index().down is not moved.down


def test_an_entry_gone_from_the_window_the_index_counted_rebuilds_it(model, system_actor):
    model.element("app", "ApplicationComponent")
    model.element("other", "ApplicationComponent")
    first = current_index()
    ChangeLogEntry.objects.order_by("id").first().delete()  # as if the count had moved
    elements.update(system_actor, model["app"], version=None, name="ระบบใหม่")
    assert current_index().down is not first.down


def test_an_index_lookup_finds_each_uuid_and_refuses_an_unknown_one(model):
    app = model.element("app", "ApplicationComponent")
    index = current_index()
    assert index.node_id(index.position(app.pk)) == app.pk
    assert index.position(model.owner.pk) is not None
    import uuid

    assert index.position(uuid.uuid4()) is None
