"""Production serving: settings from the environment pass `check --deploy`, debug pages stay on
the machine and away from non-superusers, every response carries the security headers and a
request id, no page runs inline script, and the probes tell a worker that runs from one that
does not."""

import json
import logging
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import RequestFactory
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from nakhon.core import health, logs
from nakhon.core.debug import SuperuserExceptionReporter
from nakhon.core.permissions import Role

PACKAGE = Path(__file__).resolve().parents[2] / "nakhon"


def run(args, **environment):
    """Python with `args` in a fresh process, with these environment variables added."""
    return subprocess.run(
        [sys.executable, *args],
        # Without what other tests set in this process (the browser tests allow async-unsafe
        # calls, which `check --deploy` rightly refuses).
        env={
            **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
            **environment,
        },
        capture_output=True,
        text=True,
        cwd=PACKAGE.parent,
        timeout=60,
    )


PRODUCTION = {
    "DATABASE_URL": "postgres://nakhon:secret@db.internal:5432/nakhon",
    "NAKHON_SECRET_KEY": "x8Vq-3kZr!p0Lw7sN2eTgYb5Hc9Jm4Ud6Fa1Ko8Qi3Rv7Xy2Wn5Zt0Ej4Gs6Bl",
    "NAKHON_ALLOWED_HOSTS": "ea.bangkok.go.th",
    "REDIS_URL": "redis://redis.internal:6379/0",
    "NAKHON_HTTPS": "1",
}


def test_check_deploy_is_clean_with_the_production_environment():
    result = run(
        ["-m", "nakhon.manage", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_debug_refuses_to_start_for_a_host_other_than_this_machine():
    settings = ["-c", "import nakhon.settings"]
    result = run(settings, NAKHON_DEBUG="1", NAKHON_ALLOWED_HOSTS="ea.bangkok.go.th,localhost")
    assert result.returncode != 0
    assert "NAKHON_ALLOWED_HOSTS may then name only" in result.stderr
    assert run(settings, NAKHON_DEBUG="1", NAKHON_ALLOWED_HOSTS="localhost,::1").returncode == 0


# Built at run time: the page shows the source lines around the error, literals included.
DB_PASSWORD = "-".join(["db", "password"])
LOCAL_SECRET = "-".join(["local", "secret", "value"])


def debug_page(user) -> str:
    request = RequestFactory().get("/repository/plateaus/add/")
    request.user = user
    request.META["DATABASE_URL"] = f"postgres://nakhon:{DB_PASSWORD}@db/nakhon"
    secret_local = LOCAL_SECRET  # noqa: F841 (a local variable the page would show)
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        return SuperuserExceptionReporter(request, *sys.exc_info()).get_traceback_html()


@pytest.mark.django_db
def test_debug_page_shows_no_settings_environment_or_variables_to_a_non_superuser(
    make_user, admin_user
):
    page = debug_page(make_user(Role.VIEWER))
    assert "boom" in page
    for hidden in (DB_PASSWORD, LOCAL_SECRET, "SECRET_KEY", "ROOT_URLCONF"):
        assert hidden not in page
    page = debug_page(admin_user)
    assert "ROOT_URLCONF" in page and LOCAL_SECRET in page
    assert DB_PASSWORD not in page  # connection strings are hidden from everyone


def test_pages_carry_the_security_headers_and_a_request_id(client):
    response = client.get("/login/")
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])
    given = client.get("/login/", headers={"X-Request-ID": "nginx-4f2a.17"})
    assert given["X-Request-ID"] == "nginx-4f2a.17"
    forged = client.get("/login/", headers={"X-Request-ID": 'x\n{"level": "ERROR"}'})
    assert re.fullmatch(r"[0-9a-f]{32}", forged["X-Request-ID"])


INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*application/json)|\son[a-z]+\s*=|javascript:", re.I
)


def test_no_template_holds_inline_script():
    offenders = [
        f"{path.relative_to(PACKAGE)}: {match.group()}"
        for path in PACKAGE.rglob("templates/**/*.html")
        for match in INLINE_SCRIPT.finditer(path.read_text())
    ]
    assert offenders == []


@pytest.mark.django_db
def test_rendered_pages_and_the_api_docs_hold_no_inline_script(client, admin_user):
    client.force_login(admin_user)
    for url in ("/", "/repository/elements/", "/repository/elements/add/", "/api/docs/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert not INLINE_SCRIPT.findall(response.content.decode()), url


@pytest.mark.django_db
def test_request_log_is_one_json_line_with_the_request_id(client):
    lines = []
    handler = logging.Handler()
    handler.addFilter(logs.RequestIdFilter())
    handler.setFormatter(logs.JSONFormatter())
    handler.emit = lambda record: lines.append(handler.format(record))
    logger = logging.getLogger("nakhon.request")
    logger.addHandler(handler)
    try:
        response = client.get("/login/", headers={"X-Request-ID": "req-1"})
    finally:
        logger.removeHandler(handler)
    (line,) = lines
    entry = json.loads(line)
    assert entry["request_id"] == response["X-Request-ID"] == "req-1"
    assert entry["level"] == "INFO"
    assert (entry["method"], entry["path"], entry["status"]) == ("GET", "/login/", 200)
    assert entry["duration_ms"] >= 0


@pytest.mark.django_db
def test_readyz_answers_when_the_database_is_migrated(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "migrations": "ok"}


# Transactional: the worker closes the connection between tasks, as it would in production.
@pytest.mark.django_db(transaction=True)
def test_healthz_is_unavailable_until_a_worker_runs_the_heartbeat(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["worker"] == "stale"
    client.get("/healthz")  # the probe queues one heartbeat at a time
    queued = DBTaskResult.objects.filter(task_path=health.heartbeat.module_path)
    assert queued.filter(status=TaskResultStatus.READY).count() == 1
    stop_signals = [signal.SIGINT, signal.SIGTERM, signal.SIGQUIT]
    handlers = {number: signal.getsignal(number) for number in stop_signals}
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    finally:  # the worker takes over the stop signals; give them back to pytest
        for number, handler in handlers.items():
            signal.signal(number, handler)
    response = client.get("/healthz")
    assert response.status_code == 200, response.json()
    assert response.json()["worker"] == "ok" and response.json()["database"] == "ok"


@pytest.mark.django_db
def test_django_logs_a_failed_request_with_its_id(client):
    records = []
    handler = logging.Handler()
    handler.addFilter(logs.RequestIdFilter())
    handler.emit = records.append
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        response = client.get("/no-such-page/", headers={"X-Request-ID": "req-404"})
    finally:
        logger.removeHandler(handler)
    assert response.status_code == 404
    assert [record.request_id for record in records] == ["req-404"]
