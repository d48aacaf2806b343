"""Forms for citizen services: the profile with its channels, steps and documents in one form,
so that one save writes them all through the service, as one change."""

from types import SimpleNamespace

from django import forms
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from nakhon.citizen_services.durations import Duration, DurationError, parse_duration
from nakhon.citizen_services.models import (
    LEVEL_CHOICES,
    PROFILE_FIELDS,
    AssessmentOverride,
    CommonDocument,
    ExchangeLink,
    IssuingAgency,
    PaymentMethod,
    ServiceChannel,
    ServiceDeadline,
    ServiceDocument,
    ServiceFee,
    ServicePlace,
    ServiceProfile,
    ServiceStep,
    duration_of,
    rows_of,
)
from nakhon.citizen_services.rubric import THRESHOLDS
from nakhon.core.dates import is_thai
from nakhon.core.forms import (
    BootstrapMixin,
    OwnedForm,
    OwnerUnitField,
    VersionedModelForm,
    style_widgets,
)
from nakhon.repository.forms import ProfileForm


def https_urls(field, **kwargs):
    """Form fields as the model gives them, addresses typed without a scheme taken as https."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class DurationField(forms.CharField):
    """A duration typed as a manual writes it ("ไม่เกิน 45 วัน", "2 ชั่วโมง 15 นาที"); cleans to a
    `Duration`, or None when left blank (not known)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("E.g. “ไม่เกิน 45 วัน”, “15 วันทำการ”, “2 ชั่วโมง 15 นาที”."))
        super().__init__(**kwargs)

    def to_python(self, value):
        text = super().to_python(value)
        try:
            return parse_duration(text)
        except DurationError as error:
            raise forms.ValidationError(str(error), code="duration") from None

    def prepare_value(self, value):
        return value.text(thai=is_thai()) if isinstance(value, Duration) else value


class DurationsMixin:
    """Shows each of `durations` (a model's amount and unit fields, `name` and `name`_unit) as
    one `DurationField`, and gives the model's two fields back in `duration_values`."""

    durations: tuple[str, ...] = ()

    def setup_durations(self, source) -> None:
        for name in self.durations:
            model_field = self._meta.model._meta.get_field(name)
            self.fields[name] = DurationField(label=capfirst(model_field.verbose_name))
            self.fields.pop(f"{name}_unit", None)
            if not self.is_bound:
                self.initial[name] = duration_of(source, name)

    def clean(self):
        cleaned = super().clean()
        for name in self.durations:
            if name in cleaned:
                duration = cleaned[name]
                cleaned[name] = None if duration is None else duration.amount
                cleaned[f"{name}_unit"] = "" if duration is None else duration.unit
        return cleaned


class RowForm(DurationsMixin, BootstrapMixin, forms.ModelForm):
    """One row of a profile; it is never saved itself: its values go to the profile's service."""

    class Meta:
        formfield_callback = https_urls

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_durations(
            SimpleNamespace(**{**dict.fromkeys(self.initial_names()), **self.initial})
        )
        style_widgets({name: self.fields[name] for name in self.durations})

    def initial_names(self) -> list[str]:
        return [n for d in self.durations for n in (d, f"{d}_unit")]

    def row(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self._meta.model.row_fields}


class ChannelForm(RowForm):
    class Meta(RowForm.Meta):
        model = ServiceChannel
        fields = ServiceChannel.row_fields


class StepForm(RowForm):
    durations = ("time",)

    class Meta(RowForm.Meta):
        model = ServiceStep
        fields = ServiceStep.row_fields


class DocumentForm(RowForm):
    """A document row: picking a common document fills in its name and issuer (the service
    does), and the issuer is offered from the registry of issuing agencies."""

    class Meta(RowForm.Meta):
        model = ServiceDocument
        fields = ServiceDocument.row_fields

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = False
        self.fields["common"] = forms.ChoiceField(
            label=ServiceDocument._meta.get_field("common").verbose_name,
            choices=[("", "---------")]
            + [(d.code, d.name) for d in CommonDocument.objects.order_by("name")],
            required=False,
        )
        self.fields["issuer"].widget.attrs["list"] = "issuing-agencies"
        style_widgets({"common": self.fields["common"]})

    def clean(self):
        cleaned = super().clean()
        common = CommonDocument.objects.select_related("issuer").filter(
            code=cleaned.get("common") or ""
        )
        picked = common.first()
        if picked is not None:
            cleaned["name"] = cleaned.get("name") or picked.name
            cleaned["issuer"] = cleaned.get("issuer") or picked.issuer.name
        if not cleaned.get("name") and self.has_changed():
            self.add_error("name", _("Name the document or pick a common document."))
        return cleaned


class PlaceForm(RowForm):
    class Meta(RowForm.Meta):
        model = ServicePlace
        fields = ServicePlace.row_fields


