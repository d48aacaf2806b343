from django.urls import path
from rest_framework.routers import DefaultRouter

from nakhon.citizen_services.api import views

app_name = "services-api"

router = DefaultRouter()
router.register("services", views.ServiceProfileViewSet, basename="service")
router.register("overrides", views.AssessmentOverrideViewSet, basename="override")
router.register("issuing-agencies", views.IssuingAgencyViewSet, basename="issuingagency")
router.register("common-documents", views.CommonDocumentViewSet, basename="commondocument")
urlpatterns = [
    *router.urls,
    path("rollups/", views.RollupView.as_view(), name="rollups"),
    path("history/", views.HistoryView.as_view(), name="history"),
    path("fix-first/", views.FixFirstView.as_view(), name="fix-first"),
    path("exchange-map/", views.ExchangeMapView.as_view(), name="exchange-map"),
    path("completeness/", views.CompletenessView.as_view(), name="completeness"),
    path("rubric/", views.RubricView.as_view(), name="rubric"),
]
