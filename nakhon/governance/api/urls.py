from rest_framework.routers import DefaultRouter

from nakhon.governance.api import standard_views

app_name = "governance-api"

router = DefaultRouter()
router.register("principles", standard_views.PrincipleViewSet, basename="principle")
router.register("standards", standard_views.StandardViewSet, basename="standard")
urlpatterns = router.urls
