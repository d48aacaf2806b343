"""What the sample holds (the org tree and a small architecture), and what the analyses answer
from it: every test here only reads the sample, loaded once for the module."""

import pytest

from nakhon.analysis.graph import current_index
from nakhon.analysis.impact import ImpactQuery, impact_of, service_summary
from nakhon.archimate.metamodel import allowed_relationship_types
from nakhon.core.models import ChangeLogEntry, Channel
from nakhon.demo import sample
from nakhon.organization.models import OrgUnit, UnitKind, User
from nakhon.repository.models import Element, Plateau, PlateauState, Relationship, View

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sample_demo")]


def test_load_writes_through_the_services_as_the_demo_user():
    entries = ChangeLogEntry.objects.all()
    assert entries.exists()
    assert set(entries.values_list("user__username", flat=True)) == {sample.DEMO_USERNAME}
    assert set(entries.values_list("channel", flat=True)) == {Channel.SHELL}
    assert len(set(entries.values_list("batch", flat=True))) == 1


def test_demo_user_is_an_admin_who_cannot_sign_in():
    user = User.objects.get(username=sample.DEMO_USERNAME)
    assert user.role == "admin"
    assert not user.has_usable_password()


def test_load_creates_the_50_district_offices_with_codes_1001_to_1050():
    districts = OrgUnit.objects.filter(kind=UnitKind.DISTRICT_OFFICE)
    assert sorted(districts.values_list("code", flat=True)) == [
        str(code) for code in range(1001, 1051)
    ]
    phra_nakhon = districts.get(code="1001")
    assert phra_nakhon.element.name == "สำนักงานเขตพระนคร"
    assert phra_nakhon.element.name_en == "Phra Nakhon District Office"
    assert phra_nakhon.element.identifier == "bma-district-1001"
    assert phra_nakhon.parent.element.identifier == "bma-city"


def test_the_bma_has_16_departments_and_3_offices():
    offices = OrgUnit.objects.filter(kind=UnitKind.OFFICE)
    departments = OrgUnit.objects.filter(kind=UnitKind.DEPARTMENT)
    assert sorted(offices.values_list("code", flat=True)) == ["OCC", "OGS", "OPS"]
    assert departments.count() == 16
    assert departments.filter(code__in=["BUD", "CSC"]).count() == 2
    assert OrgUnit.objects.get(code="SED").element.identifier == "bma-unit-SED"


def test_divisions_sit_under_the_sample_district_and_own_its_services():
    divisions = OrgUnit.objects.filter(kind=UnitKind.DIVISION)
    assert divisions.count() == len(sample.DIVISIONS)
    assert {d.parent.code for d in divisions} == {sample.SAMPLE_DISTRICT_CODE}
    permit = Element.objects.get(identifier="bma-demo-service-building-permit")
    assert permit.name == "การขออนุญาตก่อสร้างอาคาร"
    assert permit.owner_unit.element.name == "ฝ่ายโยธา สำนักงานเขตพระนคร"


def test_stored_relationships_match_the_metamodel_and_the_sample_size():
    stored = Relationship.objects.select_related("source", "target")
    assert stored.count() >= 30
    for relationship in stored:
        assert relationship.type in allowed_relationship_types(
            relationship.source.type, relationship.target.type
        )


def test_sample_has_about_thirty_elements_across_the_layers():
    architecture = Element.objects.filter(identifier__startswith="bma-demo-")
    layers = {element.layer for element in architecture}
    assert 30 <= architecture.count() <= 45
    assert {"strategy", "business", "application", "technology", "motivation"} <= layers
    assert all(element.name and element.name_en for element in architecture)


def test_baseline_and_target_plateaus_hold_their_members():
    baseline = Plateau.objects.get(element__identifier="bma-demo-plateau-2562")
    target = Plateau.objects.get(element__identifier="bma-demo-plateau-2570")
    assert (baseline.state, target.state) == (PlateauState.BASELINE, PlateauState.TARGET)
    oss = Element.objects.get(identifier="bma-demo-app-bma-oss")
    assert oss in target.elements.all()
    assert oss not in baseline.elements.all()
    assert baseline.elements.count() < target.elements.count()
    assert target.relationships.exists()


def test_view_draws_nodes_and_connections_of_the_building_permit():
    view = View.objects.get(identifier="bma-demo-view-building-permit")
    assert view.nodes.count() == len(sample.BUILDING_PERMIT_VIEW.nodes)
    assert view.connections.count() == len(sample.BUILDING_PERMIT_VIEW.connections)


def test_the_demo_answers_which_services_stop_with_the_data_centre(system_actor):
    server = sample.Element.objects.get(identifier="bma-demo-node-data-centre")
    query = ImpactQuery(server.pk, element_types=("BusinessService",))
    impact = impact_of(current_index(), query, limit=None)
    names = {hit.node.element.name_en for hit in impact.hits}
    summary = service_summary(impact.hits)

    # What the data centre's hosting carries: BMA OSS, the GIS and Siang Mueang.
    assert {"Building permit", "Reporting city problems"} <= names
    assert "Birth registration" not in names  # runs on the civil-registry link, not here
    assert "Phra Nakhon District Office" in {d.element.name_en for d in summary.districts}
