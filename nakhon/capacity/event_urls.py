"""The pages of events and mentoring, included by `nakhon.capacity.urls`."""

from django.urls import path

from nakhon.capacity import event_forms as forms
from nakhon.capacity import event_views as views
from nakhon.core.urls import object_urls
from nakhon.core.views import ObjectDetailView, ObjectListView


def pages(prefix, queryset, form, list_view=ObjectListView, detail=ObjectDetailView) -> list:
    return object_urls(
        prefix,
        queryset,
        list_view=list_view,
        detail=detail,
        edit=views.CapacityEditView,
        form=form,
    )


urlpatterns = [
    *pages("events", views.EVENTS, forms.EventForm, views.EventListView, views.EventDetailView),
    *pages(
        "sessions",
        views.SESSIONS,
        forms.SessionForm,
        views.SessionListView,
        views.SessionDetailView,
    ),
    path(
        "sessions/<uuid:pk>/sign-in-sheet/",
        views.SignInSheetView.as_view(),
        name="session_signin",
    ),
    *pages(
        "registrations",
        views.REGISTRATIONS,
        forms.RegistrationForm,
        views.RegistrationListView,
    ),
    *pages("attendance", views.ATTENDANCE, forms.AttendanceForm, views.AttendanceListView),
    *pages("materials", views.MATERIALS, forms.MaterialForm, views.MaterialListView),
    path("materials/<uuid:pk>/file/", views.MaterialFileView.as_view(), name="material_file"),
    *pages("evaluations", views.EVALUATIONS, forms.EvaluationForm, views.EvaluationListView),
    *pages(
        "mentoring/assignments",
        views.ASSIGNMENTS,
        forms.MentorAssignmentForm,
        views.MentorAssignmentListView,
        views.ShownPeopleDetailView,
    ),
    *pages(
        "mentoring/sessions",
        views.MENTORING_SESSIONS,
        forms.MentoringSessionForm,
        views.MentoringSessionListView,
        views.MentoringSessionDetailView,
    ),
    *pages(
        "mentoring/actions",
        views.ACTIONS,
        forms.MentoringActionForm,
        views.MentoringActionListView,
        views.ShownPeopleDetailView,
    ),
]
