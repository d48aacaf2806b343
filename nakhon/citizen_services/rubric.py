"""The Digital Government Act rubric: for each of the seven outcomes, a level from 0 to 3 computed
from a service's profile, with a sentence saying why.

Pure functions: they read a `ServiceFacts` and the thresholds and write nothing. Every level is
defined so that it can be checked by hand from the profile; `docs/digital-government-act.md`
states the same definitions, and `definitions()` gives them to the rubric page with the
thresholds in force. The thresholds' defaults are here; the EA office changes them on the rubric
page (stored in `RubricSettings`), without touching code.

A level of None means the outcome does not apply (a service without a fee has nothing to pay
electronically and no fee to lower); it counts in no average.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nakhon.citizen_services.models import (
    DGS_IDENTITIES,
    IAL_ORDER,
    MAX_LEVEL,
    REMOTE_PAYMENT,
    AssuranceLevel,
    Delivery,
    Outcome,
    PaymentMethod,
    ServiceChannel,
    ServiceDocument,
    ServiceProfile,
    ServiceStep,
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
    """A profile and its rows, as the rubric reads them."""

    profile: ServiceProfile
    channels: list[ServiceChannel] = field(default_factory=list)
    steps: list[ServiceStep] = field(default_factory=list)
    documents: list[ServiceDocument] = field(default_factory=list)

    @classmethod
    def of(cls, profile: ServiceProfile) -> "ServiceFacts":
        return cls(
            profile,
            list(profile.channels.all()),
            list(profile.steps.all()),
            list(profile.documents.all()),
        )

    @property
    def has_fee(self) -> bool:
        return self.profile.fee > 0 or bool(self.profile.digital_fee)

    def online_channels(self) -> list[ServiceChannel]:
        return [c for c in self.channels if c.is_online]

    def end_to_end_online(self) -> list[ServiceChannel]:
        return [c for c in self.online_channels() if c.end_to_end]

    def state_documents(self) -> list[ServiceDocument]:
        return [d for d in self.documents if d.government_issued]


@dataclass(frozen=True)
class Result:
    level: int | None
    evidence: str


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


# The seven outcomes


def better_service(facts: ServiceFacts, t: dict) -> Result:
    """Quicker than the law requires, and citizens satisfied."""
    p = facts.profile
    if p.legal_days is None:
        return Result(0, _("The citizen's manual states no legal processing time."))
    if p.actual_days is None:
        return Result(0, _("The actual processing time is not measured."))
    days = {"actual": number(p.actual_days), "legal": number(p.legal_days)}
    if p.actual_days > p.legal_days:
        return Result(
            0,
            _("Requests take %(actual)s days, longer than the legal %(legal)s days.") % days,
        )
    satisfaction = p.satisfaction
    fast = p.actual_days * 100 <= p.legal_days * t["fast_share"]
    if fast and satisfaction is not None and satisfaction >= t["satisfaction_high"]:
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
    if satisfaction is not None and satisfaction >= t["satisfaction_good"]:
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
    measured = (
        _("satisfaction is not measured")
        if satisfaction is None
        else _("%(satisfaction)s%% of citizens are satisfied")
        % {"satisfaction": number(satisfaction)}
    )
    return Result(
        1,
        _(
            "Requests take %(actual)s of the legal %(legal)s days, but %(measured)s (level 2 "
            "needs %(good)s%%)."
        )
        % {**days, "measured": measured, "good": number(t["satisfaction_good"])},
    )


def offices_attended(facts: ServiceFacts) -> list[str]:
    """The distinct units at which the citizen must appear in person (a step without a unit
    is the service's own office)."""
    units = {}
    for step in facts.steps:
        if step.in_person:
            name = step.unit.strip() or str(facts.profile.element.owner_unit or _("the office"))
            units.setdefault(name.casefold(), name)
    return list(units.values())


def one_stop(facts: ServiceFacts, t: dict) -> Result:
    """One place to go, or none at all."""
    offices = offices_attended(facts)
    online = facts.end_to_end_online()
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
    delivery = facts.profile.delivery
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
        % {"offices": attended, "delivery": facts.profile.get_delivery_display()},
    )


def document_names(documents) -> str:
    return listed(f"{d.name} ({d.issuer})" if d.issuer else d.name for d in documents)


