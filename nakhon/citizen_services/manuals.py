"""The citizen's-manual template: services as Thai agencies publish them under the Licensing
Facilitation Act B.E. 2558, in a workbook (.xlsx) or one CSV file, with Thai headers.

Seven sections, as a manual has them: the service (one row each), its channels, its places of
delivery, its steps, its documents, its fees and the citizens' deadlines with their fines. In a
workbook each section is a sheet, recognised by its header row (not its title); in a CSV file
every row says its section in the column "ส่วน (Section)" and uses that section's columns. A header
is recognised by its whole text, its Thai part or its English part. The template's workbook also
has an instructions sheet (Thai and English) and drop-down lists for every choice.

Rows of the other sections name their service in "บริการ (Service)", by the service's ID or its
Thai name as the service rows give them. A service's rows of one section replace the rows it has
of that section; a section with no rows for a service leaves those rows alone. A service row
without an ID is a new service (with a new "svc-" identifier); one whose ID is stored already
updates that service, or gives a profile to a business service that has none.

An empty cell is "not known": it is stored as unknown where the field can be unknown.

Importing is planned first (`plan_manual`): every row is read and checked, every problem reported
with its sheet (or CSV row) and column, and what would be created or changed is worked out by
writing it in a transaction that is rolled back. Only a file without problems is written
(`import_manual`), through the service layer, all or nothing, as one change-log batch. Reading
and writing use the spreadsheet helpers of `nakhon.core.tabular` (formula neutralisation, size
limits, a font with Thai glyphs).
"""

import csv
import io
import re
import uuid
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import override
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from nakhon.citizen_services.durations import (
    ACCEPTED_FORMS,
    Duration,
    DurationError,
    parse_duration,
)
from nakhon.citizen_services.models import (
    CHILD_ROWS,
    AssuranceLevel,
    ChannelKind,
    CommonDocument,
    Delivery,
    ExchangeLink,
    FeeUnit,
    Identity,
    IssuingAgency,
    PaymentMethod,
    Registry,
    ServiceProfile,
)
from nakhon.citizen_services.services import CREATED, UPDATED, service_profiles
from nakhon.core.exceptions import FileProblem
from nakhon.core.models import ChangeLogEntry
from nakhon.core.services import Actor
from nakhon.core.tabular import (
    FALSE_WORDS,
    HEADER_FONT,
    THAI_DIGITS,
    TRUE_WORDS,
    Column,
    Table,
    body_rows,
    cell_text,
    csv_bytes,
    find_header,
    header_columns,
    header_key,
    new_workbook,
    read_sheets,
    sheet_title,
    write_sheet,
)
from nakhon.organization.models import OrgUnit

DATA_DIR = Path(__file__).resolve().parent / "data"
EXAMPLE_CSV = DATA_DIR / "manual-example.csv"

# Columns: each section's, in the order of the template, are in `COLUMNS_CSV`, with the list of
# choices (`CHOICE_LISTS`) the workbook offers as a drop-down.

COLUMNS_CSV = DATA_DIR / "manual-columns.csv"
SECTION = Column("section", "ส่วน", "Section", 14)


def _template_columns() -> tuple[dict[str, tuple[Column, ...]], dict[tuple[str, str], str]]:
    """({section key: its columns}, {(section, column key): its list}) as `COLUMNS_CSV` says."""
    columns: dict[str, list[Column]] = {}
    lists = {}
    with COLUMNS_CSV.open(encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream):
            column = Column(row["key"], row["thai"], row["english"], int(row["width"]))
            columns.setdefault(row["section"], []).append(column)
            if row["list"]:
                lists[(row["section"], row["key"])] = row["list"]
    return {section: tuple(found) for section, found in columns.items()}, lists


@dataclass(frozen=True)
class Section(Table):
    def spellings(self) -> set[str]:
        return {header_key(s) for s in (self.key, self.thai, self.english, self.title)}


COLUMNS, COLUMN_LISTS = _template_columns()
SERVICES = Section("service", "บริการ", "Service", COLUMNS["service"])
CHANNELS = Section("channels", "ช่องทาง", "Channels", COLUMNS["channels"])
PLACES = Section("places", "สถานที่", "Places", COLUMNS["places"])
STEPS = Section("steps", "ขั้นตอน", "Steps", COLUMNS["steps"])
DOCUMENTS = Section("documents", "เอกสาร", "Documents", COLUMNS["documents"])
FEES = Section("fees", "ค่าธรรมเนียม", "Fees", COLUMNS["fees"])
DEADLINES = Section("deadlines", "กำหนดเวลาและค่าปรับ", "Deadlines", COLUMNS["deadlines"])
SECTIONS = (SERVICES, CHANNELS, PLACES, STEPS, DOCUMENTS, FEES, DEADLINES)
ROW_SECTIONS = SECTIONS[1:]
assert {s.key for s in ROW_SECTIONS} == set(CHILD_ROWS)
# Every column of every section once, for the single CSV file.
CSV_COLUMNS = (SECTION, *dict.fromkeys(c for s in SECTIONS for c in s.columns))


