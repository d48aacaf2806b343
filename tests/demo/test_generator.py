import io
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from lxml import etree

from nakhon.archimate.metamodel import ELEMENT_TYPES, Layer, allowed_relationship_types
from nakhon.core.models import ChangeLogEntry
from nakhon.demo.generator import SCALES, generate
from nakhon.demo.management.commands.demo import scale_sizes
from nakhon.interchange.exchange.reader import read_exchange
from nakhon.interchange.exchange.schema import exchange_schema
from nakhon.interchange.exchange.writer import write_exchange
from nakhon.interchange.importer import apply_import
from nakhon.repository.models import Element, Relationship, View

SIZES = (300, 900, 5)


@pytest.fixture(scope="module")
def doc():
    return generate(*SIZES, seed=7)


def test_the_same_seed_gives_the_same_document_and_another_seed_another(doc):
    assert generate(*SIZES, seed=7) == doc
    other = generate(*SIZES, seed=8)
    assert other != doc
    assert {e.identifier for e in other.elements}.isdisjoint(e.identifier for e in doc.elements)


def test_the_counts_are_the_ones_asked_for(doc):
    assert (len(doc.elements), len(doc.relationships), len(doc.views)) == SIZES
    identifiers = [e.identifier for e in doc.elements] + [r.identifier for r in doc.relationships]
    identifiers += [v.identifier for v in doc.views]
    identifiers += [n.identifier for v in doc.views for n in v.nodes]
    identifiers += [c.identifier for v in doc.views for c in v.connections]
    assert len(set(identifiers)) == len(identifiers)
    assert all(i.startswith("id-") for i in identifiers)


def test_the_mix_is_a_city_repository(doc):
    types = Counter(e.type for e in doc.elements)
    layers = Counter(ELEMENT_TYPES[t].layer for t in types.elements())
    assert types.most_common(1)[0][0] == "ApplicationComponent"
    assert layers[Layer.MOTIVATION] < len(doc.elements) * 0.1
    assert any("th" in e.name and "en" in e.name for e in doc.elements)
    assert any(e.properties for e in doc.elements)
    relationship_types = Counter(r.type for r in doc.relationships)
    assert relationship_types["Association"] < len(doc.relationships) * 0.15
    # A few hubs: the busiest element has far more relationships than the average (6).
    degree = Counter(r.target for r in doc.relationships)
    degree.update(r.source for r in doc.relationships)
    assert degree.most_common(1)[0][1] > 50


def test_every_relationship_is_allowed_by_the_metamodel(doc):
    types = {e.identifier: e.type for e in doc.elements}
    for rel in doc.relationships:
        assert rel.type in allowed_relationship_types(types[rel.source], types[rel.target])


def test_views_connect_only_shown_nodes_for_their_relationships(doc):
    relationships = {r.identifier: r for r in doc.relationships}
    for view in doc.views:
        refs = {n.identifier: n.ref for n in view.nodes}
        assert 1 < len(view.nodes) <= 20
        assert len(set(refs.values())) == len(refs)  # each element drawn once
        for connection in view.connections:
            rel = relationships[connection.ref]
            assert (refs[connection.source], refs[connection.target]) == (rel.source, rel.target)
        # and every relationship between two shown elements is drawn
        shown = set(refs.values())
        drawn = {c.ref for c in view.connections}
        between = {r.identifier for r in doc.relationships if {r.source, r.target} <= shown}
        assert drawn == between
    assert sum(len(v.connections) for v in doc.views) > 0


def test_it_writes_an_exchange_file_that_reads_back_the_same(doc):
    target = io.BytesIO()
    write_exchange(doc, target)
    # schema-valid, identity constraints included
    exchange_schema().assertValid(etree.fromstring(target.getvalue()))
    back = read_exchange(io.BytesIO(target.getvalue()))
    assert back.elements == doc.elements
    assert back.relationships == doc.relationships
    assert [v.connections for v in back.views] == [v.connections for v in doc.views]


@pytest.mark.django_db
def test_it_imports_with_nothing_refused(doc, system_actor):
    plan = apply_import(doc, system_actor)
    assert not plan.refused
    assert Element.objects.count() == len(doc.elements)
    assert Relationship.objects.count() == len(doc.relationships)
    assert View.objects.count() == len(doc.views)


def test_scales_and_numbers():
    assert scale_sizes("bench") == SCALES["bench"] == (100_000, 300_000, 500)
    assert scale_sizes("1000") == (1000, 3000, 5)


def test_the_command_writes_the_file(tmp_path):
    output = tmp_path / "model.xml"
    out = io.StringIO()
    call_command(
        "demo", "generate", "--scale", "400", "--seed", "3", "--output", output, stdout=out
    )
    assert "400 elements, 1200 relationships and 2 views" in out.getvalue()
    assert read_exchange(output).elements == generate(400, 1200, 2, seed=3).elements


@pytest.mark.django_db
def test_the_command_stores_the_model_in_the_database_as_one_logged_batch():
    out = io.StringIO()
    call_command("demo", "generate", "--scale", "200", "--seed", "5", "--database", stdout=out)
    assert "200 elements, 600 relationships and 1 views" in out.getvalue()
    doc = generate(200, 600, 1, seed=5)
    stored = set(Element.objects.values_list("identifier", flat=True))
    assert stored == {e.identifier for e in doc.elements}
    assert Relationship.objects.count() == 600
    batches = ChangeLogEntry.objects.order_by().values_list("batch", "user__username").distinct()
    assert list(batches) == [(batches[0][0], "nakhon-demo")]
    # Elements, relationships, the view, and the model's information, which is logged too.
    assert ChangeLogEntry.objects.count() == 200 + 600 + 1 + 1


def test_the_command_wants_a_file_or_the_database():
    with pytest.raises(CommandError):
        call_command("demo", "generate", "--scale", "10")
