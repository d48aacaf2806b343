"""Events of the programme: seminars, workshops and courses, their sessions, who registered and
who came, their materials and what participants thought of them.

An event belongs to the unit that organises it (usually the EA office): its editors and the EA
office write the event and everything under it. Registration, attendance and evaluations name a
person, so they are personal data and seen as the person is (`people.person_visibility`);
how many came and what they thought on average (`rollups`) is shown to everyone who sees the
event.
"""

from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from nakhon.capacity.models.frameworks import SkillArea
from nakhon.capacity.models.people import PersonalQuerySet, person_visibility
from nakhon.core import permissions
from nakhon.core.dates import format_datetime
from nakhon.core.models import BaseModel, owner_unit_field
from nakhon.core.permissions import RestrictedQuerySet


class EventKind(models.TextChoices):
    SEMINAR = "seminar", _("seminar")
    WORKSHOP = "workshop", _("workshop")
    COURSE = "course", _("course")


class Event(BaseModel):
    """A seminar, workshop or course: one or more sessions under one title."""

    owner_path = "owner_unit"

    code = models.SlugField(
        _("code"),
        max_length=60,
        blank=True,
        help_text=_("A short key of your choosing, e.g. ea-opening-2562 (optional, unique)."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    name = models.CharField(_("name (Thai)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    owner_unit = owner_unit_field("capacity_events")
    documentation = models.TextField(_("description"), blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=~Q(code=""), name="capacity_event_code_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("capacity:event", args=[self.pk])

    def places(self) -> int | None:
        """How many people may register: the seats of its smallest session (everyone who
        registers comes to every session); None where no session's capacity is known."""
        capacities = [s.capacity for s in self.sessions.all() if s.capacity is not None]
        return min(capacities) if capacities else None


class Session(BaseModel):
    """One sitting of an event: when and where, who speaks and presides, what it covers."""

    owner_path = "event__owner_unit"

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="sessions"
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    speakers = models.TextField(_("speakers"), blank=True, help_text=_("One per line."))
    presiding = models.CharField(
        _("presiding official"),
        max_length=300,
        blank=True,
        help_text=_("Who opens or chairs the session, e.g. the deputy permanent secretary."),
    )
    skill_areas = models.ManyToManyField(
        SkillArea,
        verbose_name=_("skill areas and competencies covered"),
        blank=True,
        related_name="sessions",
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Seats; empty if not known.")
    )
    documentation = models.TextField(_("notes"), blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self) -> str:
        label = self.title or self.event.name
        return f"{label} ({format_datetime(self.starts_at)})"

    def get_absolute_url(self) -> str:
        return reverse("capacity:session", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A session ends after it starts.")})


class EventPersonalQuerySet(PersonalQuerySet):
    person_prefix = "person__"


class Registration(BaseModel):
    """A person registered for an event."""

    owner_path = "event__owner_unit"
    # Its change-log entries are shown only to those who may see the row (core.models).
    personal_data = True

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="registrations"
    )
    person = models.ForeignKey(
        "capacity.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    documentation = models.TextField(_("note"), blank=True)

    objects = EventPersonalQuerySet.as_manager()

    class Meta:
        ordering = ["event", "person__name"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person"], name="capacity_registration_once_per_event"
            )
        ]

    def __str__(self) -> str:
        # No name: the change log, which every signed-in person reads, shows this label.
        return gettext("Registration for “%(event)s”") % {"event": self.event}

    def get_absolute_url(self) -> str:
        return reverse("capacity:registration", args=[self.pk])


class AttendanceSource(models.TextChoices):
    FORM = "form", _("entered")
    SHEET = "sheet", _("sign-in sheet")


class Attendance(BaseModel):
    """A person came to a session."""

    owner_path = "session__event__owner_unit"
    # Its change-log entries are shown only to those who may see the row (core.models).
    personal_data = True

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="attendance"
    )
    person = models.ForeignKey(
        "capacity.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="attendance",
    )
    source = models.CharField(
        _("recorded from"),
        max_length=10,
        choices=AttendanceSource.choices,
        default=AttendanceSource.FORM,
    )
    # The name as the sign-in sheet wrote it, where it came from one.
    written_name = models.CharField(_("name as written"), max_length=300, blank=True)
    documentation = models.TextField(_("note"), blank=True)

    objects = EventPersonalQuerySet.as_manager()

    class Meta:
        ordering = ["session", "person__name"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person"], name="capacity_attendance_once_per_session"
            )
        ]

    def __str__(self) -> str:
        return gettext("Attendance at %(session)s") % {"session": self.session}

    def get_absolute_url(self) -> str:
        return reverse("capacity:attendance", args=[self.pk])


MATERIAL_SUFFIXES = (".pdf", ".pptx", ".ppt", ".docx", ".doc", ".xlsx", ".odp", ".odt")
MATERIAL_SUFFIXES += (".png", ".jpg", ".jpeg", ".zip", ".txt", ".md", ".csv")


class Material(BaseModel):
    """A handout, slide deck or recording of an event: a link, or a file uploaded here."""

    owner_path = "event__owner_unit"

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="materials"
    )
    title = models.CharField(_("title"), max_length=300)
    link = models.URLField(_("link"), max_length=500, blank=True)
    file = models.FileField(_("file"), upload_to="capacity/materials/%Y/", blank=True)
    documentation = models.TextField(_("description"), blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["event", "title"]
        verbose_name = _("material")
        verbose_name_plural = _("materials")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("capacity:material", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        if bool(self.link) == bool(self.file):
            raise ValidationError(_("Give either a link or a file, not both and not neither."))
        if self.file and not getattr(self.file, "_committed", True):
            check_material_file(self.file)

    @property
    def filename(self) -> str:
        return Path(self.file.name).name if self.file else ""


def check_material_file(file) -> None:
    """Refuse an upload larger than the settings allow, or of a kind not offered as material."""
    limit = settings.NAKHON_MAX_MATERIAL_BYTES
    if file.size > limit:
        raise ValidationError(
            {
                "file": _("The file is larger than %(size)d MB, the most a material may be.")
                % {"size": max(1, limit // (1024 * 1024))}
            }
        )
    if Path(file.name).suffix.lower() not in MATERIAL_SUFFIXES:
        raise ValidationError(
            {
                "file": _("Materials are files of these kinds: %(kinds)s.")
                % {"kinds": " ".join(MATERIAL_SUFFIXES)}
            }
        )


SCORE = {
    "max_digits": 5,
    "decimal_places": 2,
    "null": True,
    "blank": True,
    "validators": [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
}


class EvaluationQuerySet(RestrictedQuerySet):
    """An evaluation that names a person is seen as the person is; an anonymous one by those
    who may change its event."""

    def restrict(self, user, action: str = permissions.VIEW):
        if action != permissions.VIEW:
            return super().restrict(user, action)
        visible = person_visibility(user, "person__")
        if visible is None:
            return self
        editable = self.model.objects.restrict(user, permissions.CHANGE).values("pk")
        return self.filter(visible | Q(person__isnull=True, pk__in=editable))


class Evaluation(BaseModel):
    """One participant's evaluation of an event: satisfaction and test scores, each of which
    may be unknown (not asked, or not answered)."""

    owner_path = "event__owner_unit"
    # Its change-log entries are shown only to those who may see the row (core.models).
    personal_data = True

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="evaluations"
    )
    person = models.ForeignKey(
        "capacity.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evaluations",
        help_text=_("Empty for an anonymous evaluation form."),
    )
    satisfaction = models.PositiveSmallIntegerField(
        _("satisfaction"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1 (very dissatisfied) to 5 (very satisfied); empty if not answered."),
    )
    pre_test = models.DecimalField(
        _("pre-test score"), help_text=_("Percent, 0 to 100; empty if not taken."), **SCORE
    )
    post_test = models.DecimalField(
        _("post-test score"), help_text=_("Percent, 0 to 100; empty if not taken."), **SCORE
    )
    documentation = models.TextField(_("comment"), blank=True)

    objects = EvaluationQuerySet.as_manager()

    class Meta:
        ordering = ["event", "created_at"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person"],
                condition=Q(person__isnull=False),
                name="capacity_evaluation_once_per_person",
            )
        ]

    def __str__(self) -> str:
        return gettext("Evaluation of “%(event)s”") % {"event": self.event}

    def get_absolute_url(self) -> str:
        return reverse("capacity:evaluation", args=[self.pk])
