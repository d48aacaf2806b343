"""The questions the analysis pages ask: each form turns a page's query string into arguments."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nakhon.analysis import semantics
from nakhon.analysis.heatmap import Measure
from nakhon.analysis.impact import DOWNSTREAM, UPSTREAM, ImpactQuery
from nakhon.analysis.models import FindingKind
from nakhon.archimate import metamodel
from nakhon.core.forms import BootstrapMixin
from nakhon.repository.models import Element, Plateau

DIRECTIONS = (
    (UPSTREAM, _("what depends on it (upstream)")),
    (DOWNSTREAM, _("what it depends on (downstream)")),
)
MAX_DEPTH = 50


def relationship_type_choices() -> list:
    return metamodel.relationship_type_choices()


class ImpactForm(BootstrapMixin, forms.Form):
    q = forms.CharField(
        label=_("Find an element"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
        help_text=_("Part of its name, in Thai or English."),
    )
    element = forms.ModelChoiceField(
        label=_("Element"),
        queryset=Element.objects.all(),
        widget=forms.HiddenInput,
        error_messages={"required": _("Pick an element first.")},
    )
    direction = forms.ChoiceField(
        label=_("Direction"), choices=DIRECTIONS, initial=UPSTREAM, required=False
    )
    depth = forms.IntegerField(
        label=_("Depth"),
        min_value=1,
        max_value=MAX_DEPTH,
        required=False,
        help_text=_("Steps to follow; empty for no limit."),
    )
    layers = forms.MultipleChoiceField(
        label=_("Only these layers"),
        choices=metamodel.Layer.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    element_types = forms.MultipleChoiceField(
        label=_("Only these element types"),
        choices=metamodel.element_type_choices(),
        required=False,
    )
    relationship_types = forms.MultipleChoiceField(
        label=_("Follow these relationships"),
        choices=relationship_type_choices,
        initial=list(semantics.DEFAULT_RELATIONSHIP_TYPES),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "None ticked: the usual ones (all but Influence, Specialization and Association)."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("layers", "relationship_types"):
            self.fields[name].widget.attrs["class"] = "form-check-input"

    def query(self) -> ImpactQuery:
        data = self.cleaned_data
        return ImpactQuery(
            element_id=data["element"].pk,
            direction=data["direction"] or UPSTREAM,
            max_depth=data["depth"],
            layers=tuple(data["layers"]),
            element_types=tuple(data["element_types"]),
            relationship_types=tuple(data["relationship_types"])
            or semantics.DEFAULT_RELATIONSHIP_TYPES,
        )


class GapForm(BootstrapMixin, forms.Form):
    baseline = forms.ModelChoiceField(
        label=_("Baseline plateau"), queryset=Plateau.objects.select_related("element")
    )
    target = forms.ModelChoiceField(
        label=_("Target plateau"),
        queryset=Plateau.objects.select_related("element"),
    )

    def clean(self):
        data = super().clean()
        if data.get("baseline") and data.get("baseline") == data.get("target"):
            raise ValidationError(_("Choose two different plateaus."))
        return data


class HeatMapForm(BootstrapMixin, forms.Form):
    measure = forms.ChoiceField(
        label=_("Colour by"), choices=Measure.choices, initial=Measure.APPLICATIONS, required=False
    )

    def chosen_measure(self) -> str:
        return (self.cleaned_data.get("measure") if self.is_valid() else "") or Measure.APPLICATIONS


class OnDateForm(BootstrapMixin, forms.Form):
    on = forms.DateField(
        label=_("On"),
        required=False,
        help_text=_("The day to judge by; empty for today."),
    )

    def day(self):
        day = self.cleaned_data.get("on") if self.is_valid() else None
        return day or timezone.localdate()


class DismissFindingForm(BootstrapMixin, forms.Form):
    """A redundancy finding set aside, from its row on the redundancy page."""

    kind = forms.ChoiceField(choices=FindingKind.choices, widget=forms.HiddenInput)
    target = forms.ModelChoiceField(queryset=Element.objects.all(), widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("reason"),
        max_length=2000,
        widget=forms.TextInput(attrs={"placeholder": _("Why this is not redundancy")}),
    )
