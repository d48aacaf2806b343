"""The Digital Government Act rubric: for each of the seven outcomes, a level from 0 to 3 computed
from a service's profile, with a sentence saying why.

Pure functions: they read a `ServiceFacts` and the thresholds and write nothing. Every level is
defined so that it can be checked by hand from the profile; `docs/digital-government-act.md`
states the same definitions, and `definitions()` gives them to the rubric page with the
thresholds in force. The thresholds' defaults are here; the EA office changes them on the rubric
page (stored in `RubricSettings`), without touching code.

A level of None means either that the outcome does not apply (a service known to be free has
nothing to pay electronically and no fee to lower) or that it is not assessed: a fact it reads is
not known and could change the level. Each rule is read twice (`Reading`), every fact not known
taken once in the service's favour and once against it; a level is given only when both
readings agree, so no level rests on a fact that is not known. Neither counts in an average.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nakhon.citizen_services.models import (
    DGS_IDENTITIES,
    ELECTRONIC_PAYMENT,
    IAL_ORDER,
    MAX_LEVEL,
    REMOTE_PAYMENT,
    AssuranceLevel,
    Delivery,
    Identity,
    IssuingAgency,
    Outcome,
    PaymentMethod,
    Registry,
    ServiceChannel,
    ServiceDocument,
    ServiceFee,
    ServicePlace,
    ServiceProfile,
    ServiceStep,
    Status,
    spelling,
)

# Thresholds


@dataclass(frozen=True)
class Threshold:
    key: str
    default: int
    label: str
    minimum: int
    maximum: int


THRESHOLDS = (
    Threshold(
        "fast_share",
        50,
        gettext_lazy(
            "Better services, level 3: the measured time is at most this share of the legal "
            "time (%)"
        ),
        1,
        100,
    ),
    Threshold(
        "satisfaction_good",
        80,
        gettext_lazy("Better services, level 2: satisfaction at least (%)"),
        0,
        100,
    ),
    Threshold(
        "satisfaction_high",
        90,
        gettext_lazy("Better services, level 3: satisfaction at least (%)"),
        0,
        100,
    ),
    Threshold(
        "max_offices",
        1,
        gettext_lazy(
            "One-stop service: the most offices a citizen may have to attend (levels 1-2)"
        ),
        1,
        10,
    ),
    Threshold(
        "exchange_share",
        50,
        gettext_lazy(
            "No copies, level 1: share of the state's documents the city obtains by data "
            "exchange, at least (%)"
        ),
        1,
        100,
    ),
    Threshold(
        "discount_good",
        20,
        gettext_lazy("Lower fees, level 2: the digital fee is lower by at least (%)"),
        1,
        100,
    ),
    Threshold(
        "discount_full",
        50,
        gettext_lazy("Lower fees, level 3: the digital fee is lower by at least (%)"),
        1,
        100,
    ),
)
THRESHOLDS_BY_KEY = {t.key: t for t in THRESHOLDS}
DEFAULT_THRESHOLDS = {t.key: t.default for t in THRESHOLDS}
# Pairs (lower level's key, higher level's key) that must not cross.
ORDERED_PAIRS = (("satisfaction_good", "satisfaction_high"), ("discount_good", "discount_full"))


def threshold_errors(values: dict) -> dict[str, str]:
    """What is wrong with a set of thresholds, by key (empty if nothing)."""
    errors = {}
    for key, value in values.items():
        spec = THRESHOLDS_BY_KEY.get(key)
        if spec is None:
            errors[key] = _("There is no threshold “%(key)s”.") % {"key": key}
        elif isinstance(value, bool) or not isinstance(value, int | float):
            errors[key] = _("A threshold is a number.")
        elif not spec.minimum <= value <= spec.maximum:
            errors[key] = _("Give a number from %(min)d to %(max)d.") % {
                "min": spec.minimum,
                "max": spec.maximum,
            }
    merged = {**DEFAULT_THRESHOLDS, **values}
    for low, high in ORDERED_PAIRS:
        if low not in errors and high not in errors and merged[low] > merged[high]:
            errors[high] = _("It must be at least “%(other)s” (%(value)s).") % {
                "other": THRESHOLDS_BY_KEY[low].label,
                "value": merged[low],
            }
    return errors


# Facts


@dataclass
class ServiceFacts:
    """A profile and its rows, as the rubric reads them, with the registries of issuing
    agencies and common documents that say who issues each document."""

    profile: ServiceProfile
    channels: list[ServiceChannel] = field(default_factory=list)
    steps: list[ServiceStep] = field(default_factory=list)
    documents: list[ServiceDocument] = field(default_factory=list)
    registry: Registry | None = None
    places: list[ServicePlace] = field(default_factory=list)
    fees: list[ServiceFee] = field(default_factory=list)

    @classmethod
    def of(cls, profile: ServiceProfile, registry: Registry | None = None) -> "ServiceFacts":
        return cls(
            profile,
            list(profile.channels.all()),
            list(profile.steps.all()),
            list(profile.documents.all()),
            registry or Registry(),
            list(profile.places.all()),
            list(profile.fees.all()),
        )

    def agency_of(self, document: ServiceDocument) -> IssuingAgency | None:
        return (self.registry or Registry()).agency_of(document)

    def online_channels(self) -> list[ServiceChannel]:
        return [c for c in self.channels if c.is_online]


class Reading:
    """The facts read one way: each fact not known taken in the service's favour (`hopeful`)
    or against it. The rubric reads a service both ways; a level holds only when both agree,
    so no level rests on a fact that is not known."""

    def __init__(self, facts: ServiceFacts, hopeful: bool):
        self.facts = facts
        self.profile = facts.profile
        self.hopeful = hopeful
        self.missing: dict[str, None] = {}

    def know(self, value, what: str, good, bad):
        """`value`, or, if it is not known (None or blank), `good` or `bad` as this reading
        takes it, noting `what` is missing."""
        if value is None or value == "" or value == []:
            self.missing[str(what)] = None
            return good if self.hopeful else bad
        return value


@dataclass(frozen=True)
class Result:
    level: int | None
    evidence: str
    # The facts not known that keep the outcome from being assessed (level None).
    missing: tuple[str, ...] = ()

    @property
    def status(self) -> str:
        if self.level is not None:
            return Status.ASSESSED
        return Status.NOT_ASSESSED if self.missing else Status.NOT_APPLICABLE


def not_assessed(evidence: str, *missing: str) -> Result:
    return Result(None, evidence, tuple(str(m) for m in missing))


# Formatting


def number(value) -> str:
    """12,000 / 2.5 / 3: as people write it, without trailing zeros."""
    value = Decimal(value)
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value.normalize():,f}"


def listed(items) -> str:
    return ", ".join(str(item) for item in items)


def channel_names(channels) -> str:
    return listed(dict.fromkeys(c.get_kind_display() for c in channels))


def unknown_channels(r: Reading) -> Result | None:
    if r.facts.channels:
        return None
    return not_assessed(
        _("The channels through which the service is requested are not known."),
        _("the channels"),
    )


# The seven outcomes


def better_service(r: Reading, t: dict) -> Result:
    """Quicker than the law requires, and citizens satisfied."""
    p = r.profile
    missing = []
    if p.legal_days is None:
        missing.append(_("the legal processing time"))
    if p.actual_days is None:
        missing.append(_("the measured processing time"))
    if missing:
        return not_assessed(
            _("The processing time cannot be compared with the legal time."), *missing
        )
    days = {"actual": number(p.actual_days), "legal": number(p.legal_days)}
    if p.actual_days > p.legal_days:
        return Result(
            0,
            _("Requests take %(actual)s days, longer than the legal %(legal)s days.") % days,
        )
    satisfaction = p.satisfaction
    if satisfaction is None:
        return not_assessed(
            _(
                "Requests take %(actual)s of the legal %(legal)s days, but how satisfied "
                "citizens are is not known."
            )
            % days,
            _("citizens' satisfaction"),
        )
    fast = p.actual_days * 100 <= p.legal_days * t["fast_share"]
    if fast and satisfaction >= t["satisfaction_high"]:
        return Result(
            3,
            _(
                "Requests take %(actual)s days, at most %(share)s%% of the legal %(legal)s "
                "days, and %(satisfaction)s%% of citizens are satisfied (at least %(high)s%%)."
            )
            % {
                **days,
                "share": number(t["fast_share"]),
                "satisfaction": number(satisfaction),
                "high": number(t["satisfaction_high"]),
            },
        )
    if satisfaction >= t["satisfaction_good"]:
        return Result(
            2,
            _(
                "Requests take %(actual)s of the legal %(legal)s days and %(satisfaction)s%% "
                "of citizens are satisfied (at least %(good)s%%); level 3 needs at most "
                "%(share)s%% of the legal time and %(high)s%% satisfied."
            )
            % {
                **days,
                "satisfaction": number(satisfaction),
                "good": number(t["satisfaction_good"]),
                "share": number(t["fast_share"]),
                "high": number(t["satisfaction_high"]),
            },
        )
    return Result(
        1,
        _(
            "Requests take %(actual)s of the legal %(legal)s days, but %(measured)s (level 2 "
            "needs %(good)s%%)."
        )
        % {
            **days,
            "measured": _("%(satisfaction)s%% of citizens are satisfied")
            % {"satisfaction": number(satisfaction)},
            "good": number(t["satisfaction_good"]),
        },
    )


def offices_attended(r: Reading) -> list[str]:
    """The distinct offices the citizen must attend in person: a step's own office (a police
    station, another agency) or, when it names none, the office where the request is made."""
    offices = {}
    for step in r.facts.steps:
        attends = r.know(
            step.in_person,
            _("whether the citizen attends “%(step)s” in person") % {"step": step.name},
            False,
            True,
        )
        if attends:
            name = step.office.strip() or str(_("the office where the request is made"))
            offices.setdefault(spelling(name), name)
    return list(offices.values())


def end_to_end_online(r: Reading) -> list[ServiceChannel]:
    """The online channels that take the whole request."""
    return [
        c
        for c in r.facts.online_channels()
        if r.know(
            c.end_to_end,
            _("whether the %(channel)s takes the whole request")
            % {"channel": c.get_kind_display()},
            True,
            False,
        )
    ]


def one_stop(r: Reading, t: dict) -> Result:
    """One place to go, or none at all."""
    if not r.facts.steps:
        return not_assessed(
            _("The steps are not known, so neither is where the citizen must go."),
            _("the steps"),
        )
    unknown = unknown_channels(r)
    if unknown:
        return unknown
    offices = offices_attended(r)
    online = end_to_end_online(r)
    if not offices and online:
        return Result(
            3,
            _("The whole request can be made through %(channels)s, with no visit.")
            % {"channels": channel_names(online)},
        )
    if len(offices) > t["max_offices"]:
        return Result(
            0,
            _("Citizens must attend %(count)d offices: %(offices)s.")
            % {"count": len(offices), "offices": listed(offices)},
        )
    attended = listed(offices) or _("one counter")
    if online:
        return Result(
            2,
            _(
                "Requests can be made through %(channels)s, but the citizen must still attend "
                "%(offices)s in person."
            )
            % {"channels": channel_names(online), "offices": attended},
        )
    restricted = [p for p in r.facts.places if p.condition.strip()]
    if restricted and not r.profile.delivery:
        # The places named say it: "only at the district office where the house is registered".
        return Result(
            1,
            _(
                "One office (%(offices)s), but only %(places)s, and no channel takes the whole "
                "request online."
            )
            % {
                "offices": attended,
                "places": listed(f"{p.name} ({p.condition.strip()})" for p in restricted),
            },
        )
    delivery = r.know(
        r.profile.delivery, _("where it is delivered"), Delivery.ALL_DISTRICTS, Delivery.CENTRAL
    )
    if delivery in (Delivery.ALL_DISTRICTS, Delivery.ONLINE):
        return Result(
            2,
            _("One office (%(offices)s), at whichever district office suits the citizen.")
            % {"offices": attended},
        )
    return Result(
        1,
        _(
            "One office (%(offices)s), but only at %(delivery)s, and no channel takes the "
            "whole request online."
        )
        % {"offices": attended, "delivery": Delivery(delivery).label},
    )


@dataclass(frozen=True)
class StateDocument:
    """A document of a service read as the state's, with its issuer as the registry knows it."""

    document: ServiceDocument
    agency: IssuingAgency | None

    @property
    def issuer(self) -> str:
        return self.agency.label if self.agency else self.document.issuer.strip()

    def named(self) -> str:
        return f"{self.document.name} ({self.issuer})" if self.issuer else self.document.name

    def with_remedy(self) -> str:
        """The document, its issuer and the exchange links that would fetch it instead."""
        links = self.agency.link_labels() if self.agency else []
        values = {"document": self.document.name, "issuer": self.issuer or _("issuer not known")}
        if links:
            return _("%(document)s (issued by %(issuer)s; %(links)s could fetch it instead)") % {
                **values,
                "links": _(" or ").join(links),
            }
        return _("%(document)s (issued by %(issuer)s; no exchange link is known)") % values


