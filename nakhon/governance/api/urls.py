from rest_framework.routers import DefaultRouter

from nakhon.governance.api import finding_views, reviews, standard_views

app_name = "governance-api"

router = DefaultRouter()
router.register("principles", standard_views.PrincipleViewSet, basename="principle")
router.register("standards", standard_views.StandardViewSet, basename="standard")
router.register("findings", finding_views.FindingViewSet, basename="finding")
router.register("requests", reviews.ReviewRequestViewSet, basename="request")
router.register("affected-elements", reviews.AffectedElementViewSet, basename="affected-element")
router.register("departures", reviews.PrincipleDepartureViewSet, basename="departure")
router.register("reviews", reviews.ReviewViewSet, basename="review")
router.register("conditions", reviews.ConditionViewSet, basename="condition")
router.register("waivers", reviews.WaiverViewSet, basename="waiver")
urlpatterns = router.urls
