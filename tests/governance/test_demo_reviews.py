"""The Bangkok demo's review requests (read from the demo, loaded once)."""

from decimal import Decimal

import pytest
from django.utils import timezone

from nakhon.demo import reviews, sample
from nakhon.governance import dashboard
from nakhon.governance.models import Finding, ReviewRequest
from nakhon.governance.models.requests import ConditionState, Decision, RequestState

pytestmark = pytest.mark.django_db


def test_requests_in_every_state_and_decision(bangkok_demo):
    loaded = demo_requests()
    assert loaded.count() == 11
    assert {r.state for r in loaded} == set(RequestState.values)
    decided = {r.decision for r in loaded if r.decision}
    assert decided == set(Decision.values)


def test_the_district_complaint_system_is_found_to_duplicate_the_citys(bangkok_demo):
    request = ReviewRequest.objects.get(title="จัดหาระบบรับเรื่องร้องเรียนของสำนักงานเขตจตุจักร")
    assert request.state == RequestState.SUBMITTED
    finding = Finding.objects.get(request=request, check_kind="duplication")
    assert "ระบบศูนย์รับเรื่องราวร้องทุกข์ กทม. 1555" in finding.message_en


def demo_requests():
    titles = [row["title"] for row in sample.read_json(reviews.REQUESTS_JSON)["requests"]]
    return ReviewRequest.objects.filter(title__in=titles)


def test_the_dashboard_has_something_to_show_in_every_part(bangkok_demo):
    figures = dashboard.figures(demo_requests(), timezone.localdate())
    assert len(figures["late"]) >= 2
    # 850,000 + 5,400,000 + 12,500,000 + 1,900,000 awaiting a decision.
    assert figures["budget_under_review"] == Decimal("20650000.00")
    assert figures["budget_unknown"] == 0
    assert figures["median_days_to_decision"] is not None
    assert figures["overdue_conditions"] and figures["expiring_waivers"]
    closed = ReviewRequest.objects.get(state=RequestState.CLOSED)
    assert closed.conditions.get().state == ConditionState.MET


def test_loading_the_requests_again_changes_nothing(bangkok_demo):
    summary = sample.Summary()
    reviews.load(summary)
    counts = summary.counts[reviews.REVIEW_REQUESTS]
    assert counts["unchanged"] == summary.total(reviews.REVIEW_REQUESTS) == 11
    assert summary.counts["elements"]["unchanged"] == summary.total("elements") == 6
