"""The citizen's-manual template: services as Thai agencies publish them under the Licensing
Facilitation Act B.E. 2558, in a workbook (.xlsx) or one CSV file, with Thai headers.

Four sections, as a manual has them: the service (one row each), its channels, its steps and its
documents. In a workbook each section is a sheet, recognised by its header row (not its title);
in a CSV file every row says its section in the column "ส่วน (Section)" and uses that section's
columns. A header is recognised by its whole text, its Thai part or its English part.

Rows of channels, steps and documents name their service in "บริการ (Service)", by the service's
ID or its Thai name as the service rows give them. A service's rows of one section replace the
rows it has of that section; a section with no rows for a service leaves those rows alone.
A service row without an ID is a new service (with a new "svc-" identifier); one whose ID is
stored already updates that service, or gives a profile to a business service that has none.

Importing is all or nothing: every row is read and checked first, every problem reported with
its sheet (or CSV) and row; only a file without problems is written, through the service layer,
as one change-log batch. Reading and writing use the spreadsheet helpers of `nakhon.core.tabular`
(formula neutralisation, size limits, a font with Thai glyphs).
"""

import csv
import io
import re
import uuid
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import override

from nakhon.citizen_services.durations import Duration, DurationError, TimeUnit, parse_duration
from nakhon.citizen_services.models import (
    AssuranceLevel,
    ChannelKind,
    Delivery,
    ExchangeLink,
    Identity,
    PaymentMethod,
    ServiceProfile,
)
from nakhon.citizen_services.services import service_profiles
from nakhon.core.exceptions import FileProblem
from nakhon.core.services import Actor
from nakhon.core.tabular import (
    FALSE_WORDS,
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
    write_sheet,
)
from nakhon.organization.models import OrgUnit

DATA_DIR = Path(__file__).resolve().parent / "data"
EXAMPLE_CSV = DATA_DIR / "manual-example.csv"

# Columns: each section's, in the order of the template, are in `COLUMNS_CSV`.

COLUMNS_CSV = DATA_DIR / "manual-columns.csv"
SECTION = Column("section", "ส่วน", "Section", 14)


def _template_columns() -> dict[str, tuple[Column, ...]]:
    """{section key: its columns} as `COLUMNS_CSV` lists them."""
    columns: dict[str, list[Column]] = {}
    with COLUMNS_CSV.open(encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream):
            column = Column(row["key"], row["thai"], row["english"], int(row["width"]))
            columns.setdefault(row["section"], []).append(column)
    return {section: tuple(found) for section, found in columns.items()}


@dataclass(frozen=True)
class Section(Table):
    def spellings(self) -> set[str]:
        return {header_key(s) for s in (self.key, self.thai, self.english, self.title)}


COLUMNS = _template_columns()
SERVICES = Section("service", "บริการ", "Service", COLUMNS["service"])
CHANNELS = Section("channels", "ช่องทาง", "Channels", COLUMNS["channels"])
STEPS = Section("steps", "ขั้นตอน", "Steps", COLUMNS["steps"])
DOCUMENTS = Section("documents", "เอกสาร", "Documents", COLUMNS["documents"])
SECTIONS = (SERVICES, CHANNELS, STEPS, DOCUMENTS)
ROW_SECTIONS = (CHANNELS, STEPS, DOCUMENTS)
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
    place: str  # "Sheet “ขั้นตอน Steps”, row 4" or "Row 4"
    values: dict[str, str]

    def get(self, key: str) -> str:
        return self.values.get(key, "")


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
        Row(_("Sheet “%(sheet)s”, row %(row)d") % {"sheet": sheet.title, "row": number}, texts)
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
                _("%(place)s: the section must be one of %(sections)s.")
                % {"place": place, "sections": ", ".join(s.title for s in SECTIONS)}
            )
            continue
        texts = {c.key: _cell(cells, positions.get(c)) for c in section.columns}
        rows[section.key].append(Row(place, texts))
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


