"""The review requests' pages, mounted by the app's urls.py."""

from django.urls import path, re_path

from nakhon.core.urls import object_urls
from nakhon.governance import review_views as views
from nakhon.governance.review_forms import (
    AffectedElementForm,
    PrincipleDepartureForm,
    ReviewRequestForm,
)

STEP_NAMES = "|".join(views.StepView.forms)

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    *object_urls(
        "requests",
        views.REQUESTS,
        list_view=views.ReviewRequestListView,
        detail=views.ReviewRequestDetailView,
        edit=views.ReviewRequestEditView,
        form=ReviewRequestForm,
        delete=views.ReviewRequestDeleteView,
    ),
    re_path(
        rf"^requests/(?P<pk>[0-9a-f-]{{36}})/(?P<step>{STEP_NAMES})/$",
        views.StepView.as_view(),
        name="reviewrequest_step",
    ),
    path(
        "requests/<uuid:request_pk>/affected/add/",
        views.DraftPartEditView.as_view(queryset=views.AFFECTED, form=AffectedElementForm),
        name="affectedelement_add",
    ),
    path(
        "affected/<uuid:pk>/delete/",
        views.DraftPartDeleteView.as_view(queryset=views.AFFECTED),
        name="affectedelement_delete",
    ),
    path(
        "requests/<uuid:request_pk>/departures/add/",
        views.DraftPartEditView.as_view(queryset=views.DEPARTURES, form=PrincipleDepartureForm),
        name="principledeparture_add",
    ),
    path(
        "departures/<uuid:pk>/delete/",
        views.DraftPartDeleteView.as_view(queryset=views.DEPARTURES),
        name="principledeparture_delete",
    ),
    path("reviews/<uuid:pk>/", views.ReviewView.as_view(), name="review"),
    path("conditions/<uuid:pk>/close/", views.CloseConditionView.as_view(), name="condition_close"),
]
