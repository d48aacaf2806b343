"""Totals over a set of application profiles: yearly cost and users per unit and per TIME class.

The database sums; a unit's or a class's row is one query row, however many applications.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum

from nakhon.organization.models import OrgUnit
from nakhon.portfolio.models import TimeClass, time_class_expression


@dataclass(frozen=True)
class Total:
    """The applications of one group, what they cost a year and how many use them."""

    label: object  # an OrgUnit, a TimeClass, or None for "no unit" / "not assessed"
    count: int
    yearly_cost: Decimal
    users: int
    costed: int  # how many of them have a yearly cost: the rest are not in the sum


def _totals(profiles, group_by: str) -> dict:
    rows = (
        profiles.order_by()
        .values(group_by)
        .annotate(
            count=Count("pk"),
            cost_sum=Sum("yearly_cost"),
            user_sum=Sum("users"),
            costed=Count("yearly_cost"),
        )
    )
    return {
        row[group_by]: (
            row["count"],
            row["cost_sum"] or Decimal(0),
            row["user_sum"] or 0,
            row["costed"],
        )
        for row in rows
    }


def cost_by_unit(profiles) -> list[Total]:
    """Per owning unit, the most expensive first; applications without a unit come last."""
    totals = _totals(profiles, "element__owner_unit")
    units = OrgUnit.objects.select_related("element").in_bulk([k for k in totals if k])
    result = [Total(units.get(key), *values) for key, values in totals.items()]
    return sorted(result, key=lambda t: (t.label is None, -t.yearly_cost, str(t.label)))


def cost_by_time_class(profiles) -> list[Total]:
    """Per TIME class in the model's order, then the applications not assessed yet."""
    totals = _totals(profiles.annotate(time_group=time_class_expression()), "time_group")
    ordered = [*TimeClass, None]
    return [
        Total(time if time is None else TimeClass(time), *totals[time])
        for time in ordered
        if time in totals
    ]


def grand_total(totals: list[Total]) -> Total:
    return Total(
        None,
        sum(t.count for t in totals),
        sum((t.yearly_cost for t in totals), Decimal(0)),
        sum(t.users for t in totals),
        sum(t.costed for t in totals),
    )
