"""Import and export over the API: upload a file (multipart), get the plan as JSON.

A large upload, or an export of a large repository, runs in the background: the answer is
202 Accepted with the job (`/api/jobs/<id>/`), which the client asks again until it has ended.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from nakhon.core.api.serializers import JobSerializer
from nakhon.core.models import Channel, Job
from nakhon.core.permissions import require_importer
from nakhon.core.proposals import proposal_of_request
from nakhon.core.services import Actor
from nakhon.core.views import download
from nakhon.interchange import services
from nakhon.interchange.errors import InterchangeError
from nakhon.interchange.formats import EXPORT_EXTENSIONS
from nakhon.interchange.importer import ImportRefused
from nakhon.interchange.reports import plan_as_json

PLAN = inline_serializer(
    "ImportPlan",
    {
        "batch": serializers.UUIDField(allow_null=True),
        "proposal": serializers.UUIDField(allow_null=True),
        "counts": serializers.DictField(
            child=serializers.DictField(child=serializers.IntegerField())
        ),
        "refused": serializers.ListField(child=serializers.DictField()),
        "changes": serializers.ListField(child=serializers.DictField()),
    },
)


class ImportView(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        request={
            "multipart/form-data": inline_serializer(
                "ImportUpload", {"files": serializers.ListField(child=serializers.FileField())}
            )
        },
        parameters=[
            OpenApiParameter("dry_run", OpenApiTypes.BOOL, description="Plan only; write nothing."),
            OpenApiParameter(
                "without_refused",
                OpenApiTypes.BOOL,
                description="Import the rest when some objects are refused.",
            ),
        ],
        responses={
            200: PLAN,
            201: PLAN,
            202: JobSerializer,
            400: OpenApiTypes.OBJECT,
            409: PLAN,
        },
    )
    def post(self, request):
        """Import an exchange file, an Archi model, Archi CSV files or an Excel workbook.

        A large upload is checked or imported in the background: the answer is 202 with the job,
        whose report is the plan (its first 500 refused objects, without the list of changes).
        """
        try:
            require_importer(request.user)
        except PermissionDenied as denied:
            return Response({"detail": str(denied)}, status=status.HTTP_403_FORBIDDEN)
        files = request.FILES.getlist("files")
        if not files:
            return Response(
                {"files": [_("Upload the file as multipart form field “files”.")]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        try:
            # The `X-Nakhon-Proposal` header (or `proposal` parameter) imports into a proposal.
            proposal = proposal_of_request(request, api=True)
        except ValidationError as error:
            return Response(
                {"detail": " ".join(error.messages)}, status=status.HTTP_400_BAD_REQUEST
            )
        actor = Actor(user=request.user, channel=Channel.IMPORT, proposal=proposal)
        try:
            if _flag(request, "dry_run"):
                done = services.check(actor, files)
                return _done(request, done, lambda checked: Response(plan_as_json(checked.plan)))
            done = services.import_files(
                actor, files, without_refused=_flag(request, "without_refused")
            )
        except ImportRefused as refused:
            return Response(plan_as_json(refused.plan), status=status.HTTP_409_CONFLICT)
        except InterchangeError as error:
            return Response({"detail": str(error)}, status=status.HTTP_400_BAD_REQUEST)
        return _done(
            request, done, lambda plan: Response(plan_as_json(plan), status=status.HTTP_201_CREATED)
        )


def _done(request, done, respond) -> Response:
    """202 with the job the work was handed to, else `respond`'s answer to the work done."""
    return accepted(request, done) if isinstance(done, Job) else respond(done)


def _flag(request, name: str) -> bool:
    return request.query_params.get(name, "").lower() in ("1", "true", "yes")


def accepted(request, job: Job) -> Response:
    """202 Accepted: the work goes on in the background, as the job at `Location` tells."""
    data = JobSerializer(job, context={"request": request}).data
    # str(): the URL is DRF's Hyperlink, which WSGI servers refuse as a header value.
    return Response(data, status=status.HTTP_202_ACCEPTED, headers={"Location": str(data["url"])})


class ExportView(APIView):
    @extend_schema(
        parameters=[
            # Not "format": DRF reads that one to choose a renderer.
            OpenApiParameter("file_format", OpenApiTypes.STR, enum=sorted(EXPORT_EXTENSIONS)),
        ],
        responses={
            (200, "application/octet-stream"): OpenApiTypes.BINARY,
            202: JobSerializer,
            400: OpenApiTypes.OBJECT,
        },
    )
    def get(self, request):
        """The whole repository as an exchange file, Archi CSV (zip) or an Excel workbook.

        A large repository is exported in the background: the answer is 202 with the job, whose
        `file` is the export once it is done.
        """
        key = request.query_params.get("file_format", "exchange")
        if key not in EXPORT_EXTENSIONS:
            return Response(
                {
                    "file_format": [
                        _("Choose one of: %(known)s.") % {"known": ", ".join(EXPORT_EXTENSIONS)}
                    ]
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        exported = services.export(request.user, key)
        return _done(
            request,
            exported,
            lambda done: download(done.content, done.filename, done.content_type),
        )
