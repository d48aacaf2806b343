"""The Bangkok demo's application portfolio: applications, data and technology with profiles.

The data is illustrative, not a record of the BMA's real systems, contracts or costs: names of
companies marked (สมมติ) are invented; products and their end-of-support dates are the vendors'
published ones, so that the obsolescence analysis has something true to find. It is what an EA
officer would expect to meet: about 80 applications, central and department-specific, with the
overlaps a city grows (several complaint, document-management and GIS systems), about 30 data
objects and 30 technology items (the BMA data centre, the government cloud GDCC, databases,
operating systems, some past their end of support), and relationships between all layers that
the ArchiMate 3.2 metamodel allows.

It builds on `sample` (the org tree and the small architecture there): its applications, data
objects and technology get profiles here, and its processes and services are linked to. The
rows live in `data/applications*.csv`; keys become identifiers `bma-demo-<key>` as in `sample`
(`app-…`, `tech-…`, `data-…`), so loading twice changes nothing. Everything is written through
the services on the `system` channel.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from nakhon.core.models import Channel
from nakhon.core.services import Actor
from nakhon.demo import sample
from nakhon.portfolio.services import (
    application_profiles,
    data_object_profiles,
    technology_profiles,
)
from nakhon.repository.models import Status
from nakhon.repository.services import elements

APPLICATIONS_CSV = sample.DATA_DIR / "applications.csv"
TECHNOLOGY_CSV = sample.DATA_DIR / "applications_technology.csv"
DATA_OBJECTS_CSV = sample.DATA_DIR / "applications_data.csv"
ELEMENTS_CSV = sample.DATA_DIR / "applications_elements.csv"
RELATIONSHIPS_CSV = sample.DATA_DIR / "applications_relationships.csv"

ELEMENTS = "elements"
RELATIONSHIPS = "relationships"


def identifier(key: str) -> str:
    return f"{sample.PREFIX}{key}"


def keys(value: str) -> list[str]:
    return value.split()


@dataclass(frozen=True)
class ProfileRow:
    """One element with its profile. A row without a name describes an element `sample`
    made: only the profile is written, the element is left as `sample` keeps it."""

    key: str
    element_values: dict
    profile_values: dict


def element_values(row: dict, type_: str | None = None) -> dict:
    if not row["name"]:
        return {}
    values = {
        "name": row["name"],
        "name_en": row["name_en"],
        "documentation": row.get("documentation", ""),
        "owner_unit": sample.owner_identifier(row["owner"]),
        "status": row.get("status") or Status.ACTIVE,
        "properties": [sample.DEMO_PROPERTY],
    }
    if type_:
        values["type"] = type_
    return values


def application_profile(row: dict) -> dict:
    return {
        "vendor": row["vendor"],
        "yearly_cost": sample.optional(row["yearly_cost"], Decimal),
        "users": sample.optional(row["users"], int),
        "hosting": row["hosting"],
        "business_fit": sample.optional(row["business_fit"], int),
        "technical_fit": sample.optional(row["technical_fit"], int),
        "end_of_support": sample.optional(row["end_of_support"], date.fromisoformat),
    }


def technology_profile(row: dict) -> dict:
    return {
        "vendor": row["vendor"],
        "product": row["product"],
        "product_version": row["product_version"],
        "hosting": row["hosting"],
        "end_of_support": sample.optional(row["end_of_support"], date.fromisoformat),
    }


def data_object_profile(row: dict) -> dict:
    return {
        "classification": row["classification"],
        "personal_data": sample.flag(row["personal_data"]),
        "sensitive_personal_data": sample.flag(row["sensitive_personal_data"]),
        "lawful_basis": row["lawful_basis"],
    }


def profile_rows(path, profile, *, typed: bool = False) -> list[ProfileRow]:
    """A file's rows as elements with profiles; a typed file names each row's element type."""
    return [
        ProfileRow(row["key"], element_values(row, row["type"] if typed else None), profile(row))
        for row in sample.read_csv(path)
    ]


def application_rows() -> list[ProfileRow]:
    return profile_rows(APPLICATIONS_CSV, application_profile)


def technology_rows() -> list[ProfileRow]:
    return profile_rows(TECHNOLOGY_CSV, technology_profile, typed=True)


def data_object_rows() -> list[ProfileRow]:
    return profile_rows(DATA_OBJECTS_CSV, data_object_profile)


def plain_elements() -> tuple[sample.ElementSpec, ...]:
    """Capabilities and application services the portfolio's applications realise."""
    return sample.element_specs(ELEMENTS_CSV)


def relationship_specs() -> list[sample.RelationshipSpec]:
    """The applications' columns (platform, realizes, serves, accesses) and the other file's
    rows, as relationships. A platform item serves the application, except an artifact, which
    realises it."""
    technology_types = {row["key"]: row["type"] for row in sample.read_csv(TECHNOLOGY_CSV)}
    specs = []
    for row in sample.read_csv(APPLICATIONS_CSV):
        app = row["key"]
        for item in keys(row["platform"]):
            kind = "Realization" if technology_types.get(item) == "Artifact" else "Serving"
            specs.append(sample.rel(item, kind, app))
        specs += [sample.rel(app, "Realization", target) for target in keys(row["realizes"])]
        specs += [sample.rel(app, "Serving", target) for target in keys(row["serves"])]
        for item in keys(row["accesses"]):
            data, _colon, access = item.partition(":")
            specs.append(sample.rel(app, "Access", data, access))
    return [*specs, *sample.relationship_specs(RELATIONSHIPS_CSV)]


def portfolio_keys() -> dict[str, list[str]]:
    """The keys of each kind, for tests and summaries."""
    return {
        "applications": [r.key for r in application_rows()],
        "technology": [r.key for r in technology_rows()],
        "data_objects": [r.key for r in data_object_rows()],
    }


class PortfolioLoader(sample.AddOnLoader):
    """Writes the portfolio on top of what `sample` loaded, counting into the same summary."""

    def load(self) -> sample.Summary:
        for spec in plain_elements():
            self.elements[spec.key] = self.sync_element(spec)
        for service, rows in (
            (technology_profiles, technology_rows()),
            (data_object_profiles, data_object_rows()),
            (application_profiles, application_rows()),
        ):
            for row in rows:
                self.elements[row.key] = self.sync_portfolio_profile(service, row).element
        for spec in relationship_specs():
            self.sync_relationship(spec)
        return self.summary

    def sync_portfolio_profile(self, service, row: ProfileRow):
        values = dict(row.element_values)
        if "owner_unit" in values:
            values["owner_unit"] = self.units[values["owner_unit"]]
        accessor = service.model._meta.get_field("element").remote_field.related_name
        element = self.elements.get(row.key)
        profile = getattr(element, accessor, None) if element is not None else None
        if element is not None and profile is None:
            # An element `sample` made (or one imported earlier): describe it, keep it.
            changes = elements.changes(element, values)
            created = service.create(self.actor, element=element, **changes, **row.profile_values)
            self.summary.tally(ELEMENTS, sample.UPDATED)
            return created
        if element is None and not values:
            raise sample.DemoDataError(
                _("%(key)s: the row has no name and the sample has no such element.")
                % {"key": row.key}
            )
        return self.sync_profile(
            ELEMENTS, service, profile, identifier(row.key), values, row.profile_values
        )


def load(summary: sample.Summary | None = None, user=None) -> sample.Summary:
    """Load (or bring up to date) the portfolio in one transaction, on the system channel."""
    with transaction.atomic():
        actor = Actor(user=user or sample.demo_user(), channel=Channel.SYSTEM)
        return PortfolioLoader(actor, summary or sample.Summary()).load()
