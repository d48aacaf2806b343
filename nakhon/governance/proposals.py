"""A review request's architectural content is a change proposal (`nakhon.core.proposals`):
one per request, started by its unit while drafting, shown as a diff against the repository,
and merged into it when the request is approved (`workflow.decide` calls `merge_on_approval`).
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from nakhon.core import permissions, proposals
from nakhon.core.models import Proposal
from nakhon.core.services import Actor, service_for
from nakhon.governance.models import ReviewRequest


def start(actor: Actor, request: ReviewRequest) -> Proposal:
    """The request's proposal, started now if it has none (by whoever may edit the draft)."""
    if request.proposal_id:
        return request.proposal
    if not permissions.can(actor.user, permissions.CHANGE, request):
        raise PermissionDenied(
            _("Only the editors of %(unit)s or the EA office may change “%(request)s”.")
            % {"unit": request.owner_unit, "request": request}
        )
    with transaction.atomic():
        proposal = proposals.open_proposal(actor.user, request.title)
        live = Actor(user=actor.user, channel=actor.channel, batch=actor.batch)
        service_for(ReviewRequest).update(live, request, version=None, proposal=proposal)
        request.proposal = proposal
    return proposal


def merge_on_approval(actor: Actor, request: ReviewRequest):
    """Merge the request's open proposal as it is approved: one change-log batch (its id), or
    ProposalConflict, in which case nothing is written and the decision must wait until the
    conflicts are resolved in the proposal. None when there is nothing to merge."""
    proposal = request.proposal
    if proposal is None or not proposal.is_open:
        return None
    return proposals.merge(actor, proposal)


def withdraw_on_refusal(actor: Actor, request: ReviewRequest) -> None:
    """A rejected or dismissed request's proposal is withdrawn: it is never merged."""
    proposal = request.proposal
    if proposal is not None and proposal.is_open:
        proposals.withdraw(actor.user, proposal)
