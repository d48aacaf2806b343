"""Generic tests of a model's pages, in the spirit of NetBox's ViewTestCases.

A subclass names the URL base and says how to make an object and what a valid form holds;
it inherits list, detail, create, edit, stale edit, delete, forbidden edits, bad input and
query-count tests, each checking the change log where something is written.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nakhon.core.models import Action, ChangeLogEntry, Channel
from nakhon.core.permissions import Role
from nakhon.core.views import changes_of


class ViewTestCases:
    url_base = ""  # e.g. "repository:element"

    def make_object(self, actor, unit, index: int = 0):
        raise NotImplementedError

    def create_data(self, unit) -> dict:
        raise NotImplementedError

    def update_data(self, obj) -> dict:
        raise NotImplementedError

    def invalid_data(self, unit) -> dict:
        return {}

    def add_url(self, actor, unit) -> str:
        """Where a new object is added (a page of its own unless the subclass says otherwise)."""
        return self.url("_add")

    # Helpers

    @pytest.fixture
    def admin_client(self, client, admin_user):
        client.force_login(admin_user)
        return client

    def url(self, suffix: str = "", obj=None) -> str:
        name = f"{self.url_base}{suffix}"
        return reverse(name, args=[obj.pk]) if obj is not None else reverse(name)

    @staticmethod
    def entries(obj, action=None):
        """The object's own entries (a profile shares its id with its element's)."""
        found = changes_of(obj)
        return found.filter(action=action) if action else found

    # The inherited tests

    def test_list_and_detail_show_the_object(self, admin_client, system_actor, unit_a):
        obj = self.make_object(system_actor, unit_a)
        listing = admin_client.get(self.url("_list"))
        assert listing.status_code == 200
        assert obj.get_absolute_url() in listing.content.decode()
        detail = admin_client.get(self.url("", obj))
        assert detail.status_code == 200
        assert str(obj) in detail.content.decode()
        assert admin_client.get(self.url("_changelog", obj)).status_code == 200

    def test_create_through_form_is_logged_as_ui(self, admin_client, admin_user, unit_a):
        model_count = self.model.objects.count()
        response = admin_client.post(self.url("_add"), self.create_data(unit_a))
        assert response.status_code == 302, response.content.decode()[-3000:]
        assert self.model.objects.count() == model_count + 1
        created = self.model.objects.order_by("-created_at").first()
        entry = self.entries(created, Action.CREATE).get()
        assert (entry.channel, entry.user) == (Channel.UI, admin_user)

    def test_edit_with_current_version_is_logged(self, admin_client, system_actor, unit_a):
        obj = self.make_object(system_actor, unit_a)
        data = {**self.update_data(obj), "version": obj.version}
        response = admin_client.post(self.url("_edit", obj), data)
        assert response.status_code == 302, response.content.decode()[-3000:]
        entry = self.entries(obj, Action.UPDATE).get()
        assert entry.channel == Channel.UI
        assert entry.before["version"] == obj.version and entry.after["version"] == obj.version + 1

    def test_edit_with_stale_version_is_a_conflict(self, admin_client, system_actor, unit_a):
        obj = self.make_object(system_actor, unit_a)
        stale = {**self.update_data(obj), "version": obj.version - 1 or 99}
        response = admin_client.post(self.url("_edit", obj), stale)
        assert response.status_code == 409
        assert 'data-testid="conflict"' in response.content.decode()
        assert not self.entries(obj, Action.UPDATE).exists()

    def test_delete_is_logged(self, admin_client, system_actor, unit_a):
        obj = self.make_object(system_actor, unit_a)
        assert admin_client.get(self.url("_delete", obj)).status_code == 200
        response = admin_client.post(self.url("_delete", obj), {"version": obj.version})
        assert response.status_code == 302, response.content.decode()[-2000:]
        assert not self.model.objects.filter(pk=obj.pk).exists()
        assert self.entries(obj, Action.DELETE).get().channel == Channel.UI

    def test_viewer_may_read_but_not_write(self, client, system_actor, unit_a, make_user):
        obj = self.make_object(system_actor, unit_a)
        client.force_login(make_user(Role.VIEWER, unit_a))
        assert client.get(self.url("", obj)).status_code == 200
        assert client.get(self.url("_edit", obj)).status_code == 403
        data = {**self.update_data(obj), "version": obj.version}
        assert client.post(self.url("_edit", obj), data).status_code == 403
        assert client.post(self.url("_delete", obj), {"version": obj.version}).status_code == 403
        assert self.model.objects.filter(pk=obj.pk).exists()
        assert list(self.entries(obj).values_list("action", flat=True)) == [Action.CREATE]

    @pytest.mark.parametrize("role", [Role.VIEWER, Role.REVIEWER])
    def test_a_reader_is_refused_the_add_page(self, client, system_actor, unit_a, make_user, role):
        client.force_login(make_user(role, unit_a))
        url = self.add_url(system_actor, unit_a)
        count = self.model.objects.count()
        for response in (client.get(url), client.post(url, self.create_data(unit_a))):
            assert response.status_code == 403
            assert 'data-testid="denied"' in response.content.decode()
        assert self.model.objects.count() == count

    def test_a_unit_editor_adds_what_their_unit_may_own(
        self, client, system_actor, unit_a, make_user
    ):
        """Owned rows are added by the owning unit's editors, as the API lets them; rows no unit
        owns (the org tree) are the EA office's."""
        client.force_login(make_user(Role.UNIT_EDITOR, unit_a))
        url = self.add_url(system_actor, unit_a)
        count = self.model.objects.count()
        response = client.post(url, self.create_data(unit_a))
        if self.model.owner_path:
            assert response.status_code == 302, response.content.decode()[-3000:]
            assert self.model.objects.count() == count + 1
        else:
            assert response.status_code == 403
            assert 'data-testid="denied"' in response.content.decode()
            assert self.model.objects.count() == count

    def test_anonymous_is_sent_to_login(self, client, system_actor, unit_a):
        obj = self.make_object(system_actor, unit_a)
        response = client.get(self.url("", obj))
        assert response.status_code == 302 and "/login/" in response["Location"]

    def test_bad_input_is_a_400_that_writes_nothing(self, admin_client, system_actor, unit_a):
        obj = self.make_object(system_actor, unit_a)
        before = ChangeLogEntry.objects.count()
        data = {**self.invalid_data(unit_a), "version": obj.version}
        response = admin_client.post(self.url("_edit", obj), data)
        assert response.status_code == 400
        assert ChangeLogEntry.objects.count() == before

    def test_a_malformed_version_is_a_400(self, admin_client, system_actor, unit_a):
        obj = self.make_object(system_actor, unit_a)
        assert admin_client.post(self.url("_delete", obj), {"version": "x"}).status_code == 400
        data = {**self.update_data(obj), "version": "x"}
        assert admin_client.post(self.url("_edit", obj), data).status_code == 400
        assert self.model.objects.filter(pk=obj.pk).exists()

    def test_list_queries_do_not_grow_with_rows(self, admin_client, system_actor, unit_a):
        for index in range(3):
            self.make_object(system_actor, unit_a, index)
        few = self._count_list_queries(admin_client)
        for index in range(3, 15):
            self.make_object(system_actor, unit_a, index)
        assert self._count_list_queries(admin_client) == few

    def _count_list_queries(self, client) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(self.url("_list")).status_code == 200
        return len(queries)
