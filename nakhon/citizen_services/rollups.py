"""Reading the assessments: roll-ups per department and city-wide, progress over time, what to
fix first, and the data-exchange map. Read-only; pages, the API and exports share these.

Roll-ups weigh each service by its annual volume, so a service used a million times a year
counts a thousand times more than one used a thousand times. A service with no recorded volume
weighs nothing; a group whose services all lack a volume has no average (None), rather than an
unweighted one that would mean something else. Inapplicable outcomes (None) count in no average.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nakhon.citizen_services.models import (
    MAX_LEVEL,
    Assessment,
    Outcome,
    ServiceProfile,
    in_reader_language,
    with_current_assessment,
)
from nakhon.citizen_services.rubric import number
from nakhon.organization.models import OrgUnit, UnitKind

# Departments


class Departments:
    """Which department (the unit right below the city) each org unit belongs to."""

    def __init__(self):
        self.units = {
            u.pk: u
            for u in OrgUnit.objects.select_related("element").only(
                "pk", "parent_id", "kind", "code", "element__name", "element__name_en"
            )
        }

    def of(self, unit_id) -> OrgUnit | None:
        unit, seen = self.units.get(unit_id), set()
        while unit is not None and unit.pk not in seen:
            seen.add(unit.pk)
            parent = self.units.get(unit.parent_id)
            if parent is None or parent.kind == UnitKind.CITY:
                return unit
            unit = parent
        return None


# Services with their current assessment


@dataclass
class ServiceRow:
    profile: ServiceProfile
    assessment: Assessment | None
    department: OrgUnit | None

    @property
    def volume(self) -> int:
        return self.profile.annual_volume

    def level(self, outcome: str) -> int | None:
        return self.assessment.level(outcome) if self.assessment else None

    @property
    def score(self) -> Decimal | None:
        return self.assessment.score if self.assessment else None


def assessed_profiles(queryset=None):
    """Profiles with their current assessment and rows, in a fixed number of queries."""
    queryset = queryset if queryset is not None else ServiceProfile.objects.all()
    return with_current_assessment(
        queryset.select_related("element__owner_unit__element").prefetch_related("documents")
    )


def service_rows(queryset=None, departments: Departments | None = None) -> list[ServiceRow]:
    departments = departments or Departments()
    return [
        ServiceRow(
            profile, profile.current_assessment, departments.of(profile.element.owner_unit_id)
        )
        for profile in assessed_profiles(queryset)
    ]


# Roll-ups


def weighted_average(pairs, places: str = "0.01") -> Decimal | None:
    """Σ weight × value / Σ weight over the pairs whose value is not None."""
    counted = [(w, v) for w, v in pairs if v is not None]
    total = sum(w for w, _v in counted)
    if not total:
        return None
    return (sum(Decimal(w) * Decimal(v) for w, v in counted) / total).quantize(Decimal(places))


@dataclass
class Rollup:
    unit: OrgUnit | None  # None for the city as a whole
    services: int
    volume: int
    score: Decimal | None
    levels: dict[str, Decimal | None]

    @property
    def label(self) -> str:
        return str(self.unit) if self.unit else _("The whole city")


def rollup(rows: list[ServiceRow], unit: OrgUnit | None = None) -> Rollup:
    return Rollup(
        unit=unit,
        services=len(rows),
        volume=sum(r.volume for r in rows),
        score=weighted_average(((r.volume, r.score) for r in rows), "0.1"),
        levels={
            outcome: weighted_average((r.volume, r.level(outcome)) for r in rows)
            for outcome in Outcome.values
        },
    )


def by_department(rows: list[ServiceRow]) -> list[Rollup]:
    """One roll-up per department, best score first (departments without one last)."""
    groups: dict = defaultdict(list)
    units = {}
    for row in rows:
        key = row.department.pk if row.department else None
        groups[key].append(row)
        units[key] = row.department
    rollups = [rollup(group, units[key]) for key, group in groups.items()]
    return sorted(rollups, key=lambda r: (r.score is None, -(r.score or 0), r.label))


def in_department(rows: list[ServiceRow], department: OrgUnit) -> list[ServiceRow]:
    return [r for r in rows if r.department and r.department.pk == department.pk]


# Progress over time


@dataclass(frozen=True)
class Point:
    date: object
    score: Decimal | None
    services: int


def history(
    department: OrgUnit | None = None, departments: Departments | None = None
) -> list[Point]:
    """The weighted score on each day an assessment was made: every service counts with its
    latest assessment made by then (and its volume and department at that time)."""
    departments = departments or Departments()
    assessments = Assessment.objects.order_by("assessed_at", "id").values_list(
        "profile_id", "assessed_at", "annual_volume", "owner_unit_id", "score"
    )
    latest: dict = {}
    points: list[Point] = []
    day = None
    for profile_id, moment, volume, owner_id, score in assessments:
        moment_day = timezone.localdate(moment)
        if day is not None and moment_day != day:
            points.append(_point(day, latest, department, departments))
        day = moment_day
        latest[profile_id] = (volume, owner_id, score)
    if day is not None:
        points.append(_point(day, latest, department, departments))
    return points


def _point(day, latest: dict, department, departments: Departments) -> Point:
    counted = [
        (volume, score)
        for volume, owner_id, score in latest.values()
        if department is None or _same_unit(departments.of(owner_id), department)
    ]
    return Point(day, weighted_average(counted, "0.1"), len(counted))


def _same_unit(unit, other) -> bool:
    return unit is not None and unit.pk == other.pk


# What to fix first


@dataclass(frozen=True)
class Improvement:
    row: ServiceRow
    outcome: str
    level: int
    action: str

    @property
    def gap(self) -> int:
        return MAX_LEVEL - self.level

    @property
    def priority(self) -> int:
        return self.row.volume * self.gap

    @property
    def outcome_label(self) -> str:
        return Outcome(self.outcome).label

    @property
    def reason(self) -> str:
        return _(
            "%(volume)s requests a year × %(gap)d level(s) to reach %(max)d = %(priority)s"
        ) % {
            "volume": number(self.row.volume),
            "gap": self.gap,
            "max": MAX_LEVEL,
            "priority": number(self.priority),
        }

    @property
    def evidence(self) -> str:
        return evidence_text(self.row.assessment, self.outcome)


def evidence_text(assessment: Assessment | None, outcome: str) -> str:
    """The evidence in the reader's language (Thai or English)."""
    if assessment is None:
        return ""
    return in_reader_language(assessment.details.get(outcome, {}).get("evidence", {}))


