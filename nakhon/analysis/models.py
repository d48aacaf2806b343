"""What the EA office decides about the analyses' findings: the analyses themselves are read-only
and computed in memory."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from nakhon.core.models import BaseModel
from nakhon.core.permissions import RestrictedQuerySet
from nakhon.repository.models import Element


class FindingKind(models.TextChoices):
    CONSOLIDATION = "consolidation", _("consolidation candidate")
    MASTERS = "masters", _("data with several masters")


class DismissedFinding(BaseModel):
    """A redundancy finding the EA office has looked at and set aside, saying why (a hospital
    system and PACS complement each other): left out of the ranked findings and listed with
    its reason until it is restored (the dismissal deleted). Only the EA office writes them."""

    kind = models.CharField(_("kind"), max_length=20, choices=FindingKind.choices)
    target = models.ForeignKey(
        Element,
        verbose_name=_("what the finding is about"),
        on_delete=models.CASCADE,
        related_name="dismissed_findings",
    )
    reason = models.TextField(_("reason"), help_text=_("Why this is not redundancy."))

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("dismissed finding")
        verbose_name_plural = _("dismissed findings")
        constraints = [
            models.UniqueConstraint(fields=["kind", "target"], name="one_dismissal_a_finding")
        ]

    def __str__(self) -> str:
        return f"{self.target} ({self.get_kind_display()})"
