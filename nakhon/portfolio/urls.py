from django.urls import path
from django.views.generic import RedirectView

from nakhon.core.urls import object_urls
from nakhon.portfolio import views

app_name = "portfolio"
urlpatterns = [
    path("", RedirectView.as_view(pattern_name="portfolio:applicationprofile_list"), name="index"),
    *object_urls(
        "applications",
        "applicationprofile",
        views.ApplicationPortfolioView,
        views.ApplicationProfileView,
        views.ApplicationProfileEditView,
        views.ApplicationProfileDeleteView,
        views.ApplicationProfileChangeLogView,
    ),
    *object_urls(
        "technology",
        "technologyprofile",
        views.TechnologyLifecycleView,
        views.TechnologyProfileView,
        views.TechnologyProfileEditView,
        views.TechnologyProfileDeleteView,
        views.TechnologyProfileChangeLogView,
    ),
    *object_urls(
        "data",
        "dataobjectprofile",
        views.DataObjectProfileListView,
        views.DataObjectProfileView,
        views.DataObjectProfileEditView,
        views.DataObjectProfileDeleteView,
        views.DataObjectProfileChangeLogView,
    ),
]
