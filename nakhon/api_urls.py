"""The REST API: one router over every app's viewsets."""

from rest_framework.routers import DefaultRouter

router = DefaultRouter()
urlpatterns = router.urls
