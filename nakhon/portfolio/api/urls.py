from rest_framework.routers import DefaultRouter

from nakhon.portfolio.api import views

app_name = "portfolio-api"

router = DefaultRouter()
router.register("applications", views.ApplicationProfileViewSet, basename="application")
router.register("technology", views.TechnologyProfileViewSet, basename="technology")
router.register("data-objects", views.DataObjectProfileViewSet, basename="data-object")
urlpatterns = router.urls
