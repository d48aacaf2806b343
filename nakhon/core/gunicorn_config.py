"""Gunicorn's hooks for `nakhon serve` (`--config python:nakhon.core.gunicorn_config`, with
`--preload`: the application is loaded once, in the master)."""

from nakhon.core import warmup


def when_ready(server) -> None:
    # Runs in the master after the application is loaded and before any worker is forked.
    warmup.prepare()
