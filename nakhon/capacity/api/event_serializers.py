"""Events and mentoring in the API. A reference to a person accepts only people the client may
see, so the API never confirms that anyone else exists."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from nakhon.capacity.models import (
    Attendance,
    Evaluation,
    Event,
    Material,
    MentorAssignment,
    MentoringAction,
    MentoringSession,
    Person,
    Registration,
    Session,
)
from nakhon.core.api.serializers import ServiceModelSerializer, UnitField

BOOKKEEPING = ["version", "created_at", "updated_at"]


class ForUserSerializer(ServiceModelSerializer):
    """Accepts only people the requesting user may see (events and sessions are checked by
    the service, which answers 403 for one the user may not write to)."""

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        visible = Person.objects.restrict(getattr(request, "user", None))
        for name in ("person", "owner", "consultant"):
            field = fields.get(name)
            if field is not None and not field.read_only:
                field.queryset = visible
        consultants = fields.get("consultants")
        if consultants is not None:
            consultants.child_relation.queryset = visible
        return fields


def url_field(name: str):
    return serializers.HyperlinkedIdentityField(view_name=f"capacity-api:{name}-detail")


class EventSerializer(ServiceModelSerializer):
    url = url_field("event")
    owner_unit = UnitField()
    places = serializers.SerializerMethodField(
        help_text=_("How many may register: the seats of the smallest session; null if unknown.")
    )

    class Meta:
        model = Event
        fields = [
            "id",
            "url",
            "code",
            "kind",
            "name",
            "name_en",
            "owner_unit",
            "documentation",
            "places",
            *BOOKKEEPING,
        ]

    def get_places(self, event) -> int | None:
        return event.places()


class SessionSerializer(ForUserSerializer):
    url = url_field("session")

    class Meta:
        model = Session
        fields = [
            "id",
            "url",
            "event",
            "title",
            "starts_at",
            "ends_at",
            "venue",
            "speakers",
            "presiding",
            "skill_areas",
            "capacity",
            "documentation",
            *BOOKKEEPING,
        ]


class RegistrationSerializer(ForUserSerializer):
    url = url_field("registration")

    class Meta:
        model = Registration
        fields = ["id", "url", "event", "person", "documentation", *BOOKKEEPING]
        validators = []  # the service refuses a second registration, in the user's language


class AttendanceSerializer(ForUserSerializer):
    url = url_field("attendance")

    class Meta:
        model = Attendance
        fields = [
            "id",
            "url",
            "session",
            "person",
            "source",
            "written_name",
            "documentation",
            *BOOKKEEPING,
        ]
        read_only_fields = ["source", "written_name"]
        validators = []


class MaterialSerializer(ForUserSerializer):
    """A material given by link (files are uploaded through the web page)."""

    url = url_field("material")
    file = serializers.SerializerMethodField()

    class Meta:
        model = Material
        fields = ["id", "url", "event", "title", "link", "file", "documentation", *BOOKKEEPING]

    def get_file(self, material) -> str | None:
        return material.filename or None


class EvaluationSerializer(ForUserSerializer):
    url = url_field("evaluation")

    class Meta:
        model = Evaluation
        fields = [
            "id",
            "url",
            "event",
            "person",
            "satisfaction",
            "pre_test",
            "post_test",
            "documentation",
            *BOOKKEEPING,
        ]
        validators = []


class MentorAssignmentSerializer(ForUserSerializer):
    url = url_field("mentor-assignment")
    unit = UnitField(allow_null=False, required=True)

    class Meta:
        model = MentorAssignment
        fields = [
            "id",
            "url",
            "consultant",
            "unit",
            "starts_on",
            "ends_on",
            "documentation",
            *BOOKKEEPING,
        ]
        validators = []


class MentoringSessionSerializer(ForUserSerializer):
    url = url_field("mentoring-session")
    unit = UnitField(allow_null=False, required=True)

    class Meta:
        model = MentoringSession
        fields = [
            "id",
            "url",
            "unit",
            "held_on",
            "topic",
            "consultants",
            "elements",
            "views",
            "documentation",
            *BOOKKEEPING,
        ]


class MentoringActionSerializer(ForUserSerializer):
    url = url_field("mentoring-action")
    overdue = serializers.SerializerMethodField(help_text=_("Past its due date and still open."))

    class Meta:
        model = MentoringAction
        fields = [
            "id",
            "url",
            "session",
            "description",
            "owner",
            "due_on",
            "status",
            "overdue",
            "documentation",
            *BOOKKEEPING,
        ]

    def get_overdue(self, action) -> bool:
        return action.is_overdue()


class SignInSheetUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=_("The sign-in sheet, .xlsx or .csv."))


class SignInSheetConfirmSerializer(serializers.Serializer):
    token = serializers.CharField(help_text=_("The plan's token, as reading the sheet gave it."))
    decisions = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        required=False,
        help_text=_(
            "For each line put up for review, by its field name (row-N): the id of the "
            "candidate it is, or an empty string for nobody."
        ),
    )
