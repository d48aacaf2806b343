"""Archi's .archimate files read into a ModelDocument: the Archisurance fixture, a model that
uses every feature the reader maps, the archive (zip) format and hostile files."""

import io
import struct
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from nakhon.interchange.archi import (
    SPECIALIZATION_KEY,
    absolute_bendpoint,
    default_size,
    read_archimate,
    swt_font,
)
from nakhon.interchange.document import Property
from nakhon.interchange.errors import InterchangeError

XSI = "http://www.w3.org/2001/XMLSchema-instance"
NS = {"xsi": XSI}
ARCHI_NS = "http://www.archimatetool.com/archimate"


# ---- helpers ----


def all_nodes(nodes):
    for node in nodes:
        yield node
        yield from all_nodes(node.children)


def all_folders(folders):
    for folder in folders:
        yield folder
        yield from all_folders(folder.children)


def nodes_by_id(doc):
    return {node.identifier: node for view in doc.views for node in all_nodes(view.nodes)}


def connections_by_id(doc):
    return {c.identifier: c for view in doc.views for c in view.connections}


def model_xml(body: str, *, head: str = "", version: str = "5.0.0") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"{head}"
        f'<archimate:model xmlns:xsi="{XSI}" xmlns:archimate="{ARCHI_NS}" '
        'xmlns:canvas="http://www.archimatetool.com/archimate/canvas" '
        f'name="m" id="m1" version="{version}">\n{body}\n</archimate:model>\n'
    ).encode()


