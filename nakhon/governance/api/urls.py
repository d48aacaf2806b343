from rest_framework.routers import DefaultRouter

from nakhon.governance.api import finding_views, standard_views

app_name = "governance-api"

router = DefaultRouter()
router.register("principles", standard_views.PrincipleViewSet, basename="principle")
router.register("standards", standard_views.StandardViewSet, basename="standard")
router.register("findings", finding_views.FindingViewSet, basename="finding")
urlpatterns = router.urls
