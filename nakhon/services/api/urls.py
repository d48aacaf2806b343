from rest_framework.routers import DefaultRouter

app_name = "services-api"

router = DefaultRouter()
urlpatterns = router.urls
