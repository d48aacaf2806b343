"""Impact and dependency on hand-built models whose answers are written here."""

import pytest
from django.utils import translation

from nakhon.analysis.graph import current_index
from nakhon.analysis.impact import (
    DOWNSTREAM,
    ImpactQuery,
    NotInIndex,
    impact_of,
    service_summary,
)
from nakhon.citizen_services.services import service_profiles
from nakhon.organization.models import UnitKind
from nakhon.organization.services import org_units


@pytest.fixture
def districts(system_actor, city):
    """Two district offices, a division of the first, and a department."""

    def unit(name, kind, parent):
        return org_units.create(system_actor, name=name, name_en=name, kind=kind, parent=parent)

    bang_rak = unit("สำนักงานเขตบางรัก", UnitKind.DISTRICT_OFFICE, city)
    return {
        "bang_rak": bang_rak,
        "registration": unit("ฝ่ายทะเบียน เขตบางรัก", UnitKind.DIVISION, bang_rak),
        "sathon": unit("สำนักงานเขตสาทร", UnitKind.DISTRICT_OFFICE, city),
        "health": unit("สำนักอนามัย", UnitKind.DEPARTMENT, city),
    }


@pytest.fixture
def city_model(model, districts):
    """server -> hosting -> app -> app service -> process -> permit (Bang Rak's registration
    division); app -> clinic booking (Health, serving Sathon's office); a second app on its
    own server; a report the app writes."""
    model.element("server", "Node", "เครื่องแม่ข่าย X")
    model.element("hosting", "TechnologyService", "บริการโฮสต์")
    model.element("app", "ApplicationComponent", "ระบบใบอนุญาต")
    model.element("appservice", "ApplicationService", "บริการยื่นคำขอ")
    model.element("process", "BusinessProcess", "การพิจารณาคำขอ")
    model.element("permit", "BusinessService", "การขออนุญาต", owner_unit=districts["registration"])
    model.element("booking", "BusinessService", "การจองคิวคลินิก", owner_unit=districts["health"])
    model.element("report", "DataObject", "รายงาน")
    model.element("other-server", "Node", "เครื่องแม่ข่าย Y")
    model.element("other-app", "ApplicationComponent", "ระบบอื่น")
    model.rel("server", "Realization", "hosting")
    model.rel("hosting", "Serving", "app")
    model.rel("app", "Realization", "appservice")
    model.rel("appservice", "Serving", "process")
    model.rel("process", "Realization", "permit")
    model.rel("app", "Serving", "booking")
    model.objects["sathon"] = districts["sathon"].element
    model.rel("booking", "Serving", "sathon")
    model.rel("app", "Access", "report", access_type="Write")
    model.rel("other-server", "Serving", "other-app")
    model.rel("other-app", "Serving", "process")
    return model


def found(impact) -> dict:
    return {hit.node.name: hit.depth for hit in impact.hits}


def test_shutting_the_server_stops_these_services_in_these_districts(city_model):
    query = ImpactQuery(city_model["server"].pk, element_types=("BusinessService",))
    impact = impact_of(current_index(), query, limit=None)

    assert found(impact) == {"การขออนุญาต": 5, "การจองคิวคลินิก": 3}
    by_name = {hit.node.name: hit for hit in impact.hits}
    assert [str(d) for d in by_name["การขออนุญาต"].node.districts] == ["สำนักงานเขตบางรัก"]
    assert [str(d) for d in by_name["การจองคิวคลินิก"].node.districts] == ["สำนักงานเขตสาทร"]
    summary = service_summary(impact.hits)
    assert [str(d) for d in summary.districts] == ["สำนักงานเขตบางรัก", "สำนักงานเขตสาทร"]
    path = by_name["การขออนุญาต"].path
    assert [s.node.name for s in path] == [
        "เครื่องแม่ข่าย X",
        "บริการโฮสต์",
        "ระบบใบอนุญาต",
        "บริการยื่นคำขอ",
        "การพิจารณาคำขอ",
        "การขออนุญาต",
    ]
    assert [s.relationship_type for s in path] == [
        "",
        "Realization",
        "Serving",
        "Realization",
        "Serving",
        "Realization",
    ]


def test_everything_upstream_with_depths(city_model):
    impact = impact_of(current_index(), ImpactQuery(city_model["server"].pk), limit=None)

    assert found(impact) == {
        "บริการโฮสต์": 1,
        "ระบบใบอนุญาต": 2,
        "บริการยื่นคำขอ": 3,
        "การจองคิวคลินิก": 3,
        "รายงาน": 3,
        "การพิจารณาคำขอ": 4,
        "การขออนุญาต": 5,
        "สำนักงานเขตสาทร": 4,
    }
    assert impact.total == 8


