"""Exchange files to documents and back: Archi's files, every feature, random documents."""

import copy
import dataclasses
import io
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from nakhon.archimate.metamodel import ACCESS_TYPES, ELEMENT_TYPES, RELATIONSHIP_TYPES
from nakhon.archimate.viewpoints import VIEWPOINTS
from nakhon.interchange.document import (
    ConnectionDoc,
    ElementDoc,
    FolderDoc,
    ModelDocument,
    NodeDoc,
    Property,
    RelationshipDoc,
    ViewDoc,
)
from nakhon.interchange.errors import InterchangeError
from nakhon.interchange.exchange import writer
from nakhon.interchange.exchange.names import (
    DATA_TYPES,
    ESCAPED_PREFIX,
    identifier_from_xml,
    identifier_to_xml,
    viewpoint_id,
)
from nakhon.interchange.exchange.reader import read_exchange
from nakhon.interchange.exchange.schema import exchange_schema
from nakhon.interchange.exchange.writer import write_exchange
from tests.conftest import examples

FULL_STYLE = {
    "lineColor": {"r": 92, "g": 92, "b": 92, "a": 100},
    "fillColor": {"r": 255, "g": 255, "b": 181},
    "font": {
        "name": "TH Sarabun New",
        "size": 9.5,
        "style": "bold italic",
        "color": {"r": 0, "g": 0, "b": 0, "a": 50},
    },
    "lineWidth": 2,
}


