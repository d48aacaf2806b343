from django.urls import path

from nakhon.interchange.api import views

app_name = "interchange-api"
urlpatterns = [
    path("import/", views.ImportView.as_view(), name="import"),
    path("export/", views.ExportView.as_view(), name="export"),
]
