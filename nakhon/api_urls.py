"""The REST API: every app's endpoints under one root, and the token endpoint (obtain, revoke)."""

from django.apps import apps
from django.urls import include, path
from rest_framework.routers import APIRootView

from nakhon.core.api.tokens import TokenView

# The apps with pages and an API, each under its label (nakhon/urls.py includes their pages):
# a new app is one more label here.
APPS = (
    "repository",
    "organization",
    "services",
    "portfolio",
    "capacity",
    "analysis",
    "interchange",
    "governance",
)
# Interchange's API is two actions (import, export), not a collection with a root to list.
LISTED_APPS = [app for app in APPS if app != "interchange"]


def package(label: str) -> str:
    """The Python package of the app with this label (the citizen services' label is
    "services", their package `nakhon.citizen_services`)."""
    return apps.get_app_config(label).name


api_root = APIRootView.as_view(
    api_root_dict={
        **{app: f"{app}-api:api-root" for app in LISTED_APPS},
        "changes": "core-api:change-list",
    }
)

urlpatterns = [
    path("", api_root, name="api-root"),
    path("auth/token/", TokenView.as_view(), name="api-token"),
    *(path(f"{app}/", include(f"{package(app)}.api.urls")) for app in APPS),
    path("", include("nakhon.core.api.urls")),
]
