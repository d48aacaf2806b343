"""No request can ask for an unbounded page: `?per_page=` on pages and `?limit=` in the API
are honoured up to 500 rows."""

import uuid

import pytest
from django.contrib.contenttypes.models import ContentType

from nakhon.core.models import Action, ChangeLogEntry, Channel
from nakhon.core.permissions import Role
from tests.cases.api import api_client

pytestmark = pytest.mark.django_db

ROWS = 501


def add_entries(admin_user, count):
    content_type = ContentType.objects.get_for_model(ChangeLogEntry)
    batch = uuid.uuid4()
    ChangeLogEntry.objects.bulk_create(
        ChangeLogEntry(
            user=admin_user,
            user_name=admin_user.username,
            channel=Channel.SHELL,
            action=Action.CREATE,
            content_type=content_type,
            object_id=str(i),
            object_repr=f"entry {i}",
            batch=batch,
        )
        for i in range(count)
    )


@pytest.mark.parametrize(("asked", "shown"), [("100000", 500), ("200", 200), ("-3", 50)])
def test_pages_show_at_most_500_rows(client, make_user, admin_user, asked, shown):
    add_entries(admin_user, 3)
    client.force_login(make_user(Role.VIEWER))
    response = client.get("/changes/", {"per_page": asked})
    assert response.status_code == 200
    assert response.context["table"].paginator.per_page == shown


def test_the_api_lists_at_most_500_rows(make_user, admin_user):
    add_entries(admin_user, ROWS)
    response = api_client(make_user(Role.VIEWER)).get("/api/changes/", {"limit": 100000})
    assert response.status_code == 200
    assert response.json()["count"] == ROWS
    assert len(response.json()["results"]) == 500
