"""The demo's citizen services: 40+ with complete profiles, a varied assessment, idempotent."""

import pytest

from nakhon.citizen_services.models import Assessment, Outcome, ServiceProfile
from nakhon.core.models import ChangeLogEntry
from nakhon.demo import sample
from nakhon.demo import services as demo_services
from tests.conftest import kept_for_the_module

pytestmark = pytest.mark.django_db


def sample_and_services():
    sample.load()
    return demo_services.load()


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """The sample and the citizen services, loaded once for the module."""
    yield from kept_for_the_module(django_db_blocker, sample_and_services)


def test_forty_and_more_services_each_with_a_complete_profile(loaded):
    profiles = ServiceProfile.objects.select_related("element__owner_unit").prefetch_related(
        "channels", "steps", "documents"
    )
    assert profiles.count() == len(demo_services.SERVICES) >= 40
    for profile in profiles:
        element = profile.element
        assert element.name and element.name_en and element.owner_unit, element
        assert profile.legal_basis and profile.annual_volume > 0, element
        assert profile.legal_days is not None and profile.actual_days is not None, element
        assert profile.channels.exists() and profile.steps.exists(), element
        assert profile.assessments.filter(is_current=True).count() == 1


def test_sample_services_get_their_profile_on_the_same_element(loaded):
    permit = ServiceProfile.objects.get(element__identifier="bma-demo-service-building-permit")
    assert permit.element.name == "การขออนุญาตก่อสร้างอาคาร"
    assert permit.legal_days == 45  # the district's time limit for a building permit


def test_the_assessment_shows_a_varied_picture(loaded):
    current = Assessment.objects.filter(is_current=True)
    for outcome in Outcome.values:
        levels = set(current.values_list(outcome, flat=True)) - {None}
        assert len(levels) >= 3, (outcome, levels)
    scores = sorted(current.values_list("score", flat=True))
    assert scores[0] < 30 < 60 < scores[-1]


def test_the_demo_dashboards_show_coverage(loaded, admin_client):
    """Some demo facts are not known (an issuer not known to be a state agency, say): the
    dashboards say what each average rests on."""
    page = admin_client.get("/services/")
    city = page.context["rollup"]
    covered = city.coverage["no_copies"]
    assert covered.services == len(demo_services.SERVICES)
    assert 0 < covered.assessed <= covered.services
    html = page.content.decode()
    assert html.count('data-testid="coverage"') == len(Outcome.values)
    assert 'data-testid="department-coverage"' in html
    assert "Rests on" in html


def test_loading_again_changes_nothing(loaded):
    logged, assessed = ChangeLogEntry.objects.count(), Assessment.objects.count()
    sample.load()
    summary = demo_services.load()
    assert summary.counts["elements"]["unchanged"] == len(demo_services.SERVICES)
    assert (ChangeLogEntry.objects.count(), Assessment.objects.count()) == (logged, assessed)
