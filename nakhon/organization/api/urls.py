from rest_framework.routers import DefaultRouter

from nakhon.organization.api import views

app_name = "organization-api"

router = DefaultRouter()
router.register("units", views.OrgUnitViewSet, basename="unit")
router.register("users", views.UserViewSet, basename="user")
urlpatterns = router.urls
