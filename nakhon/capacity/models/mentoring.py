"""Mentoring: consultants (university mentors) coach units so that they can use the
architecture. A consultant is assigned to a unit; each meeting is logged with its topic, the
architecture it reviewed (elements and views of the repository) and the actions agreed, each
with an owner, a due date and a status.

A unit's mentoring (its sessions and their actions) belongs to the unit: its editors and the
EA office write it. Who is assigned to which unit is the programme's decision: the EA office
writes assignments. Consultants and action owners are people, seen as people are.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from nakhon.capacity.models.people import ProgrammeRole
from nakhon.core.dates import format_date
from nakhon.core.models import BaseModel
from nakhon.core.permissions import RestrictedQuerySet
from nakhon.organization.models import OrgUnit
from nakhon.repository.models import Element, View

MENTOR_ROLES = (ProgrammeRole.CONSULTANT,)


def require_consultant(person, field: str) -> None:
    if person is not None and person.programme_role not in MENTOR_ROLES:
        raise ValidationError(
            {
                field: _("%(person)s is not a consultant or mentor of the programme.")
                % {"person": person}
            }
        )


class MentorAssignment(BaseModel):
    """A consultant assigned to mentor a unit, from a date (until a date, where it ended)."""

    # The programme assigns its consultants: the EA office writes assignments.
    owner_path = ""

    consultant = models.ForeignKey(
        "capacity.Person",
        verbose_name=_("consultant"),
        on_delete=models.PROTECT,
        related_name="mentor_assignments",
    )
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="mentor_assignments",
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    documentation = models.TextField(_("note"), blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["unit__code", "starts_on"]
        verbose_name = _("mentor assignment")
        verbose_name_plural = _("mentor assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["consultant", "unit", "starts_on"], name="capacity_assignment_unique"
            )
        ]

    def __str__(self) -> str:
        return gettext("Mentoring of %(unit)s from %(date)s") % {
            "unit": self.unit.element.name if self.unit_id else "?",
            "date": format_date(self.starts_on),
        }

    def get_absolute_url(self) -> str:
        return reverse("capacity:mentorassignment", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        if self.consultant_id:
            require_consultant(self.consultant, "consultant")
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("An assignment ends on or after its start.")})


class MentoringSession(BaseModel):
    """One mentoring meeting with a unit: when, what about, which architecture it reviewed."""

    owner_path = "unit"

    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="mentoring_sessions",
    )
    held_on = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=300)
    consultants = models.ManyToManyField(
        "capacity.Person",
        verbose_name=_("consultants"),
        blank=True,
        related_name="mentoring_sessions",
    )
    elements = models.ManyToManyField(
        Element,
        verbose_name=_("elements reviewed"),
        blank=True,
        related_name="mentoring_sessions",
    )
    views = models.ManyToManyField(
        View, verbose_name=_("views reviewed"), blank=True, related_name="mentoring_sessions"
    )
    documentation = models.TextField(_("notes"), blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "topic"]
        verbose_name = _("mentoring session")
        verbose_name_plural = _("mentoring sessions")

    def __str__(self) -> str:
        return f"{self.topic} ({format_date(self.held_on)})"

    def get_absolute_url(self) -> str:
        return reverse("capacity:mentoringsession", args=[self.pk])


class ActionStatus(models.TextChoices):
    OPEN = "open", _("open")
    DONE = "done", _("done")
    DROPPED = "dropped", _("dropped")


class ActionQuerySet(RestrictedQuerySet):
    def overdue(self, today=None):
        """Open actions past their due date. A dropped action was closed by agreement, so it
        is not overdue; a done one is done."""
        today = today or timezone.localdate()
        return self.filter(status=ActionStatus.OPEN, due_on__lt=today)


class MentoringAction(BaseModel):
    """An action agreed at a mentoring session: what, who, by when, and how it stands."""

    owner_path = "session__unit"

    session = models.ForeignKey(
        MentoringSession,
        verbose_name=_("mentoring session"),
        on_delete=models.CASCADE,
        related_name="actions",
    )
    description = models.CharField(_("action"), max_length=500)
    owner = models.ForeignKey(
        "capacity.Person",
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="mentoring_actions",
    )
    due_on = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    documentation = models.TextField(_("notes"), blank=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "description"]
        verbose_name = _("mentoring action")
        verbose_name_plural = _("mentoring actions")
        indexes = [models.Index(fields=["status", "due_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ActionStatus.values), name="capacity_action_status_known"
            )
        ]

    def __str__(self) -> str:
        return self.description

    def get_absolute_url(self) -> str:
        return reverse("capacity:mentoringaction", args=[self.pk])

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.status == ActionStatus.OPEN and self.due_on < today
