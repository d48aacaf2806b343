"""Redundancy: what the city pays for more than once.

- Consolidation candidates: applications of several org units that serve or realise the same
  business service, business function or capability, directly or through their own behaviour
  (application services, functions, interfaces) and the business processes they serve. The walk
  stops at the first service, function or capability it meets. An application that no unit owns
  (an imported model's, often) may be any unit's: it counts as a unit of its own, and the
  finding says it has no owner.
- Several masters: data objects that more than one application writes, directly or through
  behaviour the application is assigned to or realises.
"""

from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from nakhon.analysis import semantics
from nakhon.analysis.graph import GraphIndex
from nakhon.analysis.models import DismissedFinding, FindingKind
from nakhon.analysis.nodes import NodeInfo, describe
from nakhon.analysis.walk import neighbour_pairs, reachable_pairs, walk
from nakhon.organization.models import OrgUnit
from nakhon.repository.models import Element

# Applications described per finding; the totals count them all.
SHOWN = 20


@dataclass
class Supporter:
    """An application in a finding: its owning unit, yearly cost and the path to the target."""

    node: NodeInfo
    unit: OrgUnit | None
    yearly_cost: Decimal | None
    via: list[NodeInfo] = field(default_factory=list)  # nodes between it and the target
    position: int = -1  # its place among the index's applications


@dataclass
class Finding:
    """One target and the applications behind it: the first `SHOWN` of them described, the
    totals over all of them."""

    target: NodeInfo
    applications: list[Supporter]  # dearest first
    kind: str  # CONSOLIDATION or MASTERS
    application_count: int
    unit_count: int = 0  # owning units; applications without one are `unowned`
    yearly_cost: Decimal = Decimal(0)  # of the applications whose cost is known
    unknown_costs: int = 0
    unowned: int = 0

    CONSOLIDATION = FindingKind.CONSOLIDATION
    MASTERS = FindingKind.MASTERS

    @property
    def more(self) -> int:
        """Applications counted but not described."""
        return self.application_count - len(self.applications)

    def names(self) -> str:
        names = ", ".join(a.node.name for a in self.applications)
        if self.more:
            names += " " + ngettext("and %(count)d more", "and %(count)d more", self.more) % {
                "count": self.more
            }
        return names

    def explanation(self) -> str:
        if self.kind == self.MASTERS:
            return ngettext(
                "“%(target)s” is written by %(count)d application: %(names)s.",
                "“%(target)s” is written by %(count)d applications: %(names)s. Which one is "
                "the master copy?",
                self.application_count,
            ) % {
                "target": self.target.name,
                "count": self.application_count,
                "names": self.names(),
            }
        text = _(
            "%(count)d applications of %(units)d units serve or realise “%(target)s”: %(names)s."
        ) % {
            "count": self.application_count,
            "units": self.unit_count,
            "target": self.target.name,
            "names": self.names(),
        }
        return " ".join([text, *self.unowned_sentence(), self.cost_sentence()])

    @property
    def cost_known(self) -> bool:
        """Whether any of its applications' cost is known: else its total is not known."""
        return self.unknown_costs < self.application_count

    @property
    def known_yearly_cost(self) -> Decimal | None:
        return self.yearly_cost if self.cost_known else None

    def cost_sentence(self) -> str:
        if not self.cost_known:
            return _("What they cost is not known: no yearly cost is recorded for any of them.")
        cost = f"{self.yearly_cost:,.2f}"
        if not self.unknown_costs:
            return _("Together they cost %(cost)s baht a year.") % {"cost": cost}
        return ngettext(
            "Those with a known cost cost %(cost)s baht a year together; the cost of "
            "%(count)d of them is not known.",
            "Those with a known cost cost %(cost)s baht a year together; the costs of "
            "%(count)d of them are not known.",
            self.unknown_costs,
        ) % {"cost": cost, "count": self.unknown_costs}

    def unowned_sentence(self) -> list[str]:
        if not self.unowned:
            return []
        return [
            ngettext(
                "%(count)d of them has no owning unit, and may be any unit's.",
                "%(count)d of them have no owning unit, and may be any unit's.",
                self.unowned,
            )
            % {"count": self.unowned}
        ]


@dataclass
class Redundancy:
    consolidation: list[Finding]  # the first `limit`, described
    consolidation_total: int
    masters: list[Finding]
    masters_total: int
    dismissed: list[DismissedFinding] = field(default_factory=list)


