"""The pages of a review request's change proposal, mounted by the app's urls.py."""

from django.urls import path

from nakhon.governance import proposal_views as views

urlpatterns = [
    path(
        "requests/<uuid:pk>/proposal/",
        views.RequestProposalView.as_view(),
        name="reviewrequest_proposal",
    ),
    path(
        "requests/<uuid:pk>/proposal/start/",
        views.RequestProposalStartView.as_view(),
        name="reviewrequest_proposal_start",
    ),
]
