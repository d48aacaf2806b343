"""Files that must be refused, each with a message that says what and where.

The small files are in hostile/; large ones are made in a temporary directory by the tests.
That a refused import writes nothing is the importer's test.
"""

import io
import os
from pathlib import Path

import pytest

from nakhon.interchange.errors import InterchangeError
from nakhon.interchange.exchange import reader
from nakhon.interchange.exchange.reader import read_exchange

HOSTILE = Path(__file__).resolve().parent / "hostile"


def refusal(name: str, **options) -> InterchangeError:
    with pytest.raises(InterchangeError) as caught:
        read_exchange(HOSTILE / name, **options)
    return caught.value


class Unseekable(io.RawIOBase):
    """A pipe: bytes in order, once, no seeking and no size."""

    def __init__(self, data: bytes):
        self.data = io.BytesIO(data)

    def readable(self):
        return True

    def readinto(self, buffer):
        chunk = self.data.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def test_the_base_of_the_corpus_is_a_valid_file():
    doc = read_exchange(HOSTILE / "valid_base.xml")
    assert [e.identifier for e in doc.elements] == ["id-actor", "id-role"]
    assert doc.elements[0].properties[0].key == "Public"


# -- entities, DTDs and the network


@pytest.mark.parametrize(
    "name",
    [
        "billion_laughs.xml",
        "external_entity_file.xml",
        "external_entity_http.xml",
        "external_dtd.xml",
        "internal_dtd.xml",
    ],
)
def test_any_doctype_is_refused_before_its_declarations_are_read(name):
    error = refusal(name)
    assert "DOCTYPE" in error.message
    assert "remove it" in error.message
    assert error.line == 2
    assert "root:" not in str(error)  # nothing of /etc/passwd


