"""SQLite, the embedded default, queues concurrent writes instead of failing them: 50 threads
writing at once through the API get only 200s and 409s, never a 500 "database is locked"."""

import sqlite3
import threading
from contextlib import contextmanager

import pytest
from django.db import connection, connections
from django.test import Client
from rest_framework.authtoken.models import Token

from nakhon.core.permissions import Role

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's locking only"),
]

THREADS = 50


@contextmanager
def file_database(path):
    """The test database (in memory, where locks differ) copied into a file at `path`, which
    the connections that threads open meanwhile use, with the settings' options."""
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    original = connections.settings["default"]
    connections.settings["default"] = {**original, "NAME": str(path)}
    try:
        yield
    finally:
        connections.settings["default"] = original


def test_fifty_threads_writing_get_only_200s_and_409s(make_user, make_element, tmp_path):
    token = Token.objects.create(user=make_user(Role.EA_OFFICE)).key
    shared = make_element(name="ที่ทุกคนแก้")
    own = [make_element(name=f"ของเธรด {i}") for i in range(THREADS // 2)]
    # Half the threads race to change one element from the same version (one wins, the rest
    # conflict); the other half each change an element of their own (all succeed).
    targets = [shared] * (THREADS - len(own)) + own
    start = threading.Barrier(THREADS)
    statuses = [None] * THREADS

    def write(i, target):
        client = Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Token {token}")
        start.wait()
        try:
            response = client.patch(
                f"/api/repository/elements/{target.pk}/",
                {"name": f"แก้โดยเธรด {i}", "version": target.version},
                content_type="application/json",
            )
            statuses[i] = response.status_code
        finally:
            connections.close_all()

    with file_database(tmp_path / "nakhon.sqlite3"):
        threads = [threading.Thread(target=write, args=(i, t)) for i, t in enumerate(targets)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert set(statuses) <= {200, 409}, statuses
    assert statuses[: THREADS - len(own)].count(200) == 1
    assert statuses[THREADS - len(own) :] == [200] * len(own)
