from rest_framework.routers import DefaultRouter

app_name = "portfolio-api"

router = DefaultRouter()
urlpatterns = router.urls
