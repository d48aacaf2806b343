"""Forms for events and mentoring. Every choice of an event, session, person or unit offers only
what the user may write to (or, for people, see): a form never lists names the user may not
read."""

from django import forms
from django.utils.translation import gettext_lazy as _

from nakhon.capacity.models import (
    Attendance,
    Evaluation,
    Event,
    Material,
    MentorAssignment,
    MentoringAction,
    MentoringSession,
    Person,
    ProgrammeRole,
    Registration,
    Session,
    SkillArea,
)
from nakhon.core import permissions
from nakhon.core.forms import BootstrapMixin, OwnedForm, OwnerUnitField, VersionedModelForm

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ChoicesForUser(VersionedModelForm):
    """Narrows the choices of events, sessions and people to those the user may use."""

    def limit_choices(self, user) -> None:
        limits = {
            "event": Event.objects.restrict(user, permissions.CHANGE),
            "session": Session.objects.restrict(user, permissions.CHANGE).select_related("event"),
            "person": Person.objects.restrict(user),
            "owner": Person.objects.restrict(user),
            "consultant": Person.objects.restrict(user).filter(
                programme_role=ProgrammeRole.CONSULTANT
            ),
            "consultants": Person.objects.restrict(user).filter(
                programme_role=ProgrammeRole.CONSULTANT
            ),
            "unit": permissions.units_user_may_assign(user),
        }
        for name, queryset in limits.items():
            if name in self.fields:
                self.fields[name].queryset = queryset


class EventForm(OwnedForm):
    owner_unit = OwnerUnitField(help_text=_("The unit that organises it."))

    class Meta:
        model = Event
        fields = ["kind", "name", "name_en", "code", "owner_unit", "documentation"]

    def limit_choices(self, user) -> None:
        self.limit_owner_choices(user)


class SessionForm(ChoicesForUser):
    class Meta:
        model = Session
        fields = [
            "event",
            "title",
            "starts_at",
            "ends_at",
            "venue",
            "presiding",
            "speakers",
            "skill_areas",
            "capacity",
            "documentation",
        ]
        widgets = {
            "starts_at": DATETIME_INPUT,
            "ends_at": DATETIME_INPUT,
            "speakers": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        areas = self.fields["skill_areas"]
        areas.queryset = SkillArea.objects.select_related("framework")
        # Frameworks share area names (digital literacy): say which framework each is of.
        areas.label_from_instance = lambda area: f"{area} · {area.framework.code}"


class RegistrationForm(ChoicesForUser):
    class Meta:
        model = Registration
        fields = ["event", "person", "documentation"]


class AttendanceForm(ChoicesForUser):
    class Meta:
        model = Attendance
        fields = ["session", "person", "documentation"]


class MaterialForm(ChoicesForUser):
    link = forms.URLField(label=_("link"), max_length=500, required=False, assume_scheme="https")

    class Meta:
        model = Material
        fields = ["event", "title", "link", "file", "documentation"]


class EvaluationForm(ChoicesForUser):
    class Meta:
        model = Evaluation
        fields = ["event", "person", "satisfaction", "pre_test", "post_test", "documentation"]


class MentorAssignmentForm(ChoicesForUser):
    class Meta:
        model = MentorAssignment
        fields = ["consultant", "unit", "starts_on", "ends_on", "documentation"]


class MentoringSessionForm(ChoicesForUser):
    class Meta:
        model = MentoringSession
        fields = ["unit", "held_on", "topic", "consultants", "elements", "views", "documentation"]


class MentoringActionForm(ChoicesForUser):
    class Meta:
        model = MentoringAction
        fields = ["session", "description", "owner", "due_on", "status", "documentation"]

    def limit_choices(self, user) -> None:
        super().limit_choices(user)
        self.fields["session"].queryset = MentoringSession.objects.restrict(
            user, permissions.CHANGE
        ).select_related("unit__element")


class SignInSheetForm(BootstrapMixin, forms.Form):
    file = forms.FileField(
        label=_("Sign-in sheet"),
        help_text=_(
            "An Excel workbook (.xlsx) or a CSV file with a column “ชื่อ-สกุล (Name)”, or the "
            "columns “ชื่อ (First name)” and “นามสกุล (Surname)”."
        ),
    )
