import itertools

import pytest

from nakhon.governance.standard_services import principles, standards

_counter = itertools.count()


@pytest.fixture
def make_standard(system_actor):
    """A standard in the catalogue, written through the service."""

    def make(owner=None, name=None, status="adopt", category="platform", **values):
        return standards.create(
            system_actor,
            name=name or f"มาตรฐาน {next(_counter)}",
            status=status,
            category=category,
            owner_unit=owner,
            **values,
        )

    return make


@pytest.fixture
def make_principle(system_actor):
    def make(owner=None, name=None, **values):
        return principles.create(
            system_actor, name=name or f"หลักการ {next(_counter)}", owner_unit=owner, **values
        )

    return make