def zipped(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def with_declared_size(data: bytes, size: int) -> bytes:
    """The zip with the uncompressed size its headers declare for every entry set to `size`."""
    patched = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = patched.find(signature)
        while start >= 0:
            patched[start + offset : start + offset + 4] = struct.pack("<I", size)
            start = patched.find(signature, start + 4)
    return bytes(patched)


def error_of(data: bytes, **kwargs) -> InterchangeError:
    with pytest.raises(InterchangeError) as caught:
        read_archimate(io.BytesIO(data), **kwargs)
    return caught.value


# ---- Archisurance ----


@pytest.fixture
def archisurance_path(archi_fixtures) -> Path:
    return archi_fixtures / "Archisurance.archimate"


@pytest.fixture
def archisurance(archisurance_path):
    return read_archimate(archisurance_path)


@pytest.fixture
def raw(archisurance_path):
    """The fixture as plain XML, to count what is in it without the reader."""
    return etree.parse(str(archisurance_path)).getroot()


def xpath_count(root, expression: str) -> int:
    return int(root.xpath(f"count({expression})", namespaces=NS))


RELATIONSHIP_XPATH = "//element[contains(@xsi:type, 'Relationship')]"
VIEW_XPATH = "//element[@xsi:type='archimate:ArchimateDiagramModel']"
ELEMENT_XPATH = (
    "//element[not(contains(@xsi:type, 'Relationship')) and not(contains(@xsi:type, 'Model'))]"
)


def test_archisurance_counts_match_the_raw_file(archisurance, raw):
    counts = {
        "elements": (len(archisurance.elements), xpath_count(raw, ELEMENT_XPATH)),
        "relationships": (len(archisurance.relationships), xpath_count(raw, RELATIONSHIP_XPATH)),
        "views": (len(archisurance.views), xpath_count(raw, VIEW_XPATH)),
        "folders": (len(list(all_folders(archisurance.folders))), xpath_count(raw, "//folder")),
        "nodes": (len(nodes_by_id(archisurance)), xpath_count(raw, "//child")),
        "connections": (
            len(connections_by_id(archisurance)),
            xpath_count(raw, "//sourceConnection"),
        ),
        "bendpoints": (
            sum(len(c.bendpoints) for c in connections_by_id(archisurance).values()),
            xpath_count(raw, "//bendpoint"),
        ),
        "properties": (
            sum(
                len(o.properties)
                for o in [
                    archisurance,
                    *archisurance.elements,
                    *archisurance.relationships,
                    *archisurance.views,
                ]
            ),
            xpath_count(raw, "//property"),
        ),
    }
    assert counts == {
        "elements": (120, 120),
        "relationships": (176, 176),
        "views": (17, 17),
        "folders": (26, 26),
        "nodes": (249, 249),
        "connections": (199, 199),
        "bendpoints": (38, 38),
        "properties": (0, 0),
    }


def test_archisurance_types_match_the_raw_file(archisurance, raw):
    for element in raw.xpath(ELEMENT_XPATH, namespaces=NS):
        expected = element.get(f"{{{XSI}}}type").removeprefix("archimate:")
        assert next(e for e in archisurance.elements if e.identifier == element.get("id")).type == (
            expected
        )
    relationship_types = {r.identifier: r.type for r in archisurance.relationships}
    for relationship in raw.xpath(RELATIONSHIP_XPATH, namespaces=NS):
        archi_type = relationship.get(f"{{{XSI}}}type")
        expected = archi_type.removeprefix("archimate:").removesuffix("Relationship")
        assert relationship_types[relationship.get("id")] == expected


def test_archisurance_model_values(archisurance):
    assert archisurance.identifier == "11f5304f"
    assert archisurance.name == {"": "Archisurance"}
    assert archisurance.documentation == {"": "An example of a fictional Insurance company."}
    assert archisurance.source.endswith("Archisurance.archimate")
    assert [f.label[""] for f in archisurance.folders] == [
        "Strategy",
        "Business",
        "Application",
        "Technology & Physical",
        "Motivation",
        "Implementation & Migration",
        "Other",
        "Relations",
        "Views",
    ]
    business = archisurance.folders[1]
    assert business.identifier == "8c90fdfa"
    assert [f.label[""] for f in business.children][:2] == ["Processes", "Information"]
    assert business.children[0].items[:3] == ["650", "651", "721"]


def test_archisurance_every_object_is_filed_once(archisurance):
    filed = [item for folder in all_folders(archisurance.folders) for item in folder.items]
    objects = [
        o.identifier
        for o in [*archisurance.elements, *archisurance.relationships, *archisurance.views]
    ]
    assert sorted(filed) == sorted(objects)


def test_archisurance_concept_values(archisurance):
    elements = {e.identifier: e for e in archisurance.elements}
    assert elements["650"].type == "BusinessEvent"
    assert elements["650"].name == {"": "Request for Insurance"}
    assert elements["650"].line == 6
    documented = [e for e in archisurance.elements if e.documentation]
    assert [e.documentation for e in documented] == [{"": "Customer Information Service"}]
    relationships = {r.identifier: r for r in archisurance.relationships}
    assert (relationships["693"].source, relationships["693"].target) == ("564", "674")
    # accessType="1" is read; no accessType is Archi's default, write.
    assert relationships["695"].access_type == "Read"
    assert relationships["693"].access_type == "Write"
    assert {r.access_type for r in archisurance.relationships if r.type != "Access"} == {""}


def test_archisurance_views(archisurance):
    viewpoints = [view.viewpoint for view in archisurance.views]
    assert viewpoints.count("") == 4
    assert viewpoints.count("organization") == 2
    assert "layered" in viewpoints
    nodes = nodes_by_id(archisurance)
    group = nodes["ecc8b6ec"]
    assert (group.kind, group.label) == ("container", {"": "Products & Services Goals"})
    assert group.style == {"textAlignment": "left"}
    reference = nodes["3657"]
    assert (reference.kind, reference.ref) == ("view_reference", "3944")
    assert reference.style == {"fillColor": {"r": 128, "g": 255, "b": 255}}
    heading = nodes["3707"]
    assert (heading.kind, heading.ref) == ("element", "275")
    assert heading.style["font"] == {"name": "Arial", "size": 14}
    assert heading.style["fillColor"] == {"r": 255, "g": 255, "b": 128}


def test_archisurance_nested_bounds_are_absolute(archisurance):
    nodes = nodes_by_id(archisurance)
    # 3733 at (200, 120) holds 3738 at (196, 260) relative to it.
    assert (nodes["3733"].x, nodes["3733"].y) == (200, 120)
    assert nodes["3738"] in nodes["3733"].children
    assert (nodes["3738"].x, nodes["3738"].y, nodes["3738"].w, nodes["3738"].h) == (
        396,
        380,
        147,
        60,
    )


def test_archisurance_bendpoints_are_absolute(archisurance):
    connection = connections_by_id(archisurance)["3757"]
    # Source 3732 (610, 360, 150, 120) has its centre at (685, 420), target 3738 at (469, 410);
    # the one bendpoint is halfway: ((685-107)+(469+109))/2, ((420+13)+(410+23))/2.
    assert (connection.kind, connection.ref) == ("relationship", "1778")
    assert (connection.source, connection.target) == ("3732", "3738")
    assert connection.bendpoints == [(578, 433)]


# ---- a model using everything the reader maps ----

FULL_MODEL = model_xml(
    """
  <folder name="Business" id="f-bus" type="business">
    <documentation>Business things</documentation>
    <element xsi:type="archimate:BusinessActor" name="ประชาชน" id="e-actor" profiles="p-1">
      <documentation>ผู้รับบริการ</documentation>
      <property key="owner" value="สำนัก"/>
      <property key="empty"/>
    </element>
    <folder name="Services" id="f-svc">
      <element xsi:type="archimate:BusinessFunction" name="Permit" id="e-func"/>
    </folder>
  </folder>
  <folder name="Other" id="f-other" type="other">
    <element xsi:type="archimate:Junction" id="e-and"/>
    <element xsi:type="archimate:Junction" id="e-or" type="or"/>
    <element xsi:type="archimate:Grouping" name="G" id="e-grouping"/>
  </folder>
  <folder name="Motivation" id="f-mot" type="motivation">
    <element xsi:type="archimate:Goal" name="Goal" id="e-goal"/>
  </folder>
  <folder name="Relations" id="f-rel" type="relations">
    <element xsi:type="archimate:AccessRelationship" id="r-write" source="e-func" target="e-actor"/>
    <element xsi:type="archimate:AccessRelationship" id="r-read" source="e-func" target="e-actor"
        accessType="1"/>
    <element xsi:type="archimate:AccessRelationship" id="r-access" source="e-func" target="e-actor"
        accessType="2"/>
    <element xsi:type="archimate:AccessRelationship" id="r-rw" source="e-func" target="e-actor"
        accessType="3"/>
    <element xsi:type="archimate:InfluenceRelationship" id="r-inf" source="e-func" target="e-goal"
        strength="++"/>
    <element xsi:type="archimate:AssociationRelationship" id="r-assoc" source="e-actor"
        target="r-inf" directed="true" profiles="p-2"/>
    <element xsi:type="archimate:ServingRelationship" name="serves" id="r-serv" source="e-func"
        target="e-actor">
      <documentation>How</documentation>
      <property key="p" value="v"/>
    </element>
  </folder>
  <folder name="Views" id="f-views" type="diagrams">
    <element xsi:type="archimate:ArchimateDiagramModel" name="Main" id="v-main"
        viewpoint="layered" connectionRouterType="2">
      <documentation>View doc</documentation>
      <property key="status" value="draft"/>
      <child xsi:type="archimate:Group" id="n-group" name="Group label" textAlignment="1"
          fillColor="#ffffe0" alpha="128">
        <bounds x="100" y="50" width="-1" height="-1"/>
        <documentation>Group doc</documentation>
        <property key="gk" value="gv"/>
        <child xsi:type="archimate:DiagramObject" id="n-actor" archimateElement="e-actor"
            lineColor="#102030" font="1|Tahoma|9.5|3|WINDOWS|1|0|0|0|0|0|0|0|0|1|0|0|0|0|Tahoma"
            fontColor="#ff0000" lineWidth="2" textPosition="2" type="1">
          <bounds x="10" y="20"/>
          <feature name="lineAlpha" value="51"/>
          <sourceConnection xsi:type="archimate:Connection" id="c-nested" source="n-actor"
              target="n-group" archimateRelationship="r-serv"/>
        </child>
        <child xsi:type="archimate:DiagramObject" id="n-func" targetConnections="c-x"
            archimateElement="e-func" type="1">
          <bounds x="200" y="25" width="-1" height="-1"/>
          <sourceConnection xsi:type="archimate:Connection" id="c-serv" source="n-func"
              target="n-actor" archimateRelationship="r-serv" lineColor="#00ff00"
              textPosition="0">
            <bendpoint startX="10" startY="-21" endX="30" endY="40"/>
            <bendpoint endX="5"/>
            <feature name="nameVisible" value="false"/>
          </sourceConnection>
        </child>
      </child>
      <child xsi:type="archimate:DiagramObject" id="n-or" archimateElement="e-or">
        <bounds x="600" y="10" width="-1" height="-1"/>
      </child>
      <child xsi:type="archimate:DiagramObject" id="n-grouping" archimateElement="e-grouping">
        <bounds x="600" y="100" width="-1" height="-1"/>
      </child>
      <child xsi:type="archimate:Note" id="n-note" borderType="1" locked="true">
        <bounds x="0" y="300" width="-1" height="-1"/>
        <content>Line one
Line two</content>
        <sourceConnection xsi:type="archimate:DiagramModelConnection" id="c-line" name="see"
            source="n-note" target="c-serv" type="5" lineWidth="3">
          <bendpoint startX="1" startY="2" endX="3" endY="4"/>
          <documentation>line doc</documentation>
          <property key="lk" value="lv"/>
        </sourceConnection>
      </child>
      <child xsi:type="archimate:DiagramModelReference" id="n-ref" model="v-second"
          fillColor="#80ffff">
        <bounds x="300" y="300" width="120" height="55"/>
      </child>
      <child xsi:type="archimate:DiagramModelReference" id="n-sketchref" model="v-sketch">
        <bounds x="450" y="300"/>
      </child>
      <child xsi:type="archimate:DiagramModelImage" id="n-image" name="Img"
          imagePath="images/abc.png" alpha="200">
        <bounds x="0" y="500" width="50" height="50"/>
      </child>
    </element>
    <element xsi:type="archimate:ArchimateDiagramModel" name="Second" id="v-second"
        viewpoint="no_such_viewpoint">
      <child xsi:type="archimate:DiagramObject" id="n2-goal" archimateElement="e-goal">
        <bounds x="0" y="0" width="120" height="55"/>
        <sourceConnection id="c2-plain" source="n2-goal" target="n2-goal"/>
      </child>
    </element>
    <element xsi:type="archimate:SketchModel" name="Sketch" id="v-sketch">
      <child xsi:type="archimate:SketchModelSticky" id="s-1"><bounds x="0" y="0"/></child>
    </element>
    <element xsi:type="canvas:CanvasModel" name="Canvas" id="v-canvas"/>
  </folder>
  <purpose>What it is for</purpose>
  <property key="mk" value="mv"/>
  <profile name="Citizen" id="p-1" conceptType="BusinessActor"/>
  <profile name="Link" id="p-2" conceptType="AssociationRelationship"/>
"""
)


@pytest.fixture
def full():
    return read_archimate(io.BytesIO(FULL_MODEL))


def test_model_information(full):
    assert (full.identifier, full.name, full.documentation) == (
        "m1",
        {"": "m"},
        {"": "What it is for"},
    )
    assert full.properties == [Property("mk", "mv")]


def test_folders_keep_the_tree_labels_and_items(full):
    business, other, motivation, relations, views = full.folders
    assert (business.identifier, business.label, business.documentation) == (
        "f-bus",
        {"": "Business"},
        {"": "Business things"},
    )
    assert business.items == ["e-actor"]
    assert business.children[0].items == ["e-func"]
    assert other.items == ["e-and", "e-or", "e-grouping"]
    assert len(relations.items) == 7
    # Sketch and canvas views are not read, so they are not filed either.
    assert views.items == ["v-main", "v-second"]


def test_elements_junctions_and_specializations(full):
    elements = {e.identifier: e for e in full.elements}
    actor = elements["e-actor"]
    assert actor.name == {"": "ประชาชน"}
    assert actor.documentation == {"": "ผู้รับบริการ"}
    assert actor.properties == [
        Property(SPECIALIZATION_KEY, "Citizen"),
        Property("owner", "สำนัก"),
        Property("empty", ""),
    ]
    assert (elements["e-and"].type, elements["e-or"].type) == ("AndJunction", "OrJunction")


def test_relationship_attributes(full):
    relationships = {r.identifier: r for r in full.relationships}
    assert [relationships[i].access_type for i in ("r-write", "r-read", "r-access", "r-rw")] == [
        "Write",
        "Read",
        "Access",
        "ReadWrite",
    ]
    assert relationships["r-inf"].modifier == "++"
    association = relationships["r-assoc"]
    assert association.is_directed is True
    assert association.target == "r-inf"
    assert association.properties == [Property(SPECIALIZATION_KEY, "Link")]
    serving = relationships["r-serv"]
    assert (serving.name, serving.documentation, serving.properties) == (
        {"": "serves"},
        {"": "How"},
        [Property("p", "v")],
    )


def test_views(full):
    main, second = full.views
    assert (main.identifier, main.name, main.documentation, main.viewpoint) == (
        "v-main",
        {"": "Main"},
        {"": "View doc"},
        "layered",
    )
    assert main.properties == [Property("status", "draft")]
    # Archi shows a viewpoint id it does not know as none.
    assert second.viewpoint == ""


def test_group_and_default_sizes(full):
    nodes = nodes_by_id(full)
    group = nodes["n-group"]
    assert (group.kind, group.x, group.y, group.w, group.h) == ("container", 100, 50, 400, 140)
    assert (group.label, group.documentation) == ({"": "Group label"}, {"": "Group doc"})
    assert group.style == {
        "fillColor": {"r": 255, "g": 255, "b": 224, "a": 50},
        "textAlignment": "left",
    }
    assert group.extra == {"properties": [{"key": "gk", "value": "gv"}]}
    assert [child.identifier for child in group.children] == ["n-actor", "n-func"]
    sizes = {key: (nodes[key].w, nodes[key].h) for key in ("n-or", "n-grouping", "n-note")}
    assert sizes == {"n-or": (15, 15), "n-grouping": (400, 140), "n-note": (185, 80)}


def test_element_node_style_and_extra(full):
    actor = nodes_by_id(full)["n-actor"]
    # Relative (10, 20) inside the group at (100, 50); no width or height is the default size.
    assert (actor.kind, actor.ref, actor.x, actor.y, actor.w, actor.h) == (
        "element",
        "e-actor",
        110,
        70,
        120,
        55,
    )
    assert actor.style == {
        "lineColor": {"r": 16, "g": 32, "b": 48, "a": 20},
        "font": {
            "name": "Tahoma",
            "size": 9.5,
            "style": "bold italic",
            "color": {"r": 255, "g": 0, "b": 0},
        },
        "lineWidth": 2,
        "textPosition": "bottom",
    }
    assert actor.extra == {"archi": {"figure": 1, "features": {"lineAlpha": "51"}}}
    # A function's alternate figure is square.
    function = nodes_by_id(full)["n-func"]
    assert (function.x, function.y, function.w, function.h) == (300, 75, 55, 55)


def test_note_reference_and_image_nodes(full):
    nodes = nodes_by_id(full)
    note = nodes["n-note"]
    assert (note.kind, note.label) == ("label", {"": "Line one\nLine two"})
    assert note.extra == {"archi": {"border_type": 1, "locked": True}}
    reference = nodes["n-ref"]
    assert (reference.kind, reference.ref, reference.style) == (
        "view_reference",
        "v-second",
        {"fillColor": {"r": 128, "g": 255, "b": 255}},
    )
    # A reference to a sketch, which is not read, becomes a plain label as in Archi's export.
    sketch_reference = nodes["n-sketchref"]
    assert (sketch_reference.kind, sketch_reference.ref) == ("label", "")
    assert (sketch_reference.w, sketch_reference.h) == (120, 55)
    image = nodes["n-image"]
    assert (image.kind, image.label) == ("label", {"": "Img"})
    assert image.extra == {"archi": {"image_path": "images/abc.png", "alpha": 200}}


def test_connection_bendpoints_are_absolute(full):
    serving = connections_by_id(full)["c-serv"]
    assert (serving.kind, serving.ref, serving.source, serving.target) == (
        "relationship",
        "r-serv",
        "n-func",
        "n-actor",
    )
    # Source centre (300 + 27, 75 + 27), target centre (110 + 60, 70 + 27); weights 1/3, 2/3.
    # x1 = 337 * 2/3 + 200 * 1/3 = 291.3   y1 = 81 * 2/3 + 137 * 1/3 = 99.7
    # x2 = 327 * 1/3 + 175 * 2/3 = 225.7   y2 = 102 * 1/3 + 97 * 2/3 = 98.7
    assert serving.bendpoints == [(291, 99), (225, 98)]
    assert serving.style == {"lineColor": {"r": 0, "g": 255, "b": 0}, "textPosition": "source"}
    assert serving.extra == {"archi": {"features": {"nameVisible": "false"}}}


def test_lines_nesting_and_connection_to_connection(full):
    connections = connections_by_id(full)
    assert connections["c-nested"].extra == {"nested": True}
    line = connections["c-line"]
    assert (line.kind, line.ref, line.source, line.target) == ("line", "", "n-note", "c-serv")
    assert (line.label, line.documentation) == ({"": "see"}, {"": "line doc"})
    assert line.style == {"lineWidth": 3}
    # Bendpoints on a connection to a connection have no box to measure from: kept raw.
    assert line.bendpoints == []
    assert line.extra == {
        "properties": [{"key": "lk", "value": "lv"}],
        "archi": {"line_type": 5, "bendpoints": [[1, 2, 3, 4]]},
    }
    plain = connections["c2-plain"]
    assert (plain.kind, plain.source, plain.target) == ("line", "n2-goal", "n2-goal")
    assert [c.identifier for c in full.views[0].connections] == [
        "c-nested",
        "c-serv",
        "c-line",
    ]


def test_helpers():
    assert default_size("DiagramObject", "BusinessActor") == (120, 55)
    assert default_size("DiagramObject", "Principle", 1) == (55, 55)
    assert default_size("DiagramObject", "BusinessActor", 1) == (120, 55)
    assert default_size("DiagramModelReference") == (120, 55)
    assert swt_font("1|Arial|8.0|0|WINDOWS|1|0") == {"name": "Arial", "size": 8}
    assert swt_font("1|Arial|8.0|1|WINDOWS") == {"name": "Arial", "size": 8, "style": "bold"}
    assert swt_font("garbage") == {}
    assert swt_font("1|Arial|big|0") == {}
    assert absolute_bendpoint((0, 0, 0, 0), 1, 1, (0, 0, 100, 50), (200, 0, 100, 50)) == (150, 25)


# ---- sources and the archive format ----


def test_reads_a_path_a_file_object_and_the_archive_format(tmp_path):
    plain = read_archimate(io.BytesIO(FULL_MODEL))
    path = tmp_path / "model.archimate"
    path.write_bytes(FULL_MODEL)
    from_path = read_archimate(path)
    assert from_path.source == str(path)
    archive = zipped({"model.xml": FULL_MODEL, "images/abc.png": b"\x89PNG fake"})
    from_zip = read_archimate(io.BytesIO(archive))
    for doc in (from_path, from_zip):
        doc.source = plain.source
        assert doc == plain
    # A zip made by hand may name its entry model.archimate.
    assert read_archimate(io.BytesIO(zipped({"model.archimate": FULL_MODEL}))) == plain


def test_archive_is_detected_by_content_not_name(tmp_path):
    path = tmp_path / "looks-plain.archimate"
    path.write_bytes(zipped({"model.xml": FULL_MODEL}))
    assert len(read_archimate(path).elements) == 6


# ---- hostile and broken files ----


def test_not_xml():
    error = error_of(b"this is not XML at all")
    assert error.line == 1
    assert "not well-formed" in str(error)


def test_empty_file():
    assert "not well-formed" in str(error_of(b""))


def test_truncated_file_names_the_line(archisurance_path):
    data = archisurance_path.read_bytes()
    error = error_of(data[: len(data) // 2])
    assert error.line and error.line > 500


def test_entity_bomb_is_refused_before_parsing():
    bomb = (
        b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
        + b"".join(
            f' <!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">\n'.encode()
            for i in range(1, 10)
        )
        + b"]>\n<archimate:model>&lol9;</archimate:model>"
    )
    error = error_of(bomb)
    assert error.line == 2
    assert "DOCTYPE" in str(error)


def test_external_entity_is_refused():
    xxe = model_xml(
        "<purpose>&xxe;</purpose>",
        head='<!DOCTYPE m [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n',
    )
    assert "DOCTYPE" in str(error_of(xxe))


def test_doctype_in_utf16_is_refused():
    text = '<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE m>\n<m/>'
    assert "DOCTYPE" in str(error_of(text.encode("utf-16")))


def test_zip_bomb_is_refused_by_declared_size():
    bomb = zipped({"model.xml": b" " * 3_000_000})
    assert len(bomb) < 20_000
    assert "larger than the limit" in str(error_of(bomb, max_bytes=1_000_000))


def test_zip_bomb_lying_about_its_size_is_refused():
    honest = zipped({"model.xml": FULL_MODEL + b" " * 3_000_000})
    # Declared small, so only the bounded read can notice the real size (or the bad CRC).
    for declared in (1000, 900_000, 5_000_000):
        error = error_of(with_declared_size(honest, declared), max_bytes=1_000_000)
        assert "larger than the limit" in str(error) or "damaged" in str(error)


def test_plain_file_over_the_limit_is_refused():
    assert "larger than the limit" in str(error_of(FULL_MODEL, max_bytes=1000))


def test_zip_without_a_model():
    error = error_of(zipped({"images/a.png": b"x", "readme.txt": b"hi"}))
    assert "model.xml" in str(error)


def test_damaged_zip():
    assert "damaged" in str(error_of(b"PK\x03\x04" + b"\x00" * 100))


def test_exchange_format_file_is_not_an_archi_model(archi_fixtures):
    with pytest.raises(InterchangeError, match="root element is <model>"):
        read_archimate(archi_fixtures / "Sample1.xml")


def test_missing_file(tmp_path):
    with pytest.raises(InterchangeError, match="cannot be read"):
        read_archimate(tmp_path / "nothing.archimate")


def test_text_mode_stream_is_refused():
    with pytest.raises(InterchangeError, match="binary"):
        read_archimate(io.StringIO(FULL_MODEL.decode()))


def replaced(old: str, new: str) -> bytes:
    assert old.encode() in FULL_MODEL
    return FULL_MODEL.replace(old.encode(), new.encode(), 1)


@pytest.mark.parametrize(
    ("old", "new", "identifier", "words"),
    [
        ('archimateElement="e-or"', 'archimateElement="e-gone"', "n-or", "no element"),
        ('archimateElement="e-or"', 'archimateElement="r-inf"', "n-or", "no element"),
        (
            'target="n-actor" archimateRelationship="r-serv"',
            'target="n-actor" archimateRelationship="r-gone"',
            "c-serv",
            "no relationship",
        ),
        ('target="r-inf" directed', 'target="r-gone" directed', "r-assoc", "“r-gone”"),
        ('model="v-second"', 'model="v-gone"', "n-ref", "no view"),
        ('profiles="p-1"', 'profiles="p-9"', "e-actor", "specialization"),
        ('source="n-note" target="c-serv"', 'source="n-note" target="x"', "c-line", "not in"),
    ],
)
def test_dangling_references(old, new, identifier, words):
    error = error_of(replaced(old, new))
    assert error.identifier == identifier
    assert error.line
    assert words in str(error)


@pytest.mark.parametrize(
    ("old", "new", "identifier"),
    [
        ('name="Goal" id="e-goal"', 'name="Goal" id="e-func"', "e-func"),
        ('id="n-or"', 'id="e-or"', "e-or"),
        ('id="c-line"', 'id="c-serv"', "c-serv"),
        ('id="f-mot"', 'id="f-bus"', "f-bus"),
    ],
)
def test_duplicate_ids(old, new, identifier):
    error = error_of(replaced(old, new))
    assert error.identifier == identifier
    assert "used twice" in str(error)
    assert "first used on line" in str(error)


@pytest.mark.parametrize(
    ("old", "new", "identifier"),
    [
        ("archimate:Goal", "archimate:Wish", "e-goal"),
        ("archimate:ServingRelationship", "archimate:UsedByRelationship", "r-serv"),
        ('xsi:type="archimate:Note"', 'xsi:type="archimate:SketchModelSticky"', "n-note"),
        ("archimate:DiagramModelConnection", "archimate:Wire", "c-line"),
        ('xsi:type="archimate:Goal"', 'xsi:type="other:Goal" xmlns:other="urn:x"', "e-goal"),
    ],
)
def test_unknown_types(old, new, identifier):
    error = error_of(replaced(old, new))
    assert error.identifier == identifier
    assert error.line
    assert "Unknown type" in str(error)


def test_bad_numbers_and_missing_attributes():
    assert error_of(replaced('x="600" y="10"', 'x="six" y="10"')).line
    error = error_of(replaced('accessType="3"', 'accessType="7"'))
    assert (error.identifier, "accessType" in str(error)) == ("r-rw", True)
    error = error_of(replaced('id="r-write" source="e-func" ', 'id="r-write" '))
    assert (error.identifier, "source" in str(error)) == ("r-write", True)
    error = error_of(replaced('name="Goal" id="e-goal"', 'name="Goal"'))
    assert "has no id" in str(error)


def nested_groups(depth: int) -> bytes:
    groups = "".join(
        f'<child xsi:type="archimate:Group" id="g{i}"><bounds x="1" y="2"/>' for i in range(depth)
    )
    view = f'<element xsi:type="archimate:ArchimateDiagramModel" id="v">{groups}'
    return model_xml(f'<folder name="Views" id="f">{view}{"</child>" * depth}</element></folder>')


def test_deep_nesting_is_read_up_to_the_parsers_depth_limit():
    node = read_archimate(io.BytesIO(nested_groups(250))).views[0].nodes[0]
    while node.children:
        (node,) = node.children
    assert (node.identifier, node.x, node.y) == ("g249", 250, 500)
    # libxml2 refuses deeper documents, long before Python's recursion limit.
    assert "depth" in str(error_of(nested_groups(300)))
