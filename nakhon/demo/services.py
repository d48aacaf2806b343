"""Bangkok citizen services for the demo: 44 services with citizen's-manual profiles, so that the
Digital Government Act assessment shows a plausible, varied picture.

The services are real kinds of BMA service (civil registration at the district offices, building
and health permits, taxes and fees, Traffy Fondue, public health, schools, allowances), and the
legal rules behind a few figures come from `/work/shared/data/thai_service_facts.json` (the
waste-fee ordinance of 2562, the building-permit time limits, the civil-registration fee tables).
Every other figure (volumes, measured times, satisfaction, channels, which documents are already
obtained by data exchange) is illustrative, not the city's record.

The rows live in `data/services.csv` (one a service) and `data/service_channels.csv`,
`service_steps.csv` and `service_documents.csv` (one a row of the profile, by the service's key,
in order). Each service is a BusinessService element with a stable identifier ("svc-…"), owned by
a unit of `nakhon.demo.sample` given by its code. The four business services `sample` already
describes get a profile on their existing element. `load` writes through the service layer and
only what differs, so loading twice changes nothing.

Documents name their issuer as the registry of issuing agencies does (whether a document is the
state's follows from it; `ensure_registry` puts back the registry's first rows if they are
missing); what applicants make themselves (photos, plans, maps) is issued by ผู้ยื่นคำขอ, the
applicant. A service with no document rows says it asks for none (needs_documents "no"). A blank
cell is a fact not known, as the rubric reads it (a digital fee is given even where it equals the
counter fee).
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from nakhon.citizen_services.assessment import reassess_all
from nakhon.citizen_services.durations import TimeUnit, parse_duration
from nakhon.citizen_services.services import ensure_registry, service_profiles
from nakhon.core.services import Actor
from nakhon.demo import sample
from nakhon.organization.models import OrgUnit

SERVICES_CSV = sample.DATA_DIR / "services.csv"
CHANNELS_CSV = sample.DATA_DIR / "service_channels.csv"
STEPS_CSV = sample.DATA_DIR / "service_steps.csv"
DOCUMENTS_CSV = sample.DATA_DIR / "service_documents.csv"

BANGKOK = "https://www.bangkok.go.th/"


def channel(row: dict) -> dict:
    return {
        "kind": row["kind"],
        "url": row["url"],
        "end_to_end": sample.flag(row["end_to_end"]),
        "identity": row["identity"],
        "ial": row["ial"],
    }


def step(row: dict) -> dict:
    duration = parse_duration(row["duration"])
    return {
        "name": row["name"],
        "unit": row["unit"],
        "time": duration.amount,
        "time_unit": duration.unit,
        "in_person": sample.flag(row["in_person"]),
        "office": row["office"],
    }


def days(text: str) -> dict:
    """A processing time the file gives in calendar days, as a duration's amount and unit."""
    amount = sample.optional(text, Decimal)
    return {"time": amount, "time_unit": "" if amount is None else TimeUnit.DAY}


def document(row: dict) -> dict:
    return {
        "name": row["name"],
        "issuer": row["issuer"],
        "originals": int(row["originals"]),
        "copies": int(row["copies"]),
        "electronic_accepted": sample.flag(row["electronic_accepted"]),
        "exchange": row["exchange"],
        "exchange_ref": row["exchange_ref"],
    }


def rows_by_service(path, convert) -> dict[str, tuple[dict, ...]]:
    """A child file's rows, converted, in their order, under their service's key."""
    rows = defaultdict(list)
    for row in sample.read_csv(path):
        rows[row["service"]].append(convert(row))
    return {key: tuple(found) for key, found in rows.items()}


@dataclass(frozen=True)
class ServiceSpec:
    key: str
    name: str
    name_en: str
    owner: str  # an org unit's identifier in `sample`
    # The element `sample` made for this service, if it made one.
    sample_key: str
    # The profile's own fields, as the file gives them (the manual's address follows from them).
    profile: dict
    channels: tuple = ()
    steps: tuple = ()
    documents: tuple = ()

    @property
    def identifier(self) -> str:
        return f"bma-demo-{self.sample_key}" if self.sample_key else f"svc-{self.key}"

    def profile_values(self) -> dict:
        published = self.profile["published"]
        return {
            **self.profile,
            "manual_url": f"{BANGKOK}th/citizen-manual/{self.key}" if published else "",
            "channels": list(self.channels),
            "steps": list(self.steps),
            "documents": list(self.documents),
        }


def profile_fields(row: dict) -> dict:
    return {
        "delivery": row["delivery"],
        "legal_basis": row["legal_basis"],
        "eligibility": row["eligibility"],
        "fee": Decimal(row["fee"]),
        "digital_fee": sample.optional(row["digital_fee"], Decimal),
        "payment_methods": row["payment_methods"].split(),
        "e_receipt": sample.flag(row["e_receipt"]),
        "required_ial": row["required_ial"],
        **{f"legal_{k}": v for k, v in days(row["legal_days"]).items()},
        **{f"actual_{k}": v for k, v in days(row["actual_days"]).items()},
        "annual_volume": int(row["annual_volume"]),
        "satisfaction": sample.optional(row["satisfaction"], Decimal),
        "published": sample.flag(row["published"]),
        "dataset_url": row["dataset_url"],
        "dataset_machine_readable": sample.flag(row["dataset_machine_readable"]),
        "needs_documents": sample.flag(row["needs_documents"]),
    }


def service_specs() -> tuple[ServiceSpec, ...]:
    channels = rows_by_service(CHANNELS_CSV, channel)
    steps = rows_by_service(STEPS_CSV, step)
    documents = rows_by_service(DOCUMENTS_CSV, document)
    return tuple(
        ServiceSpec(
            row["key"],
            row["name"],
            row["name_en"],
            sample.owner_identifier(row["owner"]),
            row["sample_key"],
            profile_fields(row),
            channels.get(row["key"], ()),
            steps.get(row["key"], ()),
            documents.get(row["key"], ()),
        )
        for row in sample.read_csv(SERVICES_CSV)
    )


SERVICES = service_specs()


def owner_units() -> dict[str, OrgUnit]:
    wanted = {spec.owner for spec in SERVICES}
    units = OrgUnit.objects.select_related("element").filter(element__identifier__in=wanted)
    return {unit.element.identifier: unit for unit in units}


def element_values(spec: ServiceSpec, owner: OrgUnit) -> dict:
    """The element's values; `sample` keeps those of the elements it made."""
    if spec.sample_key:
        return {}
    return {
        "name": spec.name,
        "name_en": spec.name_en,
        "owner_unit": owner,
        "properties": [sample.DEMO_PROPERTY],
    }


def load(summary: sample.Summary | None = None, user=None) -> sample.Summary:
    """Load (or bring up to date) the demo's citizen services in one transaction. Runs after
    `sample.load`, which makes the org units and the elements it shares with this module."""
    summary = summary or sample.Summary()
    with transaction.atomic():
        actor = Actor.shell(user or sample.demo_user())
        ensure_registry(actor)
        units = owner_units()
        for spec in SERVICES:
            _profile, outcome = service_profiles.upsert(
                actor,
                spec.identifier,
                element_values(spec, units[spec.owner]),
                spec.profile_values(),
            )
            summary.tally("elements", outcome)
        # Assessments made before the rubric last changed are brought up to date; one that
        # is up to date is not written again.
        reassess_all()
    return summary
