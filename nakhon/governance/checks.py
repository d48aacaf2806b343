"""The automatic checks a review request meets when it is submitted.

Each check is a function of the request that returns its findings (`Found`): a severity, a
message in Thai and English, the evidence (the objects concerned, each with a link) and the
link to look at first. `run_checks` runs them all; `record_findings` stores what they found on
the request (`Finding`), replacing what an earlier submission found. A `blocking` finding
stops the submission (the workflow refuses it, naming the findings).

The checks reuse the rules the platform already has, so that a review cannot disagree with
the page that explains them:
- duplication: the analysis app's redundancy walk (`analysis.redundancy`);
- standards: the catalogue (`Standard`), and the waivers granted on the request;
- the Digital Government Act: the citizen services' rubric (`citizen_services.rubric`);
- personal data: what the request says of each element it affects (PDPA);
- ArchiMate rules: the metamodel (`archimate.metamodel`), on the request's change proposal;
- principles: the departures the request declares.

Unknown is a value: where the records do not say (no profile of a service, no channel, a
personal-data flag left empty), the finding says it is not known; it never passes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from nakhon.analysis.graph import current_index
from nakhon.analysis.redundancy import supported_targets, supporting_applications
from nakhon.archimate import metamodel
from nakhon.citizen_services import rubric
from nakhon.citizen_services.models import Outcome, ServiceProfile
from nakhon.governance.models import (
    AffectedElement,
    CheckKind,
    Finding,
    PrincipleDeparture,
    PrincipleProfile,
    ReviewRequest,
    Severity,
    Standard,
    StandardStatus,
)
from nakhon.governance.models.requests import (
    DATA_TYPES,
    TECHNOLOGY_TYPES,
    Effect,
    RequestType,
)
from nakhon.governance.models.standards import STANDARD_ELEMENT_TYPES
from nakhon.repository.models import Element, Relationship, Status

APPLICATION = "ApplicationComponent"
# The technology a request builds on: what it creates, changes or uses (retiring is welcome).
BUILDS_ON = (Effect.CREATE, Effect.CHANGE, Effect.USE)
# Requests whose citizen services are measured against the Digital Government Act.
DELIVERS_SERVICES = (RequestType.ESTABLISH, RequestType.TAKE_INTO_USE, RequestType.CHANGE_DATA)
THAI, ENGLISH = "th", "en"


def bilingual(build: Callable[[], str]) -> tuple[str, str]:
    """`build()` in Thai and in English: a finding is read in either."""
    texts = []
    for language in (THAI, ENGLISH):
        with translation.override(language):
            texts.append(str(build()))
    return texts[0], texts[1]


@dataclass(frozen=True)
class Evidence:
    label: str
    url: str = ""

    def as_json(self) -> dict:
        return {"label": self.label, "url": self.url}


def evidence_of(obj) -> Evidence:
    try:
        url = obj.get_absolute_url()
    except (AttributeError, NoReverseMatch):
        url = ""
    return Evidence(str(obj), url)


@dataclass
class Found:
    """One finding of one check, before it is stored."""

    check: str
    severity: str
    message: str  # Thai
    message_en: str
    evidence: list[Evidence] = field(default_factory=list)
    url: str = ""

    @property
    def blocking(self) -> bool:
        return self.severity == Severity.BLOCKING

    @property
    def text(self) -> str:
        language = translation.get_language() or settings.LANGUAGE_CODE
        return self.message if language.lower().startswith("th") else self.message_en

    @property
    def check_label(self) -> str:
        return CheckKind(self.check).label

    @property
    def severity_label(self) -> str:
        return Severity(self.severity).label


def found(check: str, severity: str, build, evidence: list, url: str | None = None) -> Found:
    message, message_en = bilingual(build)
    shown = [e if isinstance(e, Evidence) else evidence_of(e) for e in evidence]
    first = url if url is not None else next((e.url for e in shown if e.url), "")
    return Found(check, severity, message, message_en, shown, first)


def names(objects) -> str:
    return ", ".join(f"“{o}”" for o in objects)


# What the request affects


def affected(request: ReviewRequest, types, effects=None) -> list[AffectedElement]:
    rows = request.affected.select_related("element").filter(element__type__in=types)
    if effects is not None:
        rows = rows.filter(effect__in=effects)
    return sorted(rows, key=lambda a: (a.element.name, str(a.element_id)))


def proposal_of(request: ReviewRequest):
    """The request's change proposal, where it has one."""
    return getattr(request, "proposal", None)


