"""Generic API tests, in the spirit of NetBox's APIViewTestCases.

A model's test class names its endpoint, says how to make an existing object and what to send,
and inherits every test below: list, get, create, update, replace, delete, the version rules,
the permission rules, the change log, the number of queries and robustness against bad input.
"""

import itertools

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from nakhon.core.models import Action, ChangeLogEntry, Channel
from nakhon.core.permissions import Role
from nakhon.core.services import service_for, snapshot
from tests.conftest import examples

# Any JSON document at all; NaN and infinities are not JSON, so the client could not send them.
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)

# Settings for property-based tests of endpoints. Every subclass runs the same inherited test
# against its own endpoint, so the examples Hypothesis replays from its database may come from
# another endpoint: that only adds cases.
FUZZ = settings(
    max_examples=examples(60),
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.differing_executors,
    ],
)

_counter = itertools.count()


def api_client(user=None) -> APIClient:
    """A client signed in as `user` (anonymous if None)."""
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def unique(text: str) -> str:
    """`text` with a number that no other call returns, for names and codes that must differ."""
    return f"{text} {next(_counter)}"


@pytest.mark.django_db
class APIViewTestCase:
    """Subclasses set `url_name`, `model` and `update_data` and define the two factories."""

    url_name: str  # the router's base name with its namespace, e.g. "repository-api:element"
    model: type
    update_data: dict  # a PATCH body (without the version) that changes the object
    unit_editors_write = True  # whether a unit editor may write objects their unit owns

    def make_object(self, owner):
        """An existing object owned by the org unit `owner`, written through the service."""
        raise NotImplementedError

    def create_data(self, owner) -> dict:
        """A valid POST body for a new object owned by `owner`."""
        raise NotImplementedError

    @pytest.fixture(autouse=True)
    def world(self, system_actor, unit_a, unit_b, make_user, make_element):
        self.system_actor = system_actor
        self.unit_a, self.unit_b = unit_a, unit_b
        self.make_user = make_user
        self.make_element = make_element
        self.ea_office = make_user(Role.EA_OFFICE)

    # Helpers

    def list_url(self) -> str:
        return reverse(f"{self.url_name}-list")

    def detail_url(self, obj, version=None) -> str:
        url = reverse(f"{self.url_name}-detail", args=[getattr(obj, "pk", obj)])
        return url if version is None else f"{url}?version={version}"

    def stored_state(self, obj) -> dict | None:
        """The object as the change log would record it now, or None once it is gone."""
        current = self.model.objects.filter(pk=obj.pk).first()
        return snapshot(current) if current else None

    def assert_nothing_written(self, obj, call) -> None:
        state, entries = self.stored_state(obj), ChangeLogEntry.objects.count()
        rows = self.model.objects.count()
        call()
        assert self.stored_state(obj) == state
        assert ChangeLogEntry.objects.count() == entries
        assert self.model.objects.count() == rows

    def only_entry(self, obj_id, action: str, user) -> ChangeLogEntry:
        """The one change-log entry for this object and action, written through the API."""
        entries = ChangeLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(self.model),
            object_id=str(obj_id),
            action=action,
        )
        assert entries.count() == 1
        entry = entries.get()
        batch = ChangeLogEntry.objects.filter(batch=entry.batch)
        assert set(batch.values_list("channel", "user")) == {(Channel.API, user.pk)}
        return entry

    @staticmethod
    def scalars(body: dict) -> dict:
        """The plain values of a body, which the response must echo as they were sent."""
        return {k: v for k, v in body.items() if isinstance(v, str | int | bool)}

    # Reading

    def test_list_shows_objects(self):
        objects = [self.make_object(self.unit_a), self.make_object(self.unit_b)]
        response = api_client(self.ea_office).get(self.list_url(), {"limit": 1000})
        assert response.status_code == 200
        listed = {row["id"] for row in response.json()["results"]}
        assert {str(obj.pk) for obj in objects} <= listed
        assert response.json()["count"] == len(listed)

    def test_get_shows_object_with_its_version(self):
        obj = self.make_object(self.unit_a)
        response = api_client(self.ea_office).get(self.detail_url(obj))
        assert response.status_code == 200
        assert response.json()["id"] == str(obj.pk)
        assert response.json()["version"] == obj.version
        assert response.json()["url"].endswith(self.detail_url(obj))

    @pytest.mark.parametrize("missing", ["00000000-0000-4000-8000-000000000000", "not-a-uuid"])
    def test_unknown_or_malformed_id_is_a_404(self, missing):
        response = api_client(self.ea_office).get(self.detail_url(missing))
        assert response.status_code == 404
        assert "detail" in response.json()

    def test_list_queries_do_not_grow_with_rows(self):
        client = api_client(self.ea_office)

        def queries_to_list() -> int:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(self.list_url(), {"limit": 100}).status_code == 200
            return len(queries)

        for _ in range(5):
            self.make_object(self.unit_a)
        with_few = queries_to_list()
        for _ in range(45):
            self.make_object(self.unit_a)
        assert queries_to_list() == with_few

    # Writing

    def test_create(self):
        body = self.create_data(self.unit_a)
        response = api_client(self.ea_office).post(self.list_url(), body, format="json")
        assert response.status_code == 201, response.json()
        assert response.json()["version"] == 1
        assert self.scalars(body).items() <= response.json().items()
        assert self.model.objects.filter(pk=response.json()["id"]).exists()

    def test_update_with_version(self):
        obj = self.make_object(self.unit_a)
        body = {**self.update_data, "version": obj.version}
        response = api_client(self.ea_office).patch(self.detail_url(obj), body, format="json")
        assert response.status_code == 200, response.json()
        assert self.update_data.items() <= response.json().items()
        assert response.json()["version"] == obj.version + 1
        assert self.model.objects.get(pk=obj.pk).version == obj.version + 1

    def test_replace_with_version(self):
        obj = self.make_object(self.unit_a)
        body = self.create_data(self.unit_a)
        response = api_client(self.ea_office).put(
            self.detail_url(obj), {**body, "version": obj.version}, format="json"
        )
        assert response.status_code == 200, response.json()
        assert self.scalars(body).items() <= response.json().items()
        assert response.json()["version"] == obj.version + 1

    def test_update_without_version_is_a_400_that_changes_nothing(self):
        obj = self.make_object(self.unit_a)
        client = api_client(self.ea_office)

        def patch():
            response = client.patch(self.detail_url(obj), self.update_data, format="json")
            assert response.status_code == 400
            assert "version" in response.json()

        self.assert_nothing_written(obj, patch)

    def test_delete_without_version_is_a_400_that_changes_nothing(self):
        obj = self.make_object(self.unit_a)
        client = api_client(self.ea_office)

        def delete():
            response = client.delete(self.detail_url(obj))
            assert response.status_code == 400
            assert "version" in response.json()

        self.assert_nothing_written(obj, delete)

    def test_stale_version_is_a_409_that_changes_nothing(self):
        obj = self.make_object(self.unit_a)
        # Someone else saves first.
        service_for(self.model).update(
            self.system_actor, obj, version=obj.version, documentation="someone else's edit"
        )
        client = api_client(self.ea_office)

        def write_stale():
            body = {**self.update_data, "version": obj.version}
            for response in (
                client.patch(self.detail_url(obj), body, format="json"),
                client.delete(self.detail_url(obj, version=obj.version)),
            ):
                assert response.status_code == 409
                assert response.json()["current_version"] == obj.version + 1
                assert response.json()["detail"]

        self.assert_nothing_written(obj, write_stale)

    @pytest.mark.parametrize("version", ["abc", "1.5", "", "-1"])
    def test_malformed_version_is_a_400(self, version):
        obj = self.make_object(self.unit_a)
        client = api_client(self.ea_office)

        def write():
            body = {**self.update_data, "version": version}
            response = client.patch(self.detail_url(obj), body, format="json")
            assert response.status_code == 400
            assert "version" in response.json()
            response = client.delete(self.detail_url(obj, version=version or "x"))
            assert response.status_code == 400
            assert "version" in response.json()

        self.assert_nothing_written(obj, write)

    def test_delete_with_version(self):
        obj = self.make_object(self.unit_a)
        client = api_client(self.ea_office)
        response = client.delete(self.detail_url(obj, version=obj.version))
        assert response.status_code == 204
        assert not self.model.objects.filter(pk=obj.pk).exists()
        assert client.get(self.detail_url(obj)).status_code == 404

    def test_every_write_leaves_one_change_log_entry_for_the_object(self):
        client, user = api_client(self.ea_office), self.ea_office
        response = client.post(self.list_url(), self.create_data(self.unit_a), format="json")
        obj_id = response.json()["id"]
        created = self.only_entry(obj_id, Action.CREATE, user)
        assert created.before is None
        assert created.after["version"] == 1

        body = {**self.update_data, "version": 1}
        assert client.patch(self.detail_url(obj_id), body, format="json").status_code == 200
        updated = self.only_entry(obj_id, Action.UPDATE, user)
        assert (updated.before["version"], updated.after["version"]) == (1, 2)

        assert client.delete(self.detail_url(obj_id, version=2)).status_code == 204
        deleted = self.only_entry(obj_id, Action.DELETE, user)
        assert deleted.before["version"] == 2
        assert deleted.after is None

    # Permissions

    def assert_refused(self, client, obj, owner, statuses=(403,)) -> None:
        """Create, update and delete are all refused, and nothing is written."""
        body = self.create_data(owner)

        def write():
            responses = (
                client.post(self.list_url(), body, format="json"),
                client.patch(
                    self.detail_url(obj), {**self.update_data, "version": obj.version}, "json"
                ),
                client.delete(self.detail_url(obj, version=obj.version)),
            )
            for response in responses:
                assert response.status_code in statuses
                assert response.json()["detail"]

        self.assert_nothing_written(obj, write)

    def test_viewer_reads_but_may_not_write(self):
        obj = self.make_object(self.unit_a)
        client = api_client(self.make_user(Role.VIEWER, self.unit_a))
        assert client.get(self.list_url()).status_code == 200
        assert client.get(self.detail_url(obj)).status_code == 200
        self.assert_refused(client, obj, self.unit_a)

    def test_unit_editor_may_not_write_another_units_objects(self):
        obj = self.make_object(self.unit_b)
        client = api_client(self.make_user(Role.UNIT_EDITOR, self.unit_a))
        self.assert_refused(client, obj, self.unit_b)

    def test_unit_editor_writes_their_own_units_objects_if_the_model_allows(self):
        client = api_client(self.make_user(Role.UNIT_EDITOR, self.unit_a))
        response = client.post(self.list_url(), self.create_data(self.unit_a), format="json")
        assert response.status_code == (201 if self.unit_editors_write else 403)

    def test_anonymous_requests_are_refused(self):
        obj = self.make_object(self.unit_a)
        client = api_client(None)
        for response in (client.get(self.list_url()), client.get(self.detail_url(obj))):
            assert response.status_code in (401, 403)
        self.assert_refused(client, obj, self.unit_a, statuses=(401, 403))

    # Bad input

    def test_malformed_json_is_a_400(self):
        response = api_client(self.ea_office).post(
            self.list_url(), data='{"name": ', content_type="application/json"
        )
        assert response.status_code == 400
        assert "JSON" in response.json()["detail"]

    def test_json_nested_too_deeply_is_a_400(self):
        response = api_client(self.ea_office).post(
            self.list_url(), data="[" * 5000 + "]" * 5000, content_type="application/json"
        )
        assert response.status_code == 400
        assert "nested" in response.json()["detail"]

    def test_form_encoding_is_refused_as_unsupported(self):
        response = api_client(self.ea_office).post(self.list_url(), {"name": "x"})
        assert response.status_code == 415
        assert response.json()["detail"]

    @pytest.mark.parametrize("body", [[], "text", 42, None])
    def test_body_that_is_not_an_object_is_a_400(self, body):
        client = api_client(self.ea_office)
        response = client.post(self.list_url(), body, format="json")
        assert response.status_code == 400
        assert response.json()

    @FUZZ
    @given(data=st.data())
    def test_random_bodies_never_cause_a_server_error(self, data):
        if not hasattr(self, "valid_body"):
            self.valid_body = self.create_data(self.unit_a)
        keys = sorted(self.valid_body)
        body = data.draw(
            JSON_VALUES
            | st.dictionaries(st.sampled_from(keys) | st.text(max_size=10), JSON_VALUES)
            | st.dictionaries(st.sampled_from(keys), JSON_VALUES, max_size=3).map(
                lambda spoiled: {**self.valid_body, **spoiled}
            )
        )
        response = api_client(self.ea_office).post(self.list_url(), body, format="json")
        event(f"status {response.status_code}")
        assert response.status_code < 500, response.content
