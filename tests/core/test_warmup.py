import logging

import pytest
from django.db import connection, connections

from nakhon.core import warmup


@pytest.fixture
def steps(monkeypatch):
    registered = []
    monkeypatch.setattr(warmup, "_steps", registered)
    return registered


@pytest.mark.django_db
def test_every_step_runs_once_a_failing_one_is_logged_and_connections_are_closed(
    steps, caplog, monkeypatch
):
    ran, closed = [], []
    monkeypatch.setattr(connections, "close_all", lambda: closed.append(True))

    def broken():
        raise RuntimeError("no such table")

    def index():
        connection.ensure_connection()
        ran.append("index")

    warmup.register(broken)
    warmup.register(index)
    warmup.register(index)  # registered twice (an app loaded twice), run once
    with caplog.at_level(logging.INFO, logger="nakhon.core.warmup"):
        warmup.prepare()
    assert ran == ["index"]
    messages = [record.getMessage() for record in caplog.records]
    assert any("broken" in m and "failed" in m for m in messages)
    assert any(m.startswith("warmed up: ") and "index" in m for m in messages)
    assert closed == [True]  # a forked worker must open connections of its own


def test_the_analysis_index_is_among_the_steps():
    from nakhon.analysis.graph import current_index

    assert current_index in warmup._steps