def state_documents(r: Reading) -> list[StateDocument]:
    """The service's documents issued by the state, as its issuers' registry entries say. A
    document the city already obtains by data exchange counts as the state's when its issuer
    is not known (the links are the state's)."""
    found = []
    for document in r.facts.documents:
        if document.optional:
            continue  # asked "if any": not required of the citizen
        agency = r.facts.agency_of(document)
        state = agency.state_agency if agency else None
        if document.exchange and state is None:
            state = True
        elif state is None:
            issuer = document.issuer.strip()
            what = (
                _("whether “%(issuer)s”, which issues “%(document)s”, is a state agency")
                if issuer
                else _("who issues “%(document)s”")
            )
            state = r.know(None, what % {"issuer": issuer, "document": document.name}, False, True)
        if state:
            found.append(StateDocument(document, agency))
    return found


def document_names(documents) -> str:
    return listed(d.named() for d in documents)


def no_copies(r: Reading, t: dict) -> Result:
    """The state's documents are fetched by the city, not brought by the citizen."""
    if not r.facts.documents:
        if r.profile.needs_documents is False:
            return Result(3, _("The service asks citizens for no document."))
        return not_assessed(
            _("The documents the service asks for are not known."), _("the required documents")
        )
    state = state_documents(r)
    asked = [d for d in state if d.document.asked_of_citizen]
    exchanged = [d for d in state if not d.document.asked_of_citizen]
    if not asked:
        if exchanged:
            return Result(
                3,
                _(
                    "No document issued by the state is asked of the citizen; the city obtains "
                    "%(documents)s by data exchange."
                )
                % {"documents": document_names(exchanged)},
            )
        return Result(3, _("No document issued by the state is asked of the citizen."))
    paper = [
        d
        for d in asked
        if r.know(
            d.document.copies,
            _("how many copies of “%(document)s” are asked") % {"document": d.document.name},
            0,
            1,
        )
        > 0
        and not d.document.electronic_accepted
    ]
    if not paper:
        return Result(
            2,
            _(
                "Citizens still present %(documents)s, but no paper copies: originals are shown "
                "or files sent electronically."
            )
            % {"documents": document_names(asked)},
        )
    remedies = listed(d.with_remedy() for d in paper)
    if len(exchanged) * 100 >= len(state) * t["exchange_share"]:
        return Result(
            1,
            _(
                "%(exchanged)d of %(total)d documents issued by the state are obtained by data "
                "exchange, but copies are still required: %(documents)s."
            )
            % {"exchanged": len(exchanged), "total": len(state), "documents": remedies},
        )
    return Result(
        0,
        _("Copies of documents issued by the state are required at the counter: %(documents)s.")
        % {"documents": remedies},
    )


