from rest_framework.routers import DefaultRouter

from nakhon.analysis.api import views

app_name = "analysis-api"

router = DefaultRouter()
router.register("impact", views.ImpactViewSet, basename="impact")
router.register("redundancy", views.RedundancyViewSet, basename="redundancy")
router.register("gap", views.GapViewSet, basename="gap")
router.register("heatmap", views.HeatMapViewSet, basename="heatmap")
router.register("obsolescence", views.ObsolescenceViewSet, basename="obsolescence")
router.register("conflicts", views.ConflictViewSet, basename="conflicts")
router.register("dismissed-findings", views.DismissedFindingViewSet, basename="dismissed-finding")
urlpatterns = router.urls
