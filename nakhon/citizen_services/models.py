"""Citizen services: the profile of a BusinessService, its assessment against the Digital
Government Act B.E. 2562, and the rubric's thresholds.

The profile follows the citizen's manual (คู่มือสำหรับประชาชน) that the Licensing Facilitation Act
B.E. 2558 makes every agency publish: where and how to apply, steps with durations and the
responsible unit, required documents with their issuer, fees and the legal processing time.
Channels, steps and documents are rows of the profile: they are written only through the
profile's service and logged in the profile's snapshot, so a multi-row edit is one change.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nakhon.citizen_services.durations import Duration, TimeUnit
from nakhon.core.dates import is_thai
from nakhon.core.models import BaseModel, owner_unit_field
from nakhon.core.permissions import RestrictedQuerySet
from nakhon.core.services import logged_value
from nakhon.repository.models import ElementProfile


class Outcome(models.TextChoices):
    """The seven things the Digital Government Act promises citizens, in the Act's order."""

    BETTER_SERVICE = "better_service", _("better government services")
    ONE_STOP = "one_stop", _("one-stop service")
    NO_COPIES = "no_copies", _("no copies of official documents")
    OPEN_DATA = "open_data", _("access to open government data")
    DIGITAL_ID = "digital_id", _("digital ID to request services")
    E_PAYMENT = "e_payment", _("e-payment of fees")
    LOWER_FEES = "lower_fees", _("lower fees for digital use")


MAX_LEVEL = 3


class Status(models.TextChoices):
    """Why an outcome has a level or not."""

    ASSESSED = "assessed", _("assessed")
    NOT_APPLICABLE = "not_applicable", _("not applicable")
    NOT_ASSESSED = "not_assessed", _("not assessed: facts not known")


LEVEL_CHOICES = [(level, str(level)) for level in range(MAX_LEVEL + 1)]


class Delivery(models.TextChoices):
    UNKNOWN = "", _("not known")
    ALL_DISTRICTS = "all_districts", _("every district office")
    SOME_DISTRICTS = "some_districts", _("some district offices")
    CENTRAL = "central", _("a central counter")
    ONLINE = "online", _("online only")


class ChannelKind(models.TextChoices):
    COUNTER = "counter", _("counter")
    WEB = "web", _("website")
    MOBILE_APP = "mobile_app", _("mobile app")
    LINE_OA = "line_oa", _("LINE official account")
    KIOSK = "kiosk", _("kiosk")


ONLINE_CHANNELS = {ChannelKind.WEB, ChannelKind.MOBILE_APP, ChannelKind.LINE_OA}


class Identity(models.TextChoices):
    """How a channel tells who the citizen is."""

    UNKNOWN = "", _("not known")
    IN_PERSON = "in_person", _("ID card shown in person")
    OWN_ACCOUNT = "own_account", _("the agency's own account")
    DGA_DIGITAL_ID = "dga_digital_id", _("DGA Digital ID")
    THAID = "thaid", _("ThaID (DOPA)")


# Digital identities under the DGA standard DGS 1-2:2564.
DGS_IDENTITIES = {Identity.DGA_DIGITAL_ID, Identity.THAID}


class AssuranceLevel(models.TextChoices):
    """Identity assurance levels of DGS 1-2:2564, weakest first."""

    IAL1 = "IAL1", "IAL1"
    IAL2_1 = "IAL2.1", "IAL2.1"
    IAL2_2 = "IAL2.2", "IAL2.2"
    IAL2_3 = "IAL2.3", "IAL2.3"
    IAL3 = "IAL3", "IAL3"


IAL_ORDER = {level.value: rank for rank, level in enumerate(AssuranceLevel)}


class PaymentMethod(models.TextChoices):
    """How a fee can be paid, as manuals list them; a profile's empty list means not known."""

    CASH = "cash", _("cash at the counter")
    COUNTER_ELECTRONIC = "counter_electronic", _("card or QR code at the counter")
    DEBIT_CARD = "debit_card", _("debit card")
    CREDIT_CARD = "credit_card", _("credit card")
    PROMPTPAY = "promptpay", _("PromptPay bill payment or QR code, from anywhere")
    ONLINE_CARD = "online_card", _("card payment online")
    BANK_TRANSFER = "bank_transfer", _("bank transfer")
    CHEQUE = "cheque", _("cheque")
    MONEY_ORDER = "money_order", _("money order")


