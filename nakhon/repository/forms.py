import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from nakhon.archimate import metamodel
from nakhon.core.forms import (
    BootstrapMixin,
    OwnedForm,
    OwnerUnitField,
    PropertiesField,
    VersionedModelForm,
)
from nakhon.repository.models import Element, Plateau, Relationship, View


class ElementForm(OwnedForm):
    properties = PropertiesField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = True

    class Meta:
        model = Element
        fields = [
            "type",
            "name",
            "name_en",
            "documentation",
            "owner_unit",
            "status",
            "planned_from",
            "active_from",
            "phase_out_from",
            "retired_from",
            "properties",
        ]
        widgets = {
            "documentation": forms.Textarea(attrs={"rows": 4}),
        }


class RelationshipForm(VersionedModelForm):
    """Edits what a relationship says; its ends are chosen when it is added."""

    properties = PropertiesField()

    class Meta:
        model = Relationship
        fields = [
            "type",
            "name",
            "name_en",
            "documentation",
            "access_type",
            "is_directed",
            "modifier",
            "properties",
        ]
        widgets = {"documentation": forms.Textarea(attrs={"rows": 3})}


class Direction:
    OUTGOING = "outgoing"
    INCOMING = "incoming"
    CHOICES = [(OUTGOING, _("from this element")), (INCOMING, _("to this element"))]


class RelationshipAddForm(BootstrapMixin, forms.Form):
    """Adds a relationship to or from one element; types are narrowed by the metamodel."""

    direction = forms.ChoiceField(
        label=_("Direction"), choices=Direction.CHOICES, initial=Direction.OUTGOING
    )
    other = forms.ModelChoiceField(
        label=_("Other element"),
        queryset=Element.objects.all(),
        widget=forms.HiddenInput,
        error_messages={"required": _("Find and pick the element at the other end.")},
    )
    type = forms.ChoiceField(label=_("Relationship type"), choices=())
    name = forms.CharField(label=_("Name"), required=False, max_length=500)

    def __init__(self, element: Element, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.element = element
        self.fields["type"].choices = self.offered_types()

    def ends(self) -> tuple[str, str] | None:
        """The (source type, target type) pair once the other element is known."""
        other = self._other()
        if other is None:
            return None
        if self._direction() == Direction.INCOMING:
            return other.type, self.element.type
        return self.element.type, other.type

    def offered_types(self) -> list[tuple[str, str]]:
        ends = self.ends()
        if ends is None:
            return metamodel.relationship_type_choices()
        allowed = metamodel.relationship_types_between(*ends).allowed
        return [(name, metamodel.RELATIONSHIP_TYPES[name].label) for name in allowed]

    def refused_types(self) -> list[str]:
        ends = self.ends()
        if ends is None:
            return []
        refused = metamodel.relationship_types_between(*ends).refused
        return [metamodel.RELATIONSHIP_TYPES[r.relationship_type].label for r in refused]

    def refusal_of_chosen_type(self) -> str | None:
        """Why the type the user picked is not allowed between these two elements, if it is not."""
        chosen, ends = self.data.get("type") if self.is_bound else None, self.ends()
        if not chosen or ends is None or chosen not in metamodel.RELATIONSHIP_TYPES:
            return None
        try:
            metamodel.check_relationship(chosen, *ends)
        except metamodel.RelationshipNotAllowed as refusal:
            return str(refusal)
        return None

    def service_values(self) -> dict:
        data = self.cleaned_data
        source, target = self.element, data["other"]
        if data["direction"] == Direction.INCOMING:
            source, target = target, source
        return {"type": data["type"], "source": source, "target": target, "name": data["name"]}

    @property
    def chosen_other(self) -> Element | None:
        return self._other()

    def _direction(self) -> str:
        return (self.data.get("direction") if self.is_bound else None) or Direction.OUTGOING

    def _other(self) -> Element | None:
        value = self.data.get("other") if self.is_bound else self.initial.get("other")
        if not value:
            return None
        try:
            return Element.objects.filter(pk=uuid.UUID(str(value))).first()
        except ValueError:  # a malformed id: nothing is chosen, and the field says so
            return None


class ProfileForm(VersionedModelForm):
    """Edits a profile together with the names and documentation of its element."""

    name = forms.CharField(label=_("name (Thai)"), max_length=500)
    name_en = forms.CharField(label=_("name (English)"), max_length=500, required=False)
    documentation = forms.CharField(
        label=_("documentation"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            element = self.instance.element
            for name in ("name", "name_en", "documentation"):
                self.initial[name] = getattr(element, name)
            if "owner_unit" in self.fields:
                self.initial["owner_unit"] = element.owner_unit_id


class PlateauForm(OwnedForm, ProfileForm):
    owner_unit = OwnerUnitField()
    elements = forms.ModelMultipleChoiceField(
        label=_("member elements"),
        queryset=Element.objects.order_by("type", "name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 12}),
    )

    class Meta:
        model = Plateau
        fields = ["name", "name_en", "owner_unit", "state", "valid_from", "documentation"]
        fields += ["elements"]

    def service_values(self) -> dict:
        # Relationships between members follow them in, so a plateau is a whole architecture.
        values = super().service_values()
        members = values["elements"]
        values["relationships"] = Relationship.objects.filter(
            source__in=members, target__in=members
        )
        return values


class ViewForm(OwnedForm):
    class Meta:
        model = View
        fields = ["name", "name_en", "viewpoint", "documentation", "owner_unit"]
        widgets = {"documentation": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = True
