from rest_framework.routers import DefaultRouter

from nakhon.capacity.api import event_views, skills

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
router.register("events", event_views.EventViewSet, basename="event")
router.register("sessions", event_views.SessionViewSet, basename="session")
router.register("registrations", event_views.RegistrationViewSet, basename="registration")
router.register("attendance", event_views.AttendanceViewSet, basename="attendance")
router.register("materials", event_views.MaterialViewSet, basename="material")
router.register("evaluations", event_views.EvaluationViewSet, basename="evaluation")
router.register(
    "mentor-assignments", event_views.MentorAssignmentViewSet, basename="mentor-assignment"
)
router.register(
    "mentoring-sessions", event_views.MentoringSessionViewSet, basename="mentoring-session"
)
router.register(
    "mentoring-actions", event_views.MentoringActionViewSet, basename="mentoring-action"
)
urlpatterns = router.urls
