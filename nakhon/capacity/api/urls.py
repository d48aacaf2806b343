from rest_framework.routers import DefaultRouter

from nakhon.capacity.api import skills

app_name = "capacity-api"

router = DefaultRouter()
router.register("frameworks", skills.SkillFrameworkViewSet, basename="framework")
router.register("levels", skills.ProficiencyLevelViewSet, basename="level")
router.register("areas", skills.SkillAreaViewSet, basename="area")
router.register("targets", skills.TargetLevelViewSet, basename="target")
router.register("people", skills.PersonViewSet, basename="person")
router.register("assessments", skills.AssessmentViewSet, basename="assessment")
router.register("dashboard", skills.DashboardViewSet, basename="dashboard")
router.register("statistics", skills.StatisticsViewSet, basename="statistics")
urlpatterns = router.urls
