from django.urls import path

from nakhon.core.urls import object_urls
from nakhon.repository import views

app_name = "repository"


urlpatterns = [
    *object_urls(
        "elements",
        "element",
        views.ElementListView,
        views.ElementView,
        views.ElementEditView,
        views.ElementDeleteView,
        views.ElementChangeLogView,
    ),
    path("elements/<uuid:pk>/candidates/", views.element_candidates, name="element_candidates"),
    path(
        "elements/<uuid:pk>/relationships/add/",
        views.relationship_add,
        name="element_relationship_add",
    ),
    *object_urls(
        "relationships",
        "relationship",
        views.RelationshipListView,
        views.RelationshipView,
        views.RelationshipEditView,
        views.RelationshipDeleteView,
        views.RelationshipChangeLogView,
    ),
    *object_urls(
        "plateaus",
        "plateau",
        views.PlateauListView,
        views.PlateauView,
        views.PlateauEditView,
        views.PlateauDeleteView,
        views.PlateauChangeLogView,
    ),
    *object_urls(
        "views",
        "view",
        views.ViewListView,
        views.ViewView,
        views.ViewEditView,
        views.ViewDeleteView,
        views.ViewChangeLogView,
    ),
]
