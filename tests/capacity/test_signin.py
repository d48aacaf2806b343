"""Sign-in sheets: Thai names matched to people, near-matches put up for review (never guessed),
names matching no one reported, and nothing half-imported."""

import io

import pytest
from django.core.exceptions import ValidationError

from nakhon.capacity import attendance as sheet_import
from nakhon.capacity.models import Attendance
from nakhon.capacity.names import EXACT, MARKS, NONE, REVIEW, SIMILAR, NameIndex, bare, name_key
from nakhon.capacity.signin import read_sheet_file
from nakhon.core.exceptions import FileProblem
from nakhon.core.models import ChangeLogEntry, Channel
from nakhon.core.services import Actor
from nakhon.core.tabular import Column, csv_bytes, workbook_bytes
from tests.capacity import events_fixtures

pytestmark = pytest.mark.django_db
workshop = events_fixtures.workshop

# The sheet as the officer typed it in: titles, extra spaces and Thai digits in the unit.
SHEET = [
    ["นายสมชาย  ใจดี", "สำนักการโยธา", "✓"],  # exact, with a title and two spaces
    ["นางสาวสมหญิง รักเรียน", "สำนักการโยธา", "✓"],  # exact
    ["ประเสรฐ ศรีสุข", "สำนักการโยธา", "✓"],  # misspelt: ประเสริฐ, a vowel left out
    ["วิไลวรรณ แกวมณี", "สำนักการโยธา", "✓"],  # tone mark missing: แก้วมณี
    ["ธนากร วงศ์ใหญ่", "มหาวิทยาลัย ๑", "✓"],  # nobody we know
    ["กมล สุขใจ", "สำนักการโยธา", ""],  # on the list, but did not sign
]
HEADER = ["ชื่อ-สกุล (Name)", "หน่วยงาน (Unit)", "ลายมือชื่อ (Signature)"]


@pytest.fixture
def people(make_person, unit_a):
    names = ["สมชาย ใจดี", "สมหญิง รักเรียน", "ประเสริฐ ศรีสุข", "วิไลวรรณ แก้วมณี", "กมล สุขใจ"]
    return {name: make_person(unit_a, name=name) for name in names}


def as_csv(rows, header=HEADER) -> io.BytesIO:
    return io.BytesIO(csv_bytes(header, rows))


def as_xlsx(rows, header=HEADER) -> io.BytesIO:
    # Column.header writes "Thai (English)", as the header is given.
    columns = [Column(f"c{i}", *h.removesuffix(")").split(" (")) for i, h in enumerate(header)]
    return io.BytesIO(workbook_bytes("ใบลงชื่อ", columns, [(str(i), r) for i, r in enumerate(rows)]))


SHEETS = {"csv": as_csv, "xlsx": as_xlsx}


# The matcher


def test_name_key_ignores_titles_spacing_digits_and_case():
    assert name_key("นายสมชาย   ใจดี") == name_key("สมชาย ใจดี") == "สมชาย ใจดี"
    assert name_key("ว่าที่ร.ต.สมชาย ใจดี") == name_key("ผศ.ดร. สมชาย ใจดี") == "สมชาย ใจดี"
    assert name_key("Mr. Somchai JAIDEE") == "somchai jaidee"
    assert name_key("ห้อง ๑๒") == "ห้อง 12"
    assert name_key("นาง") == "นาง"  # a title alone is kept: it is all there is
    assert bare("แก้วมณี") == bare("แกวมณี") == "แกวมณี"


def test_matcher_takes_exact_names_and_never_guesses_near_ones():
    index = NameIndex(
        [
            (1, "สมชาย ใจดี", ["สมชาย ใจดี", "Somchai Jaidee"]),
            (2, "วิไลวรรณ แก้วมณี", ["วิไลวรรณ แก้วมณี"]),
            (3, "ประเสริฐ ศรีสุข", ["ประเสริฐ ศรีสุข"]),
            (4, "สมชาย ใจดี", ["สมชาย ใจดี (สนย.)"]),
        ]
    )
    assert index.match("Mr. Somchai Jaidee").outcome == EXACT
    assert index.match("Mr. Somchai Jaidee").person == 1
    marks = index.match("วิไลวรรณ แกวมณี")
    assert (marks.outcome, marks.reason, marks.person) == (REVIEW, MARKS, None)
    assert [c.ref for c in marks.candidates] == [2]
    misspelt = index.match("ประเสรฐ ศรีสุข")
    assert (misspelt.outcome, misspelt.reason) == (REVIEW, SIMILAR)
    assert misspelt.candidates[0].ref == 3 and 80 <= misspelt.candidates[0].score < 100
    assert index.match("ธนากร วงศ์ใหญ่").outcome == NONE
    assert index.match("").outcome == NONE


