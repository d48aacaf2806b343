from django import forms
from django.utils.translation import gettext_lazy as _

from nakhon.archimate import metamodel
from nakhon.core import permissions
from nakhon.core.forms import OwnedForm, OwnerUnitField
from nakhon.portfolio.models import (
    TECHNOLOGY_TYPES,
    ApplicationProfile,
    DataObjectProfile,
    TechnologyProfile,
)
from nakhon.repository.forms import ProfileForm
from nakhon.repository.models import Element, Status

# The element's fields a portfolio form edits alongside the profile's own.
ELEMENT_FORM_FIELDS = ("name", "name_en", "documentation", "owner_unit", "status")


class PortfolioProfileForm(OwnedForm, ProfileForm):
    """A profile with its element's names, owning unit and lifecycle status.

    When adding, `element` may name an element that exists already (an imported application
    component, say) and has no profile yet: the profile goes on it, and what the form leaves
    blank is taken from it.
    """

    element = forms.ModelChoiceField(
        label=_("existing element"),
        queryset=Element.objects.none(),
        required=False,
        help_text=_("Leave empty to add a new element; or describe one that has no profile yet."),
    )
    owner_unit = OwnerUnitField()
    status = forms.ChoiceField(
        label=_("lifecycle status"), choices=Status.choices, initial=Status.ACTIVE
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["element"]
            if not self.is_bound:
                self.initial["status"] = self.instance.element.status
        else:
            self.fields["name"].required = False

    def limit_owner_choices(self, user) -> None:
        """Offer only the units and elements `user` may write."""
        super().limit_owner_choices(user)
        if "element" in self.fields:
            self.fields["element"].queryset = self.unprofiled_elements(user)

    def unprofiled_elements(self, user):
        model = self._meta.model
        accessor = model._meta.get_field("element").remote_field.related_name
        return (
            Element.objects.restrict(user, permissions.CHANGE)
            .filter(type__in=model.element_types, **{f"{accessor}__isnull": True})
            .order_by("name")
        )

    def clean(self):
        data = super().clean()
        element = data.get("element")
        if element is not None:
            if not self.data.get(self.add_prefix("owner_unit")):
                self.errors.pop("owner_unit", None)  # required, but the element has one
            for name in ELEMENT_FORM_FIELDS:
                if data.get(name) in (None, "") and name not in self.errors:
                    data[name] = getattr(element, name)
        if not data.get("name") and "name" not in self.errors:
            self.add_error("name", _("Give a name, or choose an existing element."))
        return data

    def service_values(self) -> dict:
        values = super().service_values()
        if values.get("element") is None:
            values.pop("element", None)
        return values


class ApplicationProfileForm(PortfolioProfileForm):
    class Meta:
        model = ApplicationProfile
        fields = [
            "element",
            "name",
            "name_en",
            "owner_unit",
            "status",
            "vendor",
            "hosting",
            "yearly_cost",
            "users",
            "business_fit",
            "technical_fit",
            "end_of_support",
            "documentation",
        ]


class TechnologyProfileForm(PortfolioProfileForm):
    type = forms.ChoiceField(label=_("type"), required=False)

    class Meta:
        model = TechnologyProfile
        fields = [
            "element",
            "type",
            "name",
            "name_en",
            "owner_unit",
            "status",
            "vendor",
            "product",
            "product_version",
            "hosting",
            "end_of_support",
            "documentation",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The type is the element's: changing it is a repository edit, checked there
            # against the element's relationships.
            del self.fields["type"]
        else:
            self.fields["type"].choices = [
                ("", "---------"),
                *metamodel.choices_of_types(TECHNOLOGY_TYPES),
            ]

    def clean(self):
        data = super().clean()
        if "type" in self.fields and data.get("element") is None and not data.get("type"):
            self.add_error("type", _("Choose the type of the new element."))
        return data


class DataObjectProfileForm(PortfolioProfileForm):
    class Meta:
        model = DataObjectProfile
        fields = [
            "element",
            "name",
            "name_en",
            "owner_unit",
            "status",
            "classification",
            "personal_data",
            "sensitive_personal_data",
            "lawful_basis",
            "documentation",
        ]
