"""Fixtures for citizen services: a maker of hand-built services, written through the service."""

import itertools
from decimal import Decimal

import pytest

from nakhon.citizen_services.models import IssuingAgency
from nakhon.citizen_services.services import ensure_registry, service_profiles
from nakhon.organization.models import UnitKind
from nakhon.organization.services import org_units

_counter = itertools.count()

# A service whose facts are known and reach little: each test changes only what its outcome
# reads. Its processing times are not known, so "better services" is not assessed.
BARE = {
    "delivery": "central",
    "fee": Decimal(100),
    "digital_fee": Decimal(100),
    "payment_methods": ["cash"],
    "e_receipt": False,
    "required_ial": "IAL2.1",
    "annual_volume": 1000,
    "published": False,
    "dataset_machine_readable": False,
    "needs_documents": False,
}


def counter(**values) -> dict:
    return {
        "kind": "counter",
        "url": "",
        "end_to_end": True,
        "identity": "in_person",
        "ial": "",
    } | values


def web(**values) -> dict:
    return {
        "kind": "web",
        "url": "https://service.bangkok.go.th/",
        "end_to_end": True,
        "identity": "own_account",
        "ial": "",
    } | values


def step(name="ยื่นคำขอ", unit="ฝ่ายทะเบียน", in_person=True, minutes=30, office="") -> dict:
    return {
        "name": name,
        "unit": unit,
        "time": minutes,
        "time_unit": "minute",
        "in_person": in_person,
        "office": office,
    }


def document(name="บัตรประจำตัวประชาชน", issuer="กรมการปกครอง", **values) -> dict:
    """A document row as the API and the forms give it (the service fills in `common`)."""
    return {
        "name": name,
        "common": "",
        "issuer": issuer,
        "originals": 1,
        "copies": 1,
        "electronic_accepted": False,
        "exchange": "",
        "exchange_ref": "",
    } | values


@pytest.fixture
def make_service(system_actor, unit_a):
    """make_service(fee=..., channels=[web()], ...): a service owned by unit_a unless told."""

    def make(owner=None, name=None, **values):
        rows = {"channels": [counter()], "steps": [step()]}
        for time in ("legal", "actual"):  # processing times given in calendar days
            if f"{time}_days" in values:
                values[f"{time}_time"] = values.pop(f"{time}_days")
                values[f"{time}_time_unit"] = "day"
        return service_profiles.create(
            system_actor,
            name=name or f"บริการ {next(_counter)}",
            owner_unit=owner or unit_a,
            **(BARE | rows | values),
        )

    return make


@pytest.fixture(autouse=True)
def registry(request):
    """The registries' first rows, as migrated: put back if a transactional test (a browser
    journey) flushed them before this test's database was set up."""
    if "db" not in request.fixturenames and not request.node.get_closest_marker("django_db"):
        return
    request.getfixturevalue("db")
    if not IssuingAgency.objects.exists():
        ensure_registry(request.getfixturevalue("system_actor"))


@pytest.fixture
def phra_nakhon(system_actor, city):
    return org_units.create(
        system_actor,
        name="สำนักงานเขตพระนคร",
        name_en="Phra Nakhon District Office",
        kind=UnitKind.DISTRICT_OFFICE,
        code="1001",
        parent=city,
    )
