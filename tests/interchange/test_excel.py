"""Excel workbooks: the round trip, the template, filled-in templates, refused files."""

import dataclasses
import io
import struct
import zipfile
from datetime import datetime

import pytest
from django.utils.translation import override
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from nakhon.archimate.metamodel import ELEMENT_TYPES, RELATIONSHIP_TYPES, Layer
from nakhon.core.tabular import FORMULA_TRIGGERS, guard_formula, unguard_formula
from nakhon.interchange.document import (
    ElementDoc,
    ModelDocument,
    Property,
    RelationshipDoc,
    join_names,
    split_names,
)
from nakhon.interchange.errors import InterchangeError
from nakhon.interchange.excel import read_workbook, write_template, write_workbook
from nakhon.interchange.exporter import export_document
from nakhon.interchange.importer import apply_import
from nakhon.repository.models import Element

FORMULA_NAMES = ["=SUM(1,2)", "+66 2 123 4567", "-", "- ระบบเดิม", "@ผู้ดูแล", "'=quoted", "#N/A"]


@pytest.fixture
def document() -> ModelDocument:
    """Elements of several layers, three languages, repeated keys, formula-like text."""
    return ModelDocument(
        identifier="id-model",
        name={"th": "สถาปัตยกรรม กทม.", "en": "BMA architecture"},
        documentation={"th": "ภาพรวม", "en": "Overview", "ja": "概要\n二行目"},
        properties=[Property("owner", "สำนักยุทธศาสตร์"), Property("owner", "=1+1")],
        property_types={"owner": "string", "cost": "number"},
        elements=[
            ElementDoc(
                "id-actor",
                "BusinessActor",
                {"th": "ประชาชน", "en": "Citizen", "ja": "市民"},
                {"th": "ผู้รับบริการ", "fr": "Citoyen\nsur deux lignes"},
                [Property("cost", "12.50"), Property("cost", "-5"), Property("เขต", "บางรัก")],
            ),
            ElementDoc("id-service", "BusinessService", {"th": "การขออนุญาตก่อสร้างอาคาร"}),
            ElementDoc("id-app", "ApplicationComponent", {"en": "BMA OSS"}),
            ElementDoc("id-data", "DataObject", {"th": "คำขออนุญาต", "": "permit request"}),
            ElementDoc("id-node", "Node", {"th": "เครื่องแม่ข่าย", "en": "Server"}),
            ElementDoc("id-capability", "Capability", {"th": "การอนุญาต"}),
            ElementDoc("id-goal", "Goal", {"th": "เมืองน่าอยู่"}, {"en": "A liveable city"}),
            ElementDoc("id-package", "WorkPackage", {"th": "โครงการ 2568"}),
            ElementDoc("id-equipment", "Equipment", {"en": "Pump"}),
            ElementDoc("id-location", "Location", {"th": "บางรัก"}),
            ElementDoc("id-and", "AndJunction"),
            *(
                ElementDoc(f"id-formula-{n}", "Goal", join_names(text, "", {}))
                for n, text in enumerate(FORMULA_NAMES)
            ),
            ElementDoc("id-tab", "Goal", {"en": "\tindented"}),
        ],
        relationships=[
            RelationshipDoc("id-r1", "Serving", "id-service", "id-actor", {"th": "ให้บริการ"}),
            RelationshipDoc("id-r2", "Access", "id-app", "id-data", access_type="Read"),
            RelationshipDoc("id-r3", "Access", "id-app", "id-data", access_type="ReadWrite"),
            RelationshipDoc("id-r4", "Influence", "id-service", "id-goal", modifier="+"),
            RelationshipDoc("id-r5", "Influence", "id-actor", "id-goal", modifier="--"),
            RelationshipDoc("id-r6", "Association", "id-goal", "id-r1", is_directed=True),
            RelationshipDoc("id-r7", "Association", "id-goal", "id-actor"),
            RelationshipDoc(
                "id-r8",
                "Flow",
                "id-actor",
                "id-service",
                {"th": "ยื่นคำขอ", "en": "Applies", "ja": "申請"},
                {"th": "ทางออนไลน์"},
                [Property("channel", "web"), Property("channel", "@counter")],
            ),
            RelationshipDoc("id-r9", "Serving", "id-node", "id-in-the-repository"),
        ],
    )