def every_feature() -> ModelDocument:
    """A document using everything the exchange format can carry."""
    return ModelDocument(
        identifier="id-model",
        name={"th": "แบบจำลองเมือง", "en": "City model", "ja": "都市モデル"},
        documentation={"th": "คำอธิบาย", "en": "Line one\nline two\r\n  indented & <escaped>"},
        properties=[Property("owner", "สำนักยุทธศาสตร์"), Property("reviewed", "true")],
        property_types={
            "owner": "string",
            "reviewed": "boolean",
            "cost": "currency",
            "since": "date",
        },
        elements=[
            ElementDoc(
                "id-actor",
                "BusinessActor",
                {"th": "ประชาชน", "en": "Citizen", "ja": "市民"},
                {"th": "ผู้รับบริการ", "": "no language"},
                [Property("cost", "12.50"), Property("cost", "13")],
            ),
            ElementDoc(
                "id-service",
                "BusinessService",
                {"th": "ขออนุญาตก่อสร้าง"},
                properties=[Property("since", "2024-01-01")],
            ),
            ElementDoc("id-app", "ApplicationComponent", {"en": "BMA OSS"}),
            ElementDoc("id-data", "DataObject", {"": "คำขอ"}),
            ElementDoc("id-goal", "Goal", {"th": "เมืองน่าอยู่"}),
            ElementDoc("id-and", "AndJunction"),
            ElementDoc("id-or", "OrJunction", {"en": "either"}),
            ElementDoc("id-group", "Grouping", {"en": "Group"}),
            ElementDoc("id-place", "Location", {"th": "เขตพระนคร"}),
            ElementDoc("id-unnamed", "Node"),
            ElementDoc("1st element", "Capability", {"en": "Identifier needs escaping"}),
            ElementDoc("องค์ประกอบ", "Resource", {"th": "ตัวระบุภาษาไทย"}),
            ElementDoc(ESCAPED_PREFIX + "looks escaped", "Value", {"en": "Prefix taken"}),
        ],
        relationships=[
            RelationshipDoc(
                "id-r1",
                "Serving",
                "id-service",
                "id-actor",
                {"th": "ให้บริการ"},
                {"en": "doc"},
                [Property("owner", "กทม.")],
            ),
            RelationshipDoc("id-r2", "Access", "id-app", "id-data", access_type="ReadWrite"),
            RelationshipDoc("id-r3", "Access", "id-app", "id-data"),
            RelationshipDoc("id-r4", "Serving", "id-app", "id-or"),
            RelationshipDoc("id-r5", "Serving", "id-or", "id-service"),
            RelationshipDoc("id-r6", "Triggering", "id-service", "id-and"),
            RelationshipDoc("id-r7", "Influence", "id-service", "id-goal", modifier="++"),
            RelationshipDoc("id-r8", "Association", "id-goal", "id-r1", is_directed=True),
            RelationshipDoc("id-r9", "Association", "id-r8", "id-r1"),
            RelationshipDoc("id-r10", "Composition", "id-group", "1st element"),
            RelationshipDoc("id-r11", "Aggregation", "id-place", "องค์ประกอบ"),
        ],
        folders=[
            FolderDoc(
                {"en": "Business", "th": "ธุรกิจ"},
                {"en": "The business layer"},
                "folder-business",
                items=["id-actor", "id-service"],
                children=[
                    FolderDoc({"th": "บริการ"}, items=["id-goal", "id-r1"]),
                    FolderDoc({"en": "Empty"}),
                ],
            ),
            FolderDoc({"en": "Views"}, items=["id-view", "id-other view"]),
        ],
        views=[
            ViewDoc(
                "id-view",
                {"th": "ภาพรวม", "en": "Overview"},
                {"en": "What the city does"},
                [Property("owner", "ทีมสถาปัตยกรรม")],
                viewpoint="layered",
                nodes=[
                    NodeDoc(
                        "n-group",
                        "container",
                        0,
                        0,
                        400,
                        300,
                        label={"th": "กลุ่ม"},
                        style=copy.deepcopy(FULL_STYLE),
                        children=[
                            NodeDoc(
                                "n-actor",
                                "element",
                                10,
                                10,
                                120,
                                55,
                                ref="id-actor",
                                extra={"view_refs": ["id-other view"]},
                                children=[
                                    NodeDoc("n-deep", "element", 20, 20, 50, 30, ref="1st element")
                                ],
                            ),
                            NodeDoc(
                                "n-service",
                                "element",
                                10,
                                150,
                                120,
                                55,
                                ref="id-service",
                                documentation={"en": "node documentation"},
                            ),
                        ],
                    ),
                    NodeDoc(
                        "n-note",
                        "label",
                        500,
                        0,
                        200,
                        40,
                        label={"th": "หมายเหตุ", "en": "Note"},
                        extra={"concept_ref": "id-r1", "xpath_part": "name"},
                    ),
                    NodeDoc(
                        "n-plain",
                        "label",
                        500,
                        50,
                        200,
                        40,
                        label={"en": "Two drill-downs"},
                        extra={"view_refs": ["id-view", "id-other view"]},
                    ),
                    NodeDoc(
                        "n-ref",
                        "view_reference",
                        500,
                        100,
                        120,
                        55,
                        ref="id-other view",
                        label={"en": "Other"},
                    ),
                    NodeDoc("n-and", "element", 300, 100, 15, 15, ref="id-and"),
                ],
                connections=[
                    ConnectionDoc(
                        "c-1",
                        "relationship",
                        "n-service",
                        "n-actor",
                        ref="id-r1",
                        label={"en": "serves"},
                        style={"lineColor": {"r": 0, "g": 0, "b": 255}},
                        bendpoints=[(70, 100), (80, 110)],
                        source_attachment=(70, 150),
                        target_attachment=(70, 65),
                        extra={"view_refs": ["id-other view"]},
                    ),
                    ConnectionDoc(
                        "c-nest",
                        "relationship",
                        "n-group",
                        "n-actor",
                        ref="id-r10",
                        extra={"nesting": True},
                    ),
                    ConnectionDoc("c-2", "line", "n-note", "c-1", documentation={"th": "เส้น"}),
                    ConnectionDoc("c-free", "line", "", "", bendpoints=[(0, 0)]),
                ],
            ),
            ViewDoc("id-other view", {"en": "Other"}, viewpoint="Goal Contribution"),
            ViewDoc("id-empty", viewpoint="capability"),
        ],
    )


def written(doc: ModelDocument) -> bytes:
    out = io.BytesIO()
    write_exchange(doc, out)
    return out.getvalue()


def read_back(data: bytes) -> ModelDocument:
    return read_exchange(io.BytesIO(data))


def assert_valid(data: bytes) -> None:
    """Against the XSDs exactly, identity constraints included."""
    schema = exchange_schema()
    assert schema.validate(etree.fromstring(data).getroottree()), schema.error_log


