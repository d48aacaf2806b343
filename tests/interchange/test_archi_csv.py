"""Archi's CSV files: the fixtures Archi wrote, the round trip through our writer, formula
neutralisation, and broken files."""

import copy
import io
import re
import shutil
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nakhon.archimate.metamodel import ACCESS_TYPES, ELEMENT_TYPES, RELATIONSHIP_TYPES
from nakhon.core.tabular import guard_formula, unguard_formula
from nakhon.interchange.archi import SPECIALIZATION_KEY
from nakhon.interchange.archi_csv import (
    find_csv_set,
    read_archi_csv,
    render_archi_csv,
    write_archi_csv,
)
from nakhon.interchange.document import (
    ElementDoc,
    ModelDocument,
    Property,
    RelationshipDoc,
    split_names,
)
from nakhon.interchange.errors import InterchangeError
from tests.conftest import examples

GENERATED_ID = re.compile(r"id-[0-9a-f]{32}")


# ---- helpers ----


def one_language(text: dict) -> dict:
    thai_first = split_names(text)[0]
    return {"": thai_first} if thai_first else {}


def csv_part(doc: ModelDocument) -> ModelDocument:
    """What Archi's CSV can carry of a document: concepts, properties and the model's
    identifier, name and documentation, each text in one language."""
    return ModelDocument(
        identifier=doc.identifier,
        name=one_language(doc.name),
        documentation=one_language(doc.documentation),
        properties=list(doc.properties),
        elements=[
            replace(
                e,
                name=one_language(e.name),
                documentation=one_language(e.documentation),
                line=None,
            )
            for e in doc.elements
        ],
        relationships=[
            replace(
                r,
                name=one_language(r.name),
                documentation=one_language(r.documentation),
                access_type=(r.access_type or "Write") if r.type == "Access" else "",
                line=None,
            )
            for r in doc.relationships
        ],
    )


def rendered(doc: ModelDocument, **kwargs) -> dict:
    return render_archi_csv(doc, **kwargs)


def read_rendered(files: dict, **kwargs) -> ModelDocument:
    """The document read back, without the line numbers and file name only reading gives."""
    doc = read_archi_csv({kind: io.BytesIO(data) for kind, data in files.items()}, **kwargs)
    doc.elements = [replace(e, line=None) for e in doc.elements]
    doc.relationships = [replace(r, line=None) for r in doc.relationships]
    doc.source = ""
    return doc


def round_trip(doc: ModelDocument, **kwargs) -> ModelDocument:
    return read_rendered(rendered(doc, **kwargs))


def csv_bytes(*rows: list[str], delimiter: str = ",") -> bytes:
    return "\r\n".join(
        delimiter.join('"' + cell.replace('"', '""') + '"' for cell in row) for row in rows
    ).encode()


ELEMENTS_HEADER = ["ID", "Type", "Name", "Documentation", "Specialization"]
RELATIONS_HEADER = ["ID", "Type", "Name", "Documentation", "Source", "Target", "Specialization"]
PROPERTIES_HEADER = ["ID", "Key", "Value"]
MODEL_ROW = ["m1", "ArchimateModel", "Model", "", ""]


def read_rows(elements=(), relations=None, properties=None) -> ModelDocument:
    files = {"elements": io.BytesIO(csv_bytes(ELEMENTS_HEADER, MODEL_ROW, *elements))}
    if relations is not None:
        files["relations"] = io.BytesIO(csv_bytes(RELATIONS_HEADER, *relations))
    if properties is not None:
        files["properties"] = io.BytesIO(csv_bytes(PROPERTIES_HEADER, *properties))
    return read_archi_csv(files)


def error_reading(**kwargs) -> InterchangeError:
    with pytest.raises(InterchangeError) as caught:
        read_rows(**kwargs)
    return caught.value


# ---- the fixtures Archi wrote ----


@pytest.fixture
def csv_folder(archi_fixtures):
    return archi_fixtures / "csv"


