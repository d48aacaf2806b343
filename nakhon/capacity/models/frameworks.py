"""Skills frameworks as data: a framework, its proficiency levels, its skill areas, and the
target level of each area for each personnel group and role level.

A framework is data the EA office edits through the services (every edit logged), not code.
Its `edition` names the published version of its text; one framework is active at a time
(`is_active`, a partial unique constraint), and every assessment keeps the framework it was
made under, so switching the active framework leaves old assessments as they were.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from nakhon.core.models import BaseModel
from nakhon.core.permissions import RestrictedQuerySet


class PersonnelGroup(models.TextChoices):
    IT = "it", _("IT personnel")
    NON_IT = "non_it", _("non-IT personnel")


class RoleLevel(models.TextChoices):
    OPERATIONAL = "operational", _("operational")
    SUPERVISOR = "supervisor", _("supervisor or director")
    EXECUTIVE = "executive", _("executive (including the CIO)")


class AreaKind(models.TextChoices):
    CORE = "core", _("core")
    OPTIONAL = "optional", _("optional")
    PROGRAMME = "programme", _("programme's own")


class SkillFramework(BaseModel):
    """A competency framework (its text as data): who published it, which edition, and where
    the text comes from."""

    code = models.SlugField(
        _("code"),
        max_length=60,
        unique=True,
        help_text=_("A short key that names this framework and edition, e.g. ocsc-dga-2566."),
    )
    name = models.CharField(_("name (Thai)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    edition = models.CharField(
        _("edition"),
        max_length=40,
        help_text=_("The framework's own version, e.g. the year of the text it follows."),
    )
    publisher = models.CharField(_("publisher"), max_length=300, blank=True)
    year = models.PositiveIntegerField(
        _("year (Gregorian)"), null=True, blank=True, help_text=_("The year the text was issued.")
    )
    source = models.TextField(
        _("source"),
        blank=True,
        help_text=_(
            "Where the text comes from (document, year) and what the programme chose itself."
        ),
    )
    is_active = models.BooleanField(
        _("active"),
        default=False,
        help_text=_("The framework new assessments are made under; one at a time."),
    )

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-is_active", "-year", "code"]
        verbose_name = _("skills framework")
        verbose_name_plural = _("skills frameworks")
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"],
                condition=models.Q(is_active=True),
                name="capacity_one_active_framework",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.edition})"

    def get_absolute_url(self) -> str:
        return reverse("capacity:skillframework", args=[self.pk])

    @classmethod
    def active(cls):
        return cls.objects.filter(is_active=True).first()


class ProficiencyLevel(BaseModel):
    """One step of a framework's proficiency scale (1 is the lowest)."""

    framework = models.ForeignKey(
        SkillFramework,
        verbose_name=_("framework"),
        on_delete=models.CASCADE,
        related_name="levels",
    )
    level = models.PositiveSmallIntegerField(_("level"))
    name = models.CharField(_("name (Thai)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["framework", "level"]
        verbose_name = _("proficiency level")
        verbose_name_plural = _("proficiency levels")
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "level"], name="capacity_level_unique_in_framework"
            )
        ]

    def __str__(self) -> str:
        return f"{self.level} – {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("capacity:proficiencylevel", args=[self.pk])


class SkillArea(BaseModel):
    """One area (or skill group, or competency) of a framework."""

    framework = models.ForeignKey(
        SkillFramework,
        verbose_name=_("framework"),
        on_delete=models.CASCADE,
        related_name="areas",
    )
    code = models.SlugField(_("code"), max_length=60)
    name = models.CharField(_("name (Thai)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=AreaKind.choices)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["framework", "order", "code"]
        verbose_name = _("skill area")
        verbose_name_plural = _("skill areas")
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "code"], name="capacity_area_code_unique_in_framework"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("capacity:skillarea", args=[self.pk])


class TargetLevel(BaseModel):
    """The proficiency level a framework expects in one area of one personnel group at one
    role level."""

    area = models.ForeignKey(
        SkillArea, verbose_name=_("skill area"), on_delete=models.CASCADE, related_name="targets"
    )
    personnel_group = models.CharField(
        _("personnel group"), max_length=10, choices=PersonnelGroup.choices
    )
    role_level = models.CharField(_("role level"), max_length=20, choices=RoleLevel.choices)
    level = models.PositiveSmallIntegerField(_("target level"))

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["area", "personnel_group", "role_level"]
        verbose_name = _("target level")
        verbose_name_plural = _("target levels")
        constraints = [
            models.UniqueConstraint(
                fields=["area", "personnel_group", "role_level"],
                name="capacity_target_unique_per_group_and_level",
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.area} · {self.get_personnel_group_display()} · "
            f"{self.get_role_level_display()}: {self.level}"
        )

    def get_absolute_url(self) -> str:
        return reverse("capacity:targetlevel", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        if self.area_id and self.level is not None:
            check_level(self.area.framework_id, self.level, "level")


def check_level(framework_id, level: int, field: str) -> None:
    """Refuse a level that is not on the framework's proficiency scale."""
    levels = set(
        ProficiencyLevel.objects.filter(framework_id=framework_id).values_list("level", flat=True)
    )
    if levels and level not in levels:
        raise ValidationError(
            {
                field: _("Level %(level)s is not on this framework's scale (%(levels)s).")
                % {"level": level, "levels": ", ".join(str(n) for n in sorted(levels))}
            }
        )
