from rest_framework.routers import SimpleRouter

from nakhon.core.api.views import ChangeLogViewSet, JobViewSet, ProposalViewSet

app_name = "core-api"

router = SimpleRouter()
router.register("changes", ChangeLogViewSet, basename="change")
router.register("jobs", JobViewSet, basename="job")
router.register("proposals", ProposalViewSet, basename="proposal")
urlpatterns = router.urls
