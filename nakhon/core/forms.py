"""Form pieces every app uses: the version field, free key/value properties and the owning unit."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from nakhon.core import permissions


def style_widgets(fields) -> None:
    """Give every widget the Bootstrap class its kind needs, so templates stay generic."""
    for field in fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.SelectMultiple):
            css = "form-select"
            widget.attrs.setdefault("size", 6)
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class BootstrapMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self.fields)


class PropertiesField(forms.CharField):
    """Free properties typed one per line as `key = value`; keys may repeat, order is kept."""

    widget = forms.Textarea(attrs={"rows": 3, "placeholder": _("key = value, one per line")})

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Properties"))
        kwargs.setdefault("help_text", _("One per line: key = value."))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(f"{p['key']} = {p['value']}" for p in value)
        return value

    def to_python(self, value):
        pairs = []
        for number, line in enumerate((value or "").splitlines(), start=1):
            if not line.strip():
                continue
            key, sep, val = line.partition("=")
            if not sep or not key.strip():
                raise ValidationError(
                    _("Line %(number)d is not “key = value”: %(line)s"),
                    params={"number": number, "line": line},
                )
            pairs.append({"key": key.strip(), "value": val.strip()})
        return pairs


class VersionedModelForm(BootstrapMixin, forms.ModelForm):
    """Carries the version the user opened, so a stale save is refused instead of overwriting."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    def service_values(self) -> dict:
        """What the service layer writes: the model fields this form edits."""
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class OwnerUnitField(forms.ModelChoiceField):
    """The owning unit of a profile's element, which the profile's form edits; it offers no unit
    until `OwnedForm.limit_owner_choices` offers the ones the user may assign."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("owning unit"))
        kwargs.setdefault("required", False)
        super().__init__(queryset=permissions.unit_model().objects.none(), **kwargs)


class OwnedForm(VersionedModelForm):
    """A form whose `owner_unit` choices follow the user's permissions."""

    def limit_owner_choices(self, user) -> None:
        self.fields["owner_unit"].queryset = permissions.units_user_may_assign(user)
        if permissions.role_of(user) not in permissions.EDIT_EVERYTHING:
            self.fields["owner_unit"].required = True
