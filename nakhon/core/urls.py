from django.urls import path

from nakhon.core import views


def object_urls(
    prefix: str,
    queryset,
    *,
    list_view,
    detail,
    edit,
    form,
    delete=views.ObjectDeleteView,
    changelog=views.ObjectChangeLogView,
) -> list:
    """The six pages every repository object has, under the same URL shapes, each showing the
    rows of `queryset` the user may see; its URL names start with the model's name."""
    name = queryset.model._meta.model_name
    shown = {"queryset": queryset}
    return [
        path(f"{prefix}/", list_view.as_view(**shown), name=f"{name}_list"),
        path(f"{prefix}/add/", edit.as_view(form=form, **shown), name=f"{name}_add"),
        path(f"{prefix}/<uuid:pk>/", detail.as_view(**shown), name=name),
        path(f"{prefix}/<uuid:pk>/edit/", edit.as_view(form=form, **shown), name=f"{name}_edit"),
        path(f"{prefix}/<uuid:pk>/delete/", delete.as_view(**shown), name=f"{name}_delete"),
        path(f"{prefix}/<uuid:pk>/changes/", changelog.as_view(**shown), name=f"{name}_changelog"),
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
    path("proposals/", views.ProposalListView.as_view(), name="proposal_list"),
    path("proposals/leave/", views.ProposalLeaveView.as_view(), name="proposal_leave"),
    path("proposals/<uuid:pk>/", views.ProposalDetailView.as_view(), name="proposal"),
    path("proposals/<uuid:pk>/work/", views.ProposalWorkView.as_view(), name="proposal_work"),
    path("proposals/<uuid:pk>/merge/", views.ProposalMergeView.as_view(), name="proposal_merge"),
    path(
        "proposals/<uuid:pk>/withdraw/",
        views.ProposalWithdrawView.as_view(),
        name="proposal_withdraw",
    ),
    path(
        "proposals/<uuid:pk>/changes/<int:op>/rebase/",
        views.ProposalRebaseView.as_view(),
        name="proposal_rebase",
    ),
    path(
        "proposals/<uuid:pk>/changes/<int:op>/remove/",
        views.ProposalOperationRemoveView.as_view(),
        name="proposal_remove",
    ),
    path("jobs/<uuid:pk>/", views.JobView.as_view(), name="job"),
    path("jobs/<uuid:pk>/file/", views.JobFileView.as_view(), name="job_file"),
]
