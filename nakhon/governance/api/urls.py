from rest_framework.routers import DefaultRouter

app_name = "governance-api"

router = DefaultRouter()
urlpatterns = router.urls
