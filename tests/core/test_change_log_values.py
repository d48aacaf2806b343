from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType

from nakhon.citizen_services.models import ServiceProfile
from nakhon.core.filtersets import ChangeLogFilterSet
from nakhon.core.models import ChangeLogEntry
from nakhon.organization.models import OrgUnit
from nakhon.portfolio.models import ApplicationProfile
from nakhon.portfolio.services import application_profiles
from nakhon.repository.models import Element, View

pytestmark = pytest.mark.django_db


def test_a_decimal_is_logged_with_its_stored_places_and_resaving_it_is_no_change(
    system_actor, unit_a
):
    app = application_profiles.create(
        system_actor, name="ระบบ", owner_unit=unit_a, yearly_cost=Decimal("100")
    )
    entry = ChangeLogEntry.objects.get(object_id=str(app.pk), after__yearly_cost__isnull=False)
    assert entry.after["yearly_cost"] == "100.00"
    stored = ApplicationProfile.objects.get(pk=app.pk)
    again = application_profiles.update(
        system_actor, stored, version=stored.version, yearly_cost=Decimal("100")
    )
    assert again.version == stored.version
    assert ChangeLogEntry.objects.filter(object_id=str(app.pk)).count() == 2  # element, profile


def test_the_log_can_be_filtered_by_every_kind_of_object_the_services_write(system_actor, unit_a):
    offered = set(ChangeLogFilterSet().filters["content_type"].queryset(None))
    for model in (Element, ApplicationProfile, ServiceProfile, OrgUnit, View):
        assert ContentType.objects.get_for_model(model) in offered
    app = application_profiles.create(system_actor, name="ระบบ", owner_unit=unit_a)
    profile_type = ContentType.objects.get_for_model(ApplicationProfile)
    found = ChangeLogFilterSet(
        {"content_type": profile_type.pk}, queryset=ChangeLogEntry.objects.all()
    ).qs
    assert [e.object_id for e in found] == [str(app.pk)]
