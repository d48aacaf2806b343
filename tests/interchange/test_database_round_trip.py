"""Random valid models go into the repository and come out the same (hypothesis), with what
`nakhon:` properties carry (lifecycle, an application's profile) among their properties."""

import dataclasses
import datetime
import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nakhon.archimate import metamodel
from nakhon.interchange.document import (
    ConnectionDoc,
    ElementDoc,
    ModelDocument,
    NodeDoc,
    Property,
    RelationshipDoc,
    ViewDoc,
    join_names,
)
from nakhon.interchange.exporter import export_document
from nakhon.interchange.importer import apply_import
from tests.conftest import examples

pytestmark = pytest.mark.django_db

THAI = st.text(st.sampled_from("กขคงจฉชซญณดตถทนบปผพฟมยรลวศสหอะาิีึืุูเแโใไ่้๊๋์"), min_size=1, max_size=12)
LATIN = st.text(st.sampled_from("abcdefghij KLMNOP=+-@'\"&<>"), min_size=1, max_size=12)
TYPES = sorted(t for t in metamodel.ELEMENT_TYPES if t not in ("Plateau", "BusinessActor"))


@st.composite
def names(draw):
    return join_names(draw(THAI), draw(st.one_of(st.just(""), LATIN)))


DATES = st.dates(datetime.date(2000, 1, 1), datetime.date(2040, 12, 31)).map(str)


@st.composite
def carried(draw, element_type: str) -> list[Property]:
    """What `nakhon:` properties carry, in the order exports write them; defaults left out."""
    found = []
    status = draw(st.sampled_from(["", "plan", "phase_out", "retired"]))
    if status:
        found.append(Property("nakhon:status", status))
    if draw(st.booleans()):
        found.append(Property("nakhon:active_from", draw(DATES)))
    if element_type == "ApplicationComponent" and draw(st.booleans()):
        found.append(Property("nakhon:profile", "applicationprofile"))
        if draw(st.booleans()):
            found.append(Property("nakhon:applicationprofile.hosting", "government_cloud"))
        if draw(st.booleans()):
            found.append(Property("nakhon:applicationprofile.end_of_support", draw(DATES)))
        cents = draw(st.integers(1, 10**9))
        found.append(
            Property("nakhon:applicationprofile.yearly_cost", f"{cents // 100}.{cents % 100:02d}")
        )
        found.append(
            Property("nakhon:applicationprofile.business_fit", str(draw(st.integers(1, 4))))
        )
    return found


@st.composite
def documents(draw) -> ModelDocument:
    count = draw(st.integers(1, 6))
    elements = [
        ElementDoc(
            f"id-e{i}",
            draw(st.sampled_from(TYPES)),
            draw(names()),
            draw(st.one_of(st.just({}), names())),
            draw(st.lists(st.builds(Property, LATIN, st.one_of(THAI, LATIN)), max_size=2)),
        )
        for i in range(count)
    ]
    for element in elements:
        element.properties += draw(carried(element.type))
    relationships = []
    for i in range(draw(st.integers(0, 6))):
        source, target = draw(st.sampled_from(elements)), draw(st.sampled_from(elements))
        allowed = metamodel.allowed_relationship_types(source.type, target.type)
        rel_type = draw(st.sampled_from(allowed))
        relationships.append(
            RelationshipDoc(
                f"id-r{i}",
                rel_type,
                source.identifier,
                target.identifier,
                draw(st.one_of(st.just({}), names())),
                access_type="Read" if rel_type == "Access" else "",
                is_directed=rel_type == "Association" and draw(st.booleans()),
            )
        )
    nodes = [
        NodeDoc(f"n{i}", "element", 10 * i, 20 * i, 120, 55, ref=e.identifier)
        for i, e in enumerate(elements)
    ]
    node_of = {e.identifier: f"n{i}" for i, e in enumerate(elements)}
    connections = [
        ConnectionDoc(
            f"c{i}",
            "relationship",
            node_of[r.source],
            node_of[r.target],
            ref=r.identifier,
            bendpoints=draw(
                st.lists(st.tuples(st.integers(0, 900), st.integers(0, 900)), max_size=2)
            ),
        )
        for i, r in enumerate(relationships)
    ]
    view = ViewDoc(
        "id-v0", draw(names()), viewpoint="layered", nodes=nodes, connections=connections
    )
    return ModelDocument(
        identifier="id-model",
        name=draw(names()),
        elements=sorted(elements, key=lambda e: e.identifier),
        relationships=sorted(relationships, key=lambda r: r.identifier),
        views=[view],
    )


@settings(
    max_examples=examples(25),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(doc=documents())
def test_a_random_model_comes_back_out_of_the_repository_unchanged(system_actor, doc):
    # Each example gets its own identifiers, since the database is shared across examples.
    doc = _renamed(doc, uuid.uuid4().hex[:8])
    apply_import(doc, system_actor)
    exported = export_document()
    mine = {e.identifier for e in doc.elements}
    assert [e for e in exported.elements if e.identifier in mine] == doc.elements
    rels = {r.identifier for r in doc.relationships}
    assert [r for r in exported.relationships if r.identifier in rels] == doc.relationships
    assert (
        next(v for v in exported.views if v.identifier == doc.views[0].identifier) == doc.views[0]
    )
    again = apply_import(doc, system_actor)
    assert {item.action for item in again.items} == {"unchanged"}


def _renamed(doc: ModelDocument, tag: str) -> ModelDocument:
    """The same document with every identifier made unique to this example."""

    def ident(value: str) -> str:
        return f"{value}-{tag}" if value else value

    elements = [dataclasses.replace(e, identifier=ident(e.identifier)) for e in doc.elements]
    relationships = [
        dataclasses.replace(
            r, identifier=ident(r.identifier), source=ident(r.source), target=ident(r.target)
        )
        for r in doc.relationships
    ]
    view = doc.views[0]
    view = dataclasses.replace(
        view,
        identifier=ident(view.identifier),
        nodes=[
            dataclasses.replace(n, identifier=ident(n.identifier), ref=ident(n.ref))
            for n in view.nodes
        ],
        connections=[
            dataclasses.replace(
                c,
                identifier=ident(c.identifier),
                ref=ident(c.ref),
                source=ident(c.source),
                target=ident(c.target),
            )
            for c in view.connections
        ],
    )
    return dataclasses.replace(doc, elements=elements, relationships=relationships, views=[view])
