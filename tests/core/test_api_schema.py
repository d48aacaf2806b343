import os

import pytest
from django.core.management import call_command
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient

ENDPOINTS = [
    "/api/repository/elements/",
    "/api/repository/elements/{id}/",
    "/api/repository/elements/{id}/relationships/",
    "/api/repository/elements/{id}/allowed-relationships/",
    "/api/repository/relationships/{id}/",
    "/api/repository/plateaus/{id}/",
    "/api/repository/views/{id}/",
    "/api/organization/units/{id}/",
    "/api/organization/users/{id}/",
    "/api/changes/{id}/revert/",
    "/api/auth/token/",
]


@pytest.fixture
def schema(db):
    response = APIClient().get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def test_schema_is_a_valid_openapi_3_document(schema):
    assert schema["openapi"].startswith("3.")
    validate_schema(schema)


def test_schema_documents_every_endpoint(schema):
    assert set(ENDPOINTS) <= set(schema["paths"])


def test_schema_documents_the_diagram_and_the_version_rule(schema):
    components = schema["components"]["schemas"]
    assert components["View"]["properties"]["diagram"] == {"$ref": "#/components/schemas/Diagram"}
    node_children = components["DiagramNode"]["properties"]["children"]
    assert node_children["items"] == {"$ref": "#/components/schemas/DiagramNode"}
    delete = schema["paths"]["/api/repository/elements/{id}/"]["delete"]
    assert "version" in {p["name"] for p in delete["parameters"]}


def test_schema_generates_without_warnings():
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", os.devnull)


def test_swagger_ui_is_served(db):
    assert APIClient().get("/api/docs/").status_code == 200