def open_data(r: Reading, t: dict) -> Result:
    """The service is findable, and its data open."""
    p = r.profile
    if not r.know(p.published, _("whether it is in the public catalogue"), True, False):
        return Result(0, _("The service is not in the public service catalogue."))
    if not p.dataset_url:
        return Result(
            1, _("In the public service catalogue, but no open dataset about it is published.")
        )
    machine_readable = r.know(
        p.dataset_machine_readable, _("whether the dataset is machine-readable"), True, False
    )
    if not machine_readable:
        return Result(
            2,
            _("An open dataset is published (%(url)s), but not in a machine-readable format.")
            % {"url": p.dataset_url},
        )
    return Result(
        3,
        _("In the public catalogue, with a machine-readable open dataset (%(url)s).")
        % {"url": p.dataset_url},
    )


def digital_id(r: Reading, t: dict) -> Result:
    """Citizens prove who they are online with a digital ID under DGS 1-2:2564."""
    unknown = unknown_channels(r)
    if unknown:
        return unknown
    online = r.facts.online_channels()
    if not online:
        return Result(0, _("No online channel: identity is checked only in person."))
    checks = []
    for c in online:
        identity = r.know(
            c.identity,
            _("the identity check of the %(channel)s") % {"channel": c.get_kind_display()},
            Identity.THAID,
            Identity.OWN_ACCOUNT,
        )
        # A check not known is taken, hopefully, at the highest level.
        ial = c.ial or (AssuranceLevel.IAL3 if not c.identity and r.hopeful else "")
        checks.append((c, identity, ial))
    digital = [(c, i, ial) for c, i, ial in checks if i in DGS_IDENTITIES and ial]
    if not digital:
        methods = listed(dict.fromkeys(Identity(i).label for _c, i, _ial in checks))
        return Result(
            1,
            _(
                "Requests can be made through %(channels)s, but identity rests on %(methods)s, "
                "not a digital ID under DGS 1-2:2564."
            )
            % {"channels": channel_names(online), "methods": methods},
        )
    best, identity, ial = max(digital, key=lambda d: IAL_ORDER[d[2]])
    needed = r.know(
        r.profile.required_ial,
        _("the identity assurance the service needs"),
        AssuranceLevel.IAL1,
        AssuranceLevel.IAL3,
    )
    values = {
        "identity": Identity(identity).label,
        "ial": ial,
        "needed": needed,
        "channel": best.get_kind_display(),
    }
    if IAL_ORDER[ial] >= IAL_ORDER[needed]:
        return Result(
            3,
            _(
                "%(identity)s is accepted through the %(channel)s at %(ial)s (the service "
                "needs %(needed)s)."
            )
            % values,
        )
    return Result(
        2,
        _(
            "%(identity)s is accepted through the %(channel)s at %(ial)s, below the "
            "%(needed)s the service needs, so identity is still checked in person."
        )
        % values,
    )


