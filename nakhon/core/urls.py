from django.urls import path

from nakhon.core import views


def object_urls(prefix: str, name: str, list_view, detail, edit, delete, changelog) -> list:
    """The five pages every repository object has, under the same URL shapes."""
    return [
        path(f"{prefix}/", list_view.as_view(), name=f"{name}_list"),
        path(f"{prefix}/add/", edit.as_view(), name=f"{name}_add"),
        path(f"{prefix}/<uuid:pk>/", detail.as_view(), name=name),
        path(f"{prefix}/<uuid:pk>/edit/", edit.as_view(), name=f"{name}_edit"),
        path(f"{prefix}/<uuid:pk>/delete/", delete.as_view(), name=f"{name}_delete"),
        path(f"{prefix}/<uuid:pk>/changes/", changelog.as_view(), name=f"{name}_changelog"),
    ]


app_name = "core"
urlpatterns = [
    path("changes/", views.ChangeLogListView.as_view(), name="changelog_list"),
    path("changes/<int:pk>/", views.ChangeLogDetailView.as_view(), name="changelog"),
    path("changes/<int:pk>/revert/", views.RevertView.as_view(), name="changelog_revert"),
    path(
        "changes/batch/<uuid:batch>/revert/",
        views.BatchRevertView.as_view(),
        name="changelog_batch_revert",
    ),
    path("jobs/<uuid:pk>/", views.JobView.as_view(), name="job"),
    path("jobs/<uuid:pk>/file/", views.JobFileView.as_view(), name="job_file"),
]
