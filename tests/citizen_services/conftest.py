"""Fixtures for citizen services: a maker of hand-built services, written through the service."""

import itertools
from decimal import Decimal

import pytest

from nakhon.citizen_services.services import service_profiles
from nakhon.organization.models import UnitKind
from nakhon.organization.services import org_units

_counter = itertools.count()

# A service that reaches no level anywhere: each test changes only what its outcome reads.
BARE = {
    "delivery": "central",
    "fee": Decimal(100),
    "payment_methods": ["cash"],
    "required_ial": "IAL2.1",
    "annual_volume": 1000,
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


def step(name="ยื่นคำขอ", unit="ฝ่ายทะเบียน", in_person=True, minutes=30) -> dict:
    return {
        "name": name,
        "unit": unit,
        "time": minutes,
        "time_unit": "minute",
        "in_person": in_person,
    }


def document(name="บัตรประจำตัวประชาชน", issuer="กรมการปกครอง", **values) -> dict:
    return {
        "name": name,
        "issuer": issuer,
        "government_issued": True,
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
        for time in ("legal", "actual"):  # processing times given in calendar days
            if f"{time}_days" in values:
                values[f"{time}_time"] = values.pop(f"{time}_days")
                values[f"{time}_time_unit"] = "day"
        return service_profiles.create(
            system_actor,
            name=name or f"บริการ {next(_counter)}",
            owner_unit=owner or unit_a,
            **(BARE | values),
        )

    return make


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
