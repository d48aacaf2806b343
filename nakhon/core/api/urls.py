from rest_framework.routers import SimpleRouter

from nakhon.core.api.views import ChangeLogViewSet, JobViewSet

app_name = "core-api"

router = SimpleRouter()
router.register("changes", ChangeLogViewSet, basename="change")
router.register("jobs", JobViewSet, basename="job")
urlpatterns = router.urls