# Paid without coming to a counter.
REMOTE_PAYMENT = {PaymentMethod.PROMPTPAY, PaymentMethod.ONLINE_CARD, PaymentMethod.BANK_TRANSFER}
# Paid electronically, at a counter or from anywhere (cash, cheques and money orders are paper).
ELECTRONIC_PAYMENT = REMOTE_PAYMENT | {
    PaymentMethod.COUNTER_ELECTRONIC,
    PaymentMethod.DEBIT_CARD,
    PaymentMethod.CREDIT_CARD,
}


class FeeUnit(models.TextChoices):
    """What a fee row's amount is charged for."""

    REQUEST = "request", _("per request")
    COPY = "copy", _("per copy")
    PAGE = "page", _("per page")
    PERSON = "person", _("per person")
    DAY = "day", _("per day")
    MONTH = "month", _("per month")
    YEAR = "year", _("per year")
    SQUARE_METRE = "square_metre", _("per square metre")


class ExchangeLink(models.TextChoices):
    """How the city obtains a document itself instead of asking the citizen for it."""

    NONE = "", _("none: the citizen brings it")
    GDX = "gdx", _("GDX government data exchange (DGA)")
    DOPA_LINKAGE = "dopa_linkage", _("DOPA linkage center (civil registration)")
    BIZ_PORTAL = "biz_portal", _("Biz Portal")
    DIRECT = "direct", _("the issuing agency's own link")
    CITY_RECORDS = "city_records", _("the city's own records")


def validate_exchange_links(value) -> None:
    known = set(ExchangeLink.values) - {ExchangeLink.NONE}
    if not isinstance(value, list) or not all(isinstance(v, str) and v in known for v in value):
        raise ValidationError(
            _("Exchange links must be a list of: %(known)s."),
            params={"known": ", ".join(sorted(known))},
            code="exchange_links",
        )
    if len(set(value)) != len(value):
        raise ValidationError(_("An exchange link is listed twice."), code="exchange_links")


def spelling(text: str) -> str:
    """How names are compared: spaces collapsed, case folded."""
    return " ".join(str(text).split()).casefold()


# What a manual writes before a document's name when it asks for a copy of it.
COPY_PREFIXES = ("สำเนา", "copy of ", "copies of ", "a copy of ")


def without_copy_prefix(name: str) -> str:
    key = spelling(name)
    for prefix in COPY_PREFIXES:
        if key.startswith(prefix):
            return key[len(prefix) :].strip()
    return key


class RegistryEntry(BaseModel):
    """A row of the city's registries of issuing agencies and common documents: a stable code,
    its Thai and English names and the other names manuals write it by. No owning unit: the EA
    office and administrators keep them."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=300, unique=True)
    name_en = models.CharField(_("English name"), max_length=300, blank=True)
    aliases = models.TextField(
        _("other names"), blank=True, help_text=_("One a line: other ways manuals write it.")
    )

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        """The name in the reader's language."""
        return self.name_en if self.name_en and not is_thai() else self.name

    def spellings(self) -> set[str]:
        names = [self.code, self.name, self.name_en, *self.aliases.splitlines()]
        return {spelling(n) for n in names if n.strip()}


class IssuingAgency(RegistryEntry):
    """An agency that issues documents citizens are asked for. Whether a document is issued by
    the state, and how the city could fetch it instead, follow from its issuer."""

    state_agency = models.BooleanField(
        _("a state agency"),
        null=True,
        blank=True,
        default=None,
        help_text=_("Its documents are issued by the state; blank if not known."),
    )
    exchange_links = models.JSONField(
        _("exchange links"),
        default=list,
        blank=True,
        validators=[validate_exchange_links],
        help_text=_("The links through which the city can fetch its documents itself."),
    )

    class Meta(RegistryEntry.Meta):
        verbose_name = _("issuing agency")
        verbose_name_plural = _("issuing agencies")

    def get_absolute_url(self) -> str:
        return reverse("services:issuingagency", args=[self.pk])

    def link_labels(self) -> list[str]:
        return [str(ExchangeLink(link).label) for link in self.exchange_links]


