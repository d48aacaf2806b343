"""Every error a client can cause becomes a 4xx with a JSON body; none becomes a 500."""

from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from nakhon.core.exceptions import ConflictError, ProposalConflict, RevertError


def exception_handler(exc, context):
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