def proposed_creations(request: ReviewRequest, types) -> list:
    """Elements of `types` the request's proposal creates (unsaved, as the proposal has them)."""
    proposal = proposal_of(request)
    if proposal is None:
        return []
    from nakhon.core import proposals

    return [
        e
        for e in proposals.proposed_objects(proposal, Element, Element.objects.none())
        if e.type in types
    ]


# Duplication


def check_duplication(request: ReviewRequest) -> list[Found]:
    """An existing application already serves a capability or citizen service that the
    request's new application is for (the analysis app's redundancy walk decides "serves")."""
    new_live = [a.element for a in affected(request, (APPLICATION,), (Effect.CREATE,))]
    new = [*new_live, *proposed_creations(request, (APPLICATION,))]
    if not new:
        return []
    index = current_index()
    targets = {e.pk: e for e in [*request.capabilities.all(), *request.citizen_services.all()]}
    reached = supported_targets(index, [e.pk for e in new_live])
    targets |= Element.objects.in_bulk(reached - set(targets))
    serving = supporting_applications(index, targets)
    own = {e.pk for e in new}
    existing_ids = {a for apps in serving.values() for a in apps if a not in own}
    existing = Element.objects.exclude(status=Status.RETIRED).in_bulk(existing_ids)
    results = []
    for target_id in sorted(targets, key=lambda pk: (targets[pk].name, str(pk))):
        target = targets[target_id]
        apps = sorted(
            (existing[a] for a in serving.get(target_id, []) if a in existing),
            key=lambda e: (e.name, str(e.pk)),
        )
        if not apps:
            continue
        results.append(
            found(
                CheckKind.DUPLICATION,
                Severity.WARNING,
                lambda target=target, apps=apps: (
                    _(
                        "%(target)s, which the new application %(new)s is for, is already served "
                        "by %(existing)s. Reuse it, or say why it cannot be reused."
                    )
                    % {"target": f"“{target}”", "new": names(new), "existing": names(apps)}
                ),
                [*apps, target],
            )
        )
    return results


# Standards


def check_standards(request: ReviewRequest) -> list[Found]:
    """A technology the request creates, changes or uses is covered by a standard on contain
    or retire, or by no standard in the catalogue. A waiver granted on the request for that
    standard, still in force, turns the warning into a note."""
    items = [a.element for a in affected(request, STANDARD_ELEMENT_TYPES, BUILDS_ON)]
    items += proposed_creations(request, STANDARD_ELEMENT_TYPES)
    if not items:
        return []
    today = timezone.localdate()
    covering: dict = {}
    catalogue = Standard.objects.filter(elements__in=[e.pk for e in items if e.pk]).distinct()
    for standard in catalogue.prefetch_related("elements").order_by("name"):
        for element in standard.elements.all():
            covering.setdefault(element.pk, []).append(standard)
    waived = {
        w.standard_id: w
        for w in request.waivers.filter(standard__isnull=False, expires_on__gte=today)
    }
    results = []
    for element in items:
        standards = covering.get(element.pk, [])
        if not standards:
            results.append(
                found(
                    CheckKind.STANDARDS,
                    Severity.WARNING,
                    lambda element=element: (
                        _(
                            "“%(element)s” is covered by no standard in the catalogue: the EA "
                            "office cannot say whether the city supports it."
                        )
                        % {"element": element}
                    ),
                    [element],
                    reverse("governance:standard_list"),
                )
            )
        for standard in standards:
            if standard.status not in (StandardStatus.CONTAIN, StandardStatus.RETIRE):
                continue
            waiver = waived.get(standard.pk)
            results.append(
                found(
                    CheckKind.STANDARDS,
                    Severity.INFO if waiver else Severity.WARNING,
                    lambda element=element, standard=standard, waiver=waiver: _standard_text(
                        element, standard, waiver
                    ),
                    [standard, element],
                )
            )
    return results


def _standard_text(element, standard: Standard, waiver) -> str:
    values = {
        "element": element,
        "standard": standard,
        "status": StandardStatus(standard.status).label,
    }
    if standard.status == StandardStatus.RETIRE:
        text = _(
            "“%(element)s” is covered by the standard “%(standard)s”, whose status is "
            "%(status)s: new work should not build on it."
        )
    else:
        text = _(
            "“%(element)s” is covered by the standard “%(standard)s”, whose status is "
            "%(status)s: it is kept for existing systems, not for new ones."
        )
    text %= values
    if waiver is not None:
        from nakhon.core.dates import format_date

        text += " " + _("A waiver allows it until %(day)s.") % {
            "day": format_date(waiver.expires_on)
        }
    return text