def test_test1_model_elements_relationships_and_properties(csv_folder):
    doc = read_archi_csv(find_csv_set(csv_folder, "test1-"))
    assert doc.identifier == "862677a6"
    assert doc.name == {"": "Test Model"}
    assert doc.documentation == {
        "": 'This is the Purpose of the Model.\r\nIt has a line break and "some" quotes.\r\n'
    }
    assert doc.properties == [
        Property("Property 1", 'Hello World "Here"!'),
        Property("Property 2", "Again"),
    ]
    assert [(e.identifier, e.type, e.name[""], e.line) for e in doc.elements] == [
        ("f00aa5b4", "BusinessActor", "Business Actor", 5),
        ("d9fe8c17", "BusinessInterface", "Business Interface", 9),
        ("f6a18059", "BusinessRole", "Business Role", 10),
    ]
    actor = doc.elements[0]
    assert actor.documentation == {"": 'This is the Business Actor\r\nDocumentation\r\nHere ""\r\n'}
    # Archi keeps both rows of a repeated key when it creates the object; so do we.
    assert actor.properties == [
        Property(SPECIALIZATION_KEY, "Specialization1"),
        Property("Property 1", "A new value"),
        Property("Property 2", 'Another one "here"'),
        Property("Property 3", ""),
        Property("Property 3", "Again"),
    ]
    assert doc.elements[1].documentation == {}
    assignment, composition = doc.relationships
    assert (assignment.identifier, assignment.type, assignment.source, assignment.target) == (
        "cdbfc933",
        "Assignment",
        "f00aa5b4",
        "f6a18059",
    )
    assert assignment.documentation == {"": 'Assignment documentation\r\nIs here "hello"'}
    assert composition.documentation == {"": "Here it is\r\nagain\r\n\r\n\r\n"}
    assert composition.properties == [Property("This", "values")]
    assert doc.source.endswith("test1-elements.csv")


def test_test2_changes(csv_folder):
    doc = read_archi_csv(find_csv_set(csv_folder, "test2-"))
    assert (doc.name, doc.documentation) == (
        {"": "Test Model changed"},
        {"": "Model Documentation Changed"},
    )
    assert doc.elements[0].name == {"": "Name changed"}
    assert doc.elements[0].properties[2] == Property("Property 3", "Changed this one")
    assert doc.relationships[0].documentation == {"": "Assignment documentation changed"}


def test_test3_blank_ids_and_a_space_after_a_closing_quote(csv_folder):
    files = find_csv_set(csv_folder, "test3-")
    assert set(files) == {"elements", "relations"}
    doc = read_archi_csv(files)
    # A blank model ID leaves the model's identifier unset; nothing is created for it.
    assert (doc.identifier, doc.name) == ("", {"": "Test Model"})
    identifiers = [e.identifier for e in doc.elements]
    assert identifiers[3:] == ["id1", "id2"]
    assert all(GENERATED_ID.fullmatch(i) for i in identifiers[:3])
    assert len(set(identifiers)) == 5
    # `"This has an Identifier" ,""`: the space is skipped as Archi (Commons CSV) skips it.
    assert doc.elements[4].documentation == {"": "This has an Identifier"}
    (relationship,) = doc.relationships
    assert GENERATED_ID.fullmatch(relationship.identifier)
    assert (relationship.source, relationship.target) == ("id1", "id2")


def test_blank_ids_are_new_at_every_read(csv_folder):
    files = find_csv_set(csv_folder, "test3-")
    first, second = read_archi_csv(files), read_archi_csv(files)
    assert first.elements[0].identifier != second.elements[0].identifier
    counter = iter(range(100))
    doc = read_archi_csv(files, new_identifier=lambda: f"new-{next(counter)}")
    assert [e.identifier for e in doc.elements[:3]] == ["new-0", "new-1", "new-2"]
    assert doc.relationships[0].identifier == "new-3"


def test_find_csv_set(csv_folder, tmp_path):
    assert find_csv_set(csv_folder, "test2-")["relations"].name == "test2-relations.csv"
    with pytest.raises(InterchangeError, match="test1-, test2-, test3-"):
        find_csv_set(csv_folder)
    paths = sorted(csv_folder.iterdir())
    assert find_csv_set(paths, "test1-")["properties"].name == "test1-properties.csv"
    with pytest.raises(InterchangeError, match="test4-elements.csv"):
        find_csv_set(paths, "test4-")
    # One set with a prefix is found without being told the prefix.
    for path in csv_folder.glob("test3-*"):
        shutil.copy(path, tmp_path)
    assert find_csv_set(tmp_path)["elements"].name == "test3-elements.csv"
    write_archi_csv(read_archi_csv(find_csv_set(tmp_path)), tmp_path)
    assert find_csv_set(tmp_path)["elements"].name == "elements.csv"
    with pytest.raises(InterchangeError, match="not a folder"):
        find_csv_set(tmp_path / "missing")


