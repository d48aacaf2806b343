import pytest
from django.urls import reverse

from nakhon.core.models import Action, ChangeLogEntry, Channel
from nakhon.core.permissions import Role
from nakhon.repository.models import Element
from nakhon.repository.services import elements
from tests.cases.api import api_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def renamed(system_actor, make_element):
    """An element renamed once: its update entry is the one to revert."""
    element = make_element("ApplicationComponent", "ชื่อเดิม")
    elements.update(system_actor, element, version=element.version, name="ชื่อใหม่")
    return element


@pytest.fixture
def ea_client(make_user):
    return api_client(make_user(Role.EA_OFFICE))


def update_entry(element) -> ChangeLogEntry:
    return ChangeLogEntry.objects.get(object_id=str(element.pk), action=Action.UPDATE)


def revert_url(entry) -> str:
    return reverse("core-api:change-revert", args=[getattr(entry, "pk", entry)])


def test_change_log_lists_entries_with_their_diff(renamed, make_user):
    response = api_client(make_user(Role.VIEWER)).get(
        "/api/changes/", {"object_id": str(renamed.pk), "action": "update"}
    )
    assert response.status_code == 200
    (entry,) = response.json()["results"]
    assert entry["object_type"] == "repository.element"
    assert (entry["before"]["name"], entry["after"]["name"]) == ("ชื่อเดิม", "ชื่อใหม่")
    assert entry["channel"] == Channel.SHELL


def test_change_log_is_read_only(renamed, ea_client):
    entry = update_entry(renamed)
    url = reverse("core-api:change-detail", args=[entry.pk])
    assert ea_client.get(url).status_code == 200
    assert ea_client.delete(url).status_code == 405
    assert ea_client.post("/api/changes/", {}, format="json").status_code == 405


@pytest.mark.parametrize(
    "params",
    [{"channel": "pigeon"}, {"since": "2024-13-45"}, {"batch": "x"}, {"content_type": "x"}],
)
def test_malformed_change_log_filters_are_a_400(ea_client, params):
    response = ea_client.get("/api/changes/", params)
    assert response.status_code == 400
    assert set(params) <= set(response.json())


def test_revert_restores_and_logs_through_the_api(renamed, ea_client):
    entry = update_entry(renamed)
    response = ea_client.post(revert_url(entry))
    assert response.status_code == 200, response.json()
    assert Element.objects.get(pk=renamed.pk).name == "ชื่อเดิม"
    (written,) = response.json()["changes"]
    assert written["channel"] == Channel.API
    assert written["reverts"] == entry.pk


def test_revert_that_cannot_apply_is_a_409_with_the_reason(renamed, ea_client):
    entry = update_entry(renamed)
    assert ea_client.post(revert_url(entry)).status_code == 200
    response = ea_client.post(revert_url(entry))
    assert response.status_code == 409
    assert response.json()["detail"]


def test_viewer_may_not_revert(renamed, make_user):
    response = api_client(make_user(Role.VIEWER)).post(revert_url(update_entry(renamed)))
    assert response.status_code == 403
    assert Element.objects.get(pk=renamed.pk).name == "ชื่อใหม่"


@pytest.mark.parametrize("missing", [999999, "abc"])
def test_revert_of_unknown_change_is_a_404(ea_client, missing):
    assert ea_client.post(revert_url(missing)).status_code == 404
