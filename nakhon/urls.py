from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from nakhon.api_urls import APPS, package
from nakhon.core import health
from nakhon.repository.views import home

urlpatterns = [
    path("", home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("nakhon.core.urls")),
    *(path(f"{app}/", include(f"{package(app)}.urls")) for app in APPS),
    path("api/", include("nakhon.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's settings as a script file: the CSP allows no inline one.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("admin/", admin.site.urls),
]

# Under /api/ these answer JSON; elsewhere Django's pages.
handler400 = "nakhon.core.api.exceptions.bad_request"
handler403 = "nakhon.core.api.exceptions.permission_denied"
handler404 = "nakhon.core.api.exceptions.page_not_found"
handler500 = "nakhon.core.api.exceptions.server_error"