def redundancy_report(index: GraphIndex, limit: int | None = 50, explain: int = 20):
    """Every finding the EA office has not dismissed, ranked; the first `limit` of each kind
    described, and the paths of the applications of the first `explain` consolidation
    candidates; and the dismissed ones."""
    facts = _Facts(index)
    dismissed = list(DismissedFinding.objects.select_related("target", "created_by"))
    consolidation, consolidation_total = consolidation_candidates(
        index, limit, explain, facts, dismissed_positions(index, dismissed, Finding.CONSOLIDATION)
    )
    masters, masters_total = several_masters(
        index, limit, facts, dismissed_positions(index, dismissed, Finding.MASTERS)
    )
    return Redundancy(consolidation, consolidation_total, masters, masters_total, dismissed)


def dismissed_positions(index: GraphIndex, dismissed: list, kind: str) -> np.ndarray:
    positions = index.positions([d.target_id for d in dismissed if d.kind == kind])
    return positions[positions >= 0]


def _application_facts() -> dict:
    """{element id: (owning unit id, yearly cost)} of every application, in one query."""
    rows = Element.objects.filter(type=semantics.APPLICATION).values_list(
        "pk", "owner_unit_id", "application_profile__yearly_cost"
    )
    return {pk: (unit, cost) for pk, unit, cost in rows.iterator(10_000)}


def _support_pairs(index: GraphIndex, apps: np.ndarray):
    """(application index, target node) for every business service, function or capability an
    application serves or realises."""
    return reachable_pairs(
        index,
        apps,
        upstream=True,
        relationship_types=semantics.relationship_mask(semantics.SUPPORT_RELATIONSHIP_TYPES),
        through_types=semantics.node_type_mask(
            (*semantics.APPLICATION_BEHAVIOUR, *semantics.BUSINESS_BEHAVIOUR)
        ),
        target_types=semantics.node_type_mask(semantics.SUPPORTED_TYPES),
        max_depth=semantics.SUPPORT_DEPTH,
    )


def supported_targets(index: GraphIndex, application_ids) -> set:
    """The ids of the business services, functions and capabilities these applications serve
    or realise, by the walk the consolidation candidates use."""
    positions = index.positions(list(application_ids))
    apps = positions[positions >= 0]
    if not len(apps):
        return set()
    _app_of, target = _support_pairs(index, apps)
    return set(index.node_ids(np.unique(target)))


def supporting_applications(index: GraphIndex, target_ids) -> dict:
    """{target id: [application ids]}: the applications that serve or realise each of these
    business services, functions or capabilities, by the walk the consolidation candidates
    use (the governance checks ask it of a new application's targets)."""
    positions = index.positions(list(target_ids))
    wanted = positions[positions >= 0]
    apps = np.flatnonzero(index.node_type == semantics.NODE_TYPE_CODE[semantics.APPLICATION])
    if not len(apps) or not len(wanted):
        return {}
    app_of, target = _support_pairs(index, apps)
    keep = np.isin(target, wanted)
    found: dict = {}
    pairs = zip(target[keep].tolist(), apps[app_of[keep]].tolist(), strict=True)
    for node, app in sorted(set(pairs)):
        found.setdefault(index.node_id(node), []).append(index.node_id(app))
    return found


