"""With DATABASE_REPLICA_URL, the analyses' GET requests read from the replica; every other
read and every write uses the primary; without a replica, everything uses the primary."""

import pytest

from nakhon.core import db
from nakhon.core.middleware import ReplicaReadsMiddleware
from nakhon.repository.models import Element


@pytest.mark.parametrize("configured", [True, False])
def test_reads_in_a_replica_block_use_the_replica_when_there_is_one(monkeypatch, configured):
    monkeypatch.setattr(db, "has_replica", lambda: configured)
    router = db.ReplicaRouter()
    assert router.db_for_read(Element) == "default"
    with db.replica_reads():
        assert router.db_for_read(Element) == ("replica" if configured else "default")
        assert router.db_for_write(Element) == "default"
    assert router.db_for_read(Element) == "default"
    assert not router.allow_migrate("replica", "repository")


@pytest.mark.parametrize(
    ("method", "path", "replica"),
    [
        ("get", "/analysis/impact/", True),
        ("get", "/api/analysis/impact/", True),
        ("post", "/analysis/impact/", False),
        ("get", "/repository/elements/", False),
    ],
)
def test_only_the_analyses_gets_read_from_the_replica(rf, monkeypatch, method, path, replica):
    monkeypatch.setattr(db, "has_replica", lambda: True)
    seen = []
    middleware = ReplicaReadsMiddleware(
        lambda request: seen.append(db.ReplicaRouter().db_for_read(Element))
    )
    middleware(getattr(rf, method)(path))
    assert seen == ["replica" if replica else "default"]