def test_a_doctype_in_utf16_is_found_too(tmp_path):
    text = (HOSTILE / "external_entity_file.xml").read_text(encoding="utf-8")
    path = tmp_path / "utf16.xml"
    path.write_bytes(text.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16"))
    error = read_refused(path)
    assert "DOCTYPE" in error.message
    assert error.line == 2


def test_an_entity_without_a_doctype_is_not_well_formed():
    error = refusal("undeclared_entity.xml")
    assert "not well-formed" in error.message
    assert "secret" in error.message
    assert error.line == 4


def test_xinclude_is_not_followed():
    error = refusal("xinclude.xml")
    assert error.line == 4
    assert "schema" in error.message
    assert "root:" not in str(error)


# -- sizes


def test_a_file_over_the_limit_is_refused_from_its_size(monkeypatch):
    monkeypatch.setattr(reader, "seekable", refuse_to_open)
    error = refusal("valid_base.xml", max_bytes=1000)
    assert "larger than the limit of 1000" in error.message
    assert "Split the model" in error.message


def test_a_stream_over_the_limit_is_refused_while_it_is_read():
    data = (HOSTILE / "valid_base.xml").read_bytes() * 3
    with pytest.raises(InterchangeError) as caught:
        read_exchange(io.BufferedReader(Unseekable(data)), max_bytes=len(data) - 1)
    assert "larger than the limit" in caught.value.message


def test_a_file_over_two_gigabytes_is_refused_without_being_read(tmp_path, monkeypatch):
    path = tmp_path / "huge.xml"
    with open(path, "wb") as sparse:
        sparse.truncate(2 * 1024**3 + 1)  # sparse: no disk is used and nothing is written
    monkeypatch.setattr(reader, "seekable", refuse_to_open)
    message = read_refused(path).message.replace("\xa0", " ")
    assert "The file is 2.0 GB, larger than the limit of 1.0 GB" in message


def refuse_to_open(*_args):
    raise AssertionError("the file was opened")


def test_a_text_longer_than_libxml2_allows_is_refused(tmp_path):
    base = (HOSTILE / "valid_base.xml").read_text(encoding="utf-8")
    huge = "x" * (11 * 1024 * 1024)  # huge_tree stays off: 10 MB is the most one text can be
    path = tmp_path / "huge_text.xml"
    path.write_text(base.replace(">Actor<", f">{huge}<"), encoding="utf-8")
    error = read_refused(path)
    assert "not well-formed" in error.message
    assert "Text node too long" in error.message
    assert error.line in (5, 6)  # libxml2 gives up where the text ends


def test_nesting_deeper_than_libxml2_allows_is_refused(tmp_path):
    base = (HOSTILE / "valid_base.xml").read_text(encoding="utf-8")
    deep = '<item><label xml:lang="en">f</label>' * 300 + "</item>" * 300
    path = tmp_path / "deep.xml"
    path.write_text(base.replace("<organizations>", f"<organizations>{deep}"), encoding="utf-8")
    error = read_refused(path)
    assert "not well-formed" in error.message
    assert "depth" in error.message


def read_refused(path: Path) -> InterchangeError:
    with pytest.raises(InterchangeError) as caught:
        read_exchange(path)
    return caught.value


# -- not XML, not whole


def test_a_missing_file():
    error = refusal("no_such_file.xml")
    assert "cannot be opened" in error.message


def test_an_empty_file():
    assert refusal("empty.xml").message == "The file is empty."


def test_a_file_of_spaces_is_empty(tmp_path):
    path = tmp_path / "spaces.xml"
    path.write_text("  \n\n ")
    assert read_refused(path).message == "The file is empty."


def test_text_that_is_not_xml():
    error = refusal("not_xml.txt")
    assert "not XML" in error.message
    assert error.line == 1


def test_a_binary_file():
    error = refusal("binary.png")
    assert "binary data, not XML" in error.message


def test_a_truncated_file_names_its_last_line():
    error = refusal("truncated.xml")
    assert "truncated" in error.message
    assert error.line == 8


def test_a_truncated_stream_is_told_apart_too():
    data = (HOSTILE / "truncated.xml").read_bytes()
    with pytest.raises(InterchangeError) as caught:
        read_exchange(io.BufferedReader(Unseekable(data)))
    assert "truncated" in caught.value.message
    assert caught.value.line == 8


@pytest.mark.parametrize(
    ("name", "line", "words"),
    [
        ("mismatched_tags.xml", 14, "tag mismatch"),
        ("invalid_utf8.xml", 14, "character encoding"),
        ("trailing_content.xml", 46, "Extra content"),
    ],
)
def test_broken_xml_names_the_line(name, line, words):
    error = refusal(name)
    assert "not well-formed" in error.message
    assert words in error.message
    assert error.line == line


# -- other formats and versions


def test_archimate_2_is_named_and_the_way_out_given():
    error = refusal("archimate2.xml")
    assert "ArchiMate 2.x" in error.message
    assert "3.x" in error.message


def test_an_unknown_namespace_is_named():
    error = refusal("unknown_namespace.xml")
    assert "http://example.com/not-archimate" in error.message
    assert "http://www.opengroup.org/xsd/archimate/3.0/" in error.message


def test_archis_own_format_is_recognised():
    error = refusal("archi_native.archimate")
    assert "Archi model file" in error.message
    assert "Open Exchange File" in error.message


def test_a_root_other_than_model():
    assert "<modelx>" in refusal("wrong_root.xml").message


# -- wrong types


def test_an_unknown_element_type():
    error = refusal("wrong_element_type.xml")
    assert (error.line, error.identifier) == (8, "id-b")
    assert "“BusinessThing” is not an ArchiMate 3.x element type" in error.message


def test_a_relationship_type_among_the_elements():
    error = refusal("relationship_type_as_element.xml")
    assert (error.line, error.identifier) == (5, "id-a")
    assert "“Serving” is a relationship type" in error.message


def test_an_unknown_relationship_type():
    error = refusal("wrong_relationship_type.xml")
    assert (error.line, error.identifier) == (13, "id-r")
    assert "“UsedBy” is not an ArchiMate 3.x relationship type" in error.message


# -- references and identifiers


@pytest.mark.parametrize(
    ("name", "line", "identifier", "words"),
    [
        ("dangling_relationship_source.xml", 18, "id-assignment", "source “id-nobody”"),
        ("dangling_relationship_target.xml", 18, "id-assignment", "target “id-nobody”"),
        ("dangling_element_ref.xml", 37, "id-node-role", "elementRef “id-nobody”"),
        ("dangling_relationship_ref.xml", 41, "id-connection", "relationshipRef “id-nobody”"),
        ("dangling_organization_ref.xml", 24, "", "identifierRef “id-nobody”"),
        ("dangling_connection_source.xml", 41, "id-connection", "source “id-node-nobody”"),
        ("dangling_connection_target.xml", 41, "id-connection", "target “id-node-nobody”"),
        ("dangling_concept_ref.xml", 38, "id-note", "conceptRef “id-nobody”"),
        ("dangling_property_definition.xml", 8, "", "propertyDefinitionRef “propid-9”"),
    ],
)
def test_a_dangling_reference_is_named(name, line, identifier, words):
    error = refusal(name)
    assert (error.line, error.identifier) == (line, identifier)
    assert words in error.message


def test_a_reference_to_the_wrong_kind_of_thing():
    error = refusal("element_ref_to_relationship.xml")
    assert (error.line, error.identifier) == (37, "id-node-role")
    assert "“id-assignment” is a relationship; it must be an element" in error.message


@pytest.mark.parametrize(
    ("name", "first", "second", "identifier"),
    [
        ("duplicate_identifiers.xml", 5, 13, "id-actor"),
        ("duplicate_node_identifier.xml", 13, 37, "id-role"),
    ],
)
def test_duplicate_identifiers_name_both_lines(name, first, second, identifier):
    error = refusal(name)
    assert error.identifier == identifier
    assert f"on line {first} and on line {second}" in error.message


# -- the schema


def test_a_schema_violation_names_the_line_and_the_part():
    error = refusal("schema_invalid_bounds.xml")
    assert (error.line, error.identifier) == (37, "id-view")
    assert "schema" in error.message
    assert "attribute 'x': '-200'" in error.message


def test_a_schema_violation_outside_the_parts_is_found_in_the_frame():
    error = refusal("schema_invalid_order.xml")
    assert error.line == 3
    assert "Element 'elements': This element is not expected" in error.message


def test_a_schema_violation_in_a_stream_is_located_too():
    data = (HOSTILE / "schema_invalid_bounds.xml").read_bytes()
    with pytest.raises(InterchangeError) as caught:
        read_exchange(io.BufferedReader(Unseekable(data)))
    assert caught.value.line == 37


def test_a_file_object_is_read_from_where_it_stands():
    data = b"junk before the file" + (HOSTILE / "schema_invalid_bounds.xml").read_bytes()
    stream = io.BytesIO(data)
    stream.seek(len(b"junk before the file"))
    with pytest.raises(InterchangeError) as caught:
        read_exchange(stream)
    assert caught.value.line == 37


def test_the_corpus_is_small():
    assert all(os.path.getsize(path) < 10_000 for path in HOSTILE.iterdir())