# The sign-in sheet: the "done when" of the issue


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_sheet_puts_near_matches_up_for_review_and_reports_strangers(
    fmt, workshop, people, admin_user, system_actor
):
    session = workshop.first
    plan = sheet_import.plan_sheet(session, SHEETS[fmt](SHEET), f"sheet.{fmt}", admin_user)
    outcomes = [(line.name, line.outcome) for line in plan.lines]
    assert outcomes == [
        ("นายสมชาย  ใจดี", sheet_import.TAKEN),
        ("นางสาวสมหญิง รักเรียน", sheet_import.TAKEN),
        ("ประเสรฐ ศรีสุข", sheet_import.REVIEW),
        ("วิไลวรรณ แกวมณี", sheet_import.REVIEW),
        ("ธนากร วงศ์ใหญ่", sheet_import.UNMATCHED),
        ("กมล สุขใจ", sheet_import.NOT_SIGNED),
    ]
    misspelt, marks = plan.review
    assert [c[0] for c in misspelt.candidates] == [str(people["ประเสริฐ ศรีสุข"].pk)]
    assert [c[0] for c in marks.candidates] == [str(people["วิไลวรรณ แก้วมณี"].pk)]
    assert marks.reason == MARKS
    assert [line.row for line in plan.unmatched] == [6]  # the header is row 1
    # Planning writes nothing.
    assert not Attendance.objects.exists()

    # Not confirmed: the two names for review are undecided, so nothing is written.
    actor = Actor(admin_user, Channel.IMPORT)
    token = plan.token()
    with pytest.raises(ValidationError) as refused:
        sheet_import.apply_plan(actor, session, sheet_import.Plan.from_token(token), {})
    assert len(refused.value.messages) == 2
    assert "row 4" in refused.value.messages[0] and "ประเสรฐ ศรีสุข" in refused.value.messages[0]
    assert not Attendance.objects.exists()

    # Confirmed: the misspelt name is the person, the other is left out.
    decisions = {misspelt.field_name: misspelt.candidates[0][0], marks.field_name: ""}
    written = sheet_import.apply_plan(
        actor, session, sheet_import.Plan.from_token(token), decisions
    )
    assert {a.person.name for a in written} == {"สมชาย ใจดี", "สมหญิง รักเรียน", "ประเสริฐ ศรีสุข"}
    assert {a.written_name for a in written} >= {"ประเสรฐ ศรีสุข"}
    entries = ChangeLogEntry.objects.filter(batch=actor.batch)
    assert entries.count() == 3 and set(entries.values_list("channel", flat=True)) == {"import"}


def test_a_failure_while_applying_writes_nothing(workshop, people, admin_user, make_user):
    """Someone deleted a chosen person after the plan was made: the whole import is refused,
    including the rows before it."""
    from nakhon.capacity.services import people as people_service

    session = workshop.first
    plan = sheet_import.plan_sheet(session, as_csv(SHEET), "sheet.csv", admin_user)
    misspelt, marks = plan.review
    people_service.delete(Actor.shell(admin_user), people["ประเสริฐ ศรีสุข"], version=None)
    decisions = {misspelt.field_name: misspelt.candidates[0][0], marks.field_name: ""}
    with pytest.raises(ValidationError, match="row 4"):
        sheet_import.apply_plan(Actor(admin_user, Channel.IMPORT), session, plan, decisions)
    assert not Attendance.objects.exists()


def test_a_plan_cannot_be_altered_or_moved_to_another_session(workshop, people, admin_user):
    plan = sheet_import.plan_sheet(workshop.first, as_csv(SHEET), "sheet.csv", admin_user)
    with pytest.raises(ValidationError, match="altered"):
        sheet_import.Plan.from_token(plan.token()[:-3] + "abc")
    decisions = {line.field_name: "" for line in plan.review}
    with pytest.raises(ValidationError, match="another session"):
        sheet_import.apply_plan(Actor(admin_user, "import"), workshop.second, plan, decisions)
    forged = plan.review[1]
    decisions[forged.field_name] = str(people["สมชาย ใจดี"].pk)
    with pytest.raises(ValidationError, match="not one of the candidates"):
        sheet_import.apply_plan(Actor(admin_user, "import"), workshop.first, plan, decisions)
    assert not Attendance.objects.exists()