# The words Thai manuals use for the choices, whatever the interface's translation says.
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
    PaymentMethod.CASH: ("เงินสด",),
    PaymentMethod.COUNTER_ELECTRONIC: ("บัตรหรือคิวอาร์โค้ดที่เคาน์เตอร์", "EDC"),
    PaymentMethod.PROMPTPAY: ("พร้อมเพย์", "PromptPay"),
    PaymentMethod.ONLINE_CARD: ("บัตรออนไลน์",),
    ExchangeLink.NONE: ("ไม่มี", "-"),
    ExchangeLink.GDX: ("GDX",),
    ExchangeLink.DOPA_LINKAGE: ("ศูนย์บริการเชื่อมโยงข้อมูลทะเบียน", "Linkage Center"),
    ExchangeLink.BIZ_PORTAL: ("Biz Portal",),
    ExchangeLink.DIRECT: ("ลิงก์ตรงของหน่วยงาน",),
    ExchangeLink.CITY_RECORDS: ("ข้อมูลของกรุงเทพมหานคร",),
}


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


def parse_choice(text: str, choices, what: str) -> str:
    if not text:
        return ""
    found = _spellings(choices).get(header_key(text))
    if found is None:
        with override("en"):
            known = ", ".join(str(label) for _value, label in choices if _value)
        raise Problem(
            _("“%(text)s” is not a %(what)s; write one of: %(known)s.")
            % {"text": text, "what": what, "known": known}
        )
    return found


def parse_bool(text: str) -> bool:
    word = text.strip().casefold()
    if word in TRUE_WORDS or word in {"มี", "รับ", "✓"}:
        return True
    if word in FALSE_WORDS or word in {"ไม่มี", "ไม่รับ", "-"}:
        return False
    raise Problem(_("“%(text)s” is not yes or no (ใช่ / ไม่ใช่).") % {"text": text})


def parse_decimal(text: str) -> Decimal | None:
    if not text:
        return None
    try:
        value = Decimal(text.replace(",", "").replace("บาท", "").strip())
    except InvalidOperation:
        raise Problem(_("“%(text)s” is not a number.") % {"text": text}) from None
    if not value.is_finite() or value < 0:
        raise Problem(_("“%(text)s” is not a number of zero or more.") % {"text": text})
    return value


def parse_count(text: str) -> int:
    value = parse_decimal(text)
    if value is None:
        return 0
    if value != value.to_integral_value():
        raise Problem(_("“%(text)s” is not a whole number.") % {"text": text})
    return int(value)


def parse_time(text: str, plain_unit: str | None = None) -> Duration | None:
    try:
        return parse_duration(text, plain_unit)
    except DurationError as error:
        raise Problem(str(error)) from None


def duration_values(name: str, duration: Duration | None) -> dict:
    """A duration as the model's amount and unit fields."""
    if duration is None:
        return {name: None, f"{name}_unit": ""}
    return {name: duration.amount, f"{name}_unit": duration.unit}


def duration_text(amount, unit: str) -> str:
    return "" if amount is None or not unit else Duration(amount, unit).text(thai=True)


def parse_payment_methods(text: str) -> list[str]:
    parts = [p for p in re.split(r"[,;/\n]+", text) if p.strip()]
    methods = [parse_choice(p.strip(), PaymentMethod.choices, _("payment method")) for p in parts]
    return list(dict.fromkeys(methods))


# Planning: every row checked before anything is written


@dataclass
class ServicePlan:
    place: str
    identifier: str
    name: str  # rows of the other sections name the service by its ID or this Thai name
    element_values: dict
    profile_values: dict
    rows: dict = field(default_factory=dict)


