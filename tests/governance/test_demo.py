"""The Bangkok demo's principles and standards catalogue (read from the demo, loaded once)."""

from datetime import date

import pytest

from nakhon.demo import sample, standards
from nakhon.governance.models import PrincipleProfile, Standard, StandardStatus
from nakhon.portfolio.models import TechnologyProfile

pytestmark = pytest.mark.django_db


def test_principles_are_bilingual_principle_elements(bangkok_demo):
    loaded = PrincipleProfile.objects.select_related("element")
    assert loaded.count() == 8
    for principle in loaded:
        assert principle.element.type == "Principle"
        assert principle.code and principle.element.name and principle.element.name_en
        for field in ("rationale", "rationale_en", "implications", "implications_en"):
            assert getattr(principle, field), (principle, field)


def test_catalogue_covers_the_demo_technology_with_every_status(bangkok_demo):
    catalogue = Standard.objects.prefetch_related("elements")
    assert {s.status for s in catalogue} == set(StandardStatus.values)
    covered = {e.pk for s in catalogue for e in s.elements.all()}
    # All but the units' own hardware nodes, left out so that "not in the catalogue" has cases.
    uncovered = TechnologyProfile.objects.exclude(pk__in=covered)
    assert sorted(p.element.identifier for p in uncovered) == [
        "bma-demo-tech-node-district",
        "bma-demo-tech-node-fin",
        "bma-demo-tech-node-msd",
    ]
    # Windows Server 2012 R2, past its end of support, is retired.
    retired = Standard.objects.get(elements__identifier="bma-demo-tech-win2012")
    assert retired.status == StandardStatus.RETIRE


def test_some_standards_are_past_review_and_some_not_known(bangkok_demo):
    assert Standard.objects.past_review(date(2026, 12, 3)).count() >= 5
    assert Standard.objects.filter(review_date__isnull=True).exists()


def test_loading_the_standards_again_changes_nothing(bangkok_demo):
    summary = sample.Summary()
    standards.load(summary)
    assert summary.counts["standards"]["unchanged"] == summary.total("standards") == 28
    assert summary.counts["elements"]["unchanged"] == summary.total("elements") == 8