def canonical(doc: ModelDocument) -> ModelDocument:
    """Elements in identifier order, without where a reader found them: a workbook groups
    elements by layer, and `line` is not part of the model."""
    return dataclasses.replace(
        doc,
        elements=sorted(
            (dataclasses.replace(e, line=None) for e in doc.elements), key=lambda e: e.identifier
        ),
        relationships=[dataclasses.replace(r, line=None) for r in doc.relationships],
    )


def round_trip(doc: ModelDocument, tmp_path) -> ModelDocument:
    path = tmp_path / "model.xlsx"
    write_workbook(doc, path)
    return read_workbook(path)


def cell_values(path) -> dict[str, list[tuple]]:
    workbook = load_workbook(path)
    return {
        sheet.title: [tuple(row) for row in sheet.iter_rows(values_only=True)]
        for sheet in workbook.worksheets
    }


def workbook_file(tmp_path, sheets: dict[str, list[list]], name="book.xlsx"):
    """A workbook of `sheets`: title -> rows of cell values."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    path = tmp_path / name
    workbook.save(path)
    return path


ELEMENT_HEADER = ["รหัส (ID)", "ประเภท (Type)", "ชื่อ (Name, Thai)", "ชื่อภาษาอังกฤษ (Name, English)"]
RELATIONSHIP_HEADER = ["รหัส (ID)", "ประเภท (Type)", "ต้นทาง (Source)", "ปลายทาง (Target)"]


def refusal(path, **options) -> InterchangeError:
    with pytest.raises(InterchangeError) as raised:
        read_workbook(path, **options)
    return raised.value


# The round trip


def test_reading_what_was_written_gives_the_document_back(document, tmp_path):
    assert canonical(round_trip(document, tmp_path)) == canonical(document)


def test_the_import_tests_document_survives_without_its_views_and_folders(full_document, tmp_path):
    expected = dataclasses.replace(full_document, views=[], folders=[], source="")
    assert canonical(round_trip(full_document, tmp_path)) == canonical(expected)


def test_a_file_object_works_as_well_as_a_path(document):
    buffer = io.BytesIO()
    write_workbook(document, buffer)
    buffer.seek(0)
    assert canonical(read_workbook(buffer)) == canonical(document)


def test_writing_what_was_read_gives_the_same_cells(document, tmp_path):
    first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    write_workbook(document, first)
    write_workbook(read_workbook(first), second)
    assert cell_values(second) == cell_values(first)


def test_names_in_another_form_come_back_as_the_importer_would_store_them(tmp_path):
    names = [{"en": "ประชาชน"}, {"": "ประชาชน"}, {"ja": "市民"}, {"en": "Citizen", "th": ""}]
    doc = ModelDocument(
        elements=[ElementDoc(f"id-{n}", "BusinessActor", name) for n, name in enumerate(names)]
    )
    back = {e.identifier: e.name for e in round_trip(doc, tmp_path).elements}
    for n, name in enumerate(names):
        assert split_names(back[f"id-{n}"]) == split_names(name)


# What the written file looks like


def test_formula_like_text_is_a_string_behind_an_apostrophe(document, tmp_path):
    path = tmp_path / "model.xlsx"
    write_workbook(document, path)
    workbook = load_workbook(path)  # not data_only: formulas would show as formulas
    cells = [c for sheet in workbook.worksheets for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type in ("f", "e")]
    names = {c.value: c for c in cells if isinstance(c.value, str)}
    for text in FORMULA_NAMES:
        written = guard_formula(text)
        assert names[written].data_type == "s"
        if text.startswith(FORMULA_TRIGGERS) or text.startswith("'"):
            assert written == "'" + text
    assert names["#N/A"].data_type == "s"
    assert "'=1+1" in names and "'-5" in names and "'+" in names and "'\tindented" in names


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("=A1", "'=A1"),
        ("+1", "'+1"),
        ("-", "'-"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("'=A1", "''=A1"),
        ("'quoted'", "'quoted'"),
        ("a=b", "a=b"),
        # Spreadsheets skip leading white space, and read full-width signs as formulas too.
        (" =x", "' =x"),
        ("  +1", "'  +1"),
        ("\n=x", "'\n=x"),
        ("\u3000=x", "'\u3000=x"),
        ("\u00a0@x", "'\u00a0@x"),
        ("＝SUM(A1)", "'＝SUM(A1)"),
        ("＋1", "'＋1"),
        ("－1", "'－1"),
        ("＠x", "'＠x"),
        (" ＝x", "' ＝x"),
        ("' =x", "'' =x"),
        ("  text", "  text"),
        ("", ""),
    ],
)
def test_the_formula_guard(text, written):
    assert guard_formula(text) == written
    assert unguard_formula(written) == text


@given(
    st.text(
        alphabet=st.sampled_from(
            ["=", "+", "-", "@", "'", "\t", "\r", "a", "ก", " ", "\u3000", "＝", "－", "＠"]
        )
    )
)
def test_the_formula_guard_is_undone_exactly_and_leaves_nothing_to_run(text):
    written = guard_formula(text)
    assert unguard_formula(written) == text
    assert not written.startswith(FORMULA_TRIGGERS)
    assert not written.lstrip().startswith((*FORMULA_TRIGGERS, *"＝＋－＠"))


def test_sheets_are_per_layer_in_thai_and_english_within_excel_limits(document, tmp_path):
    path = tmp_path / "model.xlsx"
    write_workbook(document, path)
    titles = load_workbook(path).sheetnames
    assert "ธุรกิจ Business" in titles and "ความสัมพันธ์ Relationships" in titles
    assert {"คุณสมบัติ Properties", "แบบจำลอง Model"} <= set(titles)
    for title in titles:
        assert len(title) <= 31 and not set(title) & set("[]:*?/\\")


def test_only_layers_with_elements_get_a_sheet(tmp_path):
    doc = ModelDocument(elements=[ElementDoc("id-goal", "Goal", {"th": "เป้าหมาย"})])
    path = tmp_path / "model.xlsx"
    write_workbook(doc, path)
    titles = load_workbook(path).sheetnames
    assert "แรงจูงใจ Motivation" in titles
    assert "ธุรกิจ Business" not in titles


def test_other_languages_get_a_column_each(document, tmp_path):
    path = tmp_path / "model.xlsx"
    write_workbook(document, path)
    header = next(load_workbook(path)["ธุรกิจ Business"].iter_rows(values_only=True))
    assert "ชื่อภาษา ja (Name, ja)" in header
    assert "คำอธิบายภาษา fr (Documentation, fr)" in header
    assert "ชื่อภาษา ไม่ระบุ (Name, no language)" in header


def test_the_header_is_frozen_and_the_font_can_show_thai(document, tmp_path):
    path = tmp_path / "model.xlsx"
    write_workbook(document, path)
    sheet = load_workbook(path)["ธุรกิจ Business"]
    assert sheet.freeze_panes == "A2"
    assert sheet["C2"].font.name == "Tahoma"
    assert sheet.column_dimensions["C"].width >= 30


def test_a_text_excel_cannot_hold_is_refused_by_name(tmp_path):
    doc = ModelDocument(elements=[ElementDoc("id-long", "Goal", {"th": "ก" * 40_000})])
    with pytest.raises(InterchangeError) as raised:
        write_workbook(doc, tmp_path / "model.xlsx")
    assert raised.value.identifier == "id-long"


def test_a_control_character_is_written_as_its_symbol(tmp_path):
    doc = ModelDocument(elements=[ElementDoc("id-tab", "Goal", {"th": "ขึ้น\x0bบรรทัด"})])
    write_workbook(doc, tmp_path / "model.xlsx")
    sheet = load_workbook(tmp_path / "model.xlsx")["แรงจูงใจ Motivation"]
    assert "ขึ้น\u240bบรรทัด" in [cell.value for row in sheet.iter_rows() for cell in row]


# The template


def test_the_template_has_thai_headers_instructions_and_type_lists(tmp_path):
    path = tmp_path / "template.xlsx"
    write_template(path)
    workbook = load_workbook(path)
    assert workbook.sheetnames[0] == "คำแนะนำ Instructions"
    instructions = [v for row in workbook.worksheets[0].iter_rows(values_only=True) for v in row]
    assert "ใส่รหัสที่มีอยู่แล้วเพื่อแก้ไขรายการนั้น" in instructions
    assert "ผู้กระทำทางธุรกิจ" in instructions  # the Thai label of BusinessActor
    for layer in Layer:
        sheet = next(s for s in workbook.worksheets[1:] if s.title.startswith(_thai_layer(layer)))
        header = next(sheet.iter_rows(values_only=True))
        assert header[:3] == ("รหัส (ID)", "ประเภท (Type)", "ชื่อ (Name, Thai)")
        assert _list_on(sheet, "B") == [t.name for t in ELEMENT_TYPES.values() if t.layer == layer]
    relationships = workbook["ความสัมพันธ์ Relationships"]
    assert _list_on(relationships, "B") == list(RELATIONSHIP_TYPES)
    assert "ต้นทาง (Source)" in next(relationships.iter_rows(values_only=True))
    for sheet in workbook.worksheets:
        for validation in sheet.data_validations.dataValidation:
            assert len(validation.formula1) <= 255  # Excel's limit for an inline list


def _thai_layer(layer: Layer) -> str:
    with override("th"):
        return str(layer.label)


def _list_on(sheet, column: str) -> list[str]:
    for validation in sheet.data_validations.dataValidation:
        if str(validation.sqref).startswith(f"{column}2:"):
            assert validation.type == "list"
            return validation.formula1.strip('"').split(",")
    raise AssertionError(f"no list on column {column} of {sheet.title}")


def test_the_empty_template_reads_as_an_empty_document(tmp_path):
    path = tmp_path / "template.xlsx"
    write_template(path)
    assert read_workbook(path) == ModelDocument()


def test_a_filled_in_template_reads_into_a_document(tmp_path):
    path = tmp_path / "template.xlsx"
    write_template(path)
    workbook = load_workbook(path)
    business = workbook["ธุรกิจ Business"]
    business.append(["", "BusinessActor", "  ประชาชน ", "Citizen", "ผู้ยื่นคำขอ"])
    business.append([])  # an empty row is skipped
    business.append(["svc-1", "บริการทางธุรกิจ", "การขออนุญาตก่อสร้าง", None, datetime(2025, 1, 31)])
    business.append(["", "Goal", 2568])  # on the business sheet, but its type decides
    business.title = "งานของเขต"  # people rename sheets
    application = workbook["แอปพลิเคชัน Application"]
    application.append([None, "Application Component", "ระบบ OSS"])
    relationships = workbook["ความสัมพันธ์ Relationships"]
    relationships.append(["", "การให้บริการ", "svc-1", "ประชาชน"])  # an end by name
    relationships.append(["rel-2", "access", "ระบบ OSS", "id-in-repo", "", "", "read"])
    relationships.append(["rel-3", "Association", "2568", "svc-1", "", "", "", "ใช่"])
    workbook["คุณสมบัติ Properties"].append(["ประชาชน", "เขต", "บางรัก"])
    workbook["คุณสมบัติ Properties"].append(["svc-1", "ค่าธรรมเนียม", 100.0])
    workbook.save(path)

    doc = read_workbook(path)

    actor, service, goal, app = doc.elements
    assert (actor.type, actor.name) == ("BusinessActor", {"th": "ประชาชน", "en": "Citizen"})
    assert actor.documentation == {"th": "ผู้ยื่นคำขอ"}
    assert actor.identifier.startswith("id-") and actor.line == 2
    assert (service.identifier, service.type) == ("svc-1", "BusinessService")
    assert service.documentation == {"en": "2025-01-31"}
    assert (goal.type, goal.name) == ("Goal", {"en": "2568"})
    assert (app.type, app.name) == ("ApplicationComponent", {"th": "ระบบ OSS"})
    serving, access, association = doc.relationships
    assert (serving.type, serving.source, serving.target) == ("Serving", "svc-1", actor.identifier)
    assert (access.type, access.access_type) == ("Access", "Read")
    assert (access.source, access.target) == (app.identifier, "id-in-repo")  # for the importer
    assert (association.source, association.is_directed) == (goal.identifier, True)
    assert actor.properties == [Property("เขต", "บางรัก")]
    assert service.properties == [Property("ค่าธรรมเนียม", "100")]


def test_a_blank_id_is_a_new_identifier_on_every_read(tmp_path):
    path = workbook_file(tmp_path, {"Sheet": [ELEMENT_HEADER, ["", "Goal", "เป้าหมาย"]]})
    first, second = read_workbook(path).elements[0], read_workbook(path).elements[0]
    assert first.identifier != second.identifier
    assert first.identifier.startswith("id-") and second.identifier.startswith("id-")


def test_sheets_are_found_by_their_headers_anywhere_near_the_top(tmp_path):
    path = workbook_file(
        tmp_path,
        {
            "Notes": [["anything"], ["ID", "Type"]],  # no name column: not a sheet we read
            "Mine": [
                ["My architecture, March"],
                [],
                ["Remarks", "ID", "type", "Name", "name , English", "Name, ja"],
                ["check", "id-x", "goal", "เป้าหมาย", "Goal", "目標"],
            ],
        },
    )
    (element,) = read_workbook(path).elements
    assert element.identifier == "id-x" and element.type == "Goal"
    assert element.name == {"th": "เป้าหมาย", "en": "Goal", "ja": "目標"}


# Files that are refused


def test_a_file_that_is_not_a_zip_is_refused(tmp_path):
    path = tmp_path / "model.xlsx"
    path.write_text("ชื่อ,ประเภท\nประชาชน,BusinessActor\n")
    assert "not an Excel workbook (.xlsx)" in refusal(path).message


def test_an_old_xls_file_is_refused_with_what_to_do(tmp_path):
    path = tmp_path / "model.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1000))
    assert ".xls" in refusal(path).message


def test_a_zip_that_is_not_a_workbook_is_refused(tmp_path):
    path = tmp_path / "model.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert "not an Excel workbook" in refusal(path).message


def test_a_damaged_workbook_is_refused(tmp_path):
    path = tmp_path / "model.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types")
    assert "damaged" in refusal(path).message


def test_a_zip_bomb_is_refused_before_it_is_unpacked(document, tmp_path):
    path = tmp_path / "model.xlsx"
    write_workbook(document, path)
    declare_huge_sizes(path)
    assert "unpacks to, more than 500 MB" in refusal(path).message


def declare_huge_sizes(path) -> None:
    """Make every member of the zip claim to unpack to 4 GB, as a zip bomb's would."""
    data = bytearray(path.read_bytes())
    start = data.find(b"PK\x01\x02")
    while start != -1:
        struct.pack_into("<I", data, start + 24, 0xF000_0000)  # uncompressed size
        start = data.find(b"PK\x01\x02", start + 4)
    path.write_bytes(bytes(data))


