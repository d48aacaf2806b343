"""Middleware of the whole site: the request id and its log line, and the security headers
Django's own SecurityMiddleware does not set."""

import logging
import re
import time
import uuid

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from nakhon.core import logs
from nakhon.core.db import replica_reads

logger = logging.getLogger("nakhon.request")

# An id a proxy or a client may pass on: short, and nothing that could forge a log line.
_GIVEN_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


class RequestIdMiddleware:
    """Names each request: the X-Request-ID header it came with (from nginx or a client) when
    that is a plausible id, else a new one. The id is on every log record written while the
    request is served, in the response's X-Request-ID, and on one log line per request."""

    header = "X-Request-ID"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get(self.header, "")
        request.id = given if _GIVEN_ID.fullmatch(given) else uuid.uuid4().hex
        token = logs.request_id.set(request.id)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response[self.header] = request.id
            user = getattr(request, "user", None)
            logger.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                    "user": user.pk if user is not None and user.is_authenticated else None,
                },
            )
            return response
        finally:
            logs.request_id.reset(token)


class ContentSecurityPolicyMiddleware:
    """Sends settings.NAKHON_CONTENT_SECURITY_POLICY on every response that has none. The policy
    is one fixed header (no inline script anywhere, so no nonces), which is why this is a few
    lines rather than a package; Django 6 ships the same as django.middleware.csp."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = "; ".join(
            f"{directive} {' '.join(sources)}".strip()
            for directive, sources in settings.NAKHON_CONTENT_SECURITY_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        return response


class UploadLimitMiddleware:
    """Refuses a request whose body is declared larger than settings.NAKHON_MAX_UPLOAD_BYTES
    with 413, before anything reads it: no upload is parsed, buffered or stored. (A body without
    a length, chunked, reaches Django as empty.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.NAKHON_MAX_UPLOAD_BYTES
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length <= limit:
            return self.get_response(request)
        message = _(
            "The upload is %(size)s bytes; this installation accepts at most %(limit)s bytes."
        ) % {"size": length, "limit": limit}
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": message}, status=413)
        return render(request, "413.html", {"message": message}, status=413)


class ReplicaReadsMiddleware:
    """GET and HEAD requests under settings.NAKHON_REPLICA_PATHS (the analyses) read from the
    read replica, when DATABASE_REPLICA_URL configures one (see core.db)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD") and request.path_info.startswith(
            tuple(settings.NAKHON_REPLICA_PATHS)
        ):
            with replica_reads():
                return self.get_response(request)
        return self.get_response(request)
