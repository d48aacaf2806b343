"""Ratings of a person's proficiency in one skill area, dated, under the framework they were
made under: a self-rating or an assessor's rating.

Assessments are personal data: they are seen by whoever sees the person (`PersonalQuerySet`).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from nakhon.capacity.models.frameworks import SkillArea, SkillFramework, check_level
from nakhon.capacity.models.people import Person, PersonalQuerySet
from nakhon.core.models import BaseModel


class RatingSource(models.TextChoices):
    SELF = "self", _("self-assessment")
    ASSESSOR = "assessor", _("assessor")


class AssessmentQuerySet(PersonalQuerySet):
    person_prefix = "person__"


class Assessment(BaseModel):
    owner_path = "person__unit"
    personal_data = True

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="assessments"
    )
    framework = models.ForeignKey(
        SkillFramework,
        verbose_name=_("framework"),
        on_delete=models.PROTECT,
        related_name="assessments",
        help_text=_("The framework the rating was made under; the active one when left empty."),
    )
    area = models.ForeignKey(
        SkillArea, verbose_name=_("skill area"), on_delete=models.PROTECT, related_name="ratings"
    )
    source = models.CharField(_("rated by"), max_length=10, choices=RatingSource.choices)
    assessed_on = models.DateField(_("assessed on"))
    level = models.PositiveSmallIntegerField(_("level"))
    note = models.TextField(_("note"), blank=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-assessed_on", "area"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "area", "source", "assessed_on"],
                name="capacity_one_rating_per_person_area_source_day",
            )
        ]

    def __str__(self) -> str:
        # No name: the log's label of a rating must not identify the person by itself.
        return f"{self.area} · {self.get_source_display()} · {self.assessed_on:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("capacity:assessment", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        if self.area_id and self.framework_id and self.area.framework_id != self.framework_id:
            raise ValidationError(
                {"area": _("This skill area belongs to another framework than the rating's.")}
            )
        if self.framework_id and self.level is not None:
            check_level(self.framework_id, self.level, "level")
