from django.urls import path

from nakhon.interchange import views

app_name = "interchange"
urlpatterns = [
    path("import/", views.import_start, name="import"),
    path("import/confirm/", views.import_confirm, name="import_confirm"),
    path("import/jobs/<uuid:pk>/confirm/", views.import_job_confirm, name="import_job_confirm"),
    path("import/proposal/<uuid:pk>/", views.import_into_proposal, name="import_into_proposal"),
    path("export/", views.export, name="export"),
    path("template.xlsx", views.template, name="template"),
]