def action_for(row: ServiceRow, outcome: str, level: int) -> str:
    values = {"service": row.profile, "volume": number(row.volume)}
    if outcome == Outcome.E_PAYMENT and level == MAX_LEVEL - 1:
        return (
            _("Issue e-Receipts for “%(service)s”: %(volume)s receipts a year would be electronic.")
            % values
        )
    if outcome == Outcome.NO_COPIES:
        asked = [
            d.name
            for d in row.profile.documents.all()
            if d.government_issued and d.asked_of_citizen
        ]
        values["documents"] = ", ".join(dict.fromkeys(asked))
    return ACTIONS[outcome] % values


ACTIONS = {
    Outcome.BETTER_SERVICE: gettext_lazy(
        "Speed up “%(service)s” and measure how satisfied citizens are: %(volume)s requests a "
        "year would be served better."
    ),
    Outcome.ONE_STOP: gettext_lazy(
        "Let citizens complete “%(service)s” in one place, online: %(volume)s requests a year "
        "would need no trip between offices."
    ),
    Outcome.NO_COPIES: gettext_lazy(
        "Obtain %(documents)s by data exchange for “%(service)s”: %(volume)s requests a year "
        "would need no copies."
    ),
    Outcome.OPEN_DATA: gettext_lazy(
        "Publish “%(service)s” in the public catalogue with a machine-readable dataset on its "
        "%(volume)s requests a year."
    ),
    Outcome.DIGITAL_ID: gettext_lazy(
        "Accept ThaID or DGA Digital ID for “%(service)s”: %(volume)s requests a year could "
        "prove identity online."
    ),
    Outcome.E_PAYMENT: gettext_lazy(
        "Accept e-payment for “%(service)s”: %(volume)s transactions a year would no longer "
        "need a counter visit."
    ),
    Outcome.LOWER_FEES: gettext_lazy(
        "Lower the digital fee of “%(service)s”: %(volume)s requests a year would cost citizens "
        "less online."
    ),
}


def fix_first(rows: list[ServiceRow], limit: int | None = 20) -> list[Improvement]:
    """Every improvement still open, ranked by annual volume × levels to gain."""
    improvements = [
        Improvement(row, outcome, level, action_for(row, outcome, level))
        for row in rows
        for outcome in Outcome.values
        if (level := row.level(outcome)) is not None and level < MAX_LEVEL and row.volume
    ]
    improvements.sort(key=lambda i: (-i.priority, -i.row.volume, str(i.row.profile), i.outcome))
    return improvements[:limit] if limit else improvements


# The data-exchange map


@dataclass
class AskedDocument:
    name: str
    requests: int = 0
    services: list = field(default_factory=list)
    # Links through which other services already obtain the same document.
    links_in_use: set = field(default_factory=set)


@dataclass
class Issuer:
    name: str
    documents: dict = field(default_factory=dict)

    @property
    def requests(self) -> int:
        return sum(d.requests for d in self.documents.values())

    def ranked_documents(self) -> list[AskedDocument]:
        return sorted(self.documents.values(), key=lambda d: (-d.requests, d.name))


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def exchange_map(rows: list[ServiceRow]) -> list[Issuer]:
    """The state's documents the city still asks citizens for, grouped by issuing agency, with
    the requests a year that ask for each: the case for each data-exchange link to build."""
    issuers: dict[str, Issuer] = {}
    exchanged: dict = defaultdict(set)
    for row in rows:
        for doc in row.profile.documents.all():
            if not doc.government_issued:
                continue
            key = (_key(doc.issuer), _key(doc.name))
            if not doc.asked_of_citizen:
                exchanged[key].add(doc.get_exchange_display())
                continue
            issuer = issuers.setdefault(
                key[0], Issuer(doc.issuer.strip() or _("Issuer not stated"))
            )
            asked = issuer.documents.setdefault(key[1], AskedDocument(doc.name.strip()))
            asked.requests += row.volume
            asked.services.append(row.profile)
    for issuer_key, issuer in issuers.items():
        for name_key, asked in issuer.documents.items():
            asked.links_in_use = sorted(exchanged.get((issuer_key, name_key), ()))
    return sorted(issuers.values(), key=lambda i: (-i.requests, i.name))
