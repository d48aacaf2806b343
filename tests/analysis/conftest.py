"""A small-model builder for the analysis tests: elements and relationships by short keys."""

import pytest

from nakhon.analysis import graph
from nakhon.analysis.graph import current_index
from nakhon.repository.services import elements, relationships


class Model:
    """Elements and relationships of a hand-built model, by the keys the test gave them."""

    def __init__(self, actor, owner):
        self.actor = actor
        self.owner = owner
        self.objects: dict = {}

    def __getitem__(self, key):
        return self.objects[key]

    def element(self, key: str, type_: str, name: str | None = None, **values):
        values.setdefault("owner_unit", self.owner)
        self.objects[key] = elements.create(
            self.actor, type=type_, name=name or key, name_en=name or key, **values
        )
        return self.objects[key]

    def rel(self, source: str, type_: str, target: str, key: str | None = None, **values):
        """A relationship; an end given as a relationship's key makes it relationship-to-
        relationship."""
        ends = {}
        for end, ref in (("source", source), ("target", target)):
            obj = self.objects[ref]
            field = end if obj._meta.model_name == "element" else f"{end}_relationship"
            ends[field] = obj
        created = relationships.create(self.actor, type=type_, **ends, **values)
        self.objects[key or f"{source}-{type_}-{target}"] = created
        return created

    def index(self):
        return current_index()

    def names(self, infos) -> set:
        return {info.name for info in infos}


@pytest.fixture(autouse=True)
def no_index_yet(monkeypatch):
    """Each test starts as a new process would, with no index built: what another test's
    rolled-back model left cached would cost a query or two to find out of date."""
    monkeypatch.setattr(graph, "_cached", None)


@pytest.fixture
def model(system_actor, unit_a):
    return Model(system_actor, unit_a)
