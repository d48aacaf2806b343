"""The org-unit tree and the people who work in it."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from nakhon.core.permissions import Role
from nakhon.repository.models import ElementProfile


class UnitKind(models.TextChoices):
    CITY = "city", _("city administration")
    DEPARTMENT = "department", _("department")
    OFFICE = "office", _("office")
    DISTRICT_OFFICE = "district_office", _("district office")
    DIVISION = "division", _("division")


class OrgUnit(ElementProfile):
    """A unit of the city's organisation, backed by a BusinessActor element of the same id."""

    element_type = "BusinessActor"
    # The tree itself is the EA office's to shape, whoever owns the backing element.
    owner_path = ""

    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    code = models.CharField(
        _("code"),
        max_length=20,
        blank=True,
        help_text=_("The official code, e.g. the district code 1001 or a department's initials."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )

    class Meta:
        ordering = ["kind", "code", "element__name"]
        verbose_name = _("org unit")
        verbose_name_plural = _("org units")
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=~models.Q(code=""), name="orgunit_code_unique"
            )
        ]

    def get_absolute_url(self) -> str:
        return reverse("organization:orgunit", args=[self.pk])

    def subtree_ids(self) -> set:
        """This unit's id and those of all units below it."""
        ids, frontier = {self.pk}, [self.pk]
        while frontier:
            frontier = list(
                OrgUnit.objects.filter(parent__in=frontier)
                .exclude(pk__in=ids)
                .values_list("pk", flat=True)
            )
            ids.update(frontier)
        return ids

    def ancestors(self) -> list["OrgUnit"]:
        chain, unit = [], self.parent
        while unit is not None and unit not in chain:
            chain.insert(0, unit)
            unit = unit.parent
        return chain


class User(AbstractUser):
    """A member of staff. Only what sign-in and ownership need is kept (PDPA: data minimisation)."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.VIEWER)
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("unit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username
