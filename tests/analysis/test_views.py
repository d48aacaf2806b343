"""The analysis pages and API endpoints: what they show, their exports, who may see them, and
the number of queries they cost."""

import csv
import io
import uuid
from datetime import date

import pytest
from django.urls import reverse

from nakhon.core.permissions import Role
from nakhon.portfolio.services import technology_profiles
from nakhon.repository.models import PlateauState, Status
from nakhon.repository.services import elements, plateaus
from tests.cases.api import api_client


@pytest.fixture
def viewer(make_user, unit_a, client):
    user = make_user(Role.VIEWER, unit_a)
    client.force_login(user)
    return user


@pytest.fixture
def small(model):
    model.element("server", "Node", "เครื่องแม่ข่าย X")
    model.element("app", "ApplicationComponent", "ระบบใบอนุญาต")
    model.element("permit", "BusinessService", "การขออนุญาต")
    model.rel("server", "Serving", "app")
    model.rel("app", "Serving", "permit")
    return model


# Session and user, the element asked about, the change counter (2), building the index (2:
# elements, relationships; the first request after a change), then the hits' elements, the org
# units, linked units (3: assigned, served, realising behaviour), where services are delivered,
# the paths' relationships (their direction) and the navbar's unit of the user (2), whatever the
# number of hits.
QUERIES = 16
PAGES = ["index", "impact", "redundancy", "gap", "heatmap", "obsolescence", "conflicts"]


@pytest.mark.parametrize("name", PAGES)
def test_pages_need_a_login(client, db, name):
    response = client.get(reverse(f"analysis:{name}"))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


@pytest.mark.parametrize("name", PAGES)
def test_every_page_opens_for_a_viewer(client, viewer, small, name):
    response = client.get(reverse(f"analysis:{name}"))
    assert response.status_code == 200
    assert b'data-testid="analysis-tabs"' in response.content


