"""What the automatic checks found when a request was submitted (`nakhon.governance.checks`).

Findings are derived data, like the citizen services' assessments: written by the submission
that ran the checks (which is itself change-logged), replaced when the request is submitted
again, and not change-logged themselves. Each holds its message in Thai and English, so that
every reader sees it in their own language, its evidence (the objects concerned, each with a
link) and a link to look at first.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from nakhon.core.dates import is_thai
from nakhon.core.permissions import RestrictedQuerySet
from nakhon.governance.models.requests import ReviewRequest


class CheckKind(models.TextChoices):
    DUPLICATION = "duplication", _("duplication")
    STANDARDS = "standards", _("standards")
    DIGITAL_GOVERNMENT_ACT = "digital_government_act", _("Digital Government Act")
    PERSONAL_DATA = "personal_data", _("personal data (PDPA)")
    METAMODEL = "metamodel", _("ArchiMate rules")
    PRINCIPLES = "principles", _("principles")


class Severity(models.TextChoices):
    """How much a finding weighs: a blocking one stops the submission."""

    INFO = "info", _("note")
    WARNING = "warning", _("warning")
    BLOCKING = "blocking", _("blocking")


class Finding(models.Model):
    request = models.ForeignKey(
        ReviewRequest,
        verbose_name=_("review request"),
        on_delete=models.CASCADE,
        related_name="findings",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    check_kind = models.CharField(_("check"), max_length=30, choices=CheckKind.choices)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    message = models.TextField(_("message (Thai)"))
    message_en = models.TextField(_("message (English)"), blank=True)
    # [{"label": ..., "url": ...}]: the objects the finding is about.
    evidence = models.JSONField(_("evidence"), default=list, blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    found_at = models.DateTimeField(_("found"), auto_now_add=True)

    owner_path = "request__owner_unit"
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["request", "position"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")

    def __str__(self) -> str:
        return self.text

    def get_absolute_url(self) -> str:
        return self.request.get_absolute_url()

    @property
    def text(self) -> str:
        """The message in the reader's language."""
        return self.message if is_thai() or not self.message_en else self.message_en

    @property
    def blocking(self) -> bool:
        return self.severity == Severity.BLOCKING

    @property
    def check_label(self) -> str:
        return CheckKind(self.check_kind).label

    @property
    def severity_label(self) -> str:
        return Severity(self.severity).label
