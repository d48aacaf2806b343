from django.urls import path

from nakhon.citizen_services import views
from nakhon.citizen_services.forms import (
    CommonDocumentForm,
    IssuingAgencyForm,
    ServiceProfileForm,
)
from nakhon.core.urls import object_urls
from nakhon.core.views import ObjectEditView

app_name = "services"
urlpatterns = [
    path("", views.CityDashboardView.as_view(), name="dashboard"),
    *object_urls(
        "list",
        views.SERVICES,
        list_view=views.ServiceProfileListView,
        detail=views.ServiceProfileView,
        edit=views.ServiceProfileEditView,
        form=ServiceProfileForm,
    ),
    path(
        "list/<uuid:pk>/overrides/<str:outcome>/",
        views.OverrideView.as_view(),
        name="override",
    ),
    *object_urls(
        "issuing-agencies",
        views.AGENCIES,
        list_view=views.IssuingAgencyListView,
        detail=views.IssuingAgencyView,
        edit=ObjectEditView,
        form=IssuingAgencyForm,
    ),
    *object_urls(
        "common-documents",
        views.COMMON_DOCUMENTS,
        list_view=views.CommonDocumentListView,
        detail=views.CommonDocumentView,
        edit=ObjectEditView,
        form=CommonDocumentForm,
    ),
    path("departments/<uuid:pk>/", views.DepartmentDashboardView.as_view(), name="department"),
    path("missing/", views.CompletenessView.as_view(), name="completeness"),
    path("exchange-map/", views.ExchangeMapView.as_view(), name="exchange_map"),
    path("rubric/", views.RubricView.as_view(), name="rubric"),
    path("rubric/edit/", views.RubricEditView.as_view(), name="rubric_edit"),
    path("export/<str:fmt>/", views.ServiceExportView.as_view(), name="export"),
    path("import/", views.ImportView.as_view(), name="import"),
    path("import/confirm/", views.ImportConfirmView.as_view(), name="import_confirm"),
    path("import/template/<str:fmt>/", views.manual_template, name="import_template"),
    path("import/example/<str:fmt>/", views.manual_example, name="import_example"),
]
