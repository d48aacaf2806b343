"""The governance dashboard's figures: requests by state, unit and fiscal year, the budget
under review, the median time to a decision, late reviews, open conditions and waivers that
expire soon. Unknown budgets are counted apart, never summed as zero."""

from __future__ import annotations

import statistics
from datetime import date, timedelta

from django.db.models import Count, Q, Sum

from nakhon.governance.models import Condition, ReviewRequest, Waiver
from nakhon.governance.models.requests import ConditionState, RequestState
from nakhon.governance.workflow import AWAITING_DECISION

WAIVER_HORIZON_DAYS = 90
UNKNOWN_BUDGET = Count("pk", filter=Q(budget__isnull=True))


def figures(requests, today: date) -> dict:
    """The dashboard of the requests in `requests` (already restricted to what the reader
    may see), on `today`."""
    by_state = dict(requests.values_list("state").annotate(n=Count("pk")).order_by())
    awaiting = requests.filter(state__in=AWAITING_DECISION)
    budget = awaiting.aggregate(
        total=Sum("budget"),
        known=Count("pk", filter=Q(budget__isnull=False)),
        unknown=Count("pk", filter=Q(budget__isnull=True)),
    )
    decided = requests.filter(decided_at__isnull=False, submitted_at__isnull=False)
    durations = [
        (d - s).total_seconds() / 86400
        for s, d in decided.values_list("submitted_at", "decided_at")
    ]
    late = awaiting.filter(deadline__lt=today).select_related("owner_unit__element")
    open_conditions = Condition.objects.filter(
        request__in=requests, state=ConditionState.OPEN
    ).select_related("request", "owner")
    expiring = Waiver.objects.filter(
        request__in=requests,
        expires_on__gte=today,
        expires_on__lte=today + timedelta(days=WAIVER_HORIZON_DAYS),
    ).select_related("request")
    return {
        "by_state": [(state, by_state.get(state.value, 0)) for state in RequestState],
        "by_unit": list(
            requests.values("owner_unit", "owner_unit__element__name")
            .annotate(n=Count("pk"), total_budget=Sum("budget"), unknown=UNKNOWN_BUDGET)
            .order_by("-n", "owner_unit__element__name")
        ),
        "by_fiscal_year": list(
            requests.values("fiscal_year")
            .annotate(n=Count("pk"), total_budget=Sum("budget"), unknown=UNKNOWN_BUDGET)
            .order_by("fiscal_year")
        ),
        "budget_under_review": budget["total"] if budget["known"] else None,
        "budget_known": budget["known"],
        "budget_unknown": budget["unknown"],
        "median_days_to_decision": statistics.median(durations) if durations else None,
        "decided_count": len(durations),
        "late": list(late),
        "open_conditions": list(open_conditions),
        "overdue_conditions": [c for c in open_conditions if c.is_overdue(today)],
        "expiring_waivers": list(expiring),
        "waiver_horizon": WAIVER_HORIZON_DAYS,
    }


def requests_for(user):
    return ReviewRequest.objects.restrict(user)