def payment_names(methods) -> str:
    return listed(PaymentMethod(m).label for m in methods)


def has_fee(r: Reading) -> bool:
    """Whether there is anything to pay: a fee known to be above 0, or, when the fee is not
    known, as the reading takes it (hopefully: nothing to pay)."""
    p = r.profile
    rows = [f.amount for f in r.facts.fees]
    if (p.fee or 0) > 0 or (p.digital_fee or 0) > 0 or any((a or 0) > 0 for a in rows):
        return True
    if rows and None not in rows:
        return False  # every fee row known, none above 0: free
    if p.fee is not None and not rows:
        return False
    return bool(r.know(None, _("the fee"), Decimal(0), Decimal(1)))


def e_payment(r: Reading, t: dict) -> Result:
    """Fees paid from anywhere, with an electronic receipt."""
    if not has_fee(r):
        return Result(None, _("No fee: there is nothing to pay."))
    listed_methods = [m for m in r.profile.payment_methods if m in PaymentMethod.values]
    methods = r.know(
        listed_methods,
        _("how fees are paid"),
        [PaymentMethod.PROMPTPAY],
        [PaymentMethod.CASH],
    )
    remote = [m for m in methods if m in REMOTE_PAYMENT]
    if remote and r.know(r.profile.e_receipt, _("whether receipts are electronic"), True, False):
        return Result(
            3,
            _("Fees can be paid by %(methods)s, with an electronic receipt.")
            % {"methods": payment_names(remote)},
        )
    if remote:
        return Result(
            2,
            _("Fees can be paid by %(methods)s, but the receipt is on paper.")
            % {"methods": payment_names(remote)},
        )
    electronic = [m for m in methods if m in ELECTRONIC_PAYMENT]
    if electronic:
        return Result(
            1,
            _("Fees can be paid by %(methods)s, but only at the counter.")
            % {"methods": payment_names(electronic)},
        )
    return Result(
        0,
        _("Fees can be paid only by %(methods)s.") % {"methods": payment_names(methods)},
    )


