"""The portfolio: what the city knows of its applications, technology and data.

Each profile is a one-to-one extension of one element (see `ElementProfile`):
- `ApplicationProfile` on an ApplicationComponent: vendor, yearly cost, users, hosting, business
  and technical fit, end of support, and the TIME class the two fits give;
- `TechnologyProfile` on a technology-layer (or physical) element: vendor, product, product version,
  hosting, end of support;
- `DataObjectProfile` on a DataObject: the Thai government data classification and the PDPA flags.

Analyses that need dates read `end_of_support` through the querysets' `support_ending_by` and
`past_support`, so that "near" means the same everywhere (`SUPPORT_HORIZON_MONTHS`).
"""

from __future__ import annotations

import calendar
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Q, Value, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from nakhon.archimate import metamodel
from nakhon.core.permissions import RestrictedQuerySet
from nakhon.repository.models import Element, ElementProfile

# "Near" end of support: within this many months of the day asked about.
SUPPORT_HORIZON_MONTHS = 12


class Hosting(models.TextChoices):
    ON_PREMISES = "on_premises", _("on premises")
    GOVERNMENT_CLOUD = "government_cloud", _("government cloud")
    PUBLIC_CLOUD = "public_cloud", _("public cloud")
    SAAS = "saas", _("software as a service")
    HYBRID = "hybrid", _("hybrid")


class Fit(models.IntegerChoices):
    """How well an application serves the business, or how sound it is technically."""

    POOR = 1, _("1 – poor")
    FAIR = 2, _("2 – fair")
    GOOD = 3, _("3 – good")
    EXCELLENT = 4, _("4 – excellent")


# A fit of 3 or 4 counts as high in the TIME rule.
HIGH_FIT = Fit.GOOD


class TimeClass(models.TextChoices):
    """Gartner's TIME model: what to do with an application."""

    TOLERATE = "tolerate", _("tolerate")
    INVEST = "invest", _("invest")
    MIGRATE = "migrate", _("migrate")
    ELIMINATE = "eliminate", _("eliminate")


def time_class(business_fit: int | None, technical_fit: int | None) -> TimeClass | None:
    """The TIME class of an application from its two fits (1-4; 3 and 4 count as high).

    Gartner's TIME quadrants:
    - high business fit, high technical fit: **invest** (keep developing it);
    - high business fit, low technical fit: **migrate** (the need is real, the technology is
      not: move it to a sound platform);
    - low business fit, high technical fit: **tolerate** (sound but of little use: keep it
      running, spend nothing);
    - low business fit, low technical fit: **eliminate** (retire it).

    None when either fit is not assessed yet. A fit outside 1-4 is a programming error.
    """
    if business_fit is None or technical_fit is None:
        return None
    for fit in (business_fit, technical_fit):
        if fit not in Fit.values:
            raise ValueError(f"A fit is a whole number from 1 to 4, not {fit!r}.")
    business_high, technical_high = business_fit >= HIGH_FIT, technical_fit >= HIGH_FIT
    if business_high:
        return TimeClass.INVEST if technical_high else TimeClass.MIGRATE
    return TimeClass.TOLERATE if technical_high else TimeClass.ELIMINATE


def fit_pairs(time: TimeClass | str) -> list[tuple[int, int]]:
    """The (business fit, technical fit) pairs that `time_class` puts in one class."""
    return [
        (business, technical)
        for business in Fit.values
        for technical in Fit.values
        if time_class(business, technical) == time
    ]


def time_class_condition(time: TimeClass | str) -> Q:
    """A filter for the profiles of one TIME class, built from `time_class` itself."""
    condition = Q(pk__in=[])
    for business, technical in fit_pairs(time):
        condition |= Q(business_fit=business, technical_fit=technical)
    return condition


def time_class_expression() -> Case:
    """The TIME class as an SQL expression (for ordering and grouping), from `time_class`."""
    return Case(
        *[
            When(business_fit=business, technical_fit=technical, then=Value(time.value))
            for time in TimeClass
            for business, technical in fit_pairs(time)
        ],
        default=Value(None),
        output_field=models.CharField(),
    )