def test_find_csv_set_from_one_of_the_files(csv_folder, tmp_path):
    # Archi's import is given one file and finds the others beside it by its prefix.
    files = find_csv_set(csv_folder / "test2-relations.csv")
    assert {kind: path.name for kind, path in files.items()} == {
        "elements": "test2-elements.csv",
        "relations": "test2-relations.csv",
        "properties": "test2-properties.csv",
    }
    assert set(find_csv_set(csv_folder / "test3-elements.csv")) == {"elements", "relations"}
    notes = tmp_path / "notes.csv"
    notes.write_text("x")
    with pytest.raises(InterchangeError, match="not one of Archi's CSV files"):
        find_csv_set(notes)


def test_fixture_rewritten_reads_the_same(csv_folder, tmp_path):
    doc = read_archi_csv(find_csv_set(csv_folder, "test1-"))
    write_archi_csv(doc, tmp_path, prefix="again-")
    assert csv_part(read_archi_csv(find_csv_set(tmp_path, "again-"))) == csv_part(doc)
    # Record for record what the fixture holds; Archi's exporter ends the last record without
    # the CRLF these hand-kept fixtures have.
    for kind in ("elements", "relations", "properties"):
        ours = (tmp_path / f"again-{kind}.csv").read_bytes()
        archis = (csv_folder / f"test1-{kind}.csv").read_bytes()
        assert ours == archis.removesuffix(b"\r\n")


# ---- the round trip ----


def test_round_trip_of_the_full_document(full_document):
    assert round_trip(full_document) == csv_part(full_document)
    first = rendered(full_document)
    assert rendered(read_rendered(first)) == first


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
@pytest.mark.parametrize("bom", [False, True])
def test_round_trip_with_each_delimiter_and_bom(full_document, delimiter, bom):
    files = rendered(full_document, delimiter=delimiter, bom=bom)
    assert files["elements"].startswith(b"\xef\xbb\xbf" if bom else b'"ID"')
    assert read_rendered(files) == csv_part(full_document)


def test_written_format_is_archis(full_document):
    files = rendered(full_document)
    elements = files["elements"].decode()
    assert elements.startswith(
        '"ID","Type","Name","Documentation","Specialization"\r\n'
        '"id-model","ArchimateModel","แบบจำลองทดสอบ","คำอธิบายแบบจำลอง",""\r\n'
        '"id-actor","BusinessActor","ประชาชน","ผู้รับบริการ",""\r\n'
    )
    assert not elements.endswith("\r\n")
    assert '"id-or","Junction","","",""' in elements
    relations = files["relations"].decode()
    assert '"id-r1","ServingRelationship","ให้บริการ","","id-service","id-actor",""' in relations
    properties = files["properties"].decode().split("\r\n")
    assert properties[:2] == ['"ID","Key","Value"', '"id-model","owner","สำนักยุทธศาสตร์"']
    assert '"id-or","Junction_Type","Or"' in properties
    assert '"id-r2","Access_Type","Read"' in properties
    assert '"id-r5","Influence_Strength","\'+"' in properties
    assert '"id-r6","Directed","true"' in properties


def test_write_returns_the_paths(full_document, tmp_path):
    paths = write_archi_csv(full_document, tmp_path, prefix="x-", delimiter=";")
    assert {kind: path.name for kind, path in paths.items()} == {
        "elements": "x-elements.csv",
        "relations": "x-relations.csv",
        "properties": "x-properties.csv",
    }
    assert paths["elements"].read_bytes().startswith(b'"ID";"Type"')


