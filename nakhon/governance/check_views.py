"""A review request's automatic checks: what they found when it was submitted, and what they
would find now (for a draft, before submitting; later, with the waivers granted since).
Nothing is stored here: only the submission stores findings."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, render
from django.views import View

from nakhon.core import permissions
from nakhon.governance import checks
from nakhon.governance.models import ReviewRequest
from nakhon.governance.models.requests import RequestState


class RequestChecksView(LoginRequiredMixin, View):
    def get(self, request, pk):
        visible = ReviewRequest.objects.restrict(request.user, permissions.VIEW)
        review_request = get_object_or_404(visible.select_related("proposal"), pk=pk)
        draft = review_request.state == RequestState.DRAFT
        context = {
            "review_request": review_request,
            "stored": list(review_request.findings.all()),
            "preview": checks.run_checks(review_request),
            "draft": draft,
        }
        return render(request, "governance/request_checks.html", context)
