from nakhon.core.urls import object_urls
from nakhon.core.views import ObjectEditView
from nakhon.organization import views
from nakhon.organization.forms import OrgUnitForm

app_name = "organization"
urlpatterns = object_urls(
    "units",
    views.UNITS,
    list_view=views.OrgUnitListView,
    detail=views.OrgUnitView,
    edit=ObjectEditView,
    form=OrgUnitForm,
)
