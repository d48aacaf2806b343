"""Reading the assessments: roll-ups per department and city-wide, progress over time, what to
fix first, and the data-exchange map. Read-only; pages, the API and exports share these.

Roll-ups weigh each service by its annual volume, so a service used a million times a year
counts a thousand times more than one used a thousand times. A service whose volume is not known
weighs nothing, and a group whose services all lack a volume has no average (None), rather than
an unweighted one that would mean something else. Outcomes that do not apply or are not assessed
(None) count in no average; beside each average, its coverage says how many services, and how
much of the volume, it rests on.
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
    Registry,
    ServiceProfile,
    Status,
    in_reader_language,
    with_current_assessment,
    without_copy_prefix,
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
    def volume(self) -> int | None:
        """Requests a year; None when not known."""
        return self.profile.annual_volume

    def level(self, outcome: str) -> int | None:
        return self.assessment.level(outcome) if self.assessment else None

    def status(self, outcome: str) -> str:
        return self.assessment.status(outcome) if self.assessment else Status.NOT_ASSESSED

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
    """Σ weight × value / Σ weight over the pairs whose weight and value are known."""
    counted = [(w, v) for w, v in pairs if v is not None and w is not None]
    total = sum(w for w, _v in counted)
    if not total:
        return None
    return (sum(Decimal(w) * Decimal(v) for w, v in counted) / total).quantize(Decimal(places))


@dataclass(frozen=True)
class Coverage:
    """What an average rests on: of the services it could rest on (`services`, with `volume`
    requests a year between those whose volume is known), how many are assessed and weigh in
    (`assessed`, `assessed_volume`); `unknown_volume` of them weigh nothing, their volume not
    being known."""

    services: int
    assessed: int
    volume: int
    assessed_volume: int
    unknown_volume: int

    @property
    def complete(self) -> bool:
        return self.assessed == self.services and not self.unknown_volume

    @property
    def volume_share(self) -> Decimal | None:
        if not self.volume:
            return None
        return (Decimal(self.assessed_volume) * 100 / self.volume).quantize(Decimal("0.1"))

    @property
    def text(self) -> str:
        values = {
            "assessed": self.assessed,
            "services": self.services,
            "share": "—" if self.volume_share is None else number(self.volume_share),
        }
        text = _("%(assessed)d of %(services)d services, %(share)s%% of the volume") % values
        if self.unknown_volume:
            text += "; " + _("volume not known for %(count)d") % {"count": self.unknown_volume}
        return text


def coverage(rows: list[ServiceRow], counted) -> Coverage:
    """The coverage of an average over `rows` of which `counted(row)` are assessed; rows for
    which the outcome does not apply are left out."""
    relevant = [r for r, c in ((r, counted(r)) for r in rows) if c is not None]
    assessed = [r for r in relevant if counted(r)]
    return Coverage(
        services=len(relevant),
        assessed=len(assessed),
        volume=sum(r.volume or 0 for r in relevant),
        assessed_volume=sum(r.volume or 0 for r in assessed),
        unknown_volume=sum(1 for r in relevant if r.volume is None),
    )


def assessed_on(outcome: str):
    """True for a row assessed on `outcome`, False if not, None if it does not apply."""

    def counted(row: ServiceRow) -> bool | None:
        status = row.status(outcome)
        if status == Status.NOT_APPLICABLE:
            return None
        return status == Status.ASSESSED

    return counted


def has_score(row: ServiceRow) -> bool:
    return row.score is not None


@dataclass
class Rollup:
    unit: OrgUnit | None  # None for the city as a whole
    services: int
    volume: int  # requests a year, of the services whose volume is known
    score: Decimal | None
    levels: dict[str, Decimal | None]
    score_coverage: Coverage | None = None
    coverage: dict[str, Coverage] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return str(self.unit) if self.unit else _("The whole city")

    @property
    def unknown_volume(self) -> int:
        return self.score_coverage.unknown_volume if self.score_coverage else 0


def rollup(rows: list[ServiceRow], unit: OrgUnit | None = None) -> Rollup:
    return Rollup(
        unit=unit,
        services=len(rows),
        volume=sum(r.volume or 0 for r in rows),
        score=weighted_average(((r.volume, r.score) for r in rows), "0.1"),
        levels={
            outcome: weighted_average((r.volume, r.level(outcome)) for r in rows)
            for outcome in Outcome.values
        },
        score_coverage=coverage(rows, has_score),
        coverage={outcome: coverage(rows, assessed_on(outcome)) for outcome in Outcome.values},
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
    def priority(self) -> int | None:
        """Requests a year × levels to gain; None when the volume is not known."""
        return None if self.row.volume is None else self.row.volume * self.gap

    @property
    def outcome_label(self) -> str:
        return Outcome(self.outcome).label

    @property
    def reason(self) -> str:
        if self.priority is None:
            return _(
                "Requests a year not known × %(gap)d level(s) to reach %(max)d: ranked after "
                "the services whose volume is known to be used"
            ) % {"gap": self.gap, "max": MAX_LEVEL}
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


def volume_text(volume: int | None) -> str:
    return _("not known") if volume is None else number(volume)


def action_for(row: ServiceRow, outcome: str, level: int, registry: Registry) -> str:
    values = {"service": row.profile, "volume": volume_text(row.volume)}
    if outcome == Outcome.E_PAYMENT and level == MAX_LEVEL - 1:
        return (
            _("Issue e-Receipts for “%(service)s”: %(volume)s receipts a year would be electronic.")
            % values
        )
    if outcome == Outcome.NO_COPIES:
        asked = [
            d.name
            for d in row.profile.documents.all()
            if d.asked_of_citizen and state_issued(registry, d)
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


def state_issued(registry: Registry, document) -> bool | None:
    agency = registry.agency_of(document)
    return agency.state_agency if agency else None


def volume_rank(volume: int | None) -> tuple[int, int]:
    """Known volumes first, largest first; then the volumes not known; then those known to be
    0: a volume not known is ranked as such, not as 0."""
    if volume is None:
        return (1, 0)
    return (0 if volume else 2, -volume)


def fix_first(rows: list[ServiceRow], limit: int | None = 20) -> list[Improvement]:
    """Every improvement still open, ranked by annual volume × levels to gain; those of
    services whose volume is not known follow, by levels to gain."""
    registry = Registry()
    improvements = [
        Improvement(row, outcome, level, action_for(row, outcome, level, registry))
        for row in rows
        for outcome in Outcome.values
        if (level := row.level(outcome)) is not None and level < MAX_LEVEL
    ]
    improvements.sort(
        key=lambda i: (
            volume_rank(i.priority),
            -i.gap,
            volume_rank(i.row.volume),
            str(i.row.profile),
            i.outcome,
        )
    )
    return improvements[:limit] if limit else improvements


# The data-exchange map


@dataclass
class AskedDocument:
    name: str
    requests: int = 0
    services: list = field(default_factory=list)
    # Links through which other services already obtain the same document.
    links_in_use: set = field(default_factory=set)
    # Services asking for it whose volume is not known.
    unknown_volume: int = 0


@dataclass
class Issuer:
    name: str
    documents: dict = field(default_factory=dict)
    # The links through which, as the registry says, the city could fetch its documents.
    links: list = field(default_factory=list)

    @property
    def requests(self) -> int:
        return sum(d.requests for d in self.documents.values())

    def ranked_documents(self) -> list[AskedDocument]:
        return sorted(self.documents.values(), key=lambda d: (-d.requests, d.name))


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def exchange_map(rows: list[ServiceRow], registry: Registry | None = None) -> list[Issuer]:
    """The state's documents the city still asks citizens for, grouped by issuing agency (as
    the registry says who issues each), with the requests a year that ask for each and the
    links that could fetch them: the case for each data-exchange link to build."""
    registry = registry or Registry()
    issuers: dict[str, Issuer] = {}
    exchanged: dict = defaultdict(set)
    for row in rows:
        for doc in row.profile.documents.all():
            agency = registry.agency_of(doc)
            if not (agency and agency.state_agency):
                continue
            name = doc.common or _key(without_copy_prefix(doc.name))
            key = (agency.code, name)
            if not doc.asked_of_citizen:
                exchanged[key].add(doc.get_exchange_display())
                continue
            issuer = issuers.setdefault(
                agency.code, Issuer(agency.label, links=agency.link_labels())
            )
            common = registry.common(doc.common)
            asked = issuer.documents.setdefault(
                name, AskedDocument(common.label if common else doc.name.strip())
            )
            asked.requests += row.volume or 0
            asked.unknown_volume += row.volume is None
            asked.services.append(row.profile)
    for issuer_key, issuer in issuers.items():
        for name_key, asked in issuer.documents.items():
            asked.links_in_use = sorted(exchanged.get((issuer_key, name_key), ()))
    return sorted(issuers.values(), key=lambda i: (-i.requests, i.name))


# What is missing to assess each service


@dataclass
class Gaps:
    """What keeps a service from being assessed: per outcome not assessed, the facts missing,
    and whether its yearly volume is known."""

    row: ServiceRow
    outcomes: dict[str, list[str]]

    @property
    def volume_known(self) -> bool:
        return self.row.volume is not None

    @property
    def facts(self) -> list[str]:
        """Every missing fact once, the volume first when it is missing."""
        found = [] if self.volume_known else [str(_("requests a year"))]
        for missing in self.outcomes.values():
            found += missing
        return list(dict.fromkeys(found))

    @property
    def outcome_labels(self) -> list[str]:
        return [str(Outcome(o).label) for o in self.outcomes]


def gaps(row: ServiceRow) -> Gaps:
    assessment = row.assessment
    if assessment is None:
        outcomes = {o: [str(_("not yet assessed"))] for o in Outcome.values}
    else:
        outcomes = {o: assessment.missing(o) for o in assessment.not_assessed()}
    return Gaps(row, outcomes)


def completeness(rows: list[ServiceRow]) -> list[Gaps]:
    """The services that lack a fact to be assessed, ranked by yearly volume (the volumes not
    known after the known ones, before those known to be 0), then by how much is missing."""
    found = [g for g in map(gaps, rows) if g.outcomes or not g.volume_known]
    return sorted(
        found,
        key=lambda g: (volume_rank(g.row.volume), -len(g.outcomes), str(g.row.profile)),
    )


@dataclass
class DepartmentGaps:
    unit: OrgUnit | None
    services: int
    incomplete: int
    volume: int  # known requests a year of the services that lack a fact
    unknown_volume: int
    facts: dict[str, int]  # each missing fact: how many of its services lack it

    @property
    def label(self) -> str:
        return str(self.unit) if self.unit else _("No owning unit")

    def top_facts(self, count: int = 5) -> list[tuple[str, int]]:
        return sorted(self.facts.items(), key=lambda f: (-f[1], f[0]))[:count]


def completeness_by_department(rows: list[ServiceRow]) -> list[DepartmentGaps]:
    """Per department, how many services lack a fact and which facts lack most, ranked by the
    known volume of its incomplete services, then by how many have no known volume."""
    groups: dict = defaultdict(list)
    units = {}
    for row in rows:
        key = row.department.pk if row.department else None
        groups[key].append(row)
        units[key] = row.department
    result = []
    for key, group in groups.items():
        incomplete = [g for g in map(gaps, group) if g.outcomes or not g.volume_known]
        facts: dict[str, int] = defaultdict(int)
        for g in incomplete:
            for fact in g.facts:
                facts[fact] += 1
        result.append(
            DepartmentGaps(
                unit=units[key],
                services=len(group),
                incomplete=len(incomplete),
                volume=sum(g.row.volume or 0 for g in incomplete),
                unknown_volume=sum(1 for g in incomplete if not g.volume_known),
                facts=dict(facts),
            )
        )
    return sorted(result, key=lambda d: (-d.volume, -d.unknown_volume, -d.incomplete, d.label))
