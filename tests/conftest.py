"""Fixtures shared by every app's tests: people in each role, units, an element maker."""

import itertools

import pytest
from django.utils import translation

from nakhon.core.permissions import Role
from nakhon.core.services import Actor
from nakhon.organization.models import UnitKind, User
from nakhon.organization.services import org_units
from nakhon.repository.services import elements

_counter = itertools.count()


@pytest.fixture(autouse=True)
def english_unless_asked(settings):
    """Thai is the product's default; tests assert English messages unless they ask for Thai
    (with Accept-Language, `translation.override`, or a Thai browser)."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Real hashing is slow by design; the tests need logins, not protection."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def admin_user(db):
    return User.objects.create_superuser("root", "root@example.org", "pw-root-12345")


@pytest.fixture
def system_actor(admin_user):
    return Actor.shell(admin_user)


@pytest.fixture
def city(system_actor):
    return org_units.create(
        system_actor,
        name="กรุงเทพมหานคร",
        name_en="Bangkok Metropolitan Administration",
        kind=UnitKind.CITY,
        code="BMA",
    )


@pytest.fixture
def unit_a(system_actor, city):
    return org_units.create(
        system_actor,
        name="สำนักการโยธา",
        name_en="Public Works Department",
        kind=UnitKind.DEPARTMENT,
        code="PWD",
        parent=city,
    )


@pytest.fixture
def unit_b(system_actor, city):
    return org_units.create(
        system_actor,
        name="สำนักอนามัย",
        name_en="Health Department",
        kind=UnitKind.DEPARTMENT,
        code="HD",
        parent=city,
    )


@pytest.fixture
def make_user(db):
    def make(role: Role, unit=None, username: str | None = None) -> User:
        name = username or f"{role}-{next(_counter)}"
        return User.objects.create_user(name, password="pw-test-12345", role=role, unit=unit)

    return make


@pytest.fixture
def make_element(system_actor):
    def make(type_="BusinessService", name=None, owner=None, **values):
        return elements.create(
            system_actor,
            type=type_,
            name=name or f"องค์ประกอบ {next(_counter)}",
            owner_unit=owner,
            **values,
        )

    return make
