from django.urls import path

from nakhon.core.urls import object_urls
from nakhon.core.views import OwnedEditView
from nakhon.repository import forms, views

app_name = "repository"


urlpatterns = [
    *object_urls(
        "elements",
        views.ELEMENTS,
        list_view=views.ElementListView,
        detail=views.ElementView,
        edit=OwnedEditView,
        form=forms.ElementForm,
    ),
    path("elements/<uuid:pk>/candidates/", views.element_candidates, name="element_candidates"),
    path(
        "elements/<uuid:pk>/relationships/add/",
        views.relationship_add,
        name="element_relationship_add",
    ),
    *object_urls(
        "relationships",
        views.RELATIONSHIPS,
        list_view=views.RelationshipListView,
        detail=views.RelationshipView,
        edit=views.RelationshipEditView,
        form=forms.RelationshipForm,
        delete=views.RelationshipDeleteView,
    ),
    *object_urls(
        "plateaus",
        views.PLATEAUS,
        list_view=views.PlateauListView,
        detail=views.PlateauView,
        edit=OwnedEditView,
        form=forms.PlateauForm,
    ),
    *object_urls(
        "views",
        views.VIEWS,
        list_view=views.DiagramListView,
        detail=views.DiagramView,
        edit=OwnedEditView,
        form=forms.ViewForm,
    ),
]