def lower_fees(r: Reading, t: dict) -> Result:
    """Using the service digitally costs less."""
    p = r.profile
    if not has_fee(r):
        return Result(None, _("No fee: there is nothing to lower."))
    unknown = unknown_channels(r)
    if unknown:
        return unknown
    if not end_to_end_online(r):
        return Result(
            0,
            _("No channel takes the whole request online, so no one can pay a digital fee."),
        )
    missing = []
    if p.fee is None:
        missing.append(_("the fee"))
    if p.digital_fee is None:
        missing.append(_("the fee when used digitally"))
    if missing:
        return not_assessed(_("The fees online and at the counter cannot be compared."), *missing)
    digital = p.digital_fee
    if p.fee == 0 or digital >= p.fee:
        return Result(
            0,
            _(
                "Used digitally it costs %(digital)s baht, no less than the %(fee)s baht at "
                "the counter."
            )
            % {"digital": number(digital), "fee": number(p.fee)},
        )
    discount = (p.fee - digital) * 100 / p.fee
    values = {
        "digital": number(digital),
        "fee": number(p.fee),
        "discount": number(discount.quantize(Decimal("0.1"))),
    }
    if discount >= t["discount_full"]:
        level, needed = 3, None
    elif discount >= t["discount_good"]:
        level, needed = 2, number(t["discount_full"])
    else:
        level, needed = 1, number(t["discount_good"])
    evidence = (
        _("Used digitally it costs %(digital)s baht instead of %(fee)s baht, %(discount)s%% less.")
        % values
    )
    if needed is not None:
        evidence += " " + _("Level %(next)d needs %(needed)s%% less.") % {
            "next": level + 1,
            "needed": needed,
        }
    return Result(level, evidence)


