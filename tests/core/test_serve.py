"""`nakhon serve`: gunicorn sized to the machine and the task worker beside it, started and
stopped together, serving pages, static files and healthy probes."""

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from nakhon.core.management.commands import serve

ROOT = Path(__file__).resolve().parents[2]


def test_web_workers_are_two_per_cpu_plus_one_unless_set(monkeypatch):
    monkeypatch.delenv("NAKHON_WEB_WORKERS", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 6)
    assert serve.default_web_workers() == 13
    monkeypatch.setenv("NAKHON_WEB_WORKERS", "4")
    assert serve.default_web_workers() == 4


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def wait_for(url: str, status: int, server, seconds: float = 180) -> bytes:
    """The body of `url` once it answers `status`; fails at once if the server has ended."""
    deadline = time.monotonic() + seconds
    while True:
        assert server.poll() is None, "the server ended before answering"
        try:
            got, body = get(url)
            if got == status:
                return body
        except OSError:
            got, body = None, b""
        if time.monotonic() > deadline:
            raise AssertionError(f"{url} answered {got} {body[:200]!r}")
        time.sleep(0.2)


def log_text(log) -> str:
    log.seek(0)
    return log.read().decode(errors="replace")


@pytest.mark.skipif(connection.vendor != "sqlite", reason="serves a copy of the SQLite database")
@pytest.mark.django_db(transaction=True)
def test_serve_runs_gunicorn_and_the_worker_and_stops_them_together(tmp_path):
    # A migrated database for the server: the test database, copied into a file.
    connection.ensure_connection()
    target = sqlite3.connect(tmp_path / "nakhon.sqlite3")
    connection.connection.backup(target)
    target.close()
    port = free_port()
    # To a file, not a pipe: a pipe nobody reads fills up with log lines and stalls the server.
    log = (tmp_path / "serve.log").open("w+b")
    server = subprocess.Popen(
        [sys.executable, "-m", "nakhon.manage", "serve", "--bind", f"127.0.0.1:{port}"],
        env={
            **os.environ,
            "NAKHON_DATA_DIR": str(tmp_path),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'nakhon.sqlite3'}",
            "NAKHON_WEB_WORKERS": "2",
            "NAKHON_WORKER_HEARTBEAT_SECONDS": "60",
        },
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/readyz", 200, server)
        # The worker beside gunicorn runs the heartbeat the probe queues.
        wait_for(f"{base}/healthz", 200, server)
        status, script = get(f"{base}/static/nakhon/page.js")
        assert status == 200 and b"data-autosubmit" in script
        assert (tmp_path / "static" / "nakhon" / "page.js.gz").exists()  # collected, compressed
        assert get(f"{base}/login/")[0] == 200
    except AssertionError as failure:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
        raise AssertionError(f"{failure}\n{log_text(log)}") from None
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=60)
    output = log_text(log)
    assert server.returncode == 0, output
    assert "2 web workers, 1 task workers" in output
    # The analysis index was built once, in gunicorn's master, before the workers were forked.
    assert output.count("warmed up: current_index") == 1
    # Every child stopped with it: nothing answers any more.
    with pytest.raises(OSError):
        get(f"{base}/readyz")