def test_the_impact_page_lists_hits_with_their_paths(
    client, viewer, small, django_assert_num_queries
):
    url = reverse("analysis:impact")
    with django_assert_num_queries(QUERIES):
        response = client.get(url, {"element": small["server"].pk, "direction": "up"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "2 elements found" in html
    assert "การขออนุญาต" in html
    assert 'id="impact-graph-data"' in html
    assert 'data-testid="service-summary"' in html


def test_the_impact_page_costs_the_same_queries_for_more_hits(
    client, viewer, small, model, django_assert_num_queries
):
    for number in range(30):
        model.element(f"s{number}", "BusinessService", f"บริการ {number}")
        model.rel("app", "Serving", f"s{number}")
    with django_assert_num_queries(QUERIES):
        response = client.get(reverse("analysis:impact"), {"element": small["server"].pk})
    assert "32 elements found" in response.content.decode()


def test_the_impact_csv_has_every_hit(client, viewer, small):
    response = client.get(
        reverse("analysis:impact"), {"element": small["server"].pk, "export": "csv"}
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["depth", "layer", "type", "name"]
    assert [(r[0], r[3]) for r in rows[1:]] == [("1", "ระบบใบอนุญาต"), ("2", "การขออนุญาต")]
    assert rows[2][7] == "เครื่องแม่ข่าย X –Serving→ ระบบใบอนุญาต –Serving→ การขออนุญาต"


def test_bad_impact_input_is_a_form_error(client, viewer, small):
    response = client.get(reverse("analysis:impact"), {"element": uuid.uuid4(), "depth": "0"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_the_element_search_offers_matches_to_pick(client, viewer, small):
    response = client.get(reverse("analysis:element_search"), {"q": "อนุญาต"})
    html = response.content.decode()
    assert f'value="{small["permit"].pk}"' in html
    assert f'value="{small["server"].pk}"' not in html


def test_the_gap_page_and_its_csv(client, viewer, small, system_actor, unit_a):
    make = lambda name, state, members: plateaus.create(  # noqa: E731
        system_actor, name=name, owner_unit=unit_a, state=state, elements=members
    )
    before = make("ฐาน", PlateauState.BASELINE, [small["server"]])
    after = make("เป้าหมาย", PlateauState.TARGET, [small["server"], small["app"]])
    query = {"baseline": before.pk, "target": after.pk}
    response = client.get(reverse("analysis:gap"), query)
    assert "Elements: 1 added, 0 removed, 0 changed." in response.content.decode()
    exported = client.get(reverse("analysis:gap"), {**query, "export": "csv"})
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert [(r[0], r[5]) for r in rows[1:]] == [("added", "ระบบใบอนุญาต")]
    same = client.get(reverse("analysis:gap"), {"baseline": before.pk, "target": before.pk})
    assert same.status_code == 400
    assert "Choose two different plateaus." in same.content.decode()


def test_the_obsolescence_and_conflict_pages_judge_on_the_day_asked(
    client, viewer, small, system_actor
):
    technology_profiles.create(
        system_actor, element=small["server"], end_of_support=date(2024, 1, 1)
    )
    page = client.get(reverse("analysis:obsolescence"), {"on": "2024-06-01"})
    assert "ระบบใบอนุญาต" in page.content.decode()
    earlier = client.get(reverse("analysis:obsolescence"), {"on": "2020-01-01"})
    assert "ระบบใบอนุญาต" not in earlier.content.decode()

    elements.update(system_actor, small["server"], version=None, status=Status.RETIRED)
    conflicts = client.get(reverse("analysis:conflicts"))
    assert "which is retired" in conflicts.content.decode()


# --- API --------------------------------------------------------------------------------------


@pytest.fixture
def api(viewer):
    return api_client(viewer)


def test_api_needs_credentials(db):
    assert api_client().get("/api/analysis/impact/").status_code == 401


def test_api_impact(api, small):
    response = api.get("/api/analysis/impact/", {"element": small["server"].pk})
    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 2
    assert [h["node"]["name"] for h in body["hits"]] == ["ระบบใบอนุญาต", "การขออนุญาต"]
    assert [s["node"]["name"] for s in body["hits"][1]["path"]] == [
        "เครื่องแม่ข่าย X",
        "ระบบใบอนุญาต",
        "การขออนุญาต",
    ]
    assert body["services"] == [str(small["permit"].pk)]


def test_api_impact_refuses_bad_input(api, small):
    assert api.get("/api/analysis/impact/", {"element": "nope"}).status_code == 400
    assert api.get("/api/analysis/impact/", {"element": uuid.uuid4()}).status_code == 404
    response = api.get(
        "/api/analysis/impact/", {"element": small["server"].pk, "layers": "nowhere"}
    )
    assert response.status_code == 400
    assert "layers" in response.json()


@pytest.mark.parametrize(
    ("path", "key"),
    [
        ("/api/analysis/redundancy/", "consolidation"),
        ("/api/analysis/heatmap/", "cells"),
    ],
)
def test_api_reports(api, small, path, key):
    response = api.get(path)
    assert response.status_code == 200
    assert key in response.json()


def test_api_lists_by_day(api, small, system_actor):
    technology_profiles.create(
        system_actor, element=small["server"], end_of_support=date(2024, 1, 1)
    )
    response = api.get("/api/analysis/obsolescence/", {"on": "2024-06-01"})
    assert [a["application"]["name"] for a in response.json()] == ["ระบบใบอนุญาต"]
    assert api.get("/api/analysis/conflicts/").json() == []
    assert api.get("/api/analysis/obsolescence/", {"on": "soon"}).status_code == 400


def test_api_gap(api, small, system_actor, unit_a):
    before = plateaus.create(system_actor, name="ก", owner_unit=unit_a, state=PlateauState.BASELINE)
    after = plateaus.create(
        system_actor,
        name="ข",
        owner_unit=unit_a,
        state=PlateauState.TARGET,
        elements=[small["app"]],
    )
    response = api.get("/api/analysis/gap/", {"baseline": before.pk, "target": after.pk})
    assert [(r["change"], r["name"]) for r in response.json()["rows"]] == [("added", "ระบบใบอนุญาต")]