class Planner:
    def __init__(self):
        self.problems: list[str] = []
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
            if plan is not None:
                plans.append(plan)
            # A service row with problems is still known, so its rows are checked too and do
            # not add "no such service" to the list.
            for reference in (row.get("identifier"), row.get("name")):
                if reference:
                    by_reference.setdefault(header_key(reference), plan)
        for section in ROW_SECTIONS:
            for row in sections[section.key]:
                self.child(section, row, by_reference)
        if not plans and not self.problems:
            self.problems.append(_("The file holds no service rows."))
        if self.problems:
            raise ManualError(self.problems)
        return plans

    def cell(self, row: Row, parse, *args):
        try:
            return parse(*args)
        except Problem as problem:
            self.problems.append(f"{row.place}: {problem}")
            return None

    def service(self, row: Row) -> ServicePlan | None:
        count = len(self.problems)
        name = row.get("name")
        if not name:
            self.problems.append(
                _("%(place)s: the service needs a Thai name.") % {"place": row.place}
            )
        unit = self.units.get(header_key(row.get("owner_unit")))
        if unit is None:
            self.problems.append(
                _("%(place)s: “%(unit)s” is not an org unit's code or name.")
                % {"place": row.place, "unit": row.get("owner_unit")}
            )
        c = self.cell
        profile = {
            "delivery": c(
                row, parse_choice, row.get("delivery"), Delivery.choices, _("place of delivery")
            ),
            "legal_basis": row.get("legal_basis"),
            "eligibility": row.get("eligibility"),
            "fee": c(row, parse_decimal, row.get("fee")) or Decimal(0),
            "digital_fee": c(row, parse_decimal, row.get("digital_fee")),
            "payment_methods": c(row, parse_payment_methods, row.get("payment_methods")),
            "e_receipt": c(row, parse_bool, row.get("e_receipt")),
            "required_ial": c(
                row, parse_choice, row.get("required_ial"), AssuranceLevel.choices, _("level")
            ),
            **duration_values(
                "legal_time", c(row, parse_time, row.get("legal_days"), TimeUnit.DAY)
            ),
            **duration_values(
                "actual_time", c(row, parse_time, row.get("actual_days"), TimeUnit.DAY)
            ),
            "annual_volume": c(row, parse_count, row.get("annual_volume")),
            "satisfaction": c(row, parse_decimal, row.get("satisfaction")),
            "published": c(row, parse_bool, row.get("published")),
            "manual_url": row.get("manual_url"),
            "dataset_url": row.get("dataset_url"),
            "dataset_machine_readable": c(row, parse_bool, row.get("dataset_machine_readable")),
        }
        if len(self.problems) > count:
            return None
        profile["delivery"] = profile["delivery"] or Delivery.ALL_DISTRICTS
        profile["required_ial"] = profile["required_ial"] or AssuranceLevel.IAL2_1
        identifier = row.get("identifier") or f"svc-{uuid.uuid4()}"
        element = {"name": name, "name_en": row.get("name_en"), "owner_unit": unit}
        element["documentation"] = row.get("documentation")
        return ServicePlan(row.place, identifier, name, element, profile)

    def child(self, section: Section, row: Row, by_reference: dict) -> None:
        key = header_key(row.get("service"))
        plan = by_reference.get(key)
        if key not in by_reference:
            self.problems.append(
                _("%(place)s: “%(service)s” is not the ID or Thai name of a service in the file.")
                % {"place": row.place, "service": row.get("service")}
            )
            return
        count = len(self.problems)
        parsed = getattr(self, f"{section.key}_row")(row)
        if plan is not None and len(self.problems) == count:
            plan.rows.setdefault(section.key, []).append(parsed)

    def channels_row(self, row: Row) -> dict:
        c = self.cell
        return {
            "kind": c(row, parse_choice, row.get("kind"), ChannelKind.choices, _("channel")),
            "url": row.get("url"),
            "end_to_end": c(row, parse_bool, row.get("end_to_end")),
            "identity": c(
                row, parse_choice, row.get("identity"), Identity.choices, _("identity check")
            )
            or Identity.IN_PERSON,
            "ial": c(row, parse_choice, row.get("ial"), AssuranceLevel.choices, _("level")),
        }

    def steps_row(self, row: Row) -> dict:
        duration = self.cell(row, parse_time, row.get("minutes"), TimeUnit.MINUTE)
        return {
            "name": row.get("name"),
            "unit": row.get("unit"),
            **duration_values("time", duration),
            "in_person": self.cell(row, parse_bool, row.get("in_person")),
        }

    def documents_row(self, row: Row) -> dict:
        c = self.cell
        return {
            "name": row.get("name"),
            "issuer": row.get("issuer"),
            "government_issued": c(row, parse_bool, row.get("government_issued")),
            "originals": c(row, parse_count, row.get("originals")),
            "copies": c(row, parse_count, row.get("copies")),
            "electronic_accepted": c(row, parse_bool, row.get("electronic_accepted")),
            "exchange": c(
                row, parse_choice, row.get("exchange"), ExchangeLink.choices, _("exchange link")
            ),
            "exchange_ref": row.get("exchange_ref"),
        }