class ManualError(Exception):
    """The file cannot be imported; `problems` says every reason, each with its place."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


# Reading


@dataclass
class Row:
    section: Section
    place: str  # "Sheet “ขั้นตอน Steps”, row 4" or "Row 4"
    values: dict[str, str]

    def get(self, key: str) -> str:
        return self.values.get(key, "")

    def column(self, key: str) -> str:
        """The place of one cell of the row, naming its column as the template heads it."""
        header = next((c.header for c in self.section.columns if c.key == key), key)
        return _("%(place)s, column “%(column)s”") % {"place": self.place, "column": header}


def read_manual(source, name: str) -> dict[str, list[Row]]:
    """{section key: rows} from a .xlsx or .csv file (a path or a binary file object)."""
    suffix = Path(name).suffix.lower()
    if suffix == ".xlsx":
        return _read_workbook(source)
    if suffix == ".csv":
        return _read_csv(source)
    raise ManualError([_("Give the template as an Excel workbook (.xlsx) or a CSV file (.csv).")])


def _read_workbook(source) -> dict[str, list[Row]]:
    rows: dict[str, list[Row]] = {s.key: [] for s in SECTIONS}
    try:
        sheets = read_sheets(source, _read_sheet)
    except FileProblem as error:
        raise ManualError([str(error)]) from None
    for section, sheet_rows in sheets:
        rows[section].extend(sheet_rows)
    return rows


def _read_sheet(sheet) -> tuple[str, list[Row]] | None:
    """The sheet's section and rows, if one of its first rows is a section's header row."""
    found = find_header(sheet, _section_header)
    if found is None:
        return None
    header_row, (section, columns) = found
    rows = [
        Row(
            section,
            _("Sheet “%(sheet)s”, row %(row)d") % {"sheet": sheet.title, "row": number},
            texts,
        )
        for number, texts in body_rows(sheet, header_row, columns)
    ]
    return section.key, rows


def _section_header(_number: int, values) -> tuple[Section, dict[str, int]] | None:
    """The section `values` are the header row of, and {column key: index}; None if they are
    not one. A section's first two columns must be there; a column given again is ignored."""
    for section in SECTIONS:
        columns, _repeated = header_columns(values, section.column_key)
        if {c.key for c in section.columns[:2]} <= set(columns):
            return section, columns
    return None


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp874"):  # cp874: Thai Windows, as older Excel saves CSV
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ManualError([_("The CSV file is neither UTF-8 nor Thai Windows (TIS-620) text.")])