def test_special_keys_are_ordinary_properties_where_they_do_not_apply(full_document):
    doc = copy.deepcopy(full_document)
    doc.elements[0].properties += [Property("Access_Type", "Read"), Property("Junction_Type", "x")]
    # On the concepts they apply to, a user's property of that name still comes back as one.
    doc.relationships[1].properties.append(Property("Access_Type", "Write"))
    doc.relationships[4].properties.append(Property("Influence_Strength", "9"))
    doc.elements[4].properties.append(Property("Junction_Type", "And"))
    assert round_trip(doc) == csv_part(doc)
    assert round_trip(doc).relationships[1].access_type == "Read"


def test_specialization_column(full_document):
    doc = copy.deepcopy(full_document)
    doc.elements[1].properties = [Property(SPECIALIZATION_KEY, "Portal"), Property("a", "b")]
    # Not first, or empty: an ordinary property row.
    doc.elements[2].properties = [Property("a", "b"), Property(SPECIALIZATION_KEY, "Form")]
    doc.elements[3].properties = [Property(SPECIALIZATION_KEY, "")]
    files = rendered(doc)
    assert '"id-app","ApplicationComponent","BMA OSS","","Portal"' in files["elements"].decode()
    assert round_trip(doc) == csv_part(doc)


def test_attribute_rows_that_archi_writes():
    doc = read_rows(
        elements=[["j1", "Junction", "", "", ""], ["j2", "Junction", "", "", ""]],
        relations=[
            ["a1", "AccessRelationship", "", "", "j1", "j2", ""],
            ["i1", "InfluenceRelationship", "", "", "j1", "j2", ""],
            ["s1", "AssociationRelationship", "", "", "j1", "a1", ""],
        ],
        properties=[
            ["j2", "Junction_Type", "Or"],
            ["j1", "Junction_Type", "And"],
            ["a1", "Access_Type", "readwrite"],
            ["a1", "Access_Type", "Read"],
            ["i1", "Influence_Strength", "5"],
            ["s1", "Directed", "TRUE"],
            ["m1", "Directed", "true"],
        ],
    )
    assert [e.type for e in doc.elements] == ["AndJunction", "OrJunction"]
    access, influence, association = doc.relationships
    assert access.access_type == "ReadWrite"
    assert access.properties == [Property("Access_Type", "Read")]
    assert (influence.modifier, association.is_directed) == ("5", True)
    assert doc.properties == [Property("Directed", "true")]


def test_access_without_a_row_is_write():
    doc = read_rows(
        elements=[["e1", "DataObject", "", "", ""], ["e2", "ApplicationComponent", "", "", ""]],
        relations=[["a1", "AccessRelationship", "", "", "e2", "e1", ""]],
    )
    assert doc.relationships[0].access_type == "Write"


def test_reading_is_lenient_as_archi_is():
    text = (
        "\ufeffid;type;name;documentation;specialization\n"
        "# a comment line\n"
        "\n"
        'e1;BusinessActor;"A; B" ;"x\r\ny";\r'
        'e2;"archimate:BusinessRole";plain "quotes" stay;;\n'
    )
    doc = read_archi_csv({"elements": io.BytesIO(text.encode())})
    assert [(e.identifier, e.type, e.name, e.documentation, e.line) for e in doc.elements] == [
        ("e1", "BusinessActor", {"": "A; B"}, {"": "x\r\ny"}, 4),
        ("e2", "BusinessRole", {"": 'plain "quotes" stay'}, {}, 6),
    ]
    tabbed = csv_bytes(ELEMENTS_HEADER[:4], ["e1", "Goal", "a\tb", ""], delimiter="\t")
    doc = read_archi_csv({"elements": io.BytesIO(tabbed)})
    assert doc.elements[0].name == {"": "a\tb"}
    # A text stream and a path work as well as a binary stream.
    doc = read_archi_csv({"elements": io.StringIO(tabbed.decode())})
    assert doc.elements[0].type == "Goal"


# ---- formulas ----


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
        ("+66 2 123 4567", "'+66 2 123 4567"),
        ("-5", "'-5"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("'=already", "''=already"),
        ("''+x", "'''+x"),
        ("'quoted", "'quoted"),
        (" =space first", "' =space first"),
        ("＝full width", "'＝full width"),
        ("a=b", "a=b"),
        ("", ""),
        ("กรุงเทพ", "กรุงเทพ"),
    ],
)
def test_formula_neutralisation_is_reversible(value, written):
    assert guard_formula(value) == written
    assert unguard_formula(written) == value


