from rest_framework.routers import DefaultRouter

from nakhon.governance.api import reviews

app_name = "governance-api"

router = DefaultRouter()
router.register("requests", reviews.ReviewRequestViewSet, basename="request")
router.register("affected-elements", reviews.AffectedElementViewSet, basename="affected-element")
router.register("departures", reviews.PrincipleDepartureViewSet, basename="departure")
router.register("reviews", reviews.ReviewViewSet, basename="review")
router.register("conditions", reviews.ConditionViewSet, basename="condition")
router.register("waivers", reviews.WaiverViewSet, basename="waiver")
urlpatterns = router.urls