class FeeForm(RowForm):
    class Meta(RowForm.Meta):
        model = ServiceFee
        fields = ServiceFee.row_fields


class DeadlineForm(RowForm):
    durations = ("time",)

    class Meta(RowForm.Meta):
        model = ServiceDeadline
        fields = ServiceDeadline.row_fields


# (name, form, blank rows offered) for each kind of row, in the order of a citizen's manual.
ROW_FORMSETS = (
    ("channels", ChannelForm, 2),
    ("places", PlaceForm, 1),
    ("steps", StepForm, 3),
    ("documents", DocumentForm, 3),
    ("fees", FeeForm, 1),
    ("deadlines", DeadlineForm, 1),
)


def row_formset(form_class, extra: int):
    return forms.formset_factory(form_class, extra=extra, can_delete=True)


def link_boxes(form, name: str) -> None:
    """Bootstrap's check boxes, one per line (the core form styles every other widget)."""
    boxes = form.fields[name].widget
    boxes.attrs["class"] = "form-check-input"
    boxes.template_name = "services/widgets/checkboxes.html"
    boxes.option_template_name = "services/widgets/checkbox_option.html"


class IssuingAgencyForm(VersionedModelForm):
    exchange_links = forms.MultipleChoiceField(
        label=_("exchange links"),
        choices=[c for c in ExchangeLink.choices if c[0] != ExchangeLink.NONE],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=IssuingAgency._meta.get_field("exchange_links").help_text,
    )

    class Meta:
        model = IssuingAgency
        fields = ["code", "name", "name_en", "aliases", "state_agency", "exchange_links"]
        widgets = {"aliases": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        link_boxes(self, "exchange_links")


class CommonDocumentForm(VersionedModelForm):
    class Meta:
        model = CommonDocument
        fields = ["code", "name", "name_en", "aliases", "issuer"]
        widgets = {"aliases": forms.Textarea(attrs={"rows": 3})}


def legend(form_class) -> str:
    return capfirst(form_class._meta.model._meta.verbose_name_plural)


class ServiceProfileForm(DurationsMixin, OwnedForm, ProfileForm):
    """The profile, its element's names and owner, and its rows: one form, one write."""

    owner_unit = OwnerUnitField()
    payment_methods = forms.MultipleChoiceField(
        label=_("payment methods"),
        choices=PaymentMethod.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = ServiceProfile
        formfield_callback = https_urls
        fields = ["name", "name_en", "owner_unit", "documentation", *PROFILE_FIELDS]
        widgets = {
            "legal_basis": forms.Textarea(attrs={"rows": 2}),
            "eligibility": forms.Textarea(attrs={"rows": 2}),
        }

    durations = ("legal_time", "actual_time")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_durations(self.instance)
        style_widgets({name: self.fields[name] for name in self.durations})
        link_boxes(self, "payment_methods")
        if self.instance.pk and not self.is_bound:
            self.initial["owner_unit"] = self.instance.element.owner_unit_id
        data = self.data if self.is_bound else None
        self.formsets = {}
        for name, form_class, extra in ROW_FORMSETS:
            formset = row_formset(form_class, extra)(
                data, prefix=name, initial=rows_of(self.instance, name)
            )
            formset.legend = legend(form_class)
            self.formsets[name] = formset

    @property
    def agencies(self):
        """The registry's agencies, offered for the documents' issuer."""
        return IssuingAgency.objects.order_by("name")

    def is_valid(self) -> bool:
        # Every formset is checked, so that all errors show at once.
        valid = [formset.is_valid() for formset in self.formsets.values()]
        return super().is_valid() and all(valid)

    def service_values(self) -> dict:
        values = super().service_values()
        for name, formset in self.formsets.items():
            values[name] = [form.row() for form in kept_forms(formset)]
        return values


def kept_forms(formset) -> list:
    """The rows to keep: those that were there (unless deleted) and the new ones filled in."""
    existing = formset.initial_form_count()
    return [
        form
        for index, form in enumerate(formset.forms)
        if (index < existing or form.has_changed()) and not form.cleaned_data.get("DELETE")
    ]


class OverrideForm(BootstrapMixin, forms.ModelForm):
    level = forms.TypedChoiceField(label=_("level"), choices=LEVEL_CHOICES, coerce=int)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = AssessmentOverride
        fields = ["level", "reason"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version


class ThresholdsForm(forms.Form):
    """One number per threshold; the form shows what is in force."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, in_force: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for threshold in THRESHOLDS:
            self.fields[threshold.key] = forms.IntegerField(
                label=threshold.label,
                min_value=threshold.minimum,
                max_value=threshold.maximum,
                initial=in_force.get(threshold.key, threshold.default),
                help_text=_("Default: %(default)d") % {"default": threshold.default},
            )
        style_widgets(self.fields)

    def thresholds(self) -> dict:
        return {t.key: self.cleaned_data[t.key] for t in THRESHOLDS}