def test_formulas_are_written_as_text(full_document):
    doc = copy.deepcopy(full_document)
    doc.elements[0].name = {"": '=HYPERLINK("http://x","y")'}
    doc.elements[0].properties = [Property("-key", "@value")]
    files = rendered(doc)
    assert '"\'=HYPERLINK(""http://x"",""y"")"' in files["elements"].decode()
    assert '"id-actor","\'-key","\'@value"' in files["properties"].decode()
    assert round_trip(doc) == csv_part(doc)


# ---- hypothesis: any small document survives the round trip ----

TRICKY = list("กขคงจฉ่้๊๋ะาำ\"',;\t\r\n=+-@# \ufeff\x00é")
texts = st.text(
    alphabet=st.one_of(st.sampled_from(TRICKY), st.characters(exclude_categories=("Cs",))),
    max_size=10,
)
lang_texts = texts.map(lambda t: {"": t} if t else {})
identifiers = st.from_regex(r"[A-Za-z0-9._\-ก-ฮ]{1,10}", fullmatch=True)
keys = st.one_of(
    texts,
    st.sampled_from(
        [SPECIALIZATION_KEY, "Access_Type", "Junction_Type", "Directed", "Influence_Strength"]
    ),
)
property_lists = st.lists(st.builds(Property, keys, texts), max_size=4)


@st.composite
def documents(draw):
    element_count = draw(st.integers(0, 4))
    relationship_count = draw(st.integers(0, 4))
    ids = draw(st.lists(identifiers, min_size=element_count + relationship_count + 1, unique=True))
    model_id, element_ids, relationship_ids = (
        ids[0],
        ids[1 : element_count + 1],
        ids[element_count + 1 :],
    )
    model_properties = draw(property_lists)
    if not model_properties and draw(st.booleans()):
        model_id = ""
    elements = [
        ElementDoc(
            identifier,
            draw(st.sampled_from(sorted(ELEMENT_TYPES))),
            draw(lang_texts),
            draw(lang_texts),
            draw(property_lists),
        )
        for identifier in element_ids
    ]
    ends = st.sampled_from([*element_ids, *relationship_ids, "elsewhere"])
    relationships = []
    for identifier in relationship_ids:
        kind = draw(st.sampled_from(sorted(RELATIONSHIP_TYPES)))
        relationships.append(
            RelationshipDoc(
                identifier,
                kind,
                draw(ends),
                draw(ends),
                draw(lang_texts),
                draw(lang_texts),
                draw(property_lists),
                access_type=draw(st.sampled_from(ACCESS_TYPES)) if kind == "Access" else "",
                is_directed=draw(st.booleans()) if kind == "Association" else False,
                modifier=draw(texts) if kind == "Influence" else "",
            )
        )
    return ModelDocument(
        identifier=model_id,
        name=draw(lang_texts),
        documentation=draw(lang_texts),
        properties=model_properties,
        elements=elements,
        relationships=relationships,
    )


@settings(max_examples=examples(300), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=documents(), delimiter=st.sampled_from([",", ";", "\t"]), bom=st.booleans())
def test_any_document_survives_the_csv_round_trip(doc, delimiter, bom):
    files = rendered(doc, delimiter=delimiter, bom=bom)
    again = read_rendered(files)
    assert again == doc
    assert rendered(again, delimiter=delimiter, bom=bom) == files


# ---- broken files ----


def test_wrong_header():
    data = csv_bytes(["Identifier", "Type", "Name", "Documentation"])
    with pytest.raises(InterchangeError, match="header") as caught:
        read_archi_csv({"elements": io.BytesIO(data)})
    assert caught.value.line == 1
    with pytest.raises(InterchangeError, match="header"):
        read_archi_csv({"elements": io.BytesIO(b"")})


def test_relations_file_given_as_elements():
    with pytest.raises(InterchangeError, match="header"):
        read_archi_csv({"elements": io.BytesIO(csv_bytes(RELATIONS_HEADER))})


def test_unclosed_quote_names_where_the_field_starts():
    data = csv_bytes(ELEMENTS_HEADER, MODEL_ROW) + b'\r\n"e1","Goal","never closed,"",""\r\n'
    with pytest.raises(InterchangeError, match="not closed") as caught:
        read_archi_csv({"elements": io.BytesIO(data)})
    assert caught.value.line == 3


