"""Throttling password guesses (django-axes, configured in settings): whose address a request
comes from, and what a locked-out person is told."""

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


class ThrottledLogins(AxesStandaloneBackend):
    """django-axes' check before the password is: every sign-in over the web (the sign-in
    page, the admin, the API's token endpoint) passes its request and is throttled. Code that
    checks a password itself, without a request (a script, a management command), has no
    address to count, so it is not throttled rather than refused."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


def client_ip(request) -> str:
    """The address of the person: REMOTE_ADDR, or, when that is a trusted proxy
    (NAKHON_FORWARDED_ALLOW_IPS, `*` for any), the nearest address in X-Forwarded-For that is
    not one. Behind nginx every request comes from 127.0.0.1, which would lock everyone out
    together; a client's own X-Forwarded-For is not believed."""
    trusted = settings.NAKHON_TRUSTED_PROXIES
    remote = request.META.get("REMOTE_ADDR", "")
    forwarded = [
        address.strip()
        for address in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if address.strip()
    ]
    chain = [*forwarded, remote]
    for address in reversed(chain):
        if "*" not in trusted and address not in trusted:
            return address
        if "*" in trusted and address != chain[-1]:
            return address
    return chain[0]


def locked_out(request, response=None, credentials=None, *args, **kwargs):
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = _(
        "Too many failed sign-ins for this account or from this address. Try again in "
        "%(minutes)s minutes, or ask an administrator to unlock it."
    ) % {"minutes": minutes}
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": message}, status=429)
    return render(request, "429.html", {"message": message}, status=429)
