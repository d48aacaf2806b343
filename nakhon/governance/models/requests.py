"""Architecture review requests, as Estonia's state catalogue (RIHA) distinguishes them, and
their review: assigned reviewers, the checklist each answers, votes, conditions and waivers.

A request moves through a state machine (`nakhon.governance.workflow`): draft, submitted,
under review, decided (with a decision), closed. Its owning unit is the submitting unit; a unit
edits only its own drafts, and the EA office assigns, decides and closes.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from nakhon.core.dates import BUDDHIST_ERA_OFFSET, FISCAL_YEAR_FIRST_MONTH, format_date, is_thai
from nakhon.core.models import BaseModel
from nakhon.core.permissions import RestrictedQuerySet
from nakhon.portfolio.models import Classification, LawfulBasis
from nakhon.repository.models import Element

# The element types a request links to, by what it says of them.
CAPABILITY_TYPES = ("Capability",)
CITIZEN_SERVICE_TYPES = ("BusinessService",)
PRINCIPLE_TYPES = ("Principle",)
APPLICATION_TYPES = (
    "ApplicationComponent",
    "ApplicationService",
    "ApplicationInterface",
    "ApplicationFunction",
)
TECHNOLOGY_TYPES = (
    "Node",
    "Device",
    "SystemSoftware",
    "TechnologyService",
    "TechnologyInterface",
    "CommunicationNetwork",
    "Artifact",
)
DATA_TYPES = ("DataObject",)
AFFECTED_TYPES = APPLICATION_TYPES + TECHNOLOGY_TYPES + DATA_TYPES

# Fiscal years a budget may name (Buddhist Era): B.E. 2500-2700 covers any real budget.
FISCAL_YEAR_MIN, FISCAL_YEAR_MAX = 2500, 2700


def fiscal_year_bounds(year_be: int) -> tuple[date, date]:
    """The first and last day of Thai fiscal year `year_be` (2570: 1 Oct 2026 - 30 Sep 2027)."""
    ends = year_be - BUDDHIST_ERA_OFFSET
    return date(ends - 1, FISCAL_YEAR_FIRST_MONTH, 1), date(ends, FISCAL_YEAR_FIRST_MONTH - 1, 30)


class RequestType(models.TextChoices):
    """RIHA's four kinds of request about an information system."""

    ESTABLISH = "establish", _("establish a new system")
    TAKE_INTO_USE = "take_into_use", _("take a system into use")
    CHANGE_DATA = "change_data", _("change its data composition")
    RETIRE = "retire", _("retire a system")


