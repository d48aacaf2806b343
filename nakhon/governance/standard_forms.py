from django import forms
from django.utils.translation import gettext_lazy as _

from nakhon.core import permissions
from nakhon.core.forms import OwnedForm, OwnerUnitField
from nakhon.governance.models import PrincipleProfile, Standard
from nakhon.governance.models.standards import STANDARD_ELEMENT_TYPES
from nakhon.portfolio.forms import PortfolioProfileForm
from nakhon.repository.models import Element

TEXT_AREA = forms.Textarea(attrs={"rows": 3})


class PrincipleForm(PortfolioProfileForm):
    """A principle: its statement (the element's name and documentation), rationale and
    implications, in Thai and English."""

    class Meta:
        model = PrincipleProfile
        fields = [
            "element",
            "code",
            "name",
            "name_en",
            "owner_unit",
            "status",
            "documentation",
            "rationale",
            "rationale_en",
            "implications",
            "implications_en",
        ]
        widgets = {
            "rationale": TEXT_AREA,
            "rationale_en": TEXT_AREA,
            "implications": TEXT_AREA,
            "implications_en": TEXT_AREA,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["documentation"].label = _("statement")


class StandardForm(OwnedForm):
    owner_unit = OwnerUnitField()
    elements = forms.ModelMultipleChoiceField(
        label=_("technology elements"),
        queryset=Element.objects.filter(type__in=STANDARD_ELEMENT_TYPES).order_by("type", "name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_("The technology elements of the repository this standard covers."),
    )

    class Meta:
        model = Standard
        fields = [
            "code",
            "name",
            "name_en",
            "kind",
            "category",
            "status",
            "owner_unit",
            "review_date",
            "description",
            "elements",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def limit_owner_choices(self, user) -> None:
        super().limit_owner_choices(user)
        if permissions.role_of(user) not in permissions.EDIT_EVERYTHING:
            self.fields["owner_unit"].required = True
