"""Probes for a load balancer, systemd or an orchestrator, open to anyone and cheap:

- /readyz: this process can serve pages: the database answers and holds every migration.
- /healthz: the installation works: the database answers and the task worker has run a task
  lately. The probe itself keeps a heartbeat task queued; a worker that runs it shows that it is
  alive, so a worker that is stopped or stuck turns /healthz to 503 within
  NAKHON_WORKER_HEARTBEAT_SECONDS.
"""

from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult


@task()
def heartbeat() -> None:
    """Nothing to do: that a worker ran it (its finishing time) is the heartbeat."""


def database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except DatabaseError:
        return False


_migrated = False


def database_migrated() -> bool:
    """Whether every migration is applied; once it is, this process stops asking."""
    global _migrated
    if not _migrated:
        executor = MigrationExecutor(connection)
        _migrated = not executor.migration_plan(executor.loader.graph.leaf_nodes())
    return _migrated


def worker_heartbeat():
    """When a worker last ran the heartbeat task (None if never), queueing the next one when
    none is waiting and the last is older than half the allowed age."""
    results = DBTaskResult.objects.filter(task_path=heartbeat.module_path)
    last = (
        results.filter(status=TaskResultStatus.SUCCESSFUL)
        .order_by("-finished_at")
        .values_list("finished_at", flat=True)
        .first()
    )
    half_age = timedelta(seconds=settings.NAKHON_WORKER_HEARTBEAT_SECONDS / 2)
    due = last is None or timezone.now() - last > half_age
    if due and not results.filter(status=TaskResultStatus.READY).exists():
        heartbeat.enqueue()
    return last


def probe(checks: dict, **details) -> JsonResponse:
    """200 when every check is "ok", else 503; the body names each check's state."""
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **checks, **details},
        status=200 if healthy else 503,
    )


@never_cache
def readyz(request):
    if not database_answers():
        return probe({"database": "unreachable"})
    try:
        migrated = database_migrated()
    except DatabaseError:
        return probe({"database": "unreachable"})
    return probe({"database": "ok", "migrations": "ok" if migrated else "pending"})


@never_cache
def healthz(request):
    if not database_answers():
        return probe({"database": "unreachable"})
    last = worker_heartbeat()
    max_age = timedelta(seconds=settings.NAKHON_WORKER_HEARTBEAT_SECONDS)
    fresh = last is not None and timezone.now() - last <= max_age
    return probe(
        {"database": "ok", "worker": "ok" if fresh else "stale"},
        worker_heartbeat=last.isoformat() if last else None,
    )
