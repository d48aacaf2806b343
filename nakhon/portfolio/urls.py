from django.urls import path
from django.views.generic import RedirectView

from nakhon.core.urls import object_urls
from nakhon.portfolio import forms, views


def profile_urls(prefix: str, queryset, list_view, form) -> list:
    """A profile's pages: its own list, and the detail, edit and delete pages all profiles share."""
    return object_urls(
        prefix,
        queryset,
        list_view=list_view,
        detail=views.ProfileDetailView,
        edit=views.ProfileEditView,
        form=form,
        delete=views.ProfileDeleteView,
    )


app_name = "portfolio"
urlpatterns = [
    path("", RedirectView.as_view(pattern_name="portfolio:applicationprofile_list"), name="index"),
    *profile_urls(
        "applications",
        views.APPLICATIONS,
        views.ApplicationPortfolioView,
        forms.ApplicationProfileForm,
    ),
    *profile_urls(
        "technology",
        views.TECHNOLOGY,
        views.TechnologyLifecycleView,
        forms.TechnologyProfileForm,
    ),
    *profile_urls(
        "data", views.DATA_OBJECTS, views.DataObjectProfileListView, forms.DataObjectProfileForm
    ),
]