def months_later(day: date, months: int) -> date:
    """The same day `months` later; the month's last day where it is shorter (31 Jan -> 28 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


class SupportState(models.TextChoices):
    PAST = "past", _("past end of support")
    NEAR = "near", _("end of support within 12 months")
    SUPPORTED = "supported", _("supported")
    UNKNOWN = "unknown", _("end of support not known")


def support_state(
    end_of_support: date | None, on: date, months: int = SUPPORT_HORIZON_MONTHS
) -> SupportState:
    """Where a product stands on `on`: past its end of support, ending within `months`, or
    supported. The end-of-support day itself still counts as supported (near)."""
    if end_of_support is None:
        return SupportState.UNKNOWN
    if end_of_support < on:
        return SupportState.PAST
    if end_of_support <= months_later(on, months):
        return SupportState.NEAR
    return SupportState.SUPPORTED


def support_state_condition(
    state: SupportState | str, on: date, months: int = SUPPORT_HORIZON_MONTHS
) -> Q:
    """A filter on `end_of_support` for one state, by the same rule as `support_state`."""
    horizon = months_later(on, months)
    return {
        SupportState.PAST: Q(end_of_support__lt=on),
        SupportState.NEAR: Q(end_of_support__gte=on, end_of_support__lte=horizon),
        SupportState.SUPPORTED: Q(end_of_support__gt=horizon),
        SupportState.UNKNOWN: Q(end_of_support__isnull=True),
    }[SupportState(state)]


class SupportQuerySet(RestrictedQuerySet):
    """Queries on `end_of_support`, by the same rule as `support_state`."""

    def in_support_state(self, states, on: date, months: int = SUPPORT_HORIZON_MONTHS):
        condition = Q(pk__in=[])
        for state in states:
            condition |= support_state_condition(state, on, months)
        return self.filter(condition)

    def past_support(self, on: date):
        return self.in_support_state([SupportState.PAST], on)

    def support_ending_by(self, on: date, months: int = SUPPORT_HORIZON_MONTHS):
        """Past end of support on `on`, or reaching it within `months`."""
        return self.in_support_state([SupportState.PAST, SupportState.NEAR], on, months)


def profile_element(related_name: str) -> models.OneToOneField:
    """The profile's key and link to its element, named so that `element.<related_name>`
    reads well (ElementProfile's default would be `element.applicationprofile`)."""
    return models.OneToOneField(
        Element,
        verbose_name=_("element"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name=related_name,
    )


def type_label(type_name: str):
    known = metamodel.ELEMENT_TYPES.get(type_name)
    return known.label if known else type_name


class ProfiledElement(ElementProfile):
    """A profile that may sit on elements of the types in `element_types`."""

    element_types: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        element_type = getattr(self.element, "type", None) if self.element_id else None
        if element_type is not None and element_type not in self.element_types:
            raise ValidationError(
                {
                    "element": _("A %(profile)s belongs on a %(types)s, not on a %(type)s.")
                    % {
                        "profile": self._meta.verbose_name,
                        "types": ", ".join(str(type_label(t)) for t in self.element_types),
                        "type": type_label(element_type),
                    }
                }
            )


class SupportedProduct(ProfiledElement):
    """What applications and technology share: who makes it, where it runs, until when."""

    vendor = models.CharField(_("vendor"), max_length=200, blank=True)
    hosting = models.CharField(_("hosting"), max_length=20, choices=Hosting.choices, blank=True)
    end_of_support = models.DateField(
        _("end of support"),
        null=True,
        blank=True,
        help_text=_("The day the vendor (or the city's contract) stops supporting it."),
    )

    objects = SupportQuerySet.as_manager()

    class Meta:
        abstract = True

    def support_state(self, on: date) -> SupportState:
        return support_state(self.end_of_support, on)


class ApplicationProfile(SupportedProduct):
    """An application component's place in the portfolio: cost, use, fitness, TIME class."""

    element_type = "ApplicationComponent"
    element_types = (element_type,)

    element = profile_element("application_profile")
    yearly_cost = models.DecimalField(
        _("yearly cost (baht)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Licences, maintenance, hosting and support per fiscal year."),
    )
    users = models.PositiveIntegerField(
        _("users"), null=True, blank=True, help_text=_("People who use it (staff or citizens).")
    )
    business_fit = models.PositiveSmallIntegerField(
        _("business fit"),
        choices=Fit.choices,
        null=True,
        blank=True,
        validators=[MinValueValidator(Fit.POOR), MaxValueValidator(Fit.EXCELLENT)],
        help_text=_("How well it serves the work it is for: 1 poor to 4 excellent."),
    )
    technical_fit = models.PositiveSmallIntegerField(
        _("technical fit"),
        choices=Fit.choices,
        null=True,
        blank=True,
        validators=[MinValueValidator(Fit.POOR), MaxValueValidator(Fit.EXCELLENT)],
        help_text=_("How sound it is technically (platform, security, upkeep): 1 poor to 4."),
    )

    class Meta:
        ordering = ["element__name"]
        verbose_name = _("application profile")
        verbose_name_plural = _("application profiles")
        constraints = [
            models.CheckConstraint(
                condition=Q(business_fit__isnull=True)
                | Q(business_fit__gte=1, business_fit__lte=4),
                name="applicationprofile_business_fit_range",
            ),
            models.CheckConstraint(
                condition=Q(technical_fit__isnull=True)
                | Q(technical_fit__gte=1, technical_fit__lte=4),
                name="applicationprofile_technical_fit_range",
            ),
            models.CheckConstraint(
                condition=Q(yearly_cost__isnull=True) | Q(yearly_cost__gte=0),
                name="applicationprofile_yearly_cost_not_negative",
            ),
        ]

    def get_absolute_url(self) -> str:
        return reverse("portfolio:applicationprofile", args=[self.pk])

    @property
    def time_class(self) -> TimeClass | None:
        return time_class(self.business_fit, self.technical_fit)

    def get_time_class_display(self) -> str:
        time = self.time_class
        return time.label if time else ""


# Where vendor, product, version and end of support mean something: the technology layer's
# structure and services, and the physical equipment and facilities (a data centre).
TECHNOLOGY_TYPES = (
    "Node",
    "Device",
    "SystemSoftware",
    "TechnologyCollaboration",
    "TechnologyInterface",
    "Path",
    "CommunicationNetwork",
    "TechnologyService",
    "Artifact",
    "Equipment",
    "Facility",
)


class TechnologyProfile(SupportedProduct):
    """A technology item's product and life cycle: servers, databases, platforms, networks."""

    element_types = TECHNOLOGY_TYPES

    element = profile_element("technology_profile")
    product = models.CharField(_("product"), max_length=200, blank=True)
    # Not `version`: that is every model's optimistic-locking counter.
    product_version = models.CharField(_("product version"), max_length=100, blank=True)

    class Meta:
        ordering = ["element__name"]
        verbose_name = _("technology profile")
        verbose_name_plural = _("technology profiles")

    def get_absolute_url(self) -> str:
        return reverse("portfolio:technologyprofile", args=[self.pk])


class Classification(models.TextChoices):
    """The Thai government's data classification (DGA data governance framework), with the
    secrecy levels of the Regulation on Official Secrets B.E. 2544."""

    # A context of their own: "public" and "secret" mean other things elsewhere.
    PUBLIC = "public", pgettext_lazy("data classification", "public")
    INTERNAL = "internal", pgettext_lazy("data classification", "internal use")
    CONFIDENTIAL = "confidential", pgettext_lazy("data classification", "confidential")
    SECRET = "secret", pgettext_lazy("data classification", "secret")
    TOP_SECRET = "top_secret", pgettext_lazy("data classification", "top secret")


class LawfulBasis(models.TextChoices):
    """The grounds on which the PDPA B.E. 2562 lets personal data be processed (sections 19
    and 24)."""

    CONSENT = "consent", _("consent")
    CONTRACT = "contract", _("contract")
    LEGAL_OBLIGATION = "legal_obligation", _("legal obligation")
    PUBLIC_TASK = "public_task", _("public task or official authority")
    VITAL_INTEREST = "vital_interest", _("vital interest")
    LEGITIMATE_INTEREST = "legitimate_interest", _("legitimate interest")
    ARCHIVES_RESEARCH = "archives_research", _("archives, research or statistics")


class DataObjectProfile(ProfiledElement):
    """A data object's classification and what the PDPA asks of it."""

    element_type = "DataObject"
    element_types = (element_type,)

    element = profile_element("data_object_profile")
    classification = models.CharField(
        _("classification"),
        max_length=20,
        choices=Classification.choices,
        blank=True,
        help_text=_("Blank while the data object is not classified yet."),
    )
    personal_data = models.BooleanField(
        _("personal data"), default=False, help_text=_("Holds personal data (PDPA).")
    )
    sensitive_personal_data = models.BooleanField(
        _("sensitive personal data"),
        default=False,
        help_text=_(
            "Holds sensitive data: health, religion, criminal records, biometrics… "
            "(PDPA section 26)."
        ),
    )
    lawful_basis = models.CharField(
        _("lawful basis"),
        max_length=20,
        choices=LawfulBasis.choices,
        blank=True,
        help_text=_("Required for personal data."),
    )

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["element__name"]
        verbose_name = _("data object profile")
        verbose_name_plural = _("data object profiles")

    def get_absolute_url(self) -> str:
        return reverse("portfolio:dataobjectprofile", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.sensitive_personal_data and not self.personal_data:
            errors["personal_data"] = _("Sensitive personal data is personal data: tick both.")
        if self.personal_data and not self.lawful_basis:
            errors["lawful_basis"] = _(
                "Personal data needs a lawful basis under the PDPA: choose one."
            )
        if errors:
            raise ValidationError(errors)


def elements_reaching_end_of_support(
    on: date, months: int = SUPPORT_HORIZON_MONTHS, profile=TechnologyProfile
):
    """Elements whose `profile` (technology by default) is past its end of support on `on` or
    reaches it within `months`: the starting points of an obsolescence analysis."""
    accessor = profile._meta.get_field("element").remote_field.related_name
    horizon = months_later(on, months)
    return Element.objects.filter(**{f"{accessor}__end_of_support__lte": horizon})