def _read_csv(source) -> dict[str, list[Row]]:
    data = Path(source).read_bytes() if isinstance(source, str | Path) else source.read()
    limit = settings.NAKHON_MAX_MANUAL_CSV_BYTES
    if len(data) > limit:
        raise ManualError(
            [
                _("The CSV file is larger than %(size)d MB.")
                % {"size": max(1, limit // (1024 * 1024))}
            ]
        )
    reader = csv.reader(io.StringIO(_decode(data)))
    positions = _csv_positions(next(reader, []))
    if SECTION not in positions:
        raise ManualError(
            [
                _("The first row must be the template's header, with the column “%(column)s”.")
                % {"column": SECTION.header}
            ]
        )
    sections = {spelling: s for s in SECTIONS for spelling in s.spellings()}
    rows: dict[str, list[Row]] = {s.key: [] for s in SECTIONS}
    problems = []
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        place = _("Row %(row)d") % {"row": number}
        section = sections.get(header_key(_cell(cells, positions.get(SECTION))))
        if section is None:
            problems.append(
                _("%(place)s, column “%(column)s”: the section must be one of %(sections)s.")
                % {
                    "place": place,
                    "column": SECTION.header,
                    "sections": ", ".join(s.title for s in SECTIONS),
                }
            )
            continue
        texts = {c.key: _cell(cells, positions.get(c)) for c in section.columns}
        rows[section.key].append(Row(section, place, texts))
    if problems:
        raise ManualError(problems)
    return rows


def _csv_positions(header: list[str]) -> dict[Column, int]:
    """Where each of the template's columns is; sections share some, so keys are columns."""
    positions = {}
    for index, value in enumerate(header):
        for column in CSV_COLUMNS:
            if column not in positions and header_key(value) in column.spellings():
                positions[column] = index
                break
    return positions


def _cell(cells: list[str], index: int | None) -> str:
    if index is None or index >= len(cells):
        return ""
    return cell_text(cells[index])


# Parsing values


class Problem(Exception):
    """One cell that cannot be read; the caller adds the place."""


# The words Thai manuals use for the choices, whatever the interface's translation says. The
# first is how the template writes the choice.
THAI_WORDS = {
    Delivery.ALL_DISTRICTS: ("ทุกสำนักงานเขต", "ทุกเขต"),
    Delivery.SOME_DISTRICTS: ("บางสำนักงานเขต", "บางเขต"),
    Delivery.CENTRAL: ("ส่วนกลาง", "เคาน์เตอร์กลาง"),
    Delivery.ONLINE: ("ออนไลน์เท่านั้น",),
    ChannelKind.COUNTER: ("ณ สำนักงาน", "เคาน์เตอร์", "ณ สำนักงานเขต"),
    ChannelKind.WEB: ("เว็บไซต์",),
    ChannelKind.MOBILE_APP: ("แอปพลิเคชัน", "แอปพลิเคชันมือถือ"),
    ChannelKind.LINE_OA: ("ไลน์", "LINE OA", "LINE"),
    ChannelKind.KIOSK: ("ตู้คีออสก์", "ตู้บริการ"),
    Identity.IN_PERSON: ("แสดงบัตรประชาชน", "แสดงบัตรประจำตัวประชาชน"),
    Identity.OWN_ACCOUNT: ("บัญชีผู้ใช้ของหน่วยงาน",),
    Identity.DGA_DIGITAL_ID: ("DGA Digital ID", "Digital ID"),
    Identity.THAID: ("ThaID", "ทางรัฐ ThaID"),
    PaymentMethod.CASH: ("เงินสด", "ชำระเงินสด"),
    PaymentMethod.COUNTER_ELECTRONIC: (
        "บัตรหรือคิวอาร์โค้ดที่เคาน์เตอร์",
        "EDC",
        "เครื่องรูดบัตร",
        "บัตร",
    ),
    PaymentMethod.DEBIT_CARD: ("บัตรเดบิต", "เดบิต", "debit", "debit card"),
    PaymentMethod.CREDIT_CARD: ("บัตรเครดิต", "เครดิต", "credit", "credit card"),
    PaymentMethod.PROMPTPAY: (
        "พร้อมเพย์",
        "PromptPay",
        "QR",
        "QR code",
        "QR Code พร้อมเพย์",
        "คิวอาร์โค้ด",
        "Thai QR",
        "Thai QR Payment",
        "สแกนคิวอาร์โค้ด",
    ),
    PaymentMethod.ONLINE_CARD: ("บัตรออนไลน์", "ชำระด้วยบัตรผ่านระบบออนไลน์"),
    PaymentMethod.BANK_TRANSFER: (
        "โอนเงินผ่านธนาคาร",
        "โอนเงิน",
        "โอนผ่านธนาคาร",
        "bank transfer",
        "transfer",
    ),
    PaymentMethod.CHEQUE: ("เช็ค", "เช็ก", "แคชเชียร์เช็ค", "cheque", "check"),
    PaymentMethod.MONEY_ORDER: ("ธนาณัติ", "ไปรษณีย์ธนาณัติ", "money order", "postal order"),
    ExchangeLink.NONE: ("ไม่มี", "-"),
    ExchangeLink.GDX: ("GDX",),
    ExchangeLink.DOPA_LINKAGE: ("ศูนย์บริการเชื่อมโยงข้อมูลทะเบียน", "Linkage Center"),
    ExchangeLink.BIZ_PORTAL: ("Biz Portal",),
    ExchangeLink.DIRECT: ("ลิงก์ตรงของหน่วยงาน",),
    ExchangeLink.CITY_RECORDS: ("ข้อมูลของกรุงเทพมหานคร",),
    FeeUnit.REQUEST: ("ต่อคำขอ", "ต่อครั้ง", "ต่อฉบับ"),
    FeeUnit.COPY: ("ต่อสำเนา", "ต่อชุด"),
    FeeUnit.PAGE: ("ต่อหน้า", "ต่อแผ่น"),
    FeeUnit.PERSON: ("ต่อคน", "ต่อราย"),
    FeeUnit.DAY: ("ต่อวัน",),
    FeeUnit.MONTH: ("ต่อเดือน",),
    FeeUnit.YEAR: ("ต่อปี",),
    FeeUnit.SQUARE_METRE: ("ต่อตารางเมตร", "ต่อ ตร.ม.", "per m²", "per m2"),
}
# What a manual writes for a fact it does not know; an empty cell says the same.
UNKNOWN_WORDS = {"", "ไม่ทราบ", "ไม่ระบุ", "not known", "unknown", "?"}
YES, NO = "ใช่", "ไม่ใช่"
YES_WORDS = TRUE_WORDS | {"มี", "รับ", "✓", "ถ้ามี"}
NO_WORDS = (FALSE_WORDS - {""}) | {"ไม่มี", "ไม่รับ", "-"}


def _spellings(choices) -> dict[str, str]:
    """Every way a choice may be written: its key, its Thai and English labels, and the
    words Thai manuals use for it."""
    spellings = {}
    for value, label in choices:
        for language in ("th", "en"):
            with override(language):
                spellings[header_key(str(label))] = value
        for word in (value, *THAI_WORDS.get(value, ())):
            spellings[header_key(word)] = value
    return spellings


def choice_words(choices) -> str:
    """The choices as the template writes them, for messages."""
    return ", ".join(f"“{thai_word(value)}”" for value, _label in choices if value)


def parse_choice(text: str, choices, what: str) -> str:
    if not text:
        return ""
    found = _spellings(choices).get(header_key(text))
    if found is None:
        raise Problem(
            _("“%(text)s” is not a %(what)s; write one of: %(known)s.")
            % {"text": text, "what": what, "known": choice_words(choices)}
        )
    return found


def parse_bool(text: str) -> bool | None:
    """Yes or no; None for an empty cell (not known)."""
    word = text.strip().casefold()
    if not word:
        return None
    if word in YES_WORDS:
        return True
    if word in NO_WORDS:
        return False
    raise Problem(
        _("“%(text)s” is not yes or no; write “%(yes)s” or “%(no)s”.")
        % {"text": text, "yes": YES, "no": NO}
    )


def parse_decimal(text: str) -> Decimal | None:
    if not text:
        return None
    cleaned = text.translate(THAI_DIGITS).replace(",", "").replace("บาท", "").strip()
    if cleaned.casefold() in FREE_WORDS:
        return Decimal(0)
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise Problem(
            _("“%(text)s” is not a number; write digits, e.g. “1,000” or “1000.50”.")
            % {"text": text}
        ) from None
    if not value.is_finite() or value < 0:
        raise Problem(_("“%(text)s” is not a number of zero or more.") % {"text": text})
    return value


FREE_WORDS = {"ฟรี", "ไม่เสียค่าธรรมเนียม", "ไม่มีค่าธรรมเนียม", "free", "no fee"}


def parse_count(text: str) -> int | None:
    value = parse_decimal(text)
    if value is None:
        return None
    if value != value.to_integral_value():
        raise Problem(_("“%(text)s” is not a whole number.") % {"text": text})
    return int(value)


def parse_time(text: str) -> Duration | None:
    try:
        return parse_duration(text)
    except DurationError as error:
        raise Problem(str(error)) from None


def duration_values(name: str, duration: Duration | None) -> dict:
    """A duration as the model's amount and unit fields."""
    if duration is None:
        return {name: None, f"{name}_unit": ""}
    return {name: duration.amount, f"{name}_unit": duration.unit}


def duration_text(amount, unit: str) -> str:
    """How the template writes a stored duration: as Thai manuals do."""
    if amount in (None, "") or not unit:
        return ""
    return Duration(Decimal(amount), unit).text(thai=True)


PAYMENT_SEPARATORS = re.compile(r"[,;/\n]+")
PAYMENT_JOINERS = re.compile(r"\s*(?:หรือ|และ|\bor\b|\band\b)\s*", re.IGNORECASE)


def parse_payment_methods(text: str) -> list[str]:
    """Methods as manuals list them ("เงินสด, บัตรเครดิต หรือ QR พร้อมเพย์"); none when empty."""
    spellings = _spellings(PaymentMethod.choices)
    methods = []
    for part in PAYMENT_SEPARATORS.split(text):
        part = part.strip()
        if not part:
            continue
        found = spellings.get(header_key(part))
        if found is not None:
            methods.append(found)
            continue
        for word in PAYMENT_JOINERS.split(part):
            if word.strip():
                methods.append(
                    parse_choice(word.strip(), PaymentMethod.choices, _("payment method"))
                )
    return list(dict.fromkeys(methods))


class TemplateRegistry(Registry):
    """The registries of issuing agencies and common documents as the template writes them:
    a common document by its Thai name (its code is read too)."""

    def common_code(self, text: str) -> str:
        found = self.common(text) or self.common_named(text)
        if found is None:
            raise Problem(
                _("“%(text)s” is not a common document of the registry; write one of: %(known)s.")
                % {"text": text, "known": ", ".join(f"“{d.name}”" for d in self.documents)}
            )
        return found.code

    def common_name(self, code: str) -> str:
        found = self.common(code)
        return found.name if found else code


# Planning: every row checked before anything is written

CREATE, UPDATE, REFUSED = CREATED, UPDATED, "refused"


@dataclass
class ServicePlan:
    place: str
    identifier: str
    name: str  # rows of the other sections name the service by its ID or this Thai name
    element_values: dict
    profile_values: dict
    rows: dict = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def _blank(model_field) -> object:
    """What an empty cell stores: unknown where the field can be unknown, else its default."""
    return None if model_field.null else model_field.get_default()


class Planner:
    def __init__(self):
        self.problems: list[str] = []  # those of no service in the file
        self.registry = TemplateRegistry()
        units = OrgUnit.objects.select_related("element")
        self.units = {}
        for unit in units:
            for spelling in (unit.code, unit.element.name, unit.element.name_en):
                if spelling:
                    self.units.setdefault(header_key(spelling), unit)

    def plan(self, sections: dict[str, list[Row]]) -> list[ServicePlan]:
        plans, by_reference = [], {}
        for row in sections["service"]:
            plan = self.service(row)
            plans.append(plan)
            for reference in (row.get("identifier"), row.get("name")):
                if reference:
                    by_reference.setdefault(header_key(reference), plan)
        for section in ROW_SECTIONS:
            for row in sections[section.key]:
                self.child(section, row, by_reference)
        if not plans and not self.problems:
            self.problems.append(_("The file holds no service rows."))
        return plans

    def cell(self, problems: list, row: Row, key: str, parse, *args):
        """`parse`(the cell's text, *args), or None with the problem noted at its column; None
        too for a cell that says it is not known."""
        if row.get(key).casefold() in UNKNOWN_WORDS:
            return None
        try:
            return parse(row.get(key), *args)
        except Problem as problem:
            problems.append(f"{row.column(key)}: {problem}")
            return None

    def service(self, row: Row) -> ServicePlan:
        problems = []
        name = row.get("name")
        if not name:
            problems.append(
                _("%(place)s: the service needs a Thai name.") % {"place": row.column("name")}
            )
        unit = self.units.get(header_key(row.get("owner_unit")))
        if unit is None:
            problems.append(
                _("%(place)s: “%(unit)s” is not an org unit's code or name.")
                % {"place": row.column("owner_unit"), "unit": row.get("owner_unit")}
            )

        def c(key, parse, *args):
            return self.cell(problems, row, key, parse, *args)

        parsed = {
            "delivery": c("delivery", parse_choice, Delivery.choices, _("place of delivery")),
            "legal_basis": row.get("legal_basis"),
            "eligibility": row.get("eligibility"),
            "conditions": row.get("conditions"),
            "fee": c("fee", parse_decimal),
            "digital_fee": c("digital_fee", parse_decimal),
            "payment_methods": c("payment_methods", parse_payment_methods),
            "e_receipt": c("e_receipt", parse_bool),
            "required_ial": c("required_ial", parse_choice, AssuranceLevel.choices, _("level")),
            **duration_values("legal_time", c("legal_time", parse_time)),
            **duration_values("actual_time", c("actual_time", parse_time)),
            "annual_volume": c("annual_volume", parse_count),
            "satisfaction": c("satisfaction", parse_decimal),
            "published": c("published", parse_bool),
            "manual_url": row.get("manual_url"),
            "dataset_url": row.get("dataset_url"),
            "dataset_machine_readable": c("dataset_machine_readable", parse_bool),
            "needs_documents": c("needs_documents", parse_bool),
        }
        profile = {
            key: _blank(ServiceProfile._meta.get_field(key)) if value in (None, "") else value
            for key, value in parsed.items()
        }
        identifier = row.get("identifier") or f"svc-{uuid.uuid4()}"
        element = {"name": name, "name_en": row.get("name_en"), "owner_unit": unit}
        element["documentation"] = row.get("documentation")
        return ServicePlan(row.place, identifier, name, element, profile, problems=problems)

    def child(self, section: Section, row: Row, by_reference: dict) -> None:
        key = header_key(row.get("service"))
        plan = by_reference.get(key)
        if plan is None:
            self.problems.append(
                _("%(place)s: “%(service)s” is not the ID or Thai name of a service in the file.")
                % {"place": row.column("service"), "service": row.get("service")}
            )
            return
        count = len(plan.problems)
        values = getattr(self, f"{section.key}_row")(row, plan.problems)
        model = CHILD_ROWS[section.key]
        for name, value in values.items():
            if value is None:
                values[name] = _blank(model._meta.get_field(name))
        if len(plan.problems) == count:
            plan.rows.setdefault(section.key, []).append(values)

    def channels_row(self, row: Row, problems: list) -> dict:
        def c(key, parse, *args):
            return self.cell(problems, row, key, parse, *args)

        return {
            "kind": c("kind", parse_choice, ChannelKind.choices, _("channel")),
            "url": row.get("url"),
            "end_to_end": c("end_to_end", parse_bool),
            "identity": c("identity", parse_choice, Identity.choices, _("identity check")),
            "ial": c("ial", parse_choice, AssuranceLevel.choices, _("level")),
        }

    def places_row(self, row: Row, problems: list) -> dict:
        return {
            "name": row.get("name"),
            "condition": row.get("condition"),
            "hours": row.get("hours"),
        }

    def steps_row(self, row: Row, problems: list) -> dict:
        return {
            "name": row.get("name"),
            "unit": row.get("unit"),
            **duration_values("time", self.cell(problems, row, "time", parse_time)),
            "in_person": self.cell(problems, row, "in_person", parse_bool),
            "office": row.get("office"),
        }

    def documents_row(self, row: Row, problems: list) -> dict:
        def c(key, parse, *args):
            return self.cell(problems, row, key, parse, *args)

        return {
            "name": row.get("name"),
            "case": row.get("case"),
            "optional": c("optional", parse_bool),
            "quantity": row.get("quantity"),
            "common": c("common", self.registry.common_code),
            "issuer": row.get("issuer"),
            "originals": c("originals", parse_count),
            "copies": c("copies", parse_count),
            "electronic_accepted": c("electronic_accepted", parse_bool),
            "exchange": c("exchange", parse_choice, ExchangeLink.choices, _("exchange link")),
            "exchange_ref": row.get("exchange_ref"),
        }

    def fees_row(self, row: Row, problems: list) -> dict:
        def c(key, parse, *args):
            return self.cell(problems, row, key, parse, *args)

        return {
            "amount": c("amount", parse_decimal),
            "unit": c("unit", parse_choice, FeeUnit.choices, _("fee unit")),
            "condition": row.get("condition"),
        }

    def deadlines_row(self, row: Row, problems: list) -> dict:
        def c(key, parse, *args):
            return self.cell(problems, row, key, parse, *args)

        return {
            "duty": row.get("duty"),
            "counted_from": row.get("counted_from"),
            **duration_values("time", c("time", parse_time)),
            "fine": c("fine", parse_decimal),
            "penalty": row.get("penalty"),
        }


@dataclass
class Decision:
    """What importing the file does with one service."""

    place: str
    identifier: str
    name: str
    action: str  # created, updated, unchanged, refused
    changed: list[str] = field(default_factory=list)  # labels of what changes
    reasons: list[str] = field(default_factory=list)  # why it is refused


@dataclass
class ManualPlan:
    decisions: list[Decision]
    problems: list[str]  # those that belong to no service of the file

    def counts(self) -> Counter:
        return Counter(d.action for d in self.decisions)

    @property
    def refused(self) -> list[Decision]:
        return [d for d in self.decisions if d.action == REFUSED]

    @property
    def importable(self) -> bool:
        return bool(self.decisions) and not self.problems and not self.refused

    def all_problems(self) -> list[str]:
        return self.problems + [reason for d in self.refused for reason in d.reasons]


def plan_manual(source, name: str, actor: Actor) -> ManualPlan:
    """What importing the file would do, service by service, without writing anything: each
    service is written in a transaction that is then rolled back, so the plan says exactly
    what the import would create, change or refuse (the service layer's checks and permissions
    included). Raises ManualError for a file that cannot be read at all."""
    planner = Planner()
    plans = planner.plan(read_manual(source, name))
    decisions = []
    dry_run = Actor(user=actor.user, channel=actor.channel)
    with transaction.atomic():
        for plan in plans:
            decision = Decision(plan.place, plan.identifier, plan.name, REFUSED)
            decisions.append(decision)
            if plan.problems:
                decision.reasons = plan.problems
                continue
            try:
                with transaction.atomic():
                    profile, decision.action = _write(dry_run, plan)
            except (ValidationError, PermissionDenied) as error:
                decision.reasons = [f"{plan.place}: {m}" for m in _messages(error)]
                continue
            if decision.action == UPDATED:
                decision.changed = _changed_labels(dry_run, profile)
        transaction.set_rollback(True)
    return ManualPlan(decisions, planner.problems)


def import_manual(source, name: str, actor: Actor) -> list[ServiceProfile]:
    """Plan the file and, if nothing is refused, write it, all or nothing, as one change-log
    batch. Raises ManualError with every problem otherwise."""
    planner = Planner()
    plans = planner.plan(read_manual(source, name))
    problems = planner.problems + [p for plan in plans for p in plan.problems]
    if problems:
        raise ManualError(problems)
    saved = []
    with transaction.atomic():
        for plan in plans:
            try:
                with transaction.atomic():
                    profile, _action = _write(actor, plan)
            except (ValidationError, PermissionDenied) as error:
                problems += [f"{plan.place}: {m}" for m in _messages(error)]
            else:
                saved.append(profile)
        if problems:
            transaction.set_rollback(True)
    if problems:
        raise ManualError(problems)
    return saved


def _write(actor: Actor, plan: ServicePlan) -> tuple[ServiceProfile, str]:
    return service_profiles.upsert(
        actor, plan.identifier, plan.element_values, {**plan.profile_values, **plan.rows}
    )


def _changed_labels(actor: Actor, profile: ServiceProfile) -> list[str]:
    """What the (dry-run) batch changed of the service and its element, as field labels."""
    entries = ChangeLogEntry.objects.filter(
        batch=actor.batch, object_id__in=[str(profile.pk), str(profile.element_id)]
    )
    labels = []
    for entry in entries:
        for name in entry.changed_fields:
            label = _field_label(entry.model_class, name)
            if label:
                labels.append(label)
    return list(dict.fromkeys(labels))


def _field_label(model, name: str) -> str:
    if name in {"version", "updated_at", "updated_by", "updated_by_id"}:
        return ""
    if name in CHILD_ROWS:
        return capfirst(CHILD_ROWS[name]._meta.verbose_name_plural)
    for candidate in model._meta.concrete_fields:
        if name in (candidate.name, candidate.attname):
            return capfirst(candidate.verbose_name)
    return name


def _messages(error) -> list[str]:
    if isinstance(error, PermissionDenied):
        return [str(error)]
    if hasattr(error, "error_dict"):
        return [f"{field}: {m}" for field, ms in error.message_dict.items() for m in ms]
    return list(error.messages)


# Writing


def manual_rows(profiles) -> dict[str, list[list]]:
    """{section key: rows of cell values} for profiles (with their rows prefetched)."""
    sections = {s.key: [] for s in SECTIONS}
    registry = TemplateRegistry()
    for p in profiles:
        element = p.element
        unit = element.owner_unit
        sections["service"].append(
            [
                element.identifier,
                element.name,
                element.name_en,
                unit_name(unit) if unit else "",
                thai_word(p.delivery),
                p.legal_basis,
                p.eligibility,
                p.conditions,
                p.fee,
                p.digital_fee,
                ", ".join(thai_word(m) for m in p.payment_methods or ()),
                _yes_no(p.e_receipt),
                p.required_ial,
                duration_text(p.legal_time, p.legal_time_unit),
                duration_text(p.actual_time, p.actual_time_unit),
                p.annual_volume,
                p.satisfaction,
                _yes_no(p.published),
                p.manual_url,
                p.dataset_url,
                _yes_no(p.dataset_machine_readable),
                element.documentation,
                _yes_no(p.needs_documents),
            ]
        )
        ref = element.identifier
        for c in p.channels.all():
            sections["channels"].append(
                [ref, thai_word(c.kind), c.url, _yes_no(c.end_to_end)]
                + [thai_word(c.identity), c.ial]
            )
        for place in p.places.all():
            sections["places"].append([ref, place.name, place.condition, place.hours])
        for s in p.steps.all():
            time = duration_text(s.time, s.time_unit)
            sections["steps"].append([ref, s.name, s.unit, time, _yes_no(s.in_person), s.office])
        for d in p.documents.all():
            sections["documents"].append(
                [ref, d.name, d.case, _yes_no(d.optional), d.quantity]
                + [registry.common_name(d.common), d.issuer]
                + [d.originals, d.copies]
                + [_yes_no(d.electronic_accepted), exchange_word(d.exchange), d.exchange_ref]
            )
        for f in p.fees.all():
            sections["fees"].append([ref, f.amount, thai_word(f.unit), f.condition])
        for d in p.deadlines.all():
            time = duration_text(d.time, d.time_unit)
            sections["deadlines"].append([ref, d.duty, d.counted_from, time, d.fine, d.penalty])
    return sections


def unit_name(unit: OrgUnit) -> str:
    """How the template names an org unit: its code, or its name if it has none."""
    return unit.code or unit.element.name


def thai_word(value) -> str:
    """How the template writes a choice: the word Thai manuals use for it; blank (not known)
    stays blank."""
    if not value:
        return ""
    return THAI_WORDS.get(value, (value,))[0]


def exchange_word(value: str) -> str:
    """An exchange link as the template writes it; none is written "ไม่มี"."""
    return thai_word(value) if value else THAI_WORDS[ExchangeLink.NONE][0]


def _yes_no(value: bool | None) -> str:
    return "" if value is None else YES if value else NO


def _text(value) -> str:
    return "" if value is None else str(value)


def write_csv(sections: dict[str, list[list]], target) -> None:
    """One CSV file: every section's rows under the columns of all sections."""
    positions = {c: i for i, c in enumerate(CSV_COLUMNS)}
    lines = []
    for section in SECTIONS:
        for values in sections.get(section.key, []):
            line = [""] * len(CSV_COLUMNS)
            line[0] = section.thai
            for column, value in zip(section.columns, values, strict=True):
                line[positions[column]] = _text(value)
            lines.append(line)
    target.write(csv_bytes([c.header for c in CSV_COLUMNS], lines))


# The workbook: instructions, a sheet a section, and a drop-down list for every choice.

INSTRUCTIONS = sheet_title("คำแนะนำ", "Instructions")
LISTS = sheet_title("รายการให้เลือก", "Lists")
# Rows of each section's sheet that get the drop-down lists, beyond those filled.
VALIDATED_ROWS = 500


def choice_lists() -> dict[str, list[str]]:
    """{list name (the `list` of `COLUMNS_CSV`): the words to choose from}."""
    units = OrgUnit.objects.select_related("element").order_by("code", "element__name")

    def words(choices) -> list[str]:
        return [thai_word(value) for value, _label in choices if value]

    return {
        "owner_unit": list(dict.fromkeys(unit_name(u) for u in units)),
        "delivery": words(Delivery.choices),
        "payment_methods": words(PaymentMethod.choices),
        "yes_no": [YES, NO],
        "ial": list(AssuranceLevel.values),
        "kind": words(ChannelKind.choices),
        "identity": words(Identity.choices),
        "exchange": [THAI_WORDS[ExchangeLink.NONE][0], *words(ExchangeLink.choices)],
        "fee_unit": words(FeeUnit.choices),
        "issuer": [a.name for a in IssuingAgency.objects.order_by("name")],
        "common": [d.name for d in CommonDocument.objects.order_by("name")],
    }


# (Thai, English) paragraphs of the instructions sheet; the interface's language does not
# matter, the sheet says both.
GUIDE = (
    (
        "แม่แบบคู่มือสำหรับประชาชนตามพระราชบัญญัติการอำนวยความสะดวกในการพิจารณาอนุญาตของทางราชการ พ.ศ. 2558",
        "Citizen's manual template (Licensing Facilitation Act B.E. 2558)",
    ),
    (
        "กรอกหนึ่งแถวต่อหนึ่งบริการในชีต “บริการ” และกรอกช่องทาง สถานที่ ขั้นตอน เอกสาร "
        "ค่าธรรมเนียม และกำหนดเวลาและค่าปรับ ในชีตของแต่ละส่วน โดยระบุบริการด้วยรหัสบริการ"
        "หรือชื่อกระบวนงานในคอลัมน์ “บริการ”",
        "Fill in one row per service on the sheet “Service”, and its channels, places, steps, "
        "documents, fees and deadlines on their own sheets, naming the service by its ID or "
        "its Thai name in the column “Service”.",
    ),
    (
        "ช่องที่เว้นว่างหมายถึง “ไม่ทราบ” ไม่ใช่ศูนย์หรือ “ไม่มี”: เว้นว่างเฉพาะที่คู่มือไม่ได้ระบุ",
        "An empty cell means “not known”, never zero or “none”: leave empty only what the "
        "manual does not say.",
    ),
    (
        "ระยะเวลาเขียนได้ตามคู่มือ เช่น " + ACCEPTED_FORMS + " วันทำการและวันปฏิทินนับแยกกัน",
        "Durations are written as manuals write them, e.g. " + ACCEPTED_FORMS + "; working "
        "days and calendar days are kept apart.",
    ),
    (
        "ค่าธรรมเนียมหลายอัตราให้กรอกหลายแถวในชีต “ค่าธรรมเนียม” พร้อมหน่วยและเงื่อนไข เช่น "
        "“ฟรี” ณ สำนักงานเขต และ 200 บาท ที่อื่น",
        "Several fees are several rows on the sheet “Fees”, each with its unit and when it "
        "applies, e.g. free at the district office and 200 baht elsewhere.",
    ),
    (
        "เอกสารที่คู่มือระบุว่า “(ถ้ามี)” ให้ตอบ “ใช่” ในคอลัมน์ “ถ้ามี”; เอกสารเฉพาะกรณีให้ระบุกรณี"
        "ในคอลัมน์ “กรณี” (เว้นว่างถ้าใช้ทุกกรณี)",
        "Documents the manual asks for “if any” say “ใช่” (yes) under “If any”; documents "
        "for one situation name it under “Case” (empty if asked in every case).",
    ),
    (
        "เอกสารที่ใช้บ่อย (บัตรประจำตัวประชาชน ทะเบียนบ้าน ฯลฯ) ให้เลือกจากรายการในคอลัมน์ "
        "“เอกสารทั่วไป” ระบบจะเติมหน่วยงานผู้ออกเอกสารให้; หน่วยงานผู้ออกเอกสารอื่นให้เลือกจากรายการ",
        "For a common document (ID card, house registration, ...) pick it under “Common "
        "document” and its issuer is filled in; pick other issuers from the list.",
    ),
    (
        "วิธีชำระเงินหลายวิธีคั่นด้วยเครื่องหมายจุลภาค เช่น “เงินสด, บัตรเครดิต, พร้อมเพย์”",
        "Several payment methods are separated by commas, e.g. “เงินสด, บัตรเครดิต, พร้อมเพย์”.",
    ),
    (
        "คอลัมน์ที่มีตัวเลือกมีรายการให้เลือก (ลูกศรในช่อง) การนำเข้าจะแสดงแผนก่อนว่าจะสร้าง"
        "หรือแก้ไขอะไร และจะไม่บันทึกสิ่งใดเลยหากมีแถวที่ผิด",
        "Columns with choices offer a drop-down list. An import first shows its plan (what "
        "it creates or changes); nothing is written if any row is wrong.",
    ),
)


def _how_to_fill(section: Section, column: Column, lists: dict) -> str:
    listed = COLUMN_LISTS.get((section.key, column.key))
    if listed == "duration":
        return f"เช่น / e.g. {ACCEPTED_FORMS}"
    if listed == "payment_methods":
        return "หนึ่งวิธีหรือมากกว่า คั่นด้วย , / one or more, separated by commas: " + ", ".join(
            lists[listed]
        )
    if listed == "owner_unit":
        return "รหัสหรือชื่อหน่วยงาน / an org unit's code or name"
    if listed:
        return "เลือกจากรายการ / choose: " + ", ".join(lists[listed])
    return ""


def _instructions(workbook, lists: dict) -> None:
    sheet = workbook.create_sheet(INSTRUCTIONS)
    sheet.column_dimensions["A"].width = 90
    sheet.column_dimensions["B"].width = 90
    for row, (thai, english) in enumerate(GUIDE, start=1):
        for col, text in ((1, thai), (2, english)):
            cell = sheet.cell(row, col, text)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if row == 1:
                cell.font = HEADER_FONT
    row = len(GUIDE) + 2
    for col, text in enumerate(("ชีต Sheet", "คอลัมน์ Column", "วิธีกรอก How to fill in"), 1):
        sheet.cell(row, col, text).font = HEADER_FONT
    sheet.column_dimensions["C"].width = 80
    for section in SECTIONS:
        for column in section.columns:
            row += 1
            sheet.cell(row, 1, section.title)
            sheet.cell(row, 2, column.header)
            sheet.cell(row, 3, _how_to_fill(section, column, lists))


def _lists_sheet(workbook, lists: dict) -> dict[str, str]:
    """A hidden sheet of the lists, one a column; {list name: its range, for a validation}."""
    sheet = workbook.create_sheet(LISTS)
    sheet.sheet_state = "hidden"
    ranges = {}
    for index, (name, words) in enumerate(lists.items(), start=1):
        letter = get_column_letter(index)
        sheet.cell(1, index, f"list:{name}")
        for row, word in enumerate(words, start=2):
            sheet.cell(row, index, word).data_type = "s"
        if words:
            ranges[name] = f"'{LISTS}'!${letter}$2:${letter}${len(words) + 1}"
    return ranges


def _validations(sheet, section: Section, ranges: dict, rows: int) -> None:
    """Drop-down lists (and a hint for durations) on the section's columns."""
    last = max(rows + 1, VALIDATED_ROWS)
    for index, column in enumerate(section.columns, start=1):
        listed = COLUMN_LISTS.get((section.key, column.key))
        if not listed:
            continue
        letter = get_column_letter(index)
        if listed == "duration":
            validation = DataValidation(allow_blank=True)
            validation.promptTitle = "ระยะเวลา Duration"
            validation.prompt = ACCEPTED_FORMS
        elif listed in ranges:
            # A warning, not a refusal: the import also reads the other words manuals use, and
            # several payment methods share a cell.
            validation = DataValidation(
                type="list", formula1=f"={ranges[listed]}", allow_blank=True
            )
            validation.errorStyle = "warning"
            validation.showErrorMessage = listed != "payment_methods"
            validation.errorTitle = "ไม่อยู่ในรายการ Not in the list"
            validation.error = "เลือกจากรายการ / Choose from the list."
        else:
            continue
        validation.showInputMessage = listed == "duration"
        sheet.add_data_validation(validation)
        validation.add(f"{letter}2:{letter}{last}")


def manual_workbook(sections: dict[str, list[list]]):
    """The template as an openpyxl workbook, filled with `sections`' rows."""
    lists = choice_lists()
    workbook = new_workbook()
    _instructions(workbook, lists)
    sheets = []
    for section in SECTIONS:
        rows = [(_text(r[0]), [_text(v) for v in r]) for r in sections.get(section.key, [])]
        sheets.append((write_sheet(workbook, section.title, section.columns, rows), section, rows))
    ranges = _lists_sheet(workbook, lists)
    for sheet, section, rows in sheets:
        _validations(sheet, section, ranges, len(rows))
    return workbook


def write_workbook(sections: dict[str, list[list]], target) -> None:
    manual_workbook(sections).save(target)


def example_sections() -> dict[str, list[list]]:
    """The filled example shipped with the template, as section rows."""
    sections = _read_csv(EXAMPLE_CSV)
    return {
        key: [[row.get(c.key) for c in section.columns] for row in sections[key]]
        for key, section in ((s.key, s) for s in SECTIONS)
    }