# The Digital Government Act


def check_digital_government_act(request: ReviewRequest) -> list[Found]:
    """Each citizen service the request delivers, measured by the services app's rubric: can it
    be requested online, with a digital ID, its fees paid electronically, and the state's
    documents it asks for fetched by data exchange? Where the profile does not say, the
    finding says it is not known."""
    if request.request_type not in DELIVERS_SERVICES:
        return []
    results = []
    services = sorted(request.citizen_services.all(), key=lambda e: (e.name, str(e.pk)))
    profiles = ServiceProfile.objects.prefetch_related("channels", "steps", "documents").in_bulk(
        [s.pk for s in services]
    )
    for service in services:
        profile = profiles.get(service.pk)
        if profile is None:
            results.append(
                found(
                    CheckKind.DIGITAL_GOVERNMENT_ACT,
                    Severity.WARNING,
                    lambda service=service: (
                        _(
                            "“%(service)s” has no citizen's manual profile: whether it can be "
                            "requested online, with a digital ID, paid electronically and without "
                            "copies of state documents is not known."
                        )
                        % {"service": service}
                    ),
                    [service],
                )
            )
            continue
        results += _act_findings(service, profile, rubric.ServiceFacts.of(profile))
    return results


def _act_findings(service, profile, facts) -> list[Found]:
    results = []

    def add(severity, build):
        results.append(found(CheckKind.DIGITAL_GOVERNMENT_ACT, severity, build, [profile]))

    def about(outcome, evidence: str) -> str:
        return _("“%(service)s”, %(outcome)s: %(evidence)s") % {
            "service": service,
            "outcome": Outcome(outcome).label,
            "evidence": evidence,
        }

    def rated(outcome, rule):
        """A finding unless the outcome is reached (3) or does not apply; one that the facts
        not known leave unassessed is a warning that says so, never a pass."""
        result = rubric.judge(rule, facts, rubric.in_force(None))
        if result.status == rubric.Status.NOT_APPLICABLE or result.level == rubric.MAX_LEVEL:
            return
        nearly = result.level == rubric.MAX_LEVEL - 1
        add(Severity.INFO if nearly else Severity.WARNING, lambda: about(outcome, result.evidence))

    if not facts.channels:
        add(
            Severity.WARNING,
            lambda: (
                _(
                    "“%(service)s”: its channels are not recorded, so whether it can be requested "
                    "online, and with a digital ID, is not known."
                )
                % {"service": service}
            ),
        )
    else:
        if not facts.online_channels():
            add(
                Severity.WARNING,
                lambda: (
                    _("“%(service)s” cannot be requested online: %(channels)s only.")
                    % {"service": service, "channels": rubric.channel_names(facts.channels)}
                ),
            )
        rated(Outcome.DIGITAL_ID, rubric.digital_id)
    # The rubric says itself when a fee, its payment or the documents are not known.
    rated(Outcome.E_PAYMENT, rubric.e_payment)
    rated(Outcome.NO_COPIES, rubric.no_copies)
    return results


# Personal data (PDPA)


def check_personal_data(request: ReviewRequest) -> list[Found]:
    """Personal data the request handles without a classification or a lawful basis; a data
    object whose personal-data flag is left empty (not known)."""
    results = []
    for item in affected(request, [*DATA_TYPES, APPLICATION, *TECHNOLOGY_TYPES]):
        element = item.element
        if item.personal_data is None:
            if element.type in DATA_TYPES:
                results.append(
                    found(
                        CheckKind.PERSONAL_DATA,
                        Severity.WARNING,
                        lambda element=element: (
                            _(
                                "Whether “%(element)s” holds personal data is not known: say so, "
                                "with its classification and lawful basis if it does."
                            )
                            % {"element": element}
                        ),
                        [element],
                        evidence_of(request).url,
                    )
                )
            continue
        if not item.personal_data:
            continue
        missing = []
        if not item.classification:
            missing.append("classification")
        if not item.lawful_basis:
            missing.append("lawful_basis")
        if missing:
            results.append(
                found(
                    CheckKind.PERSONAL_DATA,
                    Severity.WARNING,
                    lambda element=element, missing=missing: _personal_data_text(element, missing),
                    [element],
                    evidence_of(request).url,
                )
            )
    return results


