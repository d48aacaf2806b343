"""Every failure under /api/ answers JSON with a `detail`, never Django's HTML pages: a body
over DATA_UPLOAD_MAX_MEMORY_SIZE (413), an unknown address (404), a server error (500)."""

import json

import pytest
from rest_framework.test import APIClient

from nakhon.core.api.views import ChangeLogViewSet
from nakhon.core.permissions import Role
from tests.cases.api import api_client

pytestmark = pytest.mark.django_db


def assert_json_error(response, status):
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"]


def test_a_body_over_the_limit_is_a_413_in_json(make_user, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    body = json.dumps({"type": "Node", "name": "x", "documentation": "a" * 20_000})
    response = api_client(make_user(Role.EA_OFFICE)).generic(
        "POST", "/api/repository/elements/", body, content_type="application/json"
    )
    assert_json_error(response, 413)
    assert "10000" in response.json()["detail"]


def test_an_unknown_api_address_is_a_404_in_json(make_user):
    assert_json_error(api_client(make_user(Role.VIEWER)).get("/api/no-such-thing/"), 404)
    assert_json_error(APIClient().get("/api/repository/no-such-thing/"), 404)


def test_a_server_error_is_a_500_in_json(make_user, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(ChangeLogViewSet, "list", fail)
    client = api_client(make_user(Role.VIEWER))
    client.raise_request_exception = False
    response = client.get("/api/changes/")
    assert_json_error(response, 500)
    assert "a bug" not in response.content.decode()


def test_pages_outside_the_api_keep_their_html_errors(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
