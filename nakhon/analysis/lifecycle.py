"""Life cycles: applications on ageing technology, and active elements that depend on
something being phased out or retired.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.utils.translation import gettext as _

from nakhon.analysis import semantics
from nakhon.analysis.graph import GraphIndex
from nakhon.analysis.nodes import NodeInfo, describe
from nakhon.analysis.walk import hits, walk
from nakhon.core.dates import format_date
from nakhon.portfolio.models import SupportState, TechnologyProfile, support_state
from nakhon.repository.models import Element, Status

# --- Technology obsolescence ---------------------------------------------------------------


@dataclass
class Exposure:
    """One ageing technology item under an application, and how the application reaches it."""

    technology: NodeInfo
    end_of_support: date
    state: str  # SupportState.PAST or NEAR
    path: list[NodeInfo]  # from the technology to the application

    @property
    def direct(self) -> bool:
        """No other application between the two: the application runs on it itself."""
        return not any(n.type == semantics.APPLICATION for n in self.path[1:-1])

    def get_state_display(self) -> str:
        return SupportState(self.state).label


@dataclass
class ObsoleteApplication:
    application: NodeInfo
    exposures: list[Exposure]

    @property
    def worst(self) -> Exposure:
        return self.exposures[0]


def obsolescence(index: GraphIndex, on: date) -> list[ObsoleteApplication]:
    """Applications running (through the dependency graph) on technology past its end of
    support on `on`, or reaching it within 12 months; worst first."""
    profiles = TechnologyProfile.objects.support_ending_by(on).values_list("pk", "end_of_support")
    ends = dict(profiles)
    if not ends:
        return []
    technology = list(ends)
    positions = index.positions(technology)
    types = semantics.relationship_mask(semantics.RUNS_ON_RELATIONSHIP_TYPES)
    application = semantics.node_type_mask([semantics.APPLICATION])
    found: list[tuple[object, list[int]]] = []  # (technology id, path of positions)
    for tech_id, position in zip(technology, positions, strict=True):
        if position < 0:
            continue
        result = walk(index, [position], upstream=True, relationship_types=types)
        for row in hits(index, result, types=application):
            found.append((tech_id, [int(result.node[r]) for r in result.path_rows(row)]))
    infos = describe(index, {p for _tech, path in found for p in path})
    by_app: dict = {}
    for tech_id, path in found:
        end = ends[tech_id]
        exposure = Exposure(
            infos[path[0]], end, support_state(end, on).value, [infos[p] for p in path]
        )
        by_app.setdefault(path[-1], []).append(exposure)
    result = []
    for app, exposures in by_app.items():
        exposures.sort(key=lambda e: (e.end_of_support, not e.direct, e.technology.name))
        result.append(ObsoleteApplication(infos[app], exposures))
    # Worst first; where two are as bad, the one running on it directly first.
    result.sort(key=lambda a: (a.worst.end_of_support, not a.worst.direct, a.application.name))
    return result


# --- Lifecycle conflicts -------------------------------------------------------------------

GOING = (Status.PHASE_OUT, Status.RETIRED)
LIVING = (Status.PLAN, Status.ACTIVE)


def status_on(element: Element, day: date) -> str:
    """The element's life-cycle status on `day`: from its dates where it has any (the stage of
    the latest one reached, or the stage before the first one), otherwise its recorded
    status."""
    stages = [
        (element.planned_from, Status.PLAN),
        (element.active_from, Status.ACTIVE),
        (element.phase_out_from, Status.PHASE_OUT),
        (element.retired_from, Status.RETIRED),
    ]
    dated = [(place, day_) for place, (day_, _status) in enumerate(stages) if day_ is not None]
    if not dated:
        return element.status
    reached = [place for place, day_ in dated if day_ <= day]
    place = reached[-1] if reached else max(dated[0][0] - 1, 0)
    return stages[place][1]


@dataclass
class Conflict:
    dependent: NodeInfo
    provider: NodeInfo
    provider_status: str  # phase-out or retired
    since: date | None  # when the provider goes; None when only its status says so
    relationship_type: str

    @property
    def severity(self) -> str:
        return "danger" if self.provider_status == Status.RETIRED else "warning"

    def get_provider_status_display(self) -> str:
        return Status(self.provider_status).label

    def explanation(self) -> str:
        values = {
            "dependent": self.dependent.name,
            "status": Status(self.dependent.element.status).label,
            "provider": self.provider.name,
            "provider_status": self.get_provider_status_display(),
        }
        if self.since is None:
            return (
                _(
                    "“%(dependent)s” (%(status)s) depends on “%(provider)s”, which is "
                    "%(provider_status)s."
                )
                % values
            )
        return _(
            "“%(dependent)s” (%(status)s) depends on “%(provider)s”, which is "
            "%(provider_status)s from %(day)s."
        ) % {**values, "day": format_date(self.since)}


def _going(element: Element, on: date) -> tuple[str, date | None] | None:
    """(status, from when) if the element is or will be phased out or retired."""
    if element.retired_from is not None:
        return Status.RETIRED, element.retired_from
    if element.status == Status.RETIRED:
        return Status.RETIRED, None
    if element.phase_out_from is not None:
        return Status.PHASE_OUT, element.phase_out_from
    if element.status == Status.PHASE_OUT:
        return Status.PHASE_OUT, None
    return None


def _outlives(element: Element, provider_going: date | None, on: date) -> bool:
    """Whether the dependent is still planned or active when the provider goes."""
    if element.status not in LIVING:
        return False
    if provider_going is None:
        return True
    return status_on(element, max(provider_going, on)) in LIVING


def lifecycle_conflicts(index: GraphIndex, on: date) -> list[Conflict]:
    """Planned or active elements that depend directly (through junctions too) on an element
    that is phased out or retired, now or on a date set for it; retired first."""
    going = Element.objects.filter(
        Q(status__in=GOING) | Q(phase_out_from__isnull=False) | Q(retired_from__isnull=False)
    ).values_list("pk", flat=True)
    going = list(going)
    if not going:
        return []
    positions = index.positions(going)
    positions = positions[positions >= 0]
    result = walk(
        index,
        positions,
        upstream=True,
        relationship_types=semantics.relationship_mask(),
        max_depth=1,
    )
    rows = hits(index, result)
    edges = result.edges(rows)
    providers = positions[result.origin[rows]]
    infos = describe(index, {*positions.tolist(), *result.node[rows].tolist()})
    conflicts = []
    for row, provider, edge in zip(rows, providers, edges, strict=True):
        dependent = infos[int(result.node[row])]
        provider_info = infos[int(provider)]
        if dependent.element is None or provider_info.element is None:
            continue
        state = _going(provider_info.element, on)
        if state is None or not _outlives(dependent.element, state[1], on):
            continue
        rel_type = semantics.RELATIONSHIP_TYPES[result.adjacency.types[edge]]
        conflicts.append(Conflict(dependent, provider_info, state[0], state[1], rel_type))
    order = {Status.RETIRED: 0, Status.PHASE_OUT: 1}
    conflicts.sort(
        key=lambda c: (
            order[c.provider_status],
            c.since or date.min,
            c.provider.name,
            c.dependent.name,
        )
    )
    return conflicts