RULES: dict[str, Callable[[ServiceFacts, dict], Result]] = {
    Outcome.BETTER_SERVICE: better_service,
    Outcome.ONE_STOP: one_stop,
    Outcome.NO_COPIES: no_copies,
    Outcome.OPEN_DATA: open_data,
    Outcome.DIGITAL_ID: digital_id,
    Outcome.E_PAYMENT: e_payment,
    Outcome.LOWER_FEES: lower_fees,
}


def in_force(thresholds: dict | None) -> dict[str, Decimal]:
    """The defaults with `thresholds` over them, as decimals (stored JSON may hold floats)."""
    merged = {**DEFAULT_THRESHOLDS, **(thresholds or {})}
    return {key: Decimal(str(value)) for key, value in merged.items()}


def judge(rule, facts: ServiceFacts, t: dict) -> Result:
    """The rule's result if the facts not known cannot change it; else not assessed, with
    the levels they leave open and what is missing."""
    hopeful = Reading(facts, hopeful=True)
    best = rule(hopeful, t)
    if not hopeful.missing or best.status == Status.NOT_ASSESSED:
        return Result(best.level, best.evidence, (*best.missing, *hopeful.missing))
    doubtful = Reading(facts, hopeful=False)
    worst = rule(doubtful, t)
    missing = tuple(dict.fromkeys((*hopeful.missing, *doubtful.missing, *worst.missing)))
    if worst.status == best.status and worst.level == best.level:
        return Result(best.level, best.evidence)
    if worst.status == Status.NOT_ASSESSED:
        return Result(None, worst.evidence, missing)
    return Result(None, open_levels(worst, best), missing)


