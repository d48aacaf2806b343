"""The pages of frameworks, people, assessments and the dashboards (under /capacity/)."""

from django.urls import path

from nakhon.capacity import skills_filtersets as filtersets
from nakhon.capacity import skills_forms as forms
from nakhon.capacity import skills_tables as tables
from nakhon.capacity import skills_views as views
from nakhon.core.urls import object_urls
from nakhon.core.views import ObjectDetailView, ObjectEditView

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("statistics.json", views.StatisticsView.as_view(), {"fmt": "json"}, name="statistics"),
    path("statistics.csv", views.StatisticsView.as_view(), {"fmt": "csv"}, name="statistics_csv"),
    path("me/", views.MyProfileView.as_view(), name="me"),
    path(
        "frameworks/<uuid:pk>/activate/",
        views.ActivateFrameworkView.as_view(),
        name="skillframework_activate",
    ),
    path(
        "frameworks/<uuid:pk>/new-edition/",
        views.NewEditionView.as_view(),
        name="skillframework_new_edition",
    ),
    path(
        "people/<uuid:pk>/anonymise/",
        views.AnonymisePersonView.as_view(),
        name="person_anonymise",
    ),
    *object_urls(
        "frameworks",
        views.FRAMEWORKS,
        list_view=views.list_view(filtersets.SkillFrameworkFilterSet, tables.SkillFrameworkTable),
        detail=views.SkillFrameworkDetailView,
        edit=ObjectEditView,
        form=forms.SkillFrameworkForm,
    ),
    *object_urls(
        "levels",
        views.LEVELS,
        list_view=views.list_view(
            filtersets.ProficiencyLevelFilterSet, tables.ProficiencyLevelTable
        ),
        detail=ObjectDetailView,
        edit=ObjectEditView,
        form=forms.ProficiencyLevelForm,
    ),
    *object_urls(
        "areas",
        views.AREAS,
        list_view=views.list_view(filtersets.SkillAreaFilterSet, tables.SkillAreaTable),
        detail=ObjectDetailView,
        edit=ObjectEditView,
        form=forms.SkillAreaForm,
    ),
    *object_urls(
        "targets",
        views.TARGETS,
        list_view=views.list_view(filtersets.TargetLevelFilterSet, tables.TargetLevelTable),
        detail=ObjectDetailView,
        edit=ObjectEditView,
        form=forms.TargetLevelForm,
    ),
    *object_urls(
        "people",
        views.PEOPLE,
        list_view=views.list_view(filtersets.PersonFilterSet, tables.PersonTable),
        detail=views.PersonDetailView,
        edit=views.OwnedByPersonEditView,
        form=forms.PersonForm,
    ),
    *object_urls(
        "assessments",
        views.ASSESSMENTS,
        list_view=views.list_view(filtersets.AssessmentFilterSet, tables.AssessmentTable),
        detail=ObjectDetailView,
        edit=views.AssessmentEditView,
        form=forms.AssessmentForm,
    ),
]
