"""The metamodel against Archi's rules table and against real models made with Archi."""

import csv
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.utils import translation
from lxml import etree

from nakhon.archimate import metamodel
from nakhon.archimate.metamodel import (
    ELEMENT_TYPES,
    RELATIONSHIP_CONCEPT,
    RELATIONSHIP_TYPES,
    Layer,
    RelationshipNotAllowed,
    RulesFileError,
    UnknownType,
)

SHARED = Path(__file__).resolve().parents[3] / "shared"
RULES_DIR = SHARED / "archimate" / "rules"
FIXTURES = SHARED / "fixtures" / "archi"
XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"
EXCHANGE_NS = "{http://www.opengroup.org/xsd/archimate/3.0/}"


def shared_file(path: Path) -> Path:
    if not path.is_file():
        pytest.fail(
            f"Reference file {path} is missing. These tests compare the package against the "
            f"read-only reference copies in {SHARED}; restore them there."
        )
    return path


def safe_parse(path: Path) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.parse(str(shared_file(path)), parser).getroot()


# --- the packaged data -------------------------------------------------------------------


@pytest.mark.parametrize(
    "shared",
    [
        RULES_DIR / "relationships.xml",
        RULES_DIR / "relationships-keys.xml",
        RULES_DIR / "viewpoints.xml",
        SHARED / "archimate" / "LICENSE-archi.txt",
    ],
    ids=lambda path: path.name,
)
def test_packaged_copy_is_byte_identical(shared: Path):
    packaged = metamodel.DATA_DIR / shared.name
    assert packaged.read_bytes() == shared_file(shared).read_bytes()


def test_element_types_are_the_62_of_archimate_3_2_in_61_rule_concepts():
    assert len(ELEMENT_TYPES) == 62
    assert len({t.rules_concept for t in ELEMENT_TYPES.values()}) == 61
    assert ELEMENT_TYPES["AndJunction"].rules_concept == "Junction"
    assert ELEMENT_TYPES["OrJunction"].rules_concept == "Junction"
    assert all(
        t.rules_concept == t.name for t in ELEMENT_TYPES.values() if "Junction" not in t.name
    )


def test_element_types_are_in_specification_order_by_layer():
    assert list(ELEMENT_TYPES)[:6] == [
        "Resource",
        "Capability",
        "ValueStream",
        "CourseOfAction",
        "BusinessActor",
        "BusinessRole",
    ]
    assert list(ELEMENT_TYPES)[-4:] == ["Location", "Grouping", "AndJunction", "OrJunction"]
    layers = [t.layer for t in ELEMENT_TYPES.values()]
    assert list(dict.fromkeys(layers)) == list(Layer)


def test_relationship_types_and_their_letters_from_the_keys_file():
    assert list(RELATIONSHIP_TYPES) == [
        "Composition",
        "Aggregation",
        "Assignment",
        "Realization",
        "Serving",
        "Access",
        "Influence",
        "Triggering",
        "Flow",
        "Specialization",
        "Association",
    ]
    keys = safe_parse(RULES_DIR / "relationships-keys.xml")
    from_file = {key.get("relationship"): key.get("char") for key in keys.iter("key")}
    assert {t.archi_name: t.letter for t in RELATIONSHIP_TYPES.values()} == from_file
    assert RELATIONSHIP_TYPES["Serving"].archi_name == "ServingRelationship"


def test_every_concept_in_the_rules_file_maps_to_a_type():
    rules = safe_parse(RULES_DIR / "relationships.xml")
    in_file = {node.get("concept") for node in rules.iter("source", "target")}
    known = {t.rules_concept for t in ELEMENT_TYPES.values()} | {RELATIONSHIP_CONCEPT}
    assert in_file == known


def test_labels_and_choices():
    with translation.override("en"):
        assert str(ELEMENT_TYPES["BusinessActor"].label) == "Business Actor"
        assert str(ELEMENT_TYPES["CourseOfAction"].label) == "Course of Action"
        assert str(Layer.IMPLEMENTATION_MIGRATION.label) == "Implementation & Migration"
        groups = metamodel.element_type_choices()
        assert [str(label) for label, _ in groups][:2] == ["Strategy", "Business"]
        assert sum(len(options) for _, options in groups) == 62
        assert ("DataObject", "Data Object") in [
            (value, str(label)) for value, label in dict(groups)[Layer.APPLICATION.label]
        ]
        assert [(v, str(label)) for v, label in metamodel.relationship_type_choices()][4] == (
            "Serving",
            "Serving",
        )


def test_layers():
    assert metamodel.layer_of("DataObject") == Layer.APPLICATION
    assert metamodel.layer_of("archimate:Junction") == Layer.OTHER
    assert metamodel.types_in_layer(Layer.PHYSICAL) == [
        "Equipment",
        "Facility",
        "DistributionNetwork",
        "Material",
    ]
    assert metamodel.types_in_layer("strategy") == [
        "Resource",
        "Capability",
        "ValueStream",
        "CourseOfAction",
    ]


