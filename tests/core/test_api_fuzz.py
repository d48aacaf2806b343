"""Every API operation, with inputs schemathesis draws from the OpenAPI schema, anonymously and
as the EA office: never a server error, never a response its own schema does not describe."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from nakhon.core.permissions import Role
from nakhon.wsgi import application
from tests.conftest import examples, thorough

pytestmark = pytest.mark.django_db


# Read at collection: the schema is generated from the code, without the database.
schema = schemathesis.openapi.from_wsgi("/api/schema/", application)


@pytest.fixture(autouse=True)
def connection_kept_across_requests():
    """Calls go straight to the WSGI application, whose request signals would close the test's
    database connection (and its transaction) after each one: as Django's test client does,
    keep it open for the test."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def ea_office_token(make_user) -> dict:
    token = Token.objects.create(user=make_user(Role.EA_OFFICE))
    return {"Authorization": f"Token {token.key}"}


def fuzz(count: int, boundaries: bool = True):
    """`count` drawn inputs (scaled by the fuzzing profile); when thorough, and `boundaries`
    asks for them, also schemathesis's deterministic boundary cases (its coverage phase, run as
    Hypothesis's explicit examples): missing, mistyped and out-of-range values of every field,
    some 700 requests for a write with a large body."""
    phases = tuple(Phase) if boundaries and thorough() else (Phase.generate,)
    return settings(
        max_examples=examples(count),
        deadline=None,
        suppress_health_check=list(HealthCheck),
        phases=phases,
    )


def call_and_check(case, headers: dict) -> None:
    response = case.call(headers=headers)
    case.validate_response(
        response, checks=[not_a_server_error, response_schema_conformance], headers=headers
    )


@schema.parametrize()
@fuzz(5, boundaries=False)  # every operation refuses an anonymous caller before reading input
def test_no_operation_fails_an_anonymous_caller(case):
    call_and_check(case, {})


@schema.parametrize()
@fuzz(25)
def test_no_operation_fails_the_ea_office_or_answers_outside_its_schema(case, ea_office_token):
    call_and_check(case, ea_office_token)