def as_read(doc: ModelDocument) -> ModelDocument:
    """`doc` as a reader gives it back: no source, and every property key declared (a key
    without a data type is written with the type string)."""
    keys = [
        p.key
        for owner in (doc, *doc.elements, *doc.relationships, *doc.views)
        for p in owner.properties
    ]
    types = {**dict.fromkeys(keys, "string"), **doc.property_types}
    return dataclasses.replace(doc, source="", property_types=types)


def assert_round_trip(doc: ModelDocument) -> None:
    first = written(doc)
    assert_valid(first)
    back = read_back(first)
    assert back == as_read(doc)
    assert written(back) == first


# -- Archi's files


def test_sample1_is_read_completely(archi_fixtures):
    doc = read_exchange(archi_fixtures / "Sample1.xml")
    assert (doc.identifier, doc.name) == ("id-11f5304f", {"en": "Test"})
    assert doc.source.endswith("Sample1.xml")
    assert [(e.identifier, e.type, e.name) for e in doc.elements] == [
        ("id-37d5bc4b", "BusinessRole", {"en": "Sales Person"}),
        ("id-89c22226", "BusinessProcess", {"en": "Sell Product"}),
    ]
    assert doc.elements[0].documentation == {"": "A description of a sales person"}
    assert doc.elements[1].line == 9
    (assignment,) = doc.relationships
    assert (assignment.type, assignment.source, assignment.target) == (
        "Assignment",
        "id-37d5bc4b",
        "id-89c22226",
    )
    assert doc.views == doc.folders == []


def test_bendpoint_test_is_read_completely(archi_fixtures):
    doc = read_exchange(archi_fixtures / "bendpoint.test.xml")
    assert doc.name == {"en": "Bendpoint test"}
    assert len(doc.elements) == 2
    assert [r.type for r in doc.relationships] == ["Serving", "Realization"]
    (view,) = doc.views
    assert view.name == {"en": "View"}
    assert [(n.kind, n.x, n.y, n.w, n.h) for n in view.nodes] == [
        ("element", 0, 0, 200, 70),
        ("element", 0, 138, 200, 70),
    ]
    assert view.nodes[1].ref == "id-019dd58c-fbb9-7f75-8731-7c7b4db67709"
    realization, serving = view.connections
    assert realization.ref == "id-019dd58d-4fcc-7e5e-a15c-617f4bf97c31"
    assert (realization.source, realization.target) == (
        view.nodes[1].identifier,
        view.nodes[0].identifier,
    )
    # Archi writes the ends of these connections as attachments; it has no bendpoints.
    assert (
        realization.bendpoints,
        realization.source_attachment,
        realization.target_attachment,
    ) == (
        [],
        (35, 138),
        (35, 70),
    )
    assert (serving.source_attachment, serving.target_attachment) == ((160, 70), (160, 138))


@pytest.mark.parametrize("name", ["Sample1.xml", "bendpoint.test.xml"])
def test_fixtures_round_trip(archi_fixtures, name):
    doc = read_exchange(archi_fixtures / name)
    assert_valid((archi_fixtures / name).read_bytes())
    doc.source = ""
    assert_round_trip(doc)


# -- every feature


def test_every_feature_round_trips():
    assert_round_trip(every_feature())


def test_the_import_tests_document_round_trips(full_document):
    assert_round_trip(full_document)


def test_export_import_export_is_byte_identical(tmp_path):
    first, second = tmp_path / "first.xml", tmp_path / "second.xml"
    write_exchange(every_feature(), first)
    write_exchange(read_exchange(first), second)
    assert first.read_bytes() == second.read_bytes()


