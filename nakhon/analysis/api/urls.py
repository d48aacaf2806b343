from rest_framework.routers import DefaultRouter

app_name = "analysis-api"

router = DefaultRouter()
urlpatterns = router.urls