class CommonDocument(RegistryEntry):
    """A document many manuals ask for (ID card, house registration, ...), with its issuer:
    naming it on a service fills in the rest."""

    issuer = models.ForeignKey(
        IssuingAgency,
        verbose_name=_("issuing agency"),
        on_delete=models.PROTECT,
        related_name="documents",
    )

    class Meta(RegistryEntry.Meta):
        verbose_name = _("common document")
        verbose_name_plural = _("common documents")

    def get_absolute_url(self) -> str:
        return reverse("services:commondocument", args=[self.pk])


class Registry:
    """The registries read once: which agency issues a document, by its issuer's name or, when
    none is written, by the common document it is."""

    def __init__(self):
        self.agencies = list(IssuingAgency.objects.all())
        self.documents = list(CommonDocument.objects.select_related("issuer"))
        self._agencies = {s: a for a in self.agencies for s in a.spellings()}
        self._documents = {s: d for d in self.documents for s in d.spellings()}
        self._codes = {d.code: d for d in self.documents}

    def agency(self, name: str) -> "IssuingAgency | None":
        return self._agencies.get(spelling(name)) if name.strip() else None

    def common(self, code: str) -> "CommonDocument | None":
        return self._codes.get(code) if code else None

    def common_named(self, name: str) -> "CommonDocument | None":
        """The common document a row's name is (a copy of), if any."""
        return self._documents.get(spelling(name)) or self._documents.get(without_copy_prefix(name))

    def agency_of(self, document: "ServiceDocument") -> "IssuingAgency | None":
        if document.issuer.strip():
            return self.agency(document.issuer)
        common = self.common(document.common)
        return common.issuer if common else None


def validate_payment_methods(value) -> None:
    known = set(PaymentMethod.values)
    if not isinstance(value, list) or not all(isinstance(v, str) and v in known for v in value):
        raise ValidationError(
            _("Payment methods must be a list of: %(known)s."),
            params={"known": ", ".join(PaymentMethod.values)},
            code="payment_methods",
        )
    if len(set(value)) != len(value):
        raise ValidationError(_("A payment method is listed twice."), code="payment_methods")


MONEY = {"max_digits": 10, "decimal_places": 2, "validators": [MinValueValidator(Decimal(0))]}
# A duration's amount in its unit (`durations.TimeUnit`); fractions of an hour to four places.
AMOUNT = {"max_digits": 12, "decimal_places": 4, "validators": [MinValueValidator(Decimal(0))]}


def time_unit_field(label):
    return models.CharField(label, max_length=12, choices=TimeUnit.choices, blank=True)


def duration_of(obj, name: str) -> Duration | None:
    """The duration stored in `name` and `name`_unit; None when not known."""
    amount, unit = getattr(obj, name), getattr(obj, f"{name}_unit")
    return None if amount in (None, "") or not unit else Duration(Decimal(amount), unit)


def duration_errors(obj, *names: str) -> dict:
    """{field: message} for each duration given without its unit or a unit without its amount."""
    errors = {}
    for name in names:
        amount, unit = getattr(obj, name), getattr(obj, f"{name}_unit")
        if amount is not None and not unit:
            errors[f"{name}_unit"] = _("Give the unit of this duration.")
        elif amount is None and unit:
            errors[name] = _("Give the amount of this duration, or leave its unit blank.")
    return errors