def test_what_is_written(tmp_path):
    text = written(every_feature()).decode()
    assert text.startswith("<?xml version='1.0' encoding='utf-8'?>\n<model ")
    assert text.endswith("</model>\n")
    # Archi's spelling of the things the reader maps.
    for part in (
        'xsi:schemaLocation="http://www.opengroup.org/xsd/archimate/3.0/ '
        'http://www.opengroup.org/xsd/archimate/3.1/archimate3_Diagram.xsd"',
        '<element identifier="id-and" xsi:type="AndJunction"></element>',
        'accessType="ReadWrite"',
        'isDirected="true"',
        'modifier="++"',
        'viewpoint="Layered"',
        'viewpoint="Goal Contribution"',
        'viewpoint="Capability Map"',
        'xsi:type="NestingRelationship"',
        'conceptRef="id-r1" xpathPart="name"',
        '<font name="TH Sarabun New" size="9.5" style="bold italic">',
        '<node identifier="n-ref" xsi:type="Label"',
        '<propertyDefinition identifier="propid-1" type="currency">',
        '<name xml:lang="th">แบบจำลองเมือง</name>',
        "Line one\nline two&#13;\n  indented &amp; &lt;escaped&gt;",
    ):
        assert part in text
    assert "\n    <element identifier=" in text  # one element a line, indented


def test_property_definitions_are_sorted_by_key_and_numbered_around_taken_identifiers():
    doc = ModelDocument(
        identifier="propid-1",
        name={"en": "m"},
        elements=[
            ElementDoc(
                "propid-3", "Goal", {"en": "g"}, properties=[Property("b", "1"), Property("a", "2")]
            )
        ],
        property_types={"c": "number"},
    )
    text = written(doc).decode()
    definitions = [
        (d.get("identifier"), d[0].text)
        for d in etree.fromstring(text.encode()).iter(
            "{http://www.opengroup.org/xsd/archimate/3.0/}propertyDefinition"
        )
    ]
    assert definitions == [("propid-2", "a"), ("propid-4", "b"), ("propid-5", "c")]
    assert read_back(text.encode()).property_types == {"a": "string", "b": "string", "c": "number"}


# -- identifiers


@pytest.mark.parametrize(
    "identifier",
    [
        "id-1",
        "_x",
        "a.b-c",
        "1st",
        "-dash",
        ".dot",
        "with space",
        "a:b",
        "ก",
        "id_5f_",
        "",
        "x/y?z",
        ESCAPED_PREFIX,
        ESCAPED_PREFIX + "abc",
        "\x01\x7f\U0001f600",
        "3f2a9c1e-0000-4000-8000-000000000000",
    ],
)
def test_every_identifier_is_written_as_an_ncname_and_read_back(identifier):
    spelled = identifier_to_xml(identifier)
    assert_is_ncname(spelled)
    assert identifier_from_xml(spelled) == identifier


def test_plain_identifiers_are_written_as_they_are():
    assert identifier_to_xml("id-3f2a9c1e") == "id-3f2a9c1e"
    assert identifier_to_xml("3f2a9c1e") == ESCAPED_PREFIX + "3f2a9c1e"
    assert identifier_to_xml("a b") == ESCAPED_PREFIX + "a_20_b"


def test_other_tools_identifiers_that_look_escaped_are_kept():
    for foreign in (ESCAPED_PREFIX + "a_zz_", ESCAPED_PREFIX + "abc", ESCAPED_PREFIX + "_110000_"):
        assert identifier_from_xml(foreign) == foreign


def assert_is_ncname(value: str) -> None:
    root = etree.fromstring(
        b'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">'
        b'<xs:element name="e" type="xs:ID"/></xs:schema>'
    )
    schema = etree.XMLSchema(root)
    element = etree.Element("e")
    element.text = value
    assert schema.validate(element), value


# -- what the reader maps


def model_file(body: str, views: str = "") -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
       identifier="m">
  <name>Model</name>
  {body}
  {f"<views><diagrams>{views}</diagrams></views>" if views else ""}