# --- normalising names -------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["Serving", "ServingRelationship", "serving", "archimate:ServingRelationship"]
)
def test_normalise_relationship_type(value: str):
    assert metamodel.normalise_relationship_type(value) == "Serving"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("BusinessActor", "BusinessActor"),
        ("archimate:BusinessActor", "BusinessActor"),
        ("businessactor", "BusinessActor"),
        ("Junction", "AndJunction"),
        ("archimate:Junction", "AndJunction"),
        ("OrJunction", "OrJunction"),
        ("DataObject", "DataObject"),
    ],
)
def test_normalise_element_type(value: str, expected: str):
    assert metamodel.normalise_element_type(value) == expected


def test_unknown_names_raise_a_value_error_listing_the_valid_ones():
    with translation.override("en"), pytest.raises(UnknownType) as refusal:
        metamodel.normalise_relationship_type("Uses")
    assert isinstance(refusal.value, ValueError)
    assert "“Uses”" in str(refusal.value)
    assert "Serving, Access" in str(refusal.value)
    with translation.override("en"), pytest.raises(UnknownType) as refusal:
        metamodel.normalise_element_type("ServingRelationship")
    assert "BusinessActor" in str(refusal.value)
    with pytest.raises(UnknownType):
        metamodel.allowed_relationship_types("Server", "Node")


# --- the rules ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rel_type", "source", "target"),
    [
        ("Assignment", "BusinessActor", "BusinessRole"),
        ("Realization", "ApplicationComponent", "ApplicationService"),
        ("Serving", "ApplicationService", "BusinessProcess"),
        ("Access", "BusinessProcess", "BusinessObject"),
        ("Influence", "Driver", "Goal"),
        ("Composition", "Grouping", RELATIONSHIP_CONCEPT),
        ("Association", "BusinessActor", RELATIONSHIP_CONCEPT),
        ("Triggering", "AndJunction", "BusinessProcess"),
    ],
)
def test_allowed_cells(rel_type: str, source: str, target: str):
    assert metamodel.is_allowed(rel_type, source, target)
    metamodel.check_relationship(rel_type, source, target)


@pytest.mark.parametrize(
    ("rel_type", "source", "target"),
    [
        ("Triggering", "DataObject", "DataObject"),
        ("Serving", "DataObject", "BusinessActor"),
        ("Access", "BusinessObject", "BusinessProcess"),
        ("Specialization", "BusinessActor", "BusinessRole"),
        ("Association", RELATIONSHIP_CONCEPT, RELATIONSHIP_CONCEPT),
    ],
)
def test_refused_cells(rel_type: str, source: str, target: str):
    assert not metamodel.is_allowed(rel_type, source, target)
    with pytest.raises(RelationshipNotAllowed):
        metamodel.check_relationship(rel_type, source, target)


def test_allowed_types_come_in_specification_order():
    assert metamodel.allowed_relationship_types("DataObject", "BusinessActor") == ["Association"]
    # relationships.xml: BusinessActor -> BusinessRole relations="fiotv"
    assert metamodel.allowed_relationship_types("BusinessActor", "BusinessRole") == [
        "Assignment",
        "Serving",
        "Triggering",
        "Flow",
        "Association",
    ]


def test_refusal_names_the_rule_and_what_is_allowed():
    with pytest.raises(RelationshipNotAllowed) as refusal:
        metamodel.check_relationship("ServingRelationship", "DataObject", "BusinessActor")
    error = refusal.value
    assert isinstance(error, ValueError)
    assert (error.relationship_type, error.source_type, error.target_type) == (
        "Serving",
        "DataObject",
        "BusinessActor",
    )
    assert error.allowed == ["Association"]
    with translation.override("en"):
        assert str(error) == (
            "ArchiMate 3.2 does not allow a relationship of type Serving from Data Object to "
            "Business Actor. Allowed between these types: Association."
        )


def test_refusal_says_when_nothing_is_allowed():
    with pytest.raises(RelationshipNotAllowed) as refusal:
        metamodel.check_relationship("Association", "Relationship", "AndJunction")
    assert refusal.value.allowed == []
    with translation.override("en"):
        assert "No relationship of any type is allowed" in str(refusal.value)
        assert "from Relationship to And Junction" in str(refusal.value)


# --- the loader fails loudly on a rules file it cannot fully understand -----------------


def write_rules(tmp_path: Path, replace: str, by: str) -> Path:
    text = (metamodel.DATA_DIR / "relationships.xml").read_text(encoding="utf-8")
    assert replace in text
    changed = tmp_path / "relationships.xml"
    changed.write_text(text.replace(replace, by, 1), encoding="utf-8")
    return changed


@pytest.mark.parametrize(
    ("replace", "by", "complaint"),
    [
        ('concept="BusinessActor" relations="', 'concept="BusinessActor" relations="x', "letters"),
        ('<target concept="Gap"', '<target concept="Gaps"', "unknown concept"),
        ('<source concept="Gap">', '<source concept="Gap"><foo/>', "expected <target>"),
        ('version="3.2"', 'version="3.3"', "version"),
        ('<target concept="Gap" relations="o" />', "", "no rule for"),
    ],
)
def test_rules_loader_refuses_what_it_does_not_know(
    tmp_path: Path, replace: str, by: str, complaint: str
):
    with pytest.raises(RulesFileError, match=complaint):
        metamodel.load_rules_file(write_rules(tmp_path, replace, by))