def test_a_workbook_over_the_limit_is_refused(document, tmp_path):
    path = tmp_path / "model.xlsx"
    write_workbook(document, path)
    assert "more than 1 MB" in refusal(path, max_bytes=1000).message


def test_a_workbook_without_the_expected_sheets_says_which_were_expected(tmp_path):
    path = workbook_file(tmp_path, {"Sheet1": [["ชื่อ", "จำนวน"], ["ประชาชน", 3]]})
    message = refusal(path).message
    assert "ความสัมพันธ์ Relationships" in message and "ธุรกิจ Business" in message
    assert "ประเภท (Type)" in message


def test_an_unknown_element_type_names_the_sheet_row_and_identifier(tmp_path):
    rows = [ELEMENT_HEADER, ["id-ok", "Goal", "ก"], ["id-bad", "Citizen", "ข"]]
    error = refusal(workbook_file(tmp_path, {"ธุรกิจ Business": rows}))
    assert "Sheet “ธุรกิจ Business”, row 3" in error.message and "Citizen" in error.message
    assert (error.line, error.identifier) == (3, "id-bad")
    assert "id-bad" in str(error)


def test_an_unknown_relationship_type_names_the_sheet_row_and_identifier(tmp_path):
    rows = [RELATIONSHIP_HEADER, ["id-r", "Supports", "id-a", "id-b"]]
    error = refusal(workbook_file(tmp_path, {"Links": rows}))
    assert "Sheet “Links”, row 2" in error.message and "Supports" in error.message
    assert (error.line, error.identifier) == (2, "id-r")