</model>""".encode()


ACTOR = """<elements><element identifier="a" xsi:type="BusinessActor">
    <name xml:lang="en">Citizen</name><name xml:lang="th">ประชาชน</name>
    <name xml:lang="en">second</name>
    <name xml:lang="ja"></name>
    <properties><property propertyDefinitionRef="p"><value xml:lang="en">English</value>
      <value xml:lang="th">ไทย</value><value xml:lang="fr">français</value></property></properties>
  </element></elements>"""
DEFINITION = """<propertyDefinitions><propertyDefinition identifier="p" type="string">
    <name xml:lang="en">Owner</name><name xml:lang="th">เจ้าของ</name>
  </propertyDefinition></propertyDefinitions>"""


def test_names_keep_every_language_in_order_and_skip_empty_and_repeated_variants():
    doc = read_back(model_file(ACTOR + DEFINITION))
    assert list(doc.elements[0].name.items()) == [("en", "Citizen"), ("th", "ประชาชน")]
    assert doc.name == {"": "Model"}


def test_properties_take_the_definition_name_and_the_value_by_the_name_rule():
    doc = read_back(model_file(ACTOR + DEFINITION))
    assert doc.elements[0].properties == [Property("เจ้าของ", "ไทย")]
    assert doc.property_types == {"เจ้าของ": "string"}


def test_an_xsi_type_may_carry_a_prefix():
    data = model_file(
        '<elements><element identifier="a" xsi:type="am:Goal" '
        'xmlns:am="http://www.opengroup.org/xsd/archimate/3.0/"><name>g</name></element></elements>'
    )
    assert read_back(data).elements[0].type == "Goal"


def test_archis_view_reference_becomes_one_and_other_view_refs_go_to_extra():
    views = """<view identifier="v" xsi:type="Diagram" viewpoint=" application  usage ">
      <name>V</name>
      <node identifier="n1" xsi:type="Label" x="0" y="0" w="10" h="10">
        <label>V</label><viewRef ref="v"/></node>
      <node identifier="n2" xsi:type="Label" x="0" y="0" w="10" h="10" conceptRef="a">
        <viewRef ref="v"/></node>
      <node identifier="n3" xsi:type="Element" elementRef="a" x="0" y="0" w="10" h="10">
        <viewRef ref="v"/></node>
    </view>"""
    view = read_back(model_file(ACTOR + DEFINITION, views)).views[0]
    assert view.viewpoint == "application_usage"
    reference, label, element = view.nodes
    assert (reference.kind, reference.ref, reference.label, reference.extra) == (
        "view_reference",
        "v",
        {"": "V"},
        {},
    )
    assert (label.kind, label.extra) == ("label", {"concept_ref": "a", "view_refs": ["v"]})
    assert (element.kind, element.extra) == ("element", {"view_refs": ["v"]})


def test_folder_references_outside_any_folder_are_gathered_in_one_unlabelled_folder():
    data = model_file(
        ACTOR + '<organizations><item identifierRef="a"/><item><label>F</label></item>'
        '<item identifierRef="a"/></organizations>' + DEFINITION
    )
    assert read_back(data).folders == [FolderDoc(items=["a", "a"]), FolderDoc({"": "F"})]


def test_access_type_is_kept_as_written():
    data = model_file(
        ACTOR.replace(
            "</elements>",
            '<element identifier="d" xsi:type="DataObject"><name>d</name></element></elements>',
        )
        + DEFINITION.replace(
            "<propertyDefinitions>",
            '<relationships><relationship identifier="r1" '
            'xsi:type="Access" source="a" target="d"/><relationship identifier="r2" '
            'xsi:type="Access" source="a" target="d" accessType="Write"/></relationships>'
            "<propertyDefinitions>",
        )
    )
    assert [r.access_type for r in read_back(data).relationships] == ["", "Write"]


@pytest.mark.parametrize(
    ("written_name", "expected"),
    [
        ("Layered", "layered"),
        ("Capability Map", "capability"),
        ("layered", "layered"),
        ("Goal Contribution", "Goal Contribution"),
        ("", ""),
    ],
)
def test_viewpoint_names_become_our_ids_and_unknown_ones_are_kept(written_name, expected):
    assert viewpoint_id(written_name) == expected


def test_every_viewpoint_of_ours_has_an_exchange_name():
    assert {viewpoint_id(v.name) for v in VIEWPOINTS.values()} == set(VIEWPOINTS)


# -- what the writer does with what the XSD cannot hold


def test_a_view_drawn_at_negative_coordinates_is_moved_as_a_whole():
    doc = every_feature()
    view = doc.views[0]
    view.nodes[0].x, view.nodes[0].y = -30, 5
    view.connections[0].bendpoints = [(70, -10)]
    back = read_back(written(doc)).views[0]
    assert (back.nodes[0].x, back.nodes[0].y) == (0, 15)
    assert back.nodes[0].children[0].x == 40
    assert back.connections[0].bendpoints == [(100, 0)]


def test_a_zero_size_is_written_as_one():
    doc = every_feature()
    doc.views[0].nodes[1].w = 0
    assert read_back(written(doc)).views[0].nodes[1].w == 1


def refused(doc: ModelDocument, target=None) -> InterchangeError:
    with pytest.raises(InterchangeError) as caught:
        write_exchange(doc, target if target is not None else io.BytesIO())
    return caught.value


@pytest.mark.parametrize(
    ("change", "identifier", "words"),
    [
        (
            lambda d: setattr(d.elements[1], "identifier", "id-actor"),
            "id-actor",
            "used by an element and by an element",
        ),
        (
            lambda d: setattr(d.views[0].nodes[1], "identifier", "id-goal"),
            "id-goal",
            "used by an element and by a node",
        ),
        (
            lambda d: setattr(d.elements[0], "type", "Thing"),
            "id-actor",
            "“Thing” is not a element type",
        ),
        (lambda d: setattr(d.relationships[0], "type", "Uses"), "id-r1", "“Uses”"),
        (lambda d: setattr(d.relationships[0], "target", "nowhere"), "id-r1", "target “nowhere”"),
        (
            lambda d: setattr(d.relationships[1], "access_type", "Delete"),
            "id-r2",
            "Access type “Delete”",
        ),
        (
            lambda d: d.folders[0].items.append("nowhere"),
            "folder-business",
            "identifierRef “nowhere”",
        ),
        (lambda d: setattr(d.views[0].nodes[4], "ref", "id-r1"), "n-and", "elementRef “id-r1”"),
        (lambda d: setattr(d.views[0].nodes[3], "ref", "id-actor"), "n-ref", "viewRef “id-actor”"),
        (lambda d: setattr(d.views[0].nodes[1], "kind", "picture"), "n-note", "“picture”"),
        (lambda d: setattr(d.views[0].connections[0], "ref", ""), "c-1", "relationshipRef “”"),
        (
            lambda d: setattr(d.views[0].connections[2], "target", "n-elsewhere"),
            "c-2",
            "target “n-elsewhere”",
        ),
        (
            lambda d: d.views[0].nodes[1].children.append(NodeDoc("n-x", "container")),
            "n-note",
            "cannot hold",
        ),
        (
            lambda d: d.views[0].nodes[1].extra.update(concept_ref="id-view"),
            "n-note",
            "conceptRef “id-view”",
        ),
        (lambda d: d.views[0].nodes[0].style["fillColor"].update(r=256), "n-group", "fillColor"),
        (lambda d: d.views[0].nodes[0].style["font"].update(size=9.25), "n-group", "font"),
        (lambda d: d.views[0].nodes[0].style["font"].update(style="heavy"), "n-group", "font"),
        (lambda d: d.views[0].nodes[0].style.update(lineWidth=0), "n-group", "lineWidth"),
        (lambda d: d.views[0].nodes[1].extra.update(xpath_part="  "), "n-note", "xpath_part"),
        (lambda d: setattr(d.views[0].nodes[1], "x", 1.5), "n-note", "whole numbers"),
        (
            lambda d: setattr(d.views[0].connections[0], "bendpoints", [(1,)]),
            "c-1",
            "whole numbers",
        ),
    ],
)
def test_the_writer_refuses_what_the_xsd_cannot_hold(change, identifier, words):
    doc = every_feature()
    change(doc)
    error = refused(doc)
    assert error.identifier == identifier
    assert words in error.message


def test_text_xml_cannot_hold_is_exported_as_visible_symbols():
    """One name stored with a control character must not stop the export of everything."""
    doc = every_feature()
    doc.elements[0].name = {"en": "bell\x07 and del\x7f"}  # XML holds DEL
    doc.views[0].name = {"en": "half \ud800 pair"}
    back = read_back(written(doc))
    assert back.elements[0].name == {"en": "bell\u2407 and del\x7f"}
    assert back.views[0].name == {"en": "half \ufffd pair"}


def test_an_unknown_data_type_is_refused():
    doc = every_feature()
    doc.property_types["cost"] = "money"
    assert "“money”" in refused(doc).message


def test_everything_but_the_model_and_folders_needs_an_identifier():
    doc = every_feature()
    doc.views[0].connections[3].identifier = ""
    assert (
        refused(doc).message == "A connection has no identifier; everything but a folder needs one."
    )
    doc = every_feature()
    doc.identifier = ""
    assert read_back(written(doc)).identifier == ""


def test_a_refused_export_leaves_no_file(tmp_path, monkeypatch):
    def fail_while_writing(*args):
        raise InterchangeError("refused half-way")

    monkeypatch.setattr(writer._Writer, "write_view", fail_while_writing)
    refused(every_feature(), tmp_path / "model.xml")
    assert list(tmp_path.iterdir()) == []


# -- random documents

XML_CHARACTERS = st.characters(
    exclude_categories=("Cs",),
    exclude_characters="".join(chr(c) for c in range(32) if chr(c) not in "\t\n\r")
    + "\ufffe\uffff",
)
texts = st.text(XML_CHARACTERS, min_size=1, max_size=8)
lang_texts = st.dictionaries(st.sampled_from(["", "th", "en", "ja"]), texts, max_size=3)
colors = st.fixed_dictionaries(
    {"r": st.integers(0, 255), "g": st.integers(0, 255), "b": st.integers(0, 255)},
    optional={"a": st.integers(0, 100)},
)
fonts = st.fixed_dictionaries(
    {},
    optional={
        "name": texts,
        "size": st.sampled_from([1, 9, 9.5, 12, 20.5]),
        "style": st.sampled_from(["plain", "bold", "italic underline", "bold  italic"]),
        "color": colors,
    },
)
styles = st.fixed_dictionaries(
    {},
    optional={
        "lineColor": colors,
        "fillColor": colors,
        "font": fonts,
        "lineWidth": st.integers(1, 9),
    },
)
points = st.tuples(st.integers(0, 5000), st.integers(0, 5000))


@st.composite
def documents(draw) -> ModelDocument:
    """Small valid documents: every reference resolves, every identifier is unique."""
    pool = iter(
        draw(
            st.lists(
                st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=6),
                min_size=60,
                max_size=60,
                unique=True,
            )
        )
    )
    keys = draw(st.lists(st.text(XML_CHARACTERS, max_size=6), max_size=3, unique=True))
    properties = (
        st.lists(
            st.builds(Property, st.sampled_from(keys), st.text(XML_CHARACTERS, max_size=6)),
            max_size=2,
        )
        if keys
        else st.just([])
    )
    doc = ModelDocument(next(pool), draw(lang_texts), draw(lang_texts), draw(properties))
    doc.property_types = {key: draw(st.sampled_from(DATA_TYPES)) for key in keys}
    for _ in range(draw(st.integers(1, 4))):
        doc.elements.append(
            ElementDoc(
                next(pool),
                draw(st.sampled_from(list(ELEMENT_TYPES))),
                draw(lang_texts),
                draw(lang_texts),
                draw(properties),
            )
        )
    concepts = [e.identifier for e in doc.elements]
    for _ in range(draw(st.integers(0, 4))):
        relationship = RelationshipDoc(
            next(pool),
            draw(st.sampled_from(list(RELATIONSHIP_TYPES))),
            draw(st.sampled_from(concepts)),
            draw(st.sampled_from(concepts)),
            draw(lang_texts),
            draw(lang_texts),
            draw(properties),
        )
        if relationship.type == "Access":
            relationship.access_type = draw(st.sampled_from(["", *ACCESS_TYPES]))
        elif relationship.type == "Association":
            relationship.is_directed = draw(st.booleans())
        elif relationship.type == "Influence":
            relationship.modifier = draw(st.sampled_from(["", "+", "--", "5"]) | texts)
        doc.relationships.append(relationship)
        concepts.append(relationship.identifier)
    doc.views = [
        ViewDoc(
            next(pool),
            draw(lang_texts),
            draw(lang_texts),
            draw(properties),
            draw(st.sampled_from(["", *VIEWPOINTS, "Goal Contribution"])),
        )
        for _ in range(draw(st.integers(0, 2)))
    ]
    views = [v.identifier for v in doc.views]
    relationships = [r.identifier for r in doc.relationships]
    for view in doc.views:
        view.nodes = [
            draw_node(draw, pool, doc, views, depth=0) for _ in range(draw(st.integers(0, 3)))
        ]
        members = [n.identifier for n in all_nodes(view.nodes)]
        identifiers = [next(pool) for _ in range(draw(st.integers(0, 3)))]
        members += identifiers
        for identifier in identifiers:
            kind = "relationship" if relationships and draw(st.booleans()) else "line"
            ends = (
                st.sampled_from(members)
                if kind == "relationship"
                else st.sampled_from(["", *members])
            )
            connection = ConnectionDoc(
                identifier,
                kind,
                draw(ends),
                draw(ends),
                label=draw(lang_texts),
                documentation=draw(lang_texts),
                style=draw(styles),
                bendpoints=draw(st.lists(points, max_size=2)),
                source_attachment=draw(st.none() | points),
                target_attachment=draw(st.none() | points),
            )
            if kind == "relationship":
                connection.ref = draw(st.sampled_from(relationships))
                if draw(st.booleans()):
                    connection.extra["nesting"] = True
            if views and draw(st.booleans()):
                connection.extra["view_refs"] = draw(
                    st.lists(st.sampled_from(views), min_size=1, max_size=2)
                )
            view.connections.append(connection)
    fileable = concepts + views
    doc.folders = [
        draw_folder(draw, pool, fileable, depth=0) for _ in range(draw(st.integers(0, 2)))
    ]
    return doc


def draw_node(draw, pool, doc: ModelDocument, views: list[str], depth: int) -> NodeDoc:
    kinds = ["element", "container", "label", *(["view_reference"] if views else [])]
    x, y = draw(points)
    node = NodeDoc(
        next(pool),
        draw(st.sampled_from(kinds)),
        x,
        y,
        draw(st.integers(1, 500)),
        draw(st.integers(1, 500)),
        label=draw(lang_texts),
        documentation=draw(lang_texts),
        style=draw(styles),
    )
    view_refs = draw(st.lists(st.sampled_from(views), max_size=3)) if views else []
    if node.kind == "element":
        node.ref = draw(st.sampled_from([e.identifier for e in doc.elements]))
    elif node.kind == "view_reference":
        node.ref, view_refs = draw(st.sampled_from(views)), []
    elif node.kind == "label":
        if draw(st.booleans()):
            concepts = [c.identifier for c in (*doc.elements, *doc.relationships)]
            node.extra["concept_ref"] = draw(st.sampled_from(concepts))
        if draw(st.booleans()):
            node.extra["xpath_part"] = draw(
                st.text(string.ascii_letters + "/@[]", min_size=1, max_size=8)
            )
        if len(view_refs) == 1 and not node.extra:
            view_refs = []  # a label with just one viewRef is a view reference
    if view_refs:
        node.extra["view_refs"] = view_refs
    if node.kind in ("element", "container") and depth < 2:
        node.children = [
            draw_node(draw, pool, doc, views, depth + 1) for _ in range(draw(st.integers(0, 2)))
        ]
    return node


def draw_folder(draw, pool, fileable: list[str], depth: int) -> FolderDoc:
    folder = FolderDoc(
        draw(lang_texts),
        draw(lang_texts),
        next(pool) if draw(st.booleans()) else "",
        draw(st.lists(st.sampled_from(fileable), max_size=3)),
    )
    if depth < 2:
        folder.children = [
            draw_folder(draw, pool, fileable, depth + 1) for _ in range(draw(st.integers(0, 2)))
        ]
    return folder


def all_nodes(nodes: list[NodeDoc]):
    for node in nodes:
        yield node
        yield from all_nodes(node.children)


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_random_documents_round_trip(doc):
    assert_round_trip(copy.deepcopy(doc))
