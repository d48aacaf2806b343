"""Guessing passwords is throttled (django-axes): after NAKHON_LOGIN_FAILURE_LIMIT failures an
account is locked whatever address tries it, and an address is locked whatever accounts it
tries, for the cool-off time; the token endpoint counts and refuses the same way, in JSON."""

import pytest
from rest_framework.test import APIClient

from nakhon.core.logins import client_ip
from nakhon.core.permissions import Role

pytestmark = pytest.mark.django_db

LIMIT = 3
PASSWORD = "pw-test-12345"


@pytest.fixture(autouse=True)
def low_limit(settings):
    settings.AXES_FAILURE_LIMIT = LIMIT


@pytest.fixture
def somchai(make_user):
    return make_user(Role.VIEWER, username="somchai")


@pytest.fixture
def malee(make_user):
    return make_user(Role.VIEWER, username="malee")


def log_in(client, username, password, address="192.0.2.1"):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def test_an_account_is_locked_after_the_failure_limit_from_any_address(client, somchai, malee):
    for attempt in range(LIMIT - 1):
        assert log_in(client, "somchai", "wrong", f"192.0.2.{attempt + 10}").status_code == 200
    assert log_in(client, "somchai", "wrong", "192.0.2.99").status_code == 429
    response = log_in(client, "somchai", PASSWORD, "198.51.100.7")
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert log_in(client, "malee", PASSWORD, "198.51.100.7").status_code == 302


def test_an_address_is_locked_after_the_failure_limit_on_any_accounts(client, somchai):
    for attempt in range(LIMIT):
        log_in(client, f"guess{attempt}", "wrong", "203.0.113.5")
    assert log_in(client, "somchai", PASSWORD, "203.0.113.5").status_code == 429
    assert log_in(client, "somchai", PASSWORD, "203.0.113.6").status_code == 302


def test_the_token_endpoint_is_throttled_too_and_answers_json(somchai):
    client = APIClient()
    for _ in range(LIMIT - 1):
        response = client.post(
            "/api/auth/token/", {"username": "somchai", "password": "wrong"}, format="json"
        )
        assert response.status_code == 400
    client.post("/api/auth/token/", {"username": "somchai", "password": "wrong"}, format="json")
    response = client.post(
        "/api/auth/token/", {"username": "somchai", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    assert "Too many failed sign-ins" in response.json()["detail"]


def test_the_client_address_comes_from_the_proxy_only_when_the_proxy_is_trusted(rf, settings):
    settings.NAKHON_TRUSTED_PROXIES = ["127.0.0.1"]
    behind = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.0.0.9, 192.0.2.44")
    assert client_ip(behind) == "192.0.2.44"
    direct = rf.get("/", REMOTE_ADDR="198.51.100.1", HTTP_X_FORWARDED_FOR="192.0.2.44")
    assert client_ip(direct) == "198.51.100.1"


def test_a_password_checked_by_code_without_a_request_is_not_refused(somchai):
    from django.contrib.auth import authenticate

    assert authenticate(username="somchai", password=PASSWORD) == somchai
    assert authenticate(username="somchai", password="wrong") is None
