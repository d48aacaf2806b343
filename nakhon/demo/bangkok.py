"""The whole Bangkok demo, in one transaction: `sample` (the org tree and a small architecture),
then the portfolio, the citizen services, the applications that serve them, the strategy, the
governance principles and standards and the review requests on top of it, the baseline and
target plateaus over all of it, the EA office's dismissed redundancy findings, the change
proposals, and the capacity-building programme's frameworks, people, ratings, events and
mentoring. Loading it again changes nothing."""

from django.db import transaction

from nakhon.demo import (
    applications,
    capacity_events,
    capacity_skills,
    delivery,
    findings,
    proposals,
    reviews,
    sample,
    services,
    standards,
    states,
    strategy,
)


def load(user=None) -> sample.Summary:
    user = user or sample.demo_user()
    with transaction.atomic():
        summary = sample.load(user, with_plateaus=False)
        applications.load(summary, user)
        services.load(summary, user)
        delivery.load(summary, user)
        strategy.load(summary, user)
        standards.load(summary, user)
        reviews.load(summary, user)
        states.load(summary, user)
        findings.load(summary, user)
        proposals.load(summary, user)
        capacity_skills.load(summary, user)
        capacity_events.load(summary, user)
    return summary
