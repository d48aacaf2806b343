"""Fixtures shared by every app's tests: people in each role, units, an element maker, the
demo loaded once for a module of tests that only read it; and how hard the fuzzers try."""

import itertools
import os

import pytest
from django.db import transaction
from django.utils import translation
from hypothesis import is_hypothesis_test
from hypothesis import settings as hypothesis_settings

from nakhon.core.permissions import Role
from nakhon.core.services import Actor
from nakhon.demo import bangkok, sample
from nakhon.organization.models import UnitKind, User
from nakhon.organization.services import org_units
from nakhon.repository.services import elements

_counter = itertools.count()

# Fuzzers try a fifth of their examples by default; NAKHON_FUZZ=thorough runs them all
# (Hypothesis's own 100, and the counts the tests name).
THOROUGH_EXAMPLES = 100
hypothesis_settings.register_profile("quick", max_examples=THOROUGH_EXAMPLES // 5)
hypothesis_settings.register_profile("thorough", max_examples=THOROUGH_EXAMPLES)
FUZZ_PROFILE = os.environ.get("NAKHON_FUZZ") or "quick"
hypothesis_settings.load_profile(FUZZ_PROFILE)


def thorough() -> bool:
    return FUZZ_PROFILE == "thorough"


def examples(count: int) -> int:
    """A fuzzer's `count` examples, scaled like the profile's: all of them when thorough."""
    return max(1, count * hypothesis_settings.default.max_examples // THOROUGH_EXAMPLES)


@pytest.hookimpl(tryfirst=True)  # before `-m` selects by marker
def pytest_collection_modifyitems(items):
    # The tests that share the held demo first (a stable sort): under xdist their group, the
    # longest, starts while the other workers share out the rest.
    items.sort(key=lambda item: not uses_held_demo(item))
    for item in items:
        if isinstance(item, pytest.Function) and is_hypothesis_test(item.obj):
            item.add_marker(pytest.mark.slow)
        group = shared_setup_group(item)
        if group:
            item.add_marker(pytest.mark.xdist_group(group))


def shared_setup_group(item) -> str | None:
    """`make test` spreads tests over a worker per CPU (pytest-xdist, `--dist loadgroup`); tests
    that share a costly set-up stay on one worker so that it is made once: the browser tests
    (one Chromium, one live server) and a module's tests that share module-scoped fixtures
    (the demo loaded once for the module)."""
    names = getattr(item, "fixturenames", ())
    if "browser" in names or "live_server" in names:
        return "browser"
    if uses_held_demo(item):
        return "bangkok_demo"
    fixtures = getattr(item, "_fixtureinfo", None)
    if fixtures and any(
        definitions[-1].scope == "module" for definitions in fixtures.name2fixturedefs.values()
    ):
        return item.module.__name__
    return None


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


def kept_for_the_module(django_db_blocker, load):
    """What `load` returns, loaded (in English, as the tests see it) in a transaction around a
    module's tests and rolled back at its end. Each test's `db` nests a savepoint inside it, so
    a test's own writes still roll back and the next test finds what was loaded."""
    with django_db_blocker.unblock(), transaction.atomic():
        with translation.override("en"):
            loaded = load()
        yield loaded
        transaction.set_rollback(True)


# The demo takes seconds to load; a module of tests that only read it loads it once with one of
# these. Such a module holds nothing else: its tests all find the demo in the database.


@pytest.fixture(scope="module")
def sample_demo(django_db_setup, django_db_blocker):
    """`sample` (the org tree and a small architecture), loaded once for the module."""
    yield from kept_for_the_module(django_db_blocker, sample.load)


class HeldDemo:
    """The whole Bangkok demo, loaded at the first test that asks for it and held, in an open
    transaction, while the tests that follow ask for it too; rolled back before a test that
    does not, so that test finds an empty database. Tests that ask for it are run one after the
    other (`pytest_collection_modifyitems`, and one xdist group), so it loads once a process."""

    def __init__(self):
        self.outer = None
        self.loaded = None
        self.blocker = None

    def hold(self, django_db_blocker):
        if self.outer is None:
            self.blocker = django_db_blocker
            with django_db_blocker.unblock():
                self.outer = transaction.atomic()
                self.outer.__enter__()
                with translation.override("en"):
                    self.loaded = bangkok.load()
        return self.loaded

    def release(self):
        if self.outer is not None:
            with self.blocker.unblock():
                transaction.set_rollback(True)
                self.outer.__exit__(None, None, None)
            self.outer = None


HELD_DEMO = HeldDemo()


@pytest.fixture(scope="session")
def held_demo(django_db_setup):
    yield HELD_DEMO
    HELD_DEMO.release()


@pytest.fixture(scope="module")
def bangkok_demo(held_demo, django_db_blocker):
    """The whole Bangkok demo (`nakhon demo load`), shared by the modules that ask for it; what
    a module's own fixtures add to it is rolled back at the module's end."""
    loaded = held_demo.hold(django_db_blocker)
    yield from kept_for_the_module(django_db_blocker, lambda: loaded)


def uses_held_demo(item) -> bool:
    return "bangkok_demo" in getattr(item, "fixturenames", ())


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before a test that does not ask for the demo, and before its own fixtures."""
    if not uses_held_demo(item):
        HELD_DEMO.release()