def no_copies(facts: ServiceFacts, t: dict) -> Result:
    """The state's documents are fetched by the city, not brought by the citizen."""
    state = facts.state_documents()
    asked = [d for d in state if d.asked_of_citizen]
    exchanged = [d for d in state if not d.asked_of_citizen]
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
    paper = [d for d in asked if d.copies > 0 and not d.electronic_accepted]
    if not paper:
        return Result(
            2,
            _(
                "Citizens still present %(documents)s, but no paper copies: originals are shown "
                "or files sent electronically."
            )
            % {"documents": document_names(asked)},
        )
    if len(exchanged) * 100 >= len(state) * t["exchange_share"]:
        return Result(
            1,
            _(
                "%(exchanged)d of %(total)d documents issued by the state are obtained by data "
                "exchange, but copies of %(documents)s are still required."
            )
            % {
                "exchanged": len(exchanged),
                "total": len(state),
                "documents": document_names(paper),
            },
        )
    return Result(
        0,
        _("Copies of documents issued by the state are required at the counter: %(documents)s.")
        % {"documents": document_names(paper)},
    )


def open_data(facts: ServiceFacts, t: dict) -> Result:
    """The service is findable, and its data open."""
    p = facts.profile
    if not p.published:
        return Result(0, _("The service is not in the public service catalogue."))
    if not p.dataset_url:
        return Result(
            1, _("In the public service catalogue, but no open dataset about it is published.")
        )
    if not p.dataset_machine_readable:
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


def digital_id(facts: ServiceFacts, t: dict) -> Result:
    """Citizens prove who they are online with a digital ID under DGS 1-2:2564."""
    online = facts.online_channels()
    if not online:
        return Result(0, _("No online channel: identity is checked only in person."))
    digital = [c for c in online if c.identity in DGS_IDENTITIES and c.ial]
    if not digital:
        methods = listed(dict.fromkeys(c.get_identity_display() for c in online))
        return Result(
            1,
            _(
                "Requests can be made through %(channels)s, but identity rests on %(methods)s, "
                "not a digital ID under DGS 1-2:2564."
            )
            % {"channels": channel_names(online), "methods": methods},
        )
    best = max(digital, key=lambda c: IAL_ORDER[c.ial])
    needed = facts.profile.required_ial or AssuranceLevel.IAL1
    values = {
        "identity": best.get_identity_display(),
        "ial": best.ial,
        "needed": needed,
        "channel": best.get_kind_display(),
    }
    if IAL_ORDER[best.ial] >= IAL_ORDER[needed]:
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


def e_payment(facts: ServiceFacts, t: dict) -> Result:
    """Fees paid from anywhere, with an electronic receipt."""
    if not facts.has_fee:
        return Result(None, _("No fee: there is nothing to pay."))
    methods = [m for m in facts.profile.payment_methods if m in PaymentMethod.values]
    remote = [m for m in methods if m in REMOTE_PAYMENT]
    if remote and facts.profile.e_receipt:
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
    if PaymentMethod.COUNTER_ELECTRONIC in methods:
        return Result(1, _("Fees can be paid electronically, but only at the counter."))
    return Result(0, _("Fees are paid in cash at the counter."))


def lower_fees(facts: ServiceFacts, t: dict) -> Result:
    """Using the service digitally costs less."""
    p = facts.profile
    if not facts.has_fee:
        return Result(None, _("No fee: there is nothing to lower."))
    if not facts.end_to_end_online():
        return Result(
            0,
            _("No channel takes the whole request online, so no one can pay a digital fee."),
        )
    digital = p.digital_fee if p.digital_fee is not None else p.fee
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


def assess(facts: ServiceFacts, thresholds: dict | None = None) -> dict[str, Result]:
    """Every outcome's level and evidence, in the Act's order and the active language."""
    t = in_force(thresholds)
    return {outcome: rule(facts, t) for outcome, rule in RULES.items()}


def score(levels) -> Decimal | None:
    """The share of the levels reachable that a service reaches, in percent; None if no
    outcome applies."""
    applicable = [level for level in levels if level is not None]
    if not applicable:
        return None
    return (Decimal(sum(applicable)) * 100 / (MAX_LEVEL * len(applicable))).quantize(Decimal("0.1"))


# The definitions, as the rubric page and the documentation state them


def definitions(thresholds: dict | None = None) -> dict[str, dict]:
    """{outcome: {"na": text or None, 3: text, 2: text, 1: text, 0: text}} with thresholds."""
    t = {key: number(value) for key, value in in_force(thresholds).items()}
    no_fee = _("Not applicable when the service has no fee.")
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
            0: _("Slower than the legal time, or the legal or the actual time is not known."),
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


def outcome_rubric(thresholds: dict | None = None) -> list[dict]:
    """Each outcome, in the Act's order, with its label and its level definitions, highest
    level first: the rubric as its page and the API show it."""
    return [
        {
            "outcome": outcome,
            "label": Outcome(outcome).label,
            "not_applicable": levels["na"],
            "levels": [
                {"level": level, "definition": levels[level]} for level in range(MAX_LEVEL, -1, -1)
            ],
        }
        for outcome, levels in definitions(thresholds).items()
    ]
