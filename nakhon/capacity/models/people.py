"""The people the programme touches, with only what it needs (PDPA: data minimisation).

A person's row is personal data: the EA office (and administrators) see every person, the
person sees their own row (through the linked account), and a unit's editors see the people of
their unit and the units below it. Nobody else sees a person's row or name anywhere: lists,
pages, the API, exports and search all read `Person.objects.restrict(user)`, and rows that
point at a person (assessments, attendance) restrict through `person_visibility`.

Anonymising a person (on request, through the service) replaces the identifying fields and
keeps the unit, group, role level and programme role, so every statistic stays the same.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from nakhon.capacity.models.frameworks import PersonnelGroup, RoleLevel
from nakhon.core import permissions
from nakhon.core.models import BaseModel
from nakhon.core.permissions import RestrictedQuerySet
from nakhon.organization.models import OrgUnit


class ProgrammeRole(models.TextChoices):
    CIO = "cio", _("CIO")
    LIAISON = "liaison", _("unit EA liaison")
    REVIEWER = "reviewer", _("reviewer")
    CONSULTANT = "consultant", _("consultant or mentor")
    PARTICIPANT = "participant", _("participant")


def person_visibility(user, prefix: str = "") -> Q | None:
    """Who may see a person's personal data, as a filter on a path to the person (`prefix`,
    e.g. "person__"): None means every row (the EA office and administrators)."""
    role = permissions.role_of(user)
    if role is None:
        return Q(pk__in=[])
    if role in permissions.EDIT_EVERYTHING:
        return None
    visible = Q(**{f"{prefix}user": user})
    if role == permissions.Role.UNIT_EDITOR:
        visible |= Q(**{f"{prefix}unit__in": permissions.editable_unit_ids(user)})
    return visible


class PersonalQuerySet(RestrictedQuerySet):
    """Rows that are, or belong to, a person: seen only by those `person_visibility` names,
    written by the EA office and the editors of the person's unit (`owner_path`)."""

    person_prefix = ""

    def restrict(self, user, action: str = permissions.VIEW):
        if action != permissions.VIEW:
            return super().restrict(user, action)
        visible = person_visibility(user, self.person_prefix)
        return self if visible is None else self.filter(visible)


class PersonQuerySet(PersonalQuerySet):
    person_prefix = ""


class Person(BaseModel):
    """A member of staff (or an outside consultant) the programme trains, assesses or
    works with."""

    owner_path = "unit"
    # Its change-log entries are shown only to those who may see the row (core.models).
    personal_data = True

    name = models.CharField(_("name (Thai)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="capacity_people",
        help_text=_("Left empty for people from outside the city (a university consultant)."),
    )
    position = models.CharField(_("position"), max_length=200, blank=True)
    personnel_group = models.CharField(
        _("personnel group"), max_length=10, choices=PersonnelGroup.choices
    )
    role_level = models.CharField(_("role level"), max_length=20, choices=RoleLevel.choices)
    programme_role = models.CharField(
        _("programme role"),
        max_length=20,
        choices=ProgrammeRole.choices,
        default=ProgrammeRole.PARTICIPANT,
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="capacity_person",
    )
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True, editable=False)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("capacity:person", args=[self.pk])

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None