class ServiceProfile(ElementProfile):
    """A citizen service as its citizen's manual describes it, on a BusinessService element.

    The owning department is the element's owning unit, so the rule that lets a unit's editors
    edit what their unit owns applies here too.
    """

    element_type = "BusinessService"

    delivery = models.CharField(
        _("where it is delivered"),
        max_length=20,
        choices=Delivery.choices,
        blank=True,
        default=Delivery.UNKNOWN,
    )
    legal_basis = models.TextField(_("legal basis"), blank=True)
    eligibility = models.TextField(_("who may apply"), blank=True)
    conditions = models.TextField(
        _("conditions"),
        blank=True,
        help_text=_("The rules, methods and conditions the manual sets for a request."),
    )
    fee = models.DecimalField(
        _("fee (baht)"),
        null=True,
        blank=True,
        help_text=_("0 if the service is free; leave blank if the fee is not known."),
        **MONEY,
    )
    digital_fee = models.DecimalField(
        _("fee when used digitally (baht)"),
        null=True,
        blank=True,
        help_text=_(
            "Give the counter fee again if it costs the same; leave blank if it is not known."
        ),
        **MONEY,
    )
    payment_methods = models.JSONField(
        _("payment methods"),
        default=list,
        blank=True,
        validators=[validate_payment_methods],
        help_text=_("None ticked: how fees are paid is not known."),
    )
    e_receipt = models.BooleanField(
        _("electronic receipt"),
        null=True,
        blank=True,
        default=None,
        help_text=_("Receipts are issued electronically (the Comptroller General's e-Receipt)."),
    )
    required_ial = models.CharField(
        _("identity assurance the service needs"),
        max_length=6,
        choices=AssuranceLevel.choices,
        blank=True,
        default="",
        help_text=_(
            "The level of DGS 1-2:2564 a digital ID must reach for this service; blank if "
            "not known."
        ),
    )
    legal_time = models.DecimalField(_("legal processing time"), null=True, blank=True, **AMOUNT)
    legal_time_unit = time_unit_field(_("unit of the legal processing time"))
    actual_time = models.DecimalField(
        _("measured processing time"), null=True, blank=True, **AMOUNT
    )
    actual_time_unit = time_unit_field(_("unit of the measured processing time"))
    annual_volume = models.PositiveIntegerField(
        _("requests a year"), null=True, blank=True, default=None
    )
    satisfaction = models.DecimalField(
        _("satisfaction (%)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    published = models.BooleanField(
        _("in the public catalogue"), null=True, blank=True, default=None
    )
    manual_url = models.URLField(_("citizen's manual"), max_length=500, blank=True)
    dataset_url = models.URLField(_("open dataset"), max_length=500, blank=True)
    dataset_machine_readable = models.BooleanField(
        _("dataset is machine-readable"),
        null=True,
        blank=True,
        default=None,
        help_text=_("CSV, JSON or an API, not a PDF or a scanned table."),
    )

    needs_documents = models.BooleanField(
        _("asks citizens for documents"),
        null=True,
        blank=True,
        default=None,
        help_text=_(
            "Whether citizens must bring or send any document; the documents listed below "
            "answer it when there are any."
        ),
    )

    class Meta:
        ordering = ["element__name"]
        verbose_name = _("citizen service")
        verbose_name_plural = _("citizen services")

    def get_absolute_url(self) -> str:
        return reverse("services:serviceprofile", args=[self.pk])

    def clean(self) -> None:
        errors = duration_errors(self, "legal_time", "actual_time")
        if errors:
            raise ValidationError(errors)

    @property
    def legal_duration(self) -> Duration | None:
        return duration_of(self, "legal_time")

    @property
    def actual_duration(self) -> Duration | None:
        return duration_of(self, "actual_time")

    # The processing times in calendar days, for comparing them (`Duration.calendar_days` says
    # how working days, months and hours count); None when not known.

    @property
    def legal_days(self) -> Decimal | None:
        return None if self.legal_duration is None else self.legal_duration.calendar_days()

    @property
    def actual_days(self) -> Decimal | None:
        return None if self.actual_duration is None else self.actual_duration.calendar_days()

    @property
    def current_assessment(self) -> "Assessment | None":
        """The latest assessment, from `current_assessments` when a list prefetched it."""
        if hasattr(self, "current_assessments"):
            return self.current_assessments[0] if self.current_assessments else None
        return self.assessments.filter(is_current=True).first()


# The profile's own fields, in the order forms and the API give them.
PROFILE_FIELDS = (
    "delivery",
    "legal_basis",
    "eligibility",
    "conditions",
    "fee",
    "digital_fee",
    "payment_methods",
    "e_receipt",
    "required_ial",
    "legal_time",
    "legal_time_unit",
    "actual_time",
    "actual_time_unit",
    "annual_volume",
    "satisfaction",
    "published",
    "manual_url",
    "dataset_url",
    "dataset_machine_readable",
    "needs_documents",
)


def with_current_assessment(queryset):
    """Profiles with their current assessment in `current_assessments`, in one more query."""
    return queryset.prefetch_related(
        models.Prefetch(
            "assessments",
            queryset=Assessment.objects.filter(is_current=True),
            to_attr="current_assessments",
        )
    )


class ChildRow(models.Model):
    """A row of a profile (channel, step, document), written only with its profile."""

    order = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["order"]

    def as_row(self) -> dict:
        """The row's values as the change log keeps them (decimals as text at their field's
        places), so that a row read from a file compares equal to the row stored from it."""
        return {n: logged_value(self._meta.get_field(n), getattr(self, n)) for n in self.row_fields}


class ServiceChannel(ChildRow):
    profile = models.ForeignKey(ServiceProfile, on_delete=models.CASCADE, related_name="channels")
    kind = models.CharField(_("channel"), max_length=20, choices=ChannelKind.choices)
    url = models.URLField(_("address"), max_length=500, blank=True)
    end_to_end = models.BooleanField(
        _("whole request"),
        null=True,
        blank=True,
        default=None,
        help_text=_("A citizen can make the whole request through this channel."),
    )
    identity = models.CharField(
        _("identity check"),
        max_length=20,
        choices=Identity.choices,
        blank=True,
        default=Identity.UNKNOWN,
    )
    ial = models.CharField(
        _("assurance level"), max_length=6, choices=AssuranceLevel.choices, blank=True
    )

    row_fields = ("kind", "url", "end_to_end", "identity", "ial")

    class Meta(ChildRow.Meta):
        verbose_name = _("channel")
        verbose_name_plural = _("channels")

    def __str__(self) -> str:
        return self.get_kind_display()

    @property
    def is_online(self) -> bool:
        return self.kind in ONLINE_CHANNELS

    def clean(self) -> None:
        if self.identity in DGS_IDENTITIES and not self.ial:
            raise ValidationError(
                {"ial": _("Give the assurance level at which this digital ID is accepted.")}
            )


class ServiceStep(ChildRow):
    profile = models.ForeignKey(ServiceProfile, on_delete=models.CASCADE, related_name="steps")
    name = models.CharField(_("step"), max_length=500)
    unit = models.CharField(_("responsible unit"), max_length=300, blank=True)
    time = models.DecimalField(_("standard duration"), null=True, blank=True, **AMOUNT)
    time_unit = time_unit_field(_("unit of the duration"))
    in_person = models.BooleanField(
        _("citizen attends"),
        null=True,
        blank=True,
        default=None,
        help_text=_("The citizen must come in person."),
    )
    office = models.CharField(
        _("office attended"),
        max_length=300,
        blank=True,
        help_text=_(
            "Where the citizen goes for this step if it is not where the request is made "
            "(e.g. a police station); blank: where the request is made."
        ),
    )

    row_fields = ("name", "unit", "time", "time_unit", "in_person", "office")
    durations = ("time",)

    class Meta(ChildRow.Meta):
        verbose_name = _("step")
        verbose_name_plural = _("steps")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = duration_errors(self, "time")
        if errors:
            raise ValidationError(errors)

    @property
    def duration(self) -> Duration | None:
        return duration_of(self, "time")


class ServiceDocument(ChildRow):
    profile = models.ForeignKey(ServiceProfile, on_delete=models.CASCADE, related_name="documents")
    name = models.CharField(_("document"), max_length=500)
    case = models.CharField(
        _("case"),
        max_length=300,
        blank=True,
        help_text=_("The situation in which it is asked for; blank if it is asked in every case."),
    )
    optional = models.BooleanField(
        _("only if any"),
        default=False,
        help_text=_("The manual asks for it “if any” (ถ้ามี): it is not always required."),
    )
    quantity = models.CharField(
        _("quantity as written"),
        max_length=200,
        blank=True,
        help_text=_("How many the manual asks for in its own words, e.g. “3 photos each”."),
    )
    common = models.CharField(
        _("common document"),
        max_length=50,
        blank=True,
        help_text=_("The registry's code of the document, which gives its issuer."),
    )
    issuer = models.CharField(
        _("issuing agency"),
        max_length=300,
        blank=True,
        help_text=_("As the registry of issuing agencies names it; blank: the common document's."),
    )
    originals = models.PositiveSmallIntegerField(_("originals"), null=True, blank=True)
    copies = models.PositiveSmallIntegerField(_("copies"), null=True, blank=True)
    electronic_accepted = models.BooleanField(
        _("accepted electronically"),
        default=False,
        help_text=_("A file is accepted instead of paper (a copy is on paper unless ticked)."),
    )
    exchange = models.CharField(
        _("obtained by data exchange"),
        max_length=20,
        choices=ExchangeLink.choices,
        blank=True,
        default=ExchangeLink.NONE,
    )
    exchange_ref = models.CharField(
        _("exchange reference"),
        max_length=300,
        blank=True,
        help_text=_("The link's identifier, e.g. the API's GUID in the GDX Data Catalog."),
    )

    row_fields = (
        "name",
        "case",
        "optional",
        "quantity",
        "common",
        "issuer",
        "originals",
        "copies",
        "electronic_accepted",
        "exchange",
        "exchange_ref",
    )

    class Meta(ChildRow.Meta):
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")

    def __str__(self) -> str:
        return self.name

    @property
    def asked_of_citizen(self) -> bool:
        return not self.exchange

    @property
    def always_required(self) -> bool:
        """Asked of every applicant: not "if any", not only in one case."""
        return not self.optional and not self.case


class ServiceFee(ChildRow):
    """One line of the manual's fees: "200 baht per copy", "free at the office"."""

    profile = models.ForeignKey(ServiceProfile, on_delete=models.CASCADE, related_name="fees")
    amount = models.DecimalField(
        _("amount (baht)"), null=True, blank=True, help_text=_("Blank if not known."), **MONEY
    )
    unit = models.CharField(
        _("charged"), max_length=20, choices=FeeUnit.choices, default=FeeUnit.REQUEST
    )
    condition = models.CharField(
        _("when it applies"),
        max_length=500,
        blank=True,
        help_text=_("E.g. “at the district office”, “for a licence of more than 200 m²”."),
    )

    row_fields = ("amount", "unit", "condition")

    class Meta(ChildRow.Meta):
        verbose_name = _("fee")
        verbose_name_plural = _("fees")

    def __str__(self) -> str:
        return f"{self.amount} {self.get_unit_display()}"


class ServiceDeadline(ChildRow):
    """What citizens must do by when, and the fine if they do not: "notify within 15 days of
    moving out, fine up to 1,000 baht"."""

    profile = models.ForeignKey(ServiceProfile, on_delete=models.CASCADE, related_name="deadlines")
    duty = models.CharField(_("what the citizen must do"), max_length=500)
    counted_from = models.CharField(
        _("counted from"), max_length=300, blank=True, help_text=_("E.g. “the day of moving out”.")
    )
    time = models.DecimalField(_("within"), null=True, blank=True, **AMOUNT)
    time_unit = time_unit_field(_("unit of the time limit"))
    fine = models.DecimalField(
        _("fine up to (baht)"), null=True, blank=True, help_text=_("Blank if not known."), **MONEY
    )
    penalty = models.CharField(
        _("other penalty"), max_length=500, blank=True, help_text=_("E.g. a daily fine.")
    )

    row_fields = ("duty", "counted_from", "time", "time_unit", "fine", "penalty")
    durations = ("time",)

    class Meta(ChildRow.Meta):
        verbose_name = _("citizen's deadline")
        verbose_name_plural = _("citizens' deadlines")

    def __str__(self) -> str:
        return self.duty

    def clean(self) -> None:
        errors = duration_errors(self, "time")
        if errors:
            raise ValidationError(errors)

    @property
    def duration(self) -> Duration | None:
        return duration_of(self, "time")


class ServicePlace(ChildRow):
    """A place the service is delivered, by name: a counter, an office, with its restriction."""

    profile = models.ForeignKey(ServiceProfile, on_delete=models.CASCADE, related_name="places")
    name = models.CharField(_("place"), max_length=300)
    condition = models.CharField(
        _("restriction"),
        max_length=500,
        blank=True,
        help_text=_("E.g. “only at the district office where the house is registered”."),
    )
    hours = models.CharField(_("opening hours"), max_length=200, blank=True)

    row_fields = ("name", "condition", "hours")

    class Meta(ChildRow.Meta):
        verbose_name = _("place of delivery")
        verbose_name_plural = _("places of delivery")

    def __str__(self) -> str:
        return self.name


CHILD_ROWS = {
    "channels": ServiceChannel,
    "places": ServicePlace,
    "steps": ServiceStep,
    "documents": ServiceDocument,
    "fees": ServiceFee,
    "deadlines": ServiceDeadline,
}


def rows_of(profile: ServiceProfile, name: str) -> list[dict]:
    """A profile's rows of one kind in the shape the snapshot, the API and the forms share."""
    if profile.pk is None:
        return []
    return [row.as_row() for row in getattr(profile, name).all()]


class AssessmentOverride(BaseModel):
    """The EA office's judgement on one outcome of one service, where the rubric falls short.

    No owning unit: only the EA office and administrators may set one (the rule for models
    without `owner_path`), so a department cannot mark its own work.
    """

    profile = models.ForeignKey(
        ServiceProfile,
        verbose_name=_("citizen service"),
        on_delete=models.CASCADE,
        related_name="overrides",
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    level = models.PositiveSmallIntegerField(_("level"), choices=LEVEL_CHOICES)
    reason = models.TextField(_("reason"))

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["profile", "outcome"]
        verbose_name = _("assessment override")
        verbose_name_plural = _("assessment overrides")
        constraints = [
            models.UniqueConstraint(fields=["profile", "outcome"], name="override_one_per_outcome")
        ]

    def __str__(self) -> str:
        return f"{self.profile}: {self.get_outcome_display()}"

    def get_absolute_url(self) -> str:
        return self.profile.get_absolute_url()

    def clean(self) -> None:
        if not self.reason.strip():
            raise ValidationError({"reason": _("Say why the rubric's level does not apply.")})


class RubricSettings(BaseModel):
    """The rubric's thresholds as the EA office set them; missing keys take the defaults in
    `nakhon.citizen_services.rubric.THRESHOLDS`. One row; no owning unit, so only the EA office and
    administrators change it."""

    thresholds = models.JSONField(_("thresholds"), default=dict, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("rubric thresholds")
        verbose_name_plural = _("rubric thresholds")

    def __str__(self) -> str:
        return str(_("Digital Government Act rubric"))

    def get_absolute_url(self) -> str:
        return reverse("services:rubric")


class Assessment(models.Model):
    """One assessment of one service, kept so that progress can be charted.

    Written by the service layer whenever a profile, an override or the thresholds change, and
    by `nakhon services assess`. It is derived data, so it is not change-logged itself: the
    change that caused it is. `is_current` marks each service's latest one.
    """

    profile = models.ForeignKey(
        ServiceProfile, on_delete=models.CASCADE, related_name="assessments"
    )
    assessed_at = models.DateTimeField(_("assessed at"), default=timezone.now, db_index=True)
    is_current = models.BooleanField(default=True, db_index=True)
    # What the roll-ups weigh and group by, as it was at the time.
    annual_volume = models.PositiveIntegerField(_("requests a year"), null=True, default=None)
    owner_unit = owner_unit_field("+", on_delete=models.SET_NULL)
    better_service = models.PositiveSmallIntegerField(null=True, blank=True)
    one_stop = models.PositiveSmallIntegerField(null=True, blank=True)
    no_copies = models.PositiveSmallIntegerField(null=True, blank=True)
    open_data = models.PositiveSmallIntegerField(null=True, blank=True)
    digital_id = models.PositiveSmallIntegerField(null=True, blank=True)
    e_payment = models.PositiveSmallIntegerField(null=True, blank=True)
    lower_fees = models.PositiveSmallIntegerField(null=True, blank=True)
    score = models.DecimalField(_("score (%)"), max_digits=4, decimal_places=1, null=True)
    # Per outcome: {"computed": level, "status": "assessed" | "not_applicable" |
    # "not_assessed", "evidence": {"th": ..., "en": ...}, "missing": {"th": [...], "en": [...]},
    # "override": {...}}.
    details = models.JSONField(default=dict)

    class Meta:
        ordering = ["-assessed_at", "-id"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        indexes = [models.Index(fields=["profile", "assessed_at"])]

    def __str__(self) -> str:
        return f"{self.profile_id} {self.assessed_at:%Y-%m-%d}"

    def level(self, outcome: str) -> int | None:
        return getattr(self, outcome)

    def levels(self) -> dict[str, int | None]:
        return {outcome: getattr(self, outcome) for outcome in Outcome.values}

    def status(self, outcome: str) -> str:
        """ASSESSED when a level is in force (the rubric's or an override's), else why not."""
        if getattr(self, outcome) is not None:
            return Status.ASSESSED
        return self.details.get(outcome, {}).get("status") or Status.NOT_APPLICABLE

    def missing(self, outcome: str) -> list[str]:
        """The facts not known that keep the outcome from being assessed, as the reader reads."""
        if getattr(self, outcome) is not None:
            return []
        return in_reader_language(self.details.get(outcome, {}).get("missing", {})) or []

    def not_assessed(self) -> list[str]:
        return [o for o in Outcome.values if self.status(o) == Status.NOT_ASSESSED]

    def scorecard(self) -> list["Card"]:
        """One card per outcome, in the Act's order, as pages show them."""
        return [
            Card(
                number,
                outcome,
                getattr(self, outcome.value),
                self.details.get(outcome.value, {}),
            )
            for number, outcome in enumerate(Outcome, start=1)
        ]


class Card:
    """An outcome's level in an assessment, with what the pages say about it."""

    def __init__(self, number: int, outcome: Outcome, level: int | None, detail: dict):
        self.number = number
        self.outcome = outcome
        self.level = level
        self.computed = detail.get("computed")
        self.override = detail.get("override")
        self.evidence = detail.get("evidence", {})
        self.status = (
            Status.ASSESSED if level is not None else detail.get("status") or Status.NOT_APPLICABLE
        )
        self.missing_texts = detail.get("missing", {}) if level is None else {}

    @property
    def not_assessed(self) -> bool:
        return self.status == Status.NOT_ASSESSED

    @property
    def missing(self) -> list[str]:
        return in_reader_language(self.missing_texts) or []

    @property
    def label(self) -> str:
        return self.outcome.label

    @property
    def evidence_text(self) -> str:
        return in_reader_language(self.evidence)

    @property
    def css(self) -> str:
        """Bootstrap colours from red (0) to green (3); grey when it does not apply, outlined
        when it is not assessed."""
        if self.not_assessed:
            return NOT_ASSESSED_CSS
        return LEVEL_CSS.get(self.level, "bg-secondary")


def in_reader_language(texts: dict):
    """The Thai or the English of a {"th": ..., "en": ...} text, as the reader reads."""
    return texts.get("th" if is_thai() else "en", "")


NOT_ASSESSED_CSS = "bg-light text-dark border border-secondary"
LEVEL_CSS = {
    0: "bg-danger",
    1: "bg-warning text-dark",
    2: "bg-info text-dark",
    3: "bg-success",
}
