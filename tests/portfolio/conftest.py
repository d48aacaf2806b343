import itertools

import pytest

from nakhon.portfolio.services import (
    application_profiles,
    data_object_profiles,
    technology_profiles,
)

_counter = itertools.count()


@pytest.fixture
def make_application(system_actor):
    """An application component with its profile, written through the service."""

    def make(owner=None, name=None, **values):
        return application_profiles.create(
            system_actor,
            name=name or f"ระบบงาน {next(_counter)}",
            owner_unit=owner,
            **values,
        )

    return make


@pytest.fixture
def make_technology(system_actor):
    def make(owner=None, name=None, type_="SystemSoftware", **values):
        return technology_profiles.create(
            system_actor,
            type=type_,
            name=name or f"ซอฟต์แวร์ระบบ {next(_counter)}",
            owner_unit=owner,
            **values,
        )

    return make


@pytest.fixture
def make_data_object(system_actor):
    def make(owner=None, name=None, **values):
        return data_object_profiles.create(
            system_actor, name=name or f"ข้อมูล {next(_counter)}", owner_unit=owner, **values
        )

    return make