def test_a_duplicate_id_names_both_rows(tmp_path):
    path = workbook_file(
        tmp_path,
        {
            "A": [ELEMENT_HEADER, ["id-1", "Goal", "ก"]],
            "B": [
                RELATIONSHIP_HEADER,
                ["id-2", "Serving", "id-1", "id-1"],
                ["id-1", "Flow", "a", "b"],
            ],
        },
    )
    error = refusal(path)
    assert "sheet “A”, row 2" in error.message and "sheet “B”, row 3" in error.message
    assert (error.line, error.identifier) == (3, "id-1")


def test_a_relationship_without_an_end_is_refused(tmp_path):
    path = workbook_file(tmp_path, {"R": [RELATIONSHIP_HEADER, ["id-r", "Serving", "id-a"]]})
    error = refusal(path)
    assert "Sheet “R”, row 2" in error.message and "ปลายทาง (Target)" in error.message


def test_an_ambiguous_name_for_an_end_is_refused(tmp_path):
    path = workbook_file(
        tmp_path,
        {
            "E": [ELEMENT_HEADER, ["", "Goal", "ซ้ำ"], ["", "Outcome", "ซ้ำ"]],
            "R": [RELATIONSHIP_HEADER, ["id-r", "Influence", "ซ้ำ", "ซ้ำ"]],
        },
    )
    error = refusal(path)
    assert "Sheet “R”, row 2" in error.message and "2 elements" in error.message


