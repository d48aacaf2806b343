from rest_framework.routers import DefaultRouter

app_name = "capacity-api"

router = DefaultRouter()
urlpatterns = router.urls