def test_a_depth_limit_a_layer_and_a_relationship_type(city_model):
    index = current_index()
    server = city_model["server"].pk

    shallow = impact_of(index, ImpactQuery(server, max_depth=2), limit=None)
    assert found(shallow) == {"บริการโฮสต์": 1, "ระบบใบอนุญาต": 2}

    application_layer = ImpactQuery(server, layers=("application",))
    assert found(impact_of(index, application_layer, limit=None)) == {
        "ระบบใบอนุญาต": 2,
        "บริการยื่นคำขอ": 3,
        "รายงาน": 3,
    }

    no_access = ImpactQuery(
        server, layers=("application",), relationship_types=("Serving", "Realization")
    )
    assert found(impact_of(index, no_access, limit=None)) == {"ระบบใบอนุญาต": 2, "บริการยื่นคำขอ": 3}


def test_downstream_lists_what_an_element_depends_on(city_model):
    query = ImpactQuery(city_model["process"].pk, direction=DOWNSTREAM)
    impact = impact_of(current_index(), query, limit=None)

    assert found(impact) == {
        "บริการยื่นคำขอ": 1,
        "ระบบอื่น": 1,
        "ระบบใบอนุญาต": 2,
        "เครื่องแม่ข่าย Y": 2,
        "บริการโฮสต์": 3,
        "เครื่องแม่ข่าย X": 4,
    }


def test_a_limit_describes_the_nearest_hits_and_counts_them_all(city_model):
    impact = impact_of(current_index(), ImpactQuery(city_model["server"].pk), limit=2)

    assert impact.total == 8
    assert found(impact) == {"บริการโฮสต์": 1, "ระบบใบอนุญาต": 2}


def test_an_element_not_in_the_repository_is_refused(city_model):
    import uuid

    with pytest.raises(NotInIndex):
        impact_of(current_index(), ImpactQuery(uuid.uuid4()), limit=None)


def test_a_path_reads_each_relationship_the_way_it_goes(city_model):
    upstream = impact_of(current_index(), ImpactQuery(city_model["server"].pk), limit=None)
    permit = next(hit for hit in upstream.hits if hit.node.name == "การขออนุญาต")
    assert all(step.forward for step in permit.path[1:])  # server → ... → permit
    assert permit.path_text().startswith("เครื่องแม่ข่าย X –")

    query = ImpactQuery(city_model["process"].pk, direction=DOWNSTREAM)
    downstream = impact_of(current_index(), query, limit=None)
    server = next(hit for hit in downstream.hits if hit.node.name == "เครื่องแม่ข่าย X")
    # The process depends on the server; each relationship points from the server's side.
    assert not any(step.forward for step in server.path[1:])
    with translation.override("en"):
        assert server.path_text() == (
            "การพิจารณาคำขอ ←Serving– บริการยื่นคำขอ ←Realization– ระบบใบอนุญาต "
            "←Serving– บริการโฮสต์ ←Realization– เครื่องแม่ข่าย X"
        )


def test_an_access_step_says_whether_it_reads_or_writes(city_model):
    query = ImpactQuery(city_model["report"].pk, direction=DOWNSTREAM)
    impact = impact_of(current_index(), query, limit=None)
    app = next(hit for hit in impact.hits if hit.node.name == "ระบบใบอนุญาต")
    with translation.override("en"):
        assert app.path[1].relationship_label == "Access (write)"
        assert app.path_text() == "รายงาน ←Access (write)– ระบบใบอนุญาต"


def test_districts_come_from_who_performs_a_service_and_where_it_is_delivered(
    city_model, districts, system_actor
):
    """The permit is owned by Bang Rak's division; Sathon's office performs its process too;
    the clinic booking is delivered at the places its manual names."""
    city_model.objects["sathon-office"] = districts["sathon"].element
    city_model.rel("sathon-office", "Assignment", "process")
    service_profiles.create(
        system_actor,
        element=city_model["booking"],
        delivery="some_districts",
        places=[{"name": "ห้องบัตร สำนักงานเขตบางรัก ชั้น 1", "condition": "", "hours": ""}],
    )
    query = ImpactQuery(city_model["server"].pk, element_types=("BusinessService",))
    hits = {hit.node.name: hit for hit in impact_of(current_index(), query, limit=None).hits}

    permit = [str(d) for d in hits["การขออนุญาต"].node.districts]
    assert permit == ["สำนักงานเขตบางรัก", "สำนักงานเขตสาทร"]
    booking = [str(d) for d in hits["การจองคิวคลินิก"].node.districts]
    assert booking == ["สำนักงานเขตสาทร", "สำนักงานเขตบางรัก"]  # served, then delivered