def open_levels(worst: Result, best: Result) -> str:
    """What the facts not known leave open, e.g. "Level 0 to 3, depending on facts not known"."""
    if best.level is None or worst.level is None:
        level = worst.level if best.level is None else best.level
        return _("Level %(level)d, or not applicable, depending on facts not known.") % {
            "level": level
        }
    return _("Level %(low)d to %(high)d, depending on facts not known.") % {
        "low": worst.level,
        "high": best.level,
    }


def assess(facts: ServiceFacts, thresholds: dict | None = None) -> dict[str, Result]:
    """Every outcome's level and evidence, in the Act's order and the active language."""
    t = in_force(thresholds)
    return {outcome: judge(rule, facts, t) for outcome, rule in RULES.items()}


def score(levels, not_assessed: int = 0) -> Decimal | None:
    """What a service is proven to reach: the levels it reaches as a share of the levels
    reachable, in percent, where each outcome not assessed reaches nothing (so a fact not
    known never raises it); None if no outcome is assessed."""
    assessed = [level for level in levels if level is not None]
    if not assessed:
        return None
    reachable = MAX_LEVEL * (len(assessed) + not_assessed)
    return (Decimal(sum(assessed)) * 100 / reachable).quantize(Decimal("0.1"))


# The definitions, as the rubric page and the documentation state them


