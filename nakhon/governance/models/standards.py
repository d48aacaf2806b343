"""Principles and the standards catalogue: what a review request is measured against.

- `PrincipleProfile` on a Principle element (motivation layer): the principle's statement is the
  element's name and documentation, as the exchange format carries them; the profile adds its
  rationale and implications, in Thai and English, and a short code (P1, P2...).
- `Standard`: a technology or practice in the catalogue, with its status (adopt, trial,
  contain, retire), owning unit, review date (null while not known) and the technology elements
  of the repository it covers.
"""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from nakhon.archimate import metamodel
from nakhon.core.models import BaseModel, owner_unit_field
from nakhon.core.permissions import RestrictedQuerySet
from nakhon.portfolio.models import ProfiledElement
from nakhon.repository.models import Element

# Principles


class PrincipleProfile(ProfiledElement):
    """Why a Principle holds and what it asks of projects, in Thai and English."""

    element_type = "Principle"
    element_types = (element_type,)

    element = models.OneToOneField(
        Element,
        verbose_name=_("element"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="principle_profile",
    )
    code = models.CharField(
        _("code"), max_length=20, blank=True, help_text=_("A short reference, e.g. P1.")
    )
    rationale = models.TextField(_("rationale (Thai)"), blank=True)
    rationale_en = models.TextField(_("rationale (English)"), blank=True)
    implications = models.TextField(_("implications (Thai)"), blank=True)
    implications_en = models.TextField(_("implications (English)"), blank=True)

    class Meta:
        ordering = ["code", "element__name"]
        verbose_name = _("principle")
        verbose_name_plural = _("principles")

    def __str__(self) -> str:
        return f"{self.code} {self.element}" if self.code else str(self.element)

    def get_absolute_url(self) -> str:
        return reverse("governance:principleprofile", args=[self.pk])


# Standards


class StandardStatus(models.TextChoices):
    """Where the city stands on a standard, in the order of a technology radar's rings."""

    ADOPT = "adopt", _("adopt")
    TRIAL = "trial", _("trial")
    CONTAIN = "contain", _("contain")
    RETIRE = "retire", _("retire")


# Statuses a new project should not build on: a request that uses them gets a finding.
DISCOURAGED = (StandardStatus.CONTAIN, StandardStatus.RETIRE)


class StandardKind(models.TextChoices):
    TECHNOLOGY = "technology", _("technology")
    PRACTICE = "practice", _("practice")


class StandardCategory(models.TextChoices):
    """The radar's quadrants."""

    INFRASTRUCTURE = "infrastructure", _("infrastructure and hosting")
    PLATFORM = "platform", _("platforms and software")
    DATA = "data", _("data and integration")
    PRACTICE = "practice", _("practices and methods")


# The element types a standard may cover: the technology layer and the physical one.
STANDARD_ELEMENT_TYPES = (
    *metamodel.types_in_layer(metamodel.Layer.TECHNOLOGY),
    *metamodel.types_in_layer(metamodel.Layer.PHYSICAL),
)


class StandardQuerySet(RestrictedQuerySet):
    def past_review(self, on: date):
        """Standards whose review date has passed on `on`; an unknown date is not past."""
        return self.filter(review_date__lt=on)

    def covering(self, element_ids):
        return self.filter(elements__in=element_ids).distinct()


class Standard(BaseModel):
    """A technology or practice in the catalogue, and the city's stance on it."""

    code = models.CharField(
        _("code"),
        max_length=30,
        blank=True,
        help_text=_("The standard's number in the catalogue, e.g. STD-DAT-01; unique if given."),
    )
    name = models.CharField(_("name (Thai)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    kind = models.CharField(
        _("kind"), max_length=12, choices=StandardKind.choices, default=StandardKind.TECHNOLOGY
    )
    category = models.CharField(_("category"), max_length=16, choices=StandardCategory.choices)
    status = models.CharField(_("status"), max_length=10, choices=StandardStatus.choices)
    owner_unit = owner_unit_field("standards")
    review_date = models.DateField(
        _("review date"),
        null=True,
        blank=True,
        help_text=_("When the standard is next reviewed; leave empty if not known."),
    )
    description = models.TextField(_("description"), blank=True)
    elements = models.ManyToManyField(
        Element,
        verbose_name=_("technology elements"),
        related_name="standards",
        blank=True,
        help_text=_("The technology elements of the repository this standard covers."),
    )

    owner_path = "owner_unit"
    objects = StandardQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("standard")
        verbose_name_plural = _("standards")
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=~Q(code=""), name="standard_code_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name or self.name_en

    def get_absolute_url(self) -> str:
        return reverse("governance:standard", args=[self.pk])

    def is_past_review(self, on: date) -> bool:
        return self.review_date is not None and self.review_date < on

    @property
    def discouraged(self) -> bool:
        return self.status in DISCOURAGED
