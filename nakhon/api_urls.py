"""The REST API: every app's endpoints under one root, and the token endpoint."""

from django.urls import include, path
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.routers import APIRootView

from nakhon.core.api.parsers import JSONParser

api_root = APIRootView.as_view(
    api_root_dict={
        "repository": "repository-api:api-root",
        "organization": "organization-api:api-root",
        "services": "services-api:api-root",
        "portfolio": "portfolio-api:api-root",
        "analysis": "analysis-api:api-root",
        "changes": "core-api:change-list",
    }
)

urlpatterns = [
    path("", api_root, name="api-root"),
    path(
        "auth/token/",
        ObtainAuthToken.as_view(parser_classes=[JSONParser, FormParser, MultiPartParser]),
        name="api-token",
    ),
    path("repository/", include("nakhon.repository.api.urls")),
    path("organization/", include("nakhon.organization.api.urls")),
    path("services/", include("nakhon.services.api.urls")),
    path("portfolio/", include("nakhon.portfolio.api.urls")),
    path("analysis/", include("nakhon.analysis.api.urls")),
    path("interchange/", include("nakhon.interchange.api.urls")),
    path("", include("nakhon.core.api.urls")),
]
