"""The demo portfolio: its size, its overlaps, its obsolete technology, and that it obeys the
metamodel and loads idempotently."""

from collections import defaultdict
from datetime import date

import pytest
from django.db.models import Count

from nakhon.archimate import metamodel
from nakhon.core.models import ChangeLogEntry, Channel
from nakhon.demo import applications, sample
from nakhon.portfolio.models import (
    ApplicationProfile,
    DataObjectProfile,
    TechnologyProfile,
    elements_reaching_end_of_support,
)
from nakhon.repository.models import Element, Relationship

pytestmark = pytest.mark.django_db

# A fixed day, so that what is "past" and "near" does not move with the calendar.
ON = date(2026, 11, 24)


def demo(key: str) -> Element:
    return Element.objects.get(identifier=applications.identifier(key))


def test_every_relationship_is_allowed_by_the_metamodel():
    """Checked on the files alone: every end's type, from the rows or from `sample`."""
    types = {spec.key: spec.type for spec in sample.ELEMENTS}
    types |= {spec.key: spec.type for spec in applications.plain_elements()}
    types |= {key: "ApplicationComponent" for key in applications.portfolio_keys()["applications"]}
    types |= {key: "DataObject" for key in applications.portfolio_keys()["data_objects"]}
    types |= {
        row.key: row.element_values.get("type") or types.get(row.key)
        for row in applications.technology_rows()
    }
    specs = applications.relationship_specs()
    assert len(specs) > 250
    refused = [
        (s.source, s.type, s.target)
        for s in specs
        if not metamodel.is_allowed(s.type, types[s.source], types[s.target])
    ]
    assert refused == []
    identifiers = [s.identifier for s in specs]
    assert len(identifiers) == len(set(identifiers))


def check_size_and_overlaps():
    assert 75 <= ApplicationProfile.objects.count() <= 90
    assert 25 <= DataObjectProfile.objects.count() <= 40
    assert 25 <= TechnologyProfile.objects.count() <= 40
    assert not Element.objects.filter(
        type="ApplicationComponent", application_profile=None
    ).exists()

    def units_realising(capability: str) -> set:
        rels = Relationship.objects.filter(
            type="Realization", target=demo(capability), source__type="ApplicationComponent"
        )
        return set(rels.values_list("source__owner_unit", flat=True))

    assert len(units_realising("cap-complaints")) >= 4
    assert len(units_realising("cap-document-management")) >= 4
    assert len(units_realising("cap-geospatial")) >= 4
    # Central and department systems, and district offices' own.
    owners = ApplicationProfile.objects.values("element__owner_unit__kind").annotate(n=Count("pk"))
    kinds = {row["element__owner_unit__kind"] for row in owners}
    assert {"department", "office", "district_office", "division"} <= kinds
    # Every TIME class is there, and so are applications not assessed or without a cost.
    assert {p.time_class for p in ApplicationProfile.objects.all()} >= {
        "invest",
        "migrate",
        "tolerate",
        "eliminate",
    }
    assert ApplicationProfile.objects.filter(yearly_cost=None).exists()


def check_obsolete_technology_sits_under_applications():
    reaching = elements_reaching_end_of_support(ON)
    assert {"Windows Server 2008 R2", "PHP 5.6"} <= set(reaching.values_list("name", flat=True))
    served = Relationship.objects.filter(
        source__in=reaching, target__type="ApplicationComponent"
    ).values_list("target__identifier", flat=True)
    assert applications.identifier("app-payroll") in set(served)
    assert TechnologyProfile.objects.filter(end_of_support=None).exists()
    assert TechnologyProfile.objects.filter(end_of_support__gt=date(2028, 1, 1)).exists()


def check_links_to_the_sample_business_layer():
    processes = Relationship.objects.filter(
        target__identifier__in=[
            sample.ElementSpec(k, "", "", "", "").identifier
            for k in (
                "process-issue-handling",
                "process-birth-registration",
                "process-permit-review",
            )
        ],
        source__identifier__in=[
            applications.identifier(k)
            for k in ("app-1555", "appservice-queue", "app-pwd-works", "app-permit-pwd")
        ],
    )
    assert processes.count() >= 4
    # The sample's own applications are described, not duplicated.
    oss = demo("app-bma-oss")
    assert oss.application_profile.time_class == "invest"
    assert oss.name == "ระบบ BMA OSS"


def check_loading_again_changes_nothing():
    by_channel = defaultdict(int)
    for channel in ChangeLogEntry.objects.values_list("channel", flat=True):
        by_channel[channel] += 1
    assert by_channel[Channel.SYSTEM] > 300
    log_size = ChangeLogEntry.objects.count()
    again = applications.load()
    assert ChangeLogEntry.objects.count() == log_size
    assert again.counts["elements"]["unchanged"] == again.total("elements") > 150
    assert again.counts["relationships"]["unchanged"] == again.total("relationships") > 250


def test_the_demo_portfolio():
    """One load (it takes seconds), checked from every side."""
    summary = sample.load()
    applications.load(summary)
    assert summary.counts["elements"]["created"] > 150
    check_size_and_overlaps()
    check_obsolete_technology_sits_under_applications()
    check_links_to_the_sample_business_layer()
    check_loading_again_changes_nothing()
