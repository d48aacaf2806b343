"""People in every role a review involves, a request to review, and standards and
principles written through their services."""

import itertools
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser

from nakhon.core.permissions import Role
from nakhon.core.services import Actor
from nakhon.governance.standard_services import principles, standards
from nakhon.governance.workflow import requests

_counter = itertools.count()


@pytest.fixture
def people(make_user, admin_user, unit_a, unit_b):
    """One person per role: anonymous, viewer, the assigned reviewer, another reviewer, the
    submitting unit's editor, another unit's editor, the EA office, an administrator."""
    people = {
        "anonymous": AnonymousUser(),
        "viewer": make_user(Role.VIEWER, unit_a, "viewer"),
        "reviewer": make_user(Role.REVIEWER, None, "reviewer"),
        "other_reviewer": make_user(Role.REVIEWER, None, "other-reviewer"),
        "unit_editor": make_user(Role.UNIT_EDITOR, unit_a, "editor-a"),
        "other_unit_editor": make_user(Role.UNIT_EDITOR, unit_b, "editor-b"),
        "ea_office": make_user(Role.EA_OFFICE, None, "ea-office"),
        "admin": admin_user,
    }
    for name, user in people.items():
        if user.is_authenticated:
            user.email = f"{name}@bangkok.example"
            user.save()
    return people


def actor(user) -> Actor:
    return Actor.shell(user)


@pytest.fixture
def draft(people, unit_a, make_element):
    capability = make_element("Capability", "การจัดการเรื่องร้องเรียน")
    return requests.create(
        actor(people["unit_editor"]),
        title="ระบบรับแจ้งปัญหาถนนชำรุด",
        request_type="establish",
        owner_unit=unit_a,
        budget=Decimal("2500000.00"),
        fiscal_year=2570,
        budget_line="แผนงานพัฒนาระบบสารสนเทศ",
        capabilities=[capability],
    )


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
