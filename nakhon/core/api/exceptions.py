"""Every error a client can cause becomes a 4xx with a JSON body; none becomes a 500."""

from django.conf import settings
from django.core.exceptions import (
    ObjectDoesNotExist,
    RequestDataTooBig,
    SuspiciousOperation,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from nakhon.core.exceptions import ConflictError, ProposalConflict, RevertError


def exception_handler(exc, context):
    if isinstance(exc, RequestDataTooBig):
        return Response(
            {"detail": too_big_detail()}, status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
        )
    if isinstance(exc, SuspiciousOperation):
        # Too many fields or files, a malformed multipart body...: what it says is safe to show.
        return Response({"detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, ProposalConflict):
        return Response(
            {"detail": str(exc), "conflicts": [c.as_dict() for c in exc.conflicts]},
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, ConflictError):
        return Response(
            {
                "detail": " ".join(
                    [str(exc), _("Read it again, then send your change with the new version.")]
                ),
                "current_version": exc.current_version,
            },
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, DjangoValidationError):
        return Response(validation_error_body(exc), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, RevertError):
        return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, ObjectDoesNotExist):
        return Response({"detail": str(exc)}, status=status.HTTP_404_NOT_FOUND)
    if isinstance(exc, IntegrityError):
        return Response(
            {
                "detail": _("This would break the repository's integrity: %(error)s")
                % {"error": exc}
            },
            status=status.HTTP_409_CONFLICT,
        )
    return drf_exception_handler(exc, context)


def validation_error_body(exc: DjangoValidationError) -> dict:
    if hasattr(exc, "error_dict"):
        return {
            ("non_field_errors" if field == "__all__" else field): [str(m) for m in errors]
            for field, errors in exc.message_dict.items()
        }
    return {"non_field_errors": list(exc.messages)}


def too_big_detail() -> str:
    return _(
        "The request body is larger than the limit of %(limit)s bytes; send files to the "
        "import as multipart uploads."
    ) % {"limit": settings.DATA_UPLOAD_MAX_MEMORY_SIZE}


# Django's error pages (nakhon/urls.py names these as its handlers), in JSON under /api/: a
# client of the API reads every failure the same way, even one no view saw (an unknown
# address, a server error).


def _is_api(request) -> bool:
    return request.path_info.startswith("/api/")


def _json(detail, code: int) -> JsonResponse:
    return JsonResponse({"detail": str(detail)}, status=code)


def bad_request(request, exception):
    if not _is_api(request):
        return defaults.bad_request(request, exception)
    if isinstance(exception, RequestDataTooBig):
        return _json(too_big_detail(), status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
    return _json(exceptions.ParseError.default_detail, status.HTTP_400_BAD_REQUEST)


def permission_denied(request, exception):
    if not _is_api(request):
        return defaults.permission_denied(request, exception)
    return _json(exceptions.PermissionDenied.default_detail, status.HTTP_403_FORBIDDEN)


def page_not_found(request, exception):
    if not _is_api(request):
        return defaults.page_not_found(request, exception)
    return _json(exceptions.NotFound.default_detail, status.HTTP_404_NOT_FOUND)


def server_error(request):
    if not _is_api(request):
        return defaults.server_error(request)
    return _json(exceptions.APIException.default_detail, status.HTTP_500_INTERNAL_SERVER_ERROR)