def test_rules_loader_does_not_expand_entities(tmp_path: Path):
    doctype = '<!DOCTYPE relationships [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>\n'
    root = '<relationships version="3.2">'
    rules = write_rules(tmp_path, root, f"{doctype}{root}&xxe;")
    with pytest.raises(RulesFileError, match="found &xxe;"):
        metamodel.load_rules_file(rules)


def test_keys_loader_refuses_an_unknown_relationship(tmp_path: Path):
    keys = tmp_path / "keys.xml"
    keys.write_text(
        '<relationshipskeys><key char="x" relationship="UsesRelationship"/></relationshipskeys>'
    )
    with pytest.raises(RulesFileError, match="UsesRelationship"):
        metamodel.load_relationship_keys(keys, ["ServingRelationship"])


# --- every relationship in every model Archi made is allowed ----------------------------


@dataclass(frozen=True)
class ModelRelationship:
    id: str
    type: str
    source: str
    target: str


@dataclass
class Model:
    element_types: dict[str, str]
    relationships: list[ModelRelationship]

    def end_type(self, ref: str) -> str:
        if ref in self.element_types:
            return self.element_types[ref]
        if any(rel.id == ref for rel in self.relationships):
            return RELATIONSHIP_CONCEPT
        pytest.fail(f"relationship end {ref!r} is neither an element nor a relationship")


# Archi's model-file types that are neither elements nor relationships.
ARCHI_DIAGRAM_TYPES = {"archimate:ArchimateDiagramModel", "archimate:SketchModel"}


def read_archi_model(path: Path) -> Model:
    """Archi's native format: every concept is an <element> in some folder."""
    model = Model({}, [])
    for node in safe_parse(path).iter("element"):
        xsi_type = node.get(XSI_TYPE)
        if xsi_type in ARCHI_DIAGRAM_TYPES:
            continue
        if xsi_type.endswith("Relationship"):
            model.relationships.append(
                ModelRelationship(node.get("id"), xsi_type, node.get("source"), node.get("target"))
            )
        elif xsi_type == "archimate:Junction" and node.get("type") == "or":
            model.element_types[node.get("id")] = "OrJunction"
        else:
            model.element_types[node.get("id")] = metamodel.normalise_element_type(xsi_type)
    return model


def read_exchange_model(path: Path) -> Model:
    """The Open Group exchange format: <elements> and <relationships> lists."""
    root = safe_parse(path)
    elements = root.iterfind(f"{EXCHANGE_NS}elements/{EXCHANGE_NS}element")
    relationships = root.iterfind(f"{EXCHANGE_NS}relationships/{EXCHANGE_NS}relationship")
    return Model(
        {node.get("identifier"): node.get(XSI_TYPE) for node in elements},
        [
            ModelRelationship(
                node.get("identifier"), node.get(XSI_TYPE), node.get("source"), node.get("target")
            )
            for node in relationships
        ],
    )


def read_csv_model(path: Path) -> Model:
    """Archi's CSV export: <name>-elements.csv and <name>-relations.csv side by side."""

    def rows(suffix: str) -> list[dict[str, str]]:
        with shared_file(path.parent / f"{path.name}-{suffix}.csv").open(encoding="utf-8") as f:
            return list(csv.DictReader(f))

    return Model(
        {
            # Rows without an ID get one on import, so nothing can refer to them.
            row["ID"]: metamodel.normalise_element_type(row["Type"])
            for row in rows("elements")
            if row["Type"] != "ArchimateModel" and row["ID"]
        },
        [
            ModelRelationship(row["ID"], row["Type"], row["Source"], row["Target"])
            for row in rows("relations")
        ],
    )


@pytest.mark.parametrize(
    ("reader", "path", "count"),
    [
        (read_archi_model, FIXTURES / "Archisurance.archimate", 176),
        (read_exchange_model, FIXTURES / "Sample1.xml", 1),
        (read_exchange_model, FIXTURES / "bendpoint.test.xml", 2),
        (read_csv_model, FIXTURES / "csv" / "test1", 2),
        (read_csv_model, FIXTURES / "csv" / "test2", 2),
        (read_csv_model, FIXTURES / "csv" / "test3", 1),
    ],
    ids=lambda value: value.name if isinstance(value, Path) else None,
)
def test_every_relationship_in_the_archi_fixtures_is_allowed(
    reader: Callable[[Path], Model], path: Path, count: int
):
    model = reader(path)
    refused = []
    for rel in model.relationships:
        source, target = model.end_type(rel.source), model.end_type(rel.target)
        if not metamodel.is_allowed(rel.type, source, target):
            refused.append(f"{rel.id}: {rel.type} {source} -> {target}")
    assert refused == []
    assert len(model.relationships) == count
