"""`nakhon serve`: the production server. Collects the static files (WhiteNoise serves them,
compressed), then runs gunicorn with workers sized to the machine and the task worker beside
it, and stops them all together: if one ends, the others are stopped too, and SIGTERM or
Ctrl+C stops every one gracefully (a task worker finishes the task in hand first)."""

import os
import signal
import subprocess
import sys
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand


def default_web_workers() -> int:
    """Gunicorn's advice: two workers a CPU, plus one (NAKHON_WEB_WORKERS overrides)."""
    return int(os.environ.get("NAKHON_WEB_WORKERS") or 2 * (os.cpu_count() or 1) + 1)


def gunicorn_command(options) -> list[str]:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "nakhon.wsgi:application",
        "--bind",
        options["bind"],
        "--workers",
        str(options["workers"]),
        "--threads",
        str(options["threads"]),
        "--timeout",
        str(options["timeout"]),
        "--graceful-timeout",
        str(options["timeout"]),
        # The proxy in front (deploy/nginx.conf) sets X-Forwarded-For and X-Forwarded-Proto.
        "--forwarded-allow-ips",
        os.environ.get("NAKHON_FORWARDED_ALLOW_IPS", "127.0.0.1,::1"),
        # Gunicorn's own messages go to standard error; Django logs each request as JSON.
        "--error-logfile",
        "-",
        # The application is loaded and warmed up (nakhon.core.warmup) once, in the master:
        # the workers forked from it share what that built.
        "--preload",
        "--config",
        "python:nakhon.core.gunicorn_config",
    ]
    if os.path.isdir("/dev/shm"):
        command += ["--worker-tmp-dir", "/dev/shm"]  # heartbeats off a slow disk
    return command


def task_worker_command() -> list[str]:
    return [sys.executable, "-m", "nakhon.manage", "db_worker"]


class Command(BaseCommand):
    help = (
        "Serve Nakhon EA for real: gunicorn with workers sized to the machine, static files "
        "collected for WhiteNoise, and the task worker beside it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--bind",
            default=os.environ.get("NAKHON_BIND", "127.0.0.1:8000"),
            help="address:port (or unix:PATH) to listen on; default NAKHON_BIND or 127.0.0.1:8000",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=default_web_workers(),
            help="gunicorn worker processes; default NAKHON_WEB_WORKERS or 2 x CPUs + 1",
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=int(os.environ.get("NAKHON_WEB_THREADS", "1")),
            help="threads per worker; default NAKHON_WEB_THREADS or 1",
        )
        parser.add_argument(
            "--timeout",
            type=int,
            default=int(os.environ.get("NAKHON_WEB_TIMEOUT", "120")),
            help="seconds a request may take before its worker is restarted",
        )
        parser.add_argument(
            "--task-workers",
            type=int,
            default=int(os.environ.get("NAKHON_TASK_WORKERS", "1")),
            help="task workers (`nakhon db_worker`) to run beside it; 0 when they run as "
            "services of their own; default NAKHON_TASK_WORKERS or 1",
        )
        parser.add_argument(
            "--migrate", action="store_true", help="apply database migrations first"
        )
        parser.add_argument(
            "--no-collectstatic",
            dest="collectstatic",
            action="store_false",
            help="do not collect the static files first",
        )

    def handle(self, *args, **options):
        if options["migrate"]:
            call_command("migrate", interactive=False, verbosity=options["verbosity"])
        if options["collectstatic"]:
            call_command("collectstatic", interactive=False, verbosity=0)
        children = [subprocess.Popen(gunicorn_command(options))]
        children += [
            subprocess.Popen(task_worker_command()) for _ in range(options["task_workers"])
        ]
        self.stdout.write(
            f"Serving on {options['bind']}: {options['workers']} web workers, "
            f"{options['task_workers']} task workers"
        )
        sys.exit(supervise(children))


def supervise(children: list[subprocess.Popen]) -> int:
    """Waits until a child ends or a stop signal comes, then stops the others; returns the
    exit code of the child that ended first (0 after a stop signal)."""
    stopping = []

    def stop(signum, frame):
        stopping.append(signum)

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        ended = None
        while not stopping and ended is None:
            ended = next((child for child in children if child.poll() is not None), None)
            time.sleep(0.2)
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        for child in children:
            child.wait()
        return 0 if ended is None else ended.returncode
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
