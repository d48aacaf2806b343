from nakhon.core.urls import object_urls
from nakhon.organization import views

app_name = "organization"
urlpatterns = object_urls(
    "units",
    "orgunit",
    views.OrgUnitListView,
    views.OrgUnitView,
    views.OrgUnitEditView,
    views.OrgUnitDeleteView,
    views.OrgUnitChangeLogView,
)
