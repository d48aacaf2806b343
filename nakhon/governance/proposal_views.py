"""A review request's change proposal: its page under the request (the diff, its conflicts,
working in it, importing an Archi file into it). It is merged by the decision, not here."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from nakhon.core import permissions
from nakhon.core import proposals as core_proposals
from nakhon.core.services import Actor
from nakhon.core.views import Refused, call_service, proposal_context
from nakhon.governance import proposals
from nakhon.governance.models import ReviewRequest


def visible_request(user, pk) -> ReviewRequest:
    visible = ReviewRequest.objects.restrict(user, permissions.VIEW).select_related("proposal")
    return get_object_or_404(visible, pk=pk)


class RequestProposalView(LoginRequiredMixin, View):
    def get(self, request, pk):
        review_request = visible_request(request.user, pk)
        proposal = review_request.proposal
        page = reverse("governance:reviewrequest_proposal", args=[review_request.pk])
        context = {
            "review_request": review_request,
            "may_start": permissions.can(request.user, permissions.CHANGE, review_request)
            and core_proposals.may_propose(request.user),
            "import_next": page,
        }
        if proposal is not None:
            # Merged by the decision to approve the request, withdrawn by a refusal.
            context.update(proposal_context(request, proposal, hide_merge=True, hide_withdraw=True))
        return render(request, "governance/request_proposal.html", context)


class RequestProposalStartView(LoginRequiredMixin, View):
    """Start the request's proposal (if it has none) and work in it."""

    def post(self, request, pk):
        review_request = visible_request(request.user, pk)
        try:
            proposal = call_service(
                proposals.start,
                Actor.for_request(request),
                review_request,
                denial_is_refusal=True,
            )
        except Refused as refused:
            messages.error(request, refused.message)
        else:
            if request.POST.get("work_in") == "1" and proposal.is_open:
                request.session[core_proposals.SESSION_KEY] = str(proposal.pk)
                messages.info(
                    request,
                    _(
                        "You are working in the proposal of “%(request)s”: what you save now is "
                        "recorded in it, not in the live repository."
                    )
                    % {"request": review_request},
                )
        return redirect("governance:reviewrequest_proposal", review_request.pk)
