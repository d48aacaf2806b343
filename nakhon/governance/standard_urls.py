"""URLs of the principles and standards pages (included by the app's urls.py)."""

from django.urls import path

from nakhon.core.urls import object_urls
from nakhon.governance import check_views, standard_forms, standard_views

urlpatterns = [
    path(
        "requests/<uuid:pk>/checks/",
        check_views.RequestChecksView.as_view(),
        name="reviewrequest_checks",
    ),
    path(
        "standards/review/",
        standard_views.StandardsDueForReviewView.as_view(queryset=standard_views.STANDARDS),
        name="standard_review",
    ),
    path(
        "standards/radar/",
        standard_views.StandardRadarView.as_view(queryset=standard_views.STANDARDS),
        name="standard_radar",
    ),
    *object_urls(
        "standards",
        standard_views.STANDARDS,
        list_view=standard_views.StandardListView,
        detail=standard_views.StandardDetailView,
        edit=standard_views.StandardEditView,
        form=standard_forms.StandardForm,
    ),
    *object_urls(
        "principles",
        standard_views.PRINCIPLES,
        list_view=standard_views.PrincipleListView,
        detail=standard_views.PrincipleDetailView,
        edit=standard_views.PrincipleEditView,
        form=standard_forms.PrincipleForm,
        delete=standard_views.PrincipleDeleteView,
    ),
]