def definitions(thresholds: dict | None = None) -> dict[str, dict]:
    """{outcome: {"na": text or None, 3: text, 2: text, 1: text, 0: text}} with thresholds."""
    t = {key: number(value) for key, value in in_force(thresholds).items()}
    no_fee = _("Not applicable when the service is known to be free.")
    return {
        Outcome.BETTER_SERVICE: {
            "na": None,
            3: _(
                "The measured time is at most %(share)s%% of the legal time, and at least "
                "%(high)s%% of citizens are satisfied."
            )
            % {"share": t["fast_share"], "high": t["satisfaction_high"]},
            2: _("Within the legal time, and at least %(good)s%% of citizens are satisfied.")
            % {"good": t["satisfaction_good"]},
            1: _("Within the legal time."),
            0: _("Slower than the legal time."),
        },
        Outcome.ONE_STOP: {
            "na": None,
            3: _("A website, app or LINE account takes the whole request; no step needs a visit."),
            2: _(
                "At most %(offices)s office(s) to attend, and the request can be made online or at "
                "any district office."
            )
            % {"offices": t["max_offices"]},
            1: _("At most %(offices)s office(s) to attend, but only at particular offices.")
            % {"offices": t["max_offices"]},
            0: _("The citizen must attend more than %(offices)s office(s).")
            % {"offices": t["max_offices"]},
        },
        Outcome.NO_COPIES: {
            "na": None,
            3: _(
                "No document issued by the state is asked of the citizen: all are obtained by "
                "data exchange."
            ),
            2: _(
                "The state's documents still asked for are shown as originals or sent "
                "electronically: no paper copies."
            ),
            1: _(
                "At least %(share)s%% of the state's documents are obtained by data exchange, "
                "but copies of others are still required."
            )
            % {"share": t["exchange_share"]},
            0: _("Copies of documents issued by the state are required at the counter."),
        },
        Outcome.OPEN_DATA: {
            "na": None,
            3: _("In the public catalogue, with a machine-readable open dataset."),
            2: _("In the public catalogue, with an open dataset that is not machine-readable."),
            1: _("In the public catalogue, without an open dataset."),
            0: _("Not in the public catalogue."),
        },
        Outcome.DIGITAL_ID: {
            "na": None,
            3: _(
                "An online channel accepts ThaID or DGA Digital ID at the assurance level the "
                "service needs (DGS 1-2:2564)."
            ),
            2: _("An online channel accepts ThaID or DGA Digital ID, below the level needed."),
            1: _("Online requests rest on the agency's own account or a copy of the ID card."),
            0: _("No online channel."),
        },
        Outcome.E_PAYMENT: {
            "na": no_fee,
            3: _("Paid by PromptPay or card online, with an electronic receipt."),
            2: _("Paid by PromptPay or card online, with a paper receipt."),
            1: _("Paid by card or QR code, but only at the counter."),
            0: _("Cash at the counter only."),
        },
        Outcome.LOWER_FEES: {
            "na": no_fee,
            3: _("The digital fee is at least %(full)s%% lower.") % {"full": t["discount_full"]},
            2: _("The digital fee is at least %(good)s%% lower.") % {"good": t["discount_good"]},
            1: _("The digital fee is lower."),
            0: _("No lower digital fee, or no channel takes the whole request online."),
        },
    }


NOT_ASSESSED_WHEN = {
    Outcome.BETTER_SERVICE: gettext_lazy(
        "Not assessed when the legal or the measured processing time is not known, or, within "
        "the legal time, citizens' satisfaction."
    ),
    Outcome.ONE_STOP: gettext_lazy(
        "Not assessed when the steps or the channels are not known, or whether a step needs a "
        "visit, whether an online channel takes the whole request or where the service is "
        "delivered, if that could change the level."
    ),
    Outcome.NO_COPIES: gettext_lazy(
        "Not assessed when the documents are not known, or who issues a document (an issuer "
        "outside the registry, or one not known to be a state agency) or how many copies are "
        "asked, if that could change the level."
    ),
    Outcome.OPEN_DATA: gettext_lazy(
        "Not assessed when it is not known whether the service is in the public catalogue, or "
        "whether its dataset is machine-readable."
    ),
    Outcome.DIGITAL_ID: gettext_lazy(
        "Not assessed when the channels are not known, or an online channel's identity check, "
        "or the assurance the service needs, if that could change the level."
    ),
    Outcome.E_PAYMENT: gettext_lazy(
        "Not assessed when the fee or the payment methods are not known, or whether receipts "
        "are electronic, if that could change the level."
    ),
    Outcome.LOWER_FEES: gettext_lazy(
        "Not assessed when the fee, the digital fee or the channels are not known, if that "
        "could change the level."
    ),
}


def outcome_rubric(thresholds: dict | None = None) -> list[dict]:
    """Each outcome, in the Act's order, with its label and its level definitions, highest
    level first: the rubric as its page and the API show it."""
    return [
        {
            "outcome": outcome,
            "label": Outcome(outcome).label,
            "not_applicable": levels["na"],
            "not_assessed": NOT_ASSESSED_WHEN[outcome],
            "levels": [
                {"level": level, "definition": levels[level]} for level in range(MAX_LEVEL, -1, -1)
            ],
        }
        for outcome, levels in definitions(thresholds).items()
    ]