def test_text_after_a_closing_quote():
    data = csv_bytes(ELEMENTS_HEADER, MODEL_ROW) + b'\r\n"e1","Goal" x,"","",""'
    with pytest.raises(InterchangeError, match="after a closing quote") as caught:
        read_archi_csv({"elements": io.BytesIO(data)})
    assert caught.value.line == 3


def test_wrong_field_count():
    error = error_reading(elements=[["e1", "Goal", "", ""]])
    assert (error.line, "4 fields" in str(error)) == (3, True)


def test_not_utf8():
    data = csv_bytes(ELEMENTS_HEADER, MODEL_ROW) + '\r\n"e1","Goal","กรุง","",""'.encode("cp874")
    with pytest.raises(InterchangeError, match="UTF-8") as caught:
        read_archi_csv({"elements": io.BytesIO(data)})
    assert caught.value.line == 3


def test_too_large():
    data = csv_bytes(ELEMENTS_HEADER, MODEL_ROW)
    with pytest.raises(InterchangeError, match="larger than the limit"):
        read_archi_csv({"elements": io.BytesIO(data)}, max_bytes=20)


@pytest.mark.parametrize(
    ("kwargs", "line", "identifier", "words"),
    [
        ({"elements": [["e1", "Wish", "", "", ""]]}, 3, "e1", "not an ArchiMate element"),
        ({"elements": [["e1", "FlowRelationship", "", "", ""]]}, 3, "e1", "element type"),
        (
            {"elements": [["e1", "Goal", "", "", ""], ["e1", "Goal", "", "", ""]]},
            4,
            "e1",
            "already used on line 3",
        ),
        ({"elements": [["m1", "Goal", "", "", ""]]}, 3, "m1", "already used on line 2"),
        ({"elements": [["e 1", "Goal", "", "", ""]]}, 3, "e 1", "no spaces"),
        ({"elements": [["", "ArchimateModel", "", "", ""]]}, 3, "", "second ArchimateModel"),
        (
            {"relations": [["r1", "Goal", "", "", "a", "b", ""]]},
            2,
            "r1",
            "relationship type",
        ),
        ({"relations": [["r1", "FlowRelationship", "", "", "", "b", ""]]}, 2, "r1", "Source"),
        ({"properties": [["nobody", "k", "v"]]}, 2, "nobody", "belongs to no"),
        ({"properties": [["", "k", "v"]]}, 2, "", "belongs to no"),
        (
            {
                "elements": [["e1", "Junction", "", "", ""]],
                "properties": [["e1", "Junction_Type", "Xor"]],
            },
            2,
            "e1",
            "not one of And, Or",
        ),
        (
            {
                "relations": [["r1", "AccessRelationship", "", "", "a", "b", ""]],
                "properties": [["r1", "Access_Type", "Delete"]],
            },
            2,
            "r1",
            "not one of Write",
        ),
    ],
)
def test_bad_rows(kwargs, line, identifier, words):
    kwargs.setdefault("relations", [])
    kwargs.setdefault("properties", [])
    error = error_reading(**kwargs)
    assert (error.line, error.identifier) == (line, identifier)
    assert words in str(error)


def test_elements_file_is_required():
    with pytest.raises(InterchangeError, match="elements file is required"):
        read_archi_csv({"relations": io.BytesIO(csv_bytes(RELATIONS_HEADER))})


def test_writer_refuses_what_csv_cannot_say(full_document):
    doc = copy.deepcopy(full_document)
    doc.identifier = ""
    with pytest.raises(InterchangeError, match="model's properties"):
        rendered(doc)
    doc = copy.deepcopy(full_document)
    doc.elements[0].identifier = ""
    with pytest.raises(InterchangeError, match="needs an identifier"):
        rendered(doc)
    doc = copy.deepcopy(full_document)
    doc.relationships[1].access_type = "Delete"
    with pytest.raises(InterchangeError, match="access type") as caught:
        rendered(doc)
    assert caught.value.identifier == "id-r2"
    with pytest.raises(InterchangeError, match="delimiter"):
        rendered(full_document, delimiter="|")
