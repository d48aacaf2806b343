from rest_framework.routers import SimpleRouter

from nakhon.core.api.views import ChangeLogViewSet

app_name = "core-api"

router = SimpleRouter()
router.register("changes", ChangeLogViewSet, basename="change")
urlpatterns = router.urls