class RequestState(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    UNDER_REVIEW = "under_review", _("under review")
    DECIDED = "decided", _("decided")
    CLOSED = "closed", _("closed")


class Decision(models.TextChoices):
    APPROVED = "approved", _("approved")
    APPROVED_WITH_CONDITIONS = "approved_with_conditions", _("approved with conditions")
    REJECTED = "rejected", _("rejected")
    DISMISSED = "dismissed", _("dismissed")


class Vote(models.TextChoices):
    APPROVE = "approve", _("approve")
    APPROVE_WITH_CONDITIONS = "approve_with_conditions", _("approve with conditions")
    REJECT = "reject", _("reject")


class Effect(models.TextChoices):
    """What a request does to an application, technology or data object."""

    CREATE = "create", _("create")
    CHANGE = "change", _("change")
    USE = "use", _("use")
    RETIRE = "retire", _("retire")


class Answer(models.TextChoices):
    YES = "yes", _("yes")
    NO = "no", _("no")
    NOT_APPLICABLE = "not_applicable", _("not applicable")
    NOT_KNOWN = "not_known", _("not known")


class ConditionState(models.TextChoices):
    OPEN = "open", _("open")
    MET = "met", _("met")
    WAIVED = "waived", _("waived")


def element_link(verbose_name, related_name: str, types: tuple[str, ...], **extra):
    return models.ForeignKey(
        Element,
        verbose_name=verbose_name,
        on_delete=models.PROTECT,
        related_name=related_name,
        limit_choices_to={"type__in": types},
        **extra,
    )


def require_types(errors: dict, field: str, elements, types: tuple[str, ...]) -> None:
    """Add an error on `field` naming each of `elements` whose type is not one of `types`."""
    wrong = [e for e in elements if e is not None and e.type not in types]
    if wrong:
        errors[field] = _("%(names)s: not of the type(s) %(types)s.") % {
            "names": ", ".join(str(e) for e in wrong),
            "types": ", ".join(types),
        }


class ReviewRequest(BaseModel):
    """A unit's request to have an IT project reviewed against the architecture before money is
    spent on it."""

    title = models.CharField(_("title"), max_length=300)
    request_type = models.CharField(_("type of request"), max_length=20, choices=RequestType)
    owner_unit = models.ForeignKey(
        settings.NAKHON_UNIT_MODEL,
        verbose_name=_("submitting unit"),
        on_delete=models.PROTECT,
        related_name="review_requests",
    )
    description = models.TextField(_("description"), blank=True)
    budget = models.DecimalField(
        _("budget (baht)"),
        max_digits=15,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Leave empty when the budget is not known yet."),
    )
    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year (B.E.)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(FISCAL_YEAR_MIN), MaxValueValidator(FISCAL_YEAR_MAX)],
        help_text=_("The Thai fiscal year of the budget, e.g. 2570 = 1 Oct 2026 to 30 Sep 2027."),
    )
    budget_line = models.CharField(
        _("budget line"),
        max_length=200,
        blank=True,
        help_text=_("The budget plan, programme or item it is paid from."),
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    capabilities = models.ManyToManyField(
        Element,
        verbose_name=_("capabilities supported"),
        related_name="supporting_requests",
        limit_choices_to={"type__in": CAPABILITY_TYPES},
        blank=True,
    )
    citizen_services = models.ManyToManyField(
        Element,
        verbose_name=_("citizen services supported"),
        related_name="serving_requests",
        limit_choices_to={"type__in": CITIZEN_SERVICE_TYPES},
        blank=True,
    )

    state = models.CharField(
        _("state"),
        max_length=20,
        choices=RequestState,
        default=RequestState.DRAFT,
        editable=False,
    )
    decision = models.CharField(
        _("decision"), max_length=30, choices=Decision, blank=True, editable=False
    )
    decision_note = models.TextField(_("reasons for the decision"), blank=True, editable=False)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, editable=False)
    review_started_at = models.DateTimeField(
        _("review started"), null=True, blank=True, editable=False
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True, editable=False)
    deadline = models.DateField(
        _("decision due"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Counted in working days from submission on the Thai holiday calendar."),
    )
    # The request's architectural content: a change proposal (`core.proposals`), shown as a
    # diff against the repository and merged into it when the request is approved.
    proposal = models.OneToOneField(
        "core.Proposal",
        verbose_name=_("change proposal"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="review_request",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="submitted_review_requests",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="decided_review_requests",
    )

    owner_path = "owner_unit"
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("review request")
        verbose_name_plural = _("review requests")
        indexes = [models.Index(fields=["state"]), models.Index(fields=["fiscal_year"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(budget__gte=0),
                name="reviewrequest_budget_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="reviewrequest_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("governance:reviewrequest", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end cannot come before the start.")})

    @property
    def fiscal_year_span(self) -> tuple[date, date] | None:
        return fiscal_year_bounds(self.fiscal_year) if self.fiscal_year else None


class AffectedElement(BaseModel):
    """An application, technology or data object a request creates, changes, uses or retires,
    with what it says about personal data and classification ("not known" allowed)."""

    request = models.ForeignKey(
        ReviewRequest,
        verbose_name=_("review request"),
        on_delete=models.CASCADE,
        related_name="affected",
    )
    element = element_link(_("element"), "review_effects", AFFECTED_TYPES)
    effect = models.CharField(_("effect"), max_length=10, choices=Effect)
    personal_data = models.BooleanField(
        _("personal data"),
        null=True,
        blank=True,
        help_text=_("Whether it holds or processes personal data; empty when not known."),
    )
    classification = models.CharField(
        _("classification"),
        max_length=20,
        choices=Classification,
        blank=True,
        help_text=_("The data classification; empty when not known."),
    )
    lawful_basis = models.CharField(
        _("lawful basis"),
        max_length=20,
        choices=LawfulBasis,
        blank=True,
        help_text=_("The PDPA lawful basis for the personal data; empty when not known."),
    )
    note = models.TextField(_("note"), blank=True)

    owner_path = "request__owner_unit"
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["effect", "element__name"]
        verbose_name = _("affected element")
        verbose_name_plural = _("affected elements")
        constraints = [
            models.UniqueConstraint(
                fields=["request", "element"], name="affectedelement_once_per_request"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_effect_display()}: {self.element}"

    def get_absolute_url(self) -> str:
        return self.request.get_absolute_url()

    def clean(self) -> None:
        super().clean()
        errors: dict = {}
        if self.element_id:
            require_types(errors, "element", [self.element], AFFECTED_TYPES)
        if self.lawful_basis and self.personal_data is False:
            errors["lawful_basis"] = _("A lawful basis is given only for personal data.")
        if errors:
            raise ValidationError(errors)


class PrincipleDeparture(BaseModel):
    """A principle the request says it departs from, and why."""

    request = models.ForeignKey(
        ReviewRequest,
        verbose_name=_("review request"),
        on_delete=models.CASCADE,
        related_name="departures",
    )
    principle = element_link(_("principle"), "departing_requests", PRINCIPLE_TYPES)
    reason = models.TextField(_("reason"))

    owner_path = "request__owner_unit"
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["principle__name"]
        verbose_name = _("departure from a principle")
        verbose_name_plural = _("departures from principles")
        constraints = [
            models.UniqueConstraint(
                fields=["request", "principle"], name="principledeparture_once_per_request"
            )
        ]

    def __str__(self) -> str:
        return str(self.principle)

    def get_absolute_url(self) -> str:
        return self.request.get_absolute_url()

    def clean(self) -> None:
        super().clean()
        errors: dict = {}
        if self.principle_id:
            require_types(errors, "principle", [self.principle], PRINCIPLE_TYPES)
        if errors:
            raise ValidationError(errors)


class ChecklistQuestion(BaseModel):
    """One question of the reviewers' checklist, loaded from the app's data file
    (`nakhon/governance/data/checklist.json`) by `checklist.sync`."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    section = models.CharField(_("section"), max_length=40)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("question (Thai)"))
    text_en = models.TextField(_("question (English)"), blank=True)
    active = models.BooleanField(_("asked"), default=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("checklist question")
        verbose_name_plural = _("checklist questions")

    def __str__(self) -> str:
        return f"{self.code}: {self.label}"

    @property
    def label(self) -> str:
        return self.text if is_thai() or not self.text_en else self.text_en


class Review(BaseModel):
    """A reviewer assigned to a request: their checklist answers, vote and comment."""

    request = models.ForeignKey(
        ReviewRequest,
        verbose_name=_("review request"),
        on_delete=models.CASCADE,
        related_name="reviews",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        related_name="governance_reviews",
    )
    assigned_at = models.DateTimeField(_("assigned"), null=True, blank=True, editable=False)
    vote = models.CharField(_("vote"), max_length=30, choices=Vote, blank=True, editable=False)
    comment = models.TextField(_("comment"), blank=True, editable=False)
    voted_at = models.DateTimeField(_("voted"), null=True, blank=True, editable=False)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["assigned_at", "reviewer__username"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(fields=["request", "reviewer"], name="review_once_per_reviewer")
        ]

    def __str__(self) -> str:
        return _("%(reviewer)s on “%(request)s”") % {
            "reviewer": self.reviewer,
            "request": self.request,
        }

    def get_absolute_url(self) -> str:
        return reverse("governance:review", args=[self.pk])


class ChecklistAnswer(BaseModel):
    """A reviewer's answer to one checklist question, with its evidence."""

    review = models.ForeignKey(
        Review, verbose_name=_("review"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        ChecklistQuestion,
        verbose_name=_("question"),
        on_delete=models.PROTECT,
        related_name="answers",
    )
    answer = models.CharField(_("answer"), max_length=20, choices=Answer, default=Answer.NOT_KNOWN)
    evidence = models.TextField(_("evidence"), blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["question__order", "question__code"]
        verbose_name = _("checklist answer")
        verbose_name_plural = _("checklist answers")
        constraints = [
            models.UniqueConstraint(
                fields=["review", "question"], name="checklistanswer_once_per_question"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question.code}: {self.get_answer_display()}"


class Condition(BaseModel):
    """A condition of an approval, tracked until it is met or waived."""

    request = models.ForeignKey(
        ReviewRequest,
        verbose_name=_("review request"),
        on_delete=models.CASCADE,
        related_name="conditions",
    )
    text = models.TextField(_("condition"))
    state = models.CharField(
        _("state"), max_length=10, choices=ConditionState, default=ConditionState.OPEN
    )
    due_date = models.DateField(_("due"), null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="governance_conditions",
    )
    closing_note = models.TextField(_("how it was met or why it was waived"), blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True, editable=False)
    due_notified_on = models.DateField(
        _("due reminder sent"), null=True, blank=True, editable=False
    )

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "created_at"]
        verbose_name = _("condition")
        verbose_name_plural = _("conditions")

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        return self.request.get_absolute_url()

    def is_overdue(self, on: date) -> bool:
        open_ = self.state == ConditionState.OPEN
        return open_ and self.due_date is not None and self.due_date < on


class Waiver(BaseModel):
    """Leave for a request to depart from a standard, for a reason, until an expiry date.

    `standard_name` names the standard in words; the link to the standards catalogue
    (`standard`) is added where that catalogue exists."""

    request = models.ForeignKey(
        ReviewRequest,
        verbose_name=_("review request"),
        on_delete=models.CASCADE,
        related_name="waivers",
    )
    standard = models.ForeignKey(
        "governance.Standard",
        verbose_name=_("standard in the catalogue"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="waivers",
    )
    standard_name = models.CharField(_("standard"), max_length=300, blank=True)
    reason = models.TextField(_("reason"))
    expires_on = models.DateField(_("expires"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="granted_waivers",
    )

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["expires_on"]
        verbose_name = _("waiver")
        verbose_name_plural = _("waivers")

    def __str__(self) -> str:
        return _("Waiver of %(standard)s until %(day)s") % {
            "standard": self.standard_label,
            "day": format_date(self.expires_on),
        }

    def get_absolute_url(self) -> str:
        return self.request.get_absolute_url()

    @property
    def standard_label(self) -> str:
        standard = getattr(self, "standard", None)
        return str(standard) if standard is not None else self.standard_name


class LanguagePreference(models.Model):
    """The language a person's notifications are written in (settings.LANGUAGE_CODE when
    they have said nothing)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="governance_language",
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)

    class Meta:
        verbose_name = _("notification language")
        verbose_name_plural = _("notification languages")

    def __str__(self) -> str:
        return f"{self.user}: {self.language}"
