"""Structured logs: one JSON object a line, each carrying the id of the request it belongs to,
so that a log collector can follow one request through the application server's processes."""

import json
import logging
from contextvars import ContextVar
from datetime import UTC, datetime

# The id of the request this thread is serving (set by core.middleware.RequestIdMiddleware).
request_id: ContextVar[str | None] = ContextVar("request_id", default=None)

# What a LogRecord carries by itself; anything else was passed in `extra` and is logged too.
_RECORD_FIELDS = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message"}


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record logged while a request is served."""

    def filter(self, record: logging.LogRecord) -> bool:
        # Django logs a failed request's response after the middleware is done with it.
        request = getattr(record, "request", None)
        record.request_id = request_id.get() or getattr(request, "id", None)
        return True


class JSONFormatter(logging.Formatter):
    """A record as one line of JSON: time (UTC, ISO 8601), level, logger, message, request id,
    the `extra` fields given to the logging call, and the traceback of an exception."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
        }
        entry.update(
            (key, value)
            for key, value in vars(record).items()
            if key not in _RECORD_FIELDS and key not in entry
        )
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
