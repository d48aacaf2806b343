from rest_framework.routers import DefaultRouter

from nakhon.repository.api import views

app_name = "repository-api"

router = DefaultRouter()
router.register("elements", views.ElementViewSet, basename="element")
router.register("relationships", views.RelationshipViewSet, basename="relationship")
router.register("plateaus", views.PlateauViewSet, basename="plateau")
router.register("views", views.DiagramViewSet, basename="view")
urlpatterns = router.urls