def import_manual(source, name: str, actor: Actor) -> list[ServiceProfile]:
    """Read, check and write a filled template, all or nothing, as one change-log batch."""
    plans = Planner().plan(read_manual(source, name))
    problems, saved = [], []
    with transaction.atomic():
        for plan in plans:
            try:
                profile, _outcome = service_profiles.upsert(
                    actor,
                    plan.identifier,
                    plan.element_values,
                    {**plan.profile_values, **plan.rows},
                )
            except ValidationError as error:
                problems += [f"{plan.place}: {m}" for m in _messages(error)]
            except PermissionDenied as denied:
                problems.append(f"{plan.place}: {denied}")
            else:
                saved.append(profile)
        if problems:
            transaction.set_rollback(True)
    if problems:
        raise ManualError(problems)
    return saved


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [f"{field}: {m}" for field, ms in error.message_dict.items() for m in ms]
    return list(error.messages)


# Writing


def manual_rows(profiles) -> dict[str, list[list]]:
    """{section key: rows of cell values} for profiles (with their rows prefetched)."""
    sections = {s.key: [] for s in SECTIONS}
    for p in profiles:
        element = p.element
        unit = element.owner_unit
        sections["service"].append(
            [
                element.identifier,
                element.name,
                element.name_en,
                unit.code or unit.element.name if unit else "",
                thai_word(p.delivery),
                p.legal_basis,
                p.eligibility,
                p.fee,
                p.digital_fee,
                ", ".join(thai_word(m) for m in p.payment_methods),
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
            ]
        )
        ref = element.identifier
        for c in p.channels.all():
            sections["channels"].append(
                [ref, thai_word(c.kind), c.url, _yes_no(c.end_to_end)]
                + [thai_word(c.identity), c.ial]
            )
        for s in p.steps.all():
            sections["steps"].append(
                [ref, s.name, s.unit, duration_text(s.time, s.time_unit), _yes_no(s.in_person)]
            )
        for d in p.documents.all():
            sections["documents"].append(
                [ref, d.name, d.issuer, _yes_no(d.government_issued), d.originals, d.copies]
                + [_yes_no(d.electronic_accepted), thai_word(d.exchange), d.exchange_ref]
            )
    return sections


def thai_word(value: str) -> str:
    """How the template writes a choice: the word Thai manuals use for it."""
    return THAI_WORDS.get(value, (value,))[0]


def _yes_no(value: bool) -> str:
    return "ใช่" if value else "ไม่ใช่"


def _text(value) -> str:
    return "" if value is None else str(value)


def write_workbook(sections: dict[str, list[list]], target) -> None:
    workbook = new_workbook()
    for section in SECTIONS:
        rows = [(_text(r[0]), [_text(v) for v in r]) for r in sections.get(section.key, [])]
        write_sheet(workbook, section.title, section.columns, rows)
    workbook.save(target)


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


def example_sections() -> dict[str, list[list]]:
    """The filled example shipped with the template, as section rows."""
    sections = _read_csv(EXAMPLE_CSV)
    return {
        key: [[row.get(c.key) for c in section.columns] for row in sections[key]]
        for key, section in ((s.key, s) for s in SECTIONS)
    }