def test_a_property_of_an_object_not_in_the_workbook_is_refused(tmp_path):
    path = workbook_file(
        tmp_path,
        {
            "E": [ELEMENT_HEADER, ["id-1", "Goal", "ก"]],
            "P": [["รหัส (ID)", "ชื่อคุณสมบัติ (Key)", "ค่า (Value)"], ["id-2", "k", "v"]],
        },
    )
    error = refusal(path)
    assert "Sheet “P”, row 2" in error.message and error.identifier == "id-2"


# With the repository


@pytest.mark.django_db
def test_an_exported_workbook_imports_as_unchanged(system_actor, full_document, tmp_path):
    apply_import(full_document, system_actor)
    before = export_document()
    path = tmp_path / "export.xlsx"
    write_workbook(before, path)

    plan = apply_import(read_workbook(path), system_actor)

    actions = {(item.kind, item.identifier): item.action for item in plan.items}
    expected = [("element", e.identifier) for e in full_document.elements]
    expected += [("relationship", r.identifier) for r in full_document.relationships]
    assert actions == dict.fromkeys(expected, "unchanged")
    assert export_document() == before  # views, folders and the model untouched


@pytest.mark.django_db
def test_importing_a_workbook_with_blank_ids_twice_creates_twice(system_actor, tmp_path):
    path = workbook_file(tmp_path, {"E": [ELEMENT_HEADER, ["", "Goal", "เมืองน่าอยู่"]]})
    for _ in range(2):
        assert apply_import(read_workbook(path), system_actor).counts()["element"]["create"] == 1
    assert Element.objects.filter(name="เมืองน่าอยู่").count() == 2