def _personal_data_text(element, missing: list[str]) -> str:
    if missing == ["classification"]:
        text = _("“%(element)s” holds personal data but has no data classification.")
    elif missing == ["lawful_basis"]:
        text = _(
            "“%(element)s” holds personal data but names no lawful basis for it under the PDPA."
        )
    else:
        text = _(
            "“%(element)s” holds personal data but has neither a data classification nor a "
            "lawful basis under the PDPA."
        )
    return text % {"element": element}


# ArchiMate rules


def check_metamodel(request: ReviewRequest) -> list[Found]:
    """A relationship of the request's change proposal that ArchiMate does not allow between
    its ends (as the proposal leaves them): blocking."""
    proposal = proposal_of(request)
    if proposal is None:
        return []
    from nakhon.core import proposals

    touched = proposal.operations.values_list("content_type__model", "object_id")
    element_ids = [pk for model, pk in touched if model == "element"]
    relationship_ids = [pk for model, pk in touched if model == "relationship"]
    near = Relationship.objects.filter(
        Q(pk__in=relationship_ids) | Q(source_id__in=element_ids) | Q(target_id__in=element_ids)
    )
    results = []
    for rel in proposals.proposed_objects(proposal, Relationship, near):
        source, target = rel.source_end, rel.target_end
        if source is None or target is None:
            continue
        refusal = metamodel.refusal(
            rel.type, Relationship.concept_type(source), Relationship.concept_type(target)
        )
        if not refusal:
            continue
        results.append(
            found(
                CheckKind.METAMODEL,
                Severity.BLOCKING,
                lambda rel=rel: (
                    _("The proposal's relationship %(relationship)s: %(rule)s")
                    % {
                        "relationship": f"“{rel}”",
                        "rule": metamodel.refusal(
                            rel.type,
                            Relationship.concept_type(rel.source_end),
                            Relationship.concept_type(rel.target_end),
                        ),
                    }
                ),
                [source, target],
                _proposal_url(proposal),
            )
        )
    return results


def _proposal_url(proposal) -> str:
    try:
        return proposal.get_absolute_url()
    except (AttributeError, NoReverseMatch):
        return ""


# Principles


def check_principles(request: ReviewRequest) -> list[Found]:
    """Each principle the request says it departs from, with its reason, for the reviewers."""
    departures = PrincipleDeparture.objects.filter(request=request).select_related("principle")
    profiles = PrincipleProfile.objects.in_bulk([d.principle_id for d in departures])
    results = []
    for departure in sorted(departures, key=lambda d: (d.principle.name, str(d.pk))):
        principle = profiles.get(departure.principle_id) or departure.principle
        results.append(
            found(
                CheckKind.PRINCIPLES,
                Severity.WARNING,
                lambda principle=principle, departure=departure: (
                    _("The request departs from the principle “%(principle)s”: %(reason)s")
                    % {"principle": principle, "reason": departure.reason}
                ),
                [principle],
            )
        )
    return results


CHECKS: tuple[Callable[[ReviewRequest], list[Found]], ...] = (
    check_metamodel,
    check_duplication,
    check_standards,
    check_digital_government_act,
    check_personal_data,
    check_principles,
)


def run_checks(request: ReviewRequest) -> list[Found]:
    """Every check's findings, blocking ones first (in the order of `CHECKS`)."""
    results = [f for check in CHECKS for f in check(request)]
    order = {Severity.BLOCKING: 0, Severity.WARNING: 1, Severity.INFO: 2}
    return sorted(results, key=lambda f: order[f.severity])


def blocking(results: list[Found]) -> list[Found]:
    return [f for f in results if f.blocking]


def blocking_message(results: list[Found]) -> str:
    return _("The request cannot be submitted until these are resolved: %(findings)s") % {
        "findings": " ".join(f.text for f in blocking(results))
    }


def record_findings(request: ReviewRequest, results: list[Found]) -> list[Finding]:
    """Store `results` as the request's findings, replacing those of an earlier submission."""
    with transaction.atomic():
        Finding.objects.filter(request=request).delete()
        return Finding.objects.bulk_create(
            Finding(
                request=request,
                position=position,
                check_kind=f.check,
                severity=f.severity,
                message=f.message,
                message_en=f.message_en,
                evidence=[e.as_json() for e in f.evidence],
                url=f.url,
            )
            for position, f in enumerate(results)
        )
