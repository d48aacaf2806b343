"""Impact on the Bangkok demo: where a stopped data centre leaves citizens without a service."""

import pytest

from nakhon.analysis.graph import current_index
from nakhon.analysis.impact import ImpactQuery, impact_of
from nakhon.citizen_services.models import Delivery, ServiceProfile
from nakhon.organization.models import OrgUnit, UnitKind
from nakhon.repository.models import Element

pytestmark = pytest.mark.django_db


def test_a_service_delivered_at_every_district_office_is_stopped_in_all_50(bangkok_demo):
    centre = Element.objects.get(identifier="bma-demo-tech-dc-bma")
    query = ImpactQuery(centre.pk, element_types=("BusinessService",))
    impact = impact_of(current_index(), query, limit=None)

    everywhere = set(
        ServiceProfile.objects.filter(delivery=Delivery.ALL_DISTRICTS).values_list(
            "element_id", flat=True
        )
    )
    stopped = [hit for hit in impact.hits if hit.node.id in everywhere]
    assert stopped, "the demo's data centre hosts no service delivered at every district office"
    offices = OrgUnit.objects.filter(kind=UnitKind.DISTRICT_OFFICE)
    assert offices.count() == 50
    for hit in stopped:
        assert {d.pk for d in hit.node.districts} == set(offices.values_list("pk", flat=True))