def consolidation_candidates(
    index: GraphIndex, limit: int | None = None, explain: int = 0, facts=None, dismissed=()
) -> tuple[list[Finding], int]:
    """(the first `limit` candidates described, how many there are), dearest first; none whose
    target is among the `dismissed` positions."""
    apps = np.flatnonzero(index.node_type == semantics.NODE_TYPE_CODE[semantics.APPLICATION])
    if not len(apps):
        return [], 0
    app_of, target = _support_pairs(index, apps)
    facts = facts or _Facts(index)
    # Targets whose applications belong to two units or more (an unowned one, to its own).
    unit_pairs = np.unique(target * facts.units + facts.unit[app_of])
    units_per_target = np.bincount(unit_pairs // facts.units, minlength=index.size)
    chosen = units_per_target[target] >= 2
    app_of, target = app_of[chosen], target[chosen]
    candidates = np.setdiff1d(np.unique(target), dismissed)
    totals = _totals(index, facts, app_of, target, candidates)
    names = dict(
        Element.objects.filter(type__in=semantics.SUPPORTED_TYPES).values_list("pk", "name")
    )
    candidate_ids = index.node_ids(candidates)
    ranked = sorted(
        range(len(candidates)),
        key=lambda i: (-totals.cost[i], -totals.count[i], names.get(candidate_ids[i], "")),
    )
    shown = ranked if limit is None else ranked[:limit]
    findings = _findings(
        index, apps, facts, app_of, target, candidates, shown, totals, Finding.CONSOLIDATION
    )
    explained = {
        (supporter.position, node)
        for finding, node in zip(findings[:explain], candidates[shown].tolist(), strict=False)
        for supporter in finding.applications
    }
    vias = _paths(index, apps, explained)
    between = {node for path in vias.values() for node in path}
    infos = describe(index, between)
    for finding, position in zip(findings, candidates[shown].tolist(), strict=True):
        for supporter in finding.applications:
            path = vias.get((supporter.position, position), [])
            supporter.via = [infos[node] for node in path]
    return findings, len(candidates)


class _Facts:
    """Every application's owning unit (as a small code; an application no unit owns has a code
    of its own) and yearly cost, in one query."""

    def __init__(self, index: GraphIndex):
        apps = np.flatnonzero(index.node_type == semantics.NODE_TYPE_CODE[semantics.APPLICATION])
        by_id = _application_facts()
        self.ids = index.node_ids(apps)
        found = [by_id.get(pk, (None, None)) for pk in self.ids]
        self.unit_ids = list(dict.fromkeys(unit for unit, _cost in found if unit))
        codes = {unit: code for code, unit in enumerate(self.unit_ids)}
        self.owned = np.array([unit is not None for unit, _cost in found], dtype=bool)
        self.unit = np.array([codes.get(unit, -1) for unit, _cost in found], dtype=np.int64)
        self.unit[~self.owned] = len(codes) + np.arange(int((~self.owned).sum()))
        self.units = len(found) + 1  # more than any code
        self.known = np.array([cost is not None for _unit, cost in found])
        self.cost = np.array([float(cost or 0) for _unit, cost in found])
        self.exact_cost = [cost for _unit, cost in found]


@dataclass
class _Totals:
    count: np.ndarray
    units: np.ndarray
    cost: np.ndarray
    unknown: np.ndarray
    unowned: np.ndarray


def _totals(index, facts: _Facts, app_of, target, candidates) -> _Totals:
    """Per candidate: applications, owning units, summed known cost, applications without a
    cost, applications without an owning unit."""
    size = index.size
    owned = facts.owned[app_of]
    unit_pairs = np.unique(target[owned] * facts.units + facts.unit[app_of][owned])
    return _Totals(
        count=np.bincount(target, minlength=size)[candidates],
        units=np.bincount(unit_pairs // facts.units, minlength=size)[candidates],
        cost=np.bincount(target, weights=facts.cost[app_of], minlength=size)[candidates],
        unknown=np.bincount(target[~facts.known[app_of]], minlength=size)[candidates],
        unowned=np.bincount(target[~owned], minlength=size)[candidates],
    )


def _findings(index, apps, facts, app_of, target, candidates, shown, totals, kind):
    """The shown candidates with their first `SHOWN` applications (dearest first) described."""
    order = np.lexsort((-facts.cost[app_of], target))
    app_of, target = app_of[order], target[order]
    starts = np.searchsorted(target, candidates[shown])
    picked = {
        int(candidates[i]): app_of[start : start + min(SHOWN, int(totals.count[i]))].tolist()
        for i, start in zip(shown, starts.tolist(), strict=True)
    }
    app_nodes = {int(apps[app]) for picks in picked.values() for app in picks}
    infos = describe(index, {*candidates[shown].tolist(), *app_nodes})
    units = {u.pk: u for u in OrgUnit.objects.select_related("element")}
    findings = []
    for i in shown:
        node = int(candidates[i])
        supporters = [
            Supporter(
                infos[int(apps[app])],
                units.get(facts.unit_ids[facts.unit[app]]) if facts.owned[app] else None,
                facts.exact_cost[app],
                position=app,
            )
            for app in picked[node]
        ]
        supporters.sort(key=lambda s: (-(s.yearly_cost or 0), s.node.name))
        findings.append(
            Finding(
                infos[node],
                supporters,
                kind,
                application_count=int(totals.count[i]),
                unit_count=int(totals.units[i]),
                yearly_cost=Decimal(str(round(float(totals.cost[i]), 2))),
                unknown_costs=int(totals.unknown[i]),
                unowned=int(totals.unowned[i]),
            )
        )
    return findings


def _paths(index, apps, pairs: set) -> dict:
    """{(application index, target node): [nodes between]} for these pairs, from one walk up
    from their applications."""
    if not pairs:
        return {}
    origins = np.array(sorted({app for app, _target in pairs}), dtype=np.int64)
    result = walk(
        index,
        apps[origins],
        upstream=True,
        relationship_types=semantics.relationship_mask(semantics.SUPPORT_RELATIONSHIP_TYPES),
        max_depth=semantics.SUPPORT_DEPTH,
        through_types=semantics.node_type_mask(
            (*semantics.APPLICATION_BEHAVIOUR, *semantics.BUSINESS_BEHAVIOUR)
        ),
    )
    targets = np.array(sorted({target for _app, target in pairs}), dtype=np.int64)
    paths = {}
    for row in np.flatnonzero(np.isin(result.node, targets)):
        key = (int(origins[result.origin[row]]), int(result.node[row]))
        if key in pairs:
            paths[key] = [int(result.node[r]) for r in result.path_rows(row)[1:-1]]
    return paths


def several_masters(index: GraphIndex, limit: int | None = None, facts=None, dismissed=()):
    """(data objects written by two applications or more, the first `limit` described; how many
    there are), most writers first. In the index a data object depends on its writers (Access
    write or read/write), and behaviour on the application assigned to it or realising it."""
    codes = semantics.NODE_TYPE_CODE
    data = np.flatnonzero(index.node_type == codes["DataObject"])
    data_of, writer = neighbour_pairs(index.down, data, semantics.relationship_mask(["Access"]))
    is_app = index.node_type[writer] == codes[semantics.APPLICATION]
    behaviour = semantics.node_type_mask(semantics.APPLICATION_BEHAVIOUR)[index.node_type[writer]]
    performed_by = semantics.relationship_mask(("Assignment", "Realization"))
    behaviours = np.unique(writer[behaviour])
    done, app = neighbour_pairs(index.down, behaviours, performed_by)
    performed = index.node_type[app] == codes[semantics.APPLICATION]
    done, app = done[performed], app[performed]
    # Each behaviour's data objects, paired with each application performing it.
    order = np.argsort(writer[behaviour], kind="stable")
    behaviour_data, behaviour_writer = data_of[behaviour][order], writer[behaviour][order]
    left = np.searchsorted(behaviour_writer, done, side="left")
    right = np.searchsorted(behaviour_writer, done, side="right")
    spans = right - left
    through_data = behaviour_data[
        np.repeat(left, spans)
        + np.arange(int(spans.sum()))
        - np.repeat(np.cumsum(spans) - spans, spans)
    ]
    pairs = np.unique(
        np.stack(
            [
                np.concatenate([data_of[is_app], through_data]),
                np.concatenate([writer[is_app], np.repeat(app, spans)]),
            ],
            axis=1,
        ),
        axis=0,
    )
    apps = np.flatnonzero(index.node_type == codes[semantics.APPLICATION])
    target, app_of = pairs[:, 0], np.searchsorted(apps, pairs[:, 1])
    writers_per_data = np.bincount(target, minlength=index.size)
    several = np.setdiff1d(np.flatnonzero(writers_per_data >= 2), dismissed)
    if not len(several):
        return [], 0
    keep = np.isin(target, several)
    app_of, target = app_of[keep], target[keep]
    facts = facts or _Facts(index)
    totals = _totals(index, facts, app_of, target, several)
    names = dict(Element.objects.filter(type="DataObject").values_list("pk", "name"))
    several_ids = index.node_ids(several)
    ranked = sorted(
        range(len(several)), key=lambda i: (-totals.count[i], names.get(several_ids[i], ""))
    )
    shown = ranked if limit is None else ranked[:limit]
    findings = _findings(
        index, apps, facts, app_of, target, several, shown, totals, Finding.MASTERS
    )
    for finding in findings:
        finding.applications.sort(key=lambda s: s.node.name)
    return findings, len(several)