def test_recorded_and_repeated_names_are_not_recorded_twice(workshop, people, admin_user):
    session = workshop.first
    rows = [["สมชาย ใจดี", "", "✓"], ["นาย สมชาย ใจดี", "", "✓"]]
    plan = sheet_import.plan_sheet(session, as_csv(rows), "s.csv", admin_user)
    assert [line.outcome for line in plan.lines] == [sheet_import.TAKEN, sheet_import.REPEATED]
    sheet_import.apply_plan(Actor(admin_user, "import"), session, plan, {})
    again = sheet_import.plan_sheet(session, as_csv(rows), "s.csv", admin_user)
    assert [line.outcome for line in again.lines] == [sheet_import.RECORDED] * 2
    assert Attendance.objects.count() == 1


def test_a_unit_editor_matches_only_the_people_they_may_see(
    workshop, people, make_person, unit_b, make_user
):
    from nakhon.core.permissions import Role

    make_person(unit_b, name="อรุณี มีสุข")
    editor = make_user(Role.UNIT_EDITOR, workshop.owner_unit)
    rows = [["อรุณี มีสุข", "", "✓"], ["สมชาย ใจดี", "", "✓"]]
    plan = sheet_import.plan_sheet(workshop.first, as_csv(rows), "s.csv", editor)
    assert [line.outcome for line in plan.lines] == [sheet_import.UNMATCHED, sheet_import.TAKEN]


# Reading the file: errors name the row and the column


def test_first_name_and_surname_columns_are_joined():
    header = ["ลำดับ", "ชื่อ", "นามสกุล"]
    rows = read_sheet_file(as_csv([["1", "สมชาย", "ใจดี"]], header), "s.csv")
    assert [(r.row, r.name) for r in rows] == [(2, "สมชาย ใจดี")]


def test_a_row_without_a_name_is_refused_with_its_row_and_column():
    rows = [["สมชาย ใจดี", "สนย.", "✓"], ["", "สนย.", "✓"]]
    with pytest.raises(FileProblem) as problem:
        read_sheet_file(as_csv(rows), "sheet.csv")
    assert "row 3" in str(problem.value) and "ชื่อ-สกุล (Name)" in str(problem.value)


def test_a_sheet_without_a_name_column_is_refused():
    with pytest.raises(FileProblem, match="header row"):
        read_sheet_file(as_csv([["x", "y"]], ["A", "B"]), "sheet.csv")
    with pytest.raises(FileProblem, match=r"\.xlsx"):
        read_sheet_file(io.BytesIO(b"x"), "sheet.pdf")
    with pytest.raises(FileProblem, match="not an Excel workbook"):
        read_sheet_file(io.BytesIO(b"not a zip"), "sheet.xlsx")


def test_errors_are_in_thai_for_a_thai_reader():
    from django.utils import translation

    with translation.override("th"), pytest.raises(FileProblem) as problem:
        read_sheet_file(as_csv([["", "สนย.", "✓"]]), "sheet.csv")
    assert "แถว 2" in str(problem.value)


def test_the_sign_in_page_shows_the_plan_and_records_once_every_name_is_decided(
    admin_client, workshop, people
):
    from django.urls import reverse

    session = workshop.first
    url = reverse("capacity:session_signin", args=[session.pk])
    assert admin_client.get(url).status_code == 200
    upload = as_csv(SHEET)
    upload.name = "ใบลงชื่อ.csv"
    page = admin_client.post(url, {"file": upload})
    content = page.content.decode()
    assert page.status_code == 200 and 'data-testid="plan"' in content
    assert content.count('data-outcome="review"') == 2 and "ธนากร วงศ์ใหญ่" in content
    token = page.context["token"]
    misspelt, marks = page.context["plan"].review
    undecided = admin_client.post(url, {"token": token, misspelt.field_name: "none"})
    assert undecided.status_code == 400 and "row 5" in undecided.content.decode()
    assert not Attendance.objects.exists()
    decided = {"token": token, misspelt.field_name: misspelt.candidates[0][0]}
    done = admin_client.post(url, {**decided, marks.field_name: "none"})
    assert done.status_code == 302 and done["Location"] == session.get_absolute_url()
    assert Attendance.objects.filter(session=session).count() == 3
    assert admin_client.post(url, {"token": token + "x"}).status_code == 400


def test_a_viewer_may_not_import_a_sign_in_sheet(client, workshop, make_user):
    from django.urls import reverse

    from nakhon.core.permissions import Role

    client.force_login(make_user(Role.VIEWER, workshop.owner_unit))
    url = reverse("capacity:session_signin", args=[workshop.first.pk])
    assert client.get(url).status_code == 403
