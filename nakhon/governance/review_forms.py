"""Forms of review requests and of the review's steps."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from nakhon.core.forms import (
    BootstrapMixin,
    OwnedForm,
    OwnerUnitField,
    VersionedModelForm,
    style_widgets,
)
from nakhon.governance.models import (
    AffectedElement,
    PrincipleDeparture,
    ReviewRequest,
    Standard,
)
from nakhon.governance.models.requests import (
    AFFECTED_TYPES,
    CAPABILITY_TYPES,
    CITIZEN_SERVICE_TYPES,
    PRINCIPLE_TYPES,
    Answer,
    ConditionState,
    Decision,
    Vote,
)
from nakhon.governance.workflow import REVIEWER_ROLES
from nakhon.repository.models import Element

KNOWN_CHOICES = [("", _("not known")), ("true", _("yes")), ("false", _("no"))]


def elements_of(types):
    return Element.objects.filter(type__in=types).order_by("name")


class ReviewRequestForm(OwnedForm):
    owner_unit = OwnerUnitField(label=_("submitting unit"), required=True)

    class Meta:
        model = ReviewRequest
        fields = [
            "title",
            "request_type",
            "owner_unit",
            "description",
            "budget",
            "fiscal_year",
            "budget_line",
            "start_date",
            "end_date",
            "capabilities",
            "citizen_services",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["capabilities"].queryset = elements_of(CAPABILITY_TYPES)
        self.fields["citizen_services"].queryset = elements_of(CITIZEN_SERVICE_TYPES)


class AffectedElementForm(VersionedModelForm):
    personal_data = forms.TypedChoiceField(
        label=_("personal data"),
        choices=KNOWN_CHOICES,
        coerce=lambda value: value == "true",
        empty_value=None,
        required=False,
    )

    class Meta:
        model = AffectedElement
        fields = ["element", "effect", "personal_data", "classification", "lawful_basis", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["element"].queryset = elements_of(AFFECTED_TYPES)
        self.fields["classification"].choices = [("", _("not known"))] + [
            c for c in self.fields["classification"].choices if c[0]
        ]
        self.fields["lawful_basis"].choices = [("", _("not known"))] + [
            c for c in self.fields["lawful_basis"].choices if c[0]
        ]


class PrincipleDepartureForm(VersionedModelForm):
    class Meta:
        model = PrincipleDeparture
        fields = ["principle", "reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["principle"].queryset = elements_of(PRINCIPLE_TYPES)


class StepForm(BootstrapMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class AssignForm(StepForm):
    reviewer = forms.ModelChoiceField(label=_("reviewer"), queryset=get_user_model().objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = (
            get_user_model()
            .objects.filter(role__in=REVIEWER_ROLES, is_active=True)
            .order_by("username")
        )


class DecideForm(StepForm):
    decision = forms.ChoiceField(
        label=_("decision"), choices=[c for c in Decision.choices if c[0] != Decision.DISMISSED]
    )
    note = forms.CharField(
        label=_("reasons"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    condition = forms.CharField(
        label=_("condition"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For an approval with conditions: one condition to add now."),
    )
    condition_due = forms.DateField(label=_("condition due"), required=False)


class DismissForm(StepForm):
    note = forms.CharField(label=_("reasons"), widget=forms.Textarea(attrs={"rows": 2}))


class ConditionForm(StepForm):
    text = forms.CharField(label=_("condition"), widget=forms.Textarea(attrs={"rows": 2}))
    due_date = forms.DateField(label=_("due"), required=False)
    owner = forms.ModelChoiceField(
        label=_("responsible person"), queryset=get_user_model().objects.none(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        users = get_user_model().objects.filter(is_active=True).order_by("username")
        self.fields["owner"].queryset = users


class CloseConditionForm(StepForm):
    state = forms.ChoiceField(
        label=_("closed as"),
        choices=[
            (ConditionState.MET, ConditionState.MET.label),
            (ConditionState.WAIVED, ConditionState.WAIVED.label),
        ],
    )
    note = forms.CharField(
        label=_("how it was met or why it is waived"), widget=forms.Textarea(attrs={"rows": 2})
    )


class WaiverForm(StepForm):
    standard = forms.ModelChoiceField(
        label=_("standard in the catalogue"), queryset=Standard.objects.none(), required=False
    )
    standard_name = forms.CharField(
        label=_("standard"),
        max_length=300,
        required=False,
        help_text=_("In words, for a standard the catalogue does not hold."),
    )
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 2}))
    expires_on = forms.DateField(label=_("expires"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["standard"].queryset = Standard.objects.order_by("code")

    def clean(self):
        data = super().clean()
        if not data.get("standard") and not data.get("standard_name"):
            raise forms.ValidationError(_("Choose the standard, or name it."))
        if data.get("standard") and not data.get("standard_name"):
            data["standard_name"] = str(data["standard"])
        return data


class VoteForm(StepForm):
    vote = forms.ChoiceField(label=_("vote"), choices=Vote.choices)
    comment = forms.CharField(
        label=_("comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ChecklistForm(BootstrapMixin, forms.Form):
    """One answer and its evidence per question of a review's checklist."""

    def __init__(self, *args, answers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for row in answers:
            code = row.question.code
            self.fields[f"answer:{code}"] = forms.ChoiceField(
                label=row.question.label, choices=Answer.choices, initial=row.answer
            )
            self.fields[f"evidence:{code}"] = forms.CharField(
                label=_("evidence"),
                required=False,
                initial=row.evidence,
                widget=forms.Textarea(attrs={"rows": 1}),
            )
            self.rows.append((row, self[f"answer:{code}"], self[f"evidence:{code}"]))
        style_widgets(self.fields)

    def answers(self) -> dict:
        data = self.cleaned_data
        codes = [name.split(":", 1)[1] for name in data if name.startswith("answer:")]
        return {code: (data[f"answer:{code}"], data[f"evidence:{code}"]) for code in codes}
