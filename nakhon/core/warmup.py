"""Work a server process does once before it answers, so that no user's request pays for it.

Apps register what to prepare (`register`, from their `AppConfig.ready`); `nakhon serve` runs it
in gunicorn's master process before the workers are forked (`nakhon.core.gunicorn_config`), so
that they share what was built instead of each building its own on its first request.
"""

import logging
import time
from collections.abc import Callable

from django.db import connections

logger = logging.getLogger(__name__)
_steps: list[Callable[[], object]] = []


def register(step: Callable[[], object]) -> None:
    if step not in _steps:
        _steps.append(step)


def prepare() -> None:
    """Runs every registered step. A step that fails is logged and left to the first request
    that needs it (an empty or unmigrated database must not stop the server); the database
    connections are closed at the end, since forked workers must not share them."""
    try:
        for step in _steps:
            started = time.perf_counter()
            try:
                step()
                seconds = time.perf_counter() - started
                logger.info("warmed up: %s in %.1f s", step.__qualname__, seconds)
            except Exception:
                logger.exception("warm-up step %s failed; left to the first request", step)
    finally:
        connections.close_all()
