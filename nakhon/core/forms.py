"""Form pieces every app uses: the version field, free key/value properties and the owning unit,
dates in the reader's calendar."""

import copy
from datetime import date, datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from nakhon.core import dates, permissions


class CalendarDateInput(forms.TextInput):
    """A date shown as the pages show it (15 ต.ค. 2562, 15 Oct 2019) and typed in the reader's
    calendar. Not the browser's date input: its calendar is always the Common Era, so a Thai
    reader typing 2570 there stores the year 2570."""

    def format_value(self, value):
        if isinstance(value, date):
            return dates.format_date(value)
        return super().format_value(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].setdefault("placeholder", dates.date_example())
        context["widget"]["attrs"]["autocomplete"] = "off"
        context["widget"]["attrs"]["data-calendar-date"] = ""
        return context


class CalendarDateField(forms.DateField):
    """A date typed in the reader's calendar: the Buddhist Era in Thai, the Common Era in
    English (`dates.parse_date`); what cannot be read one way only is refused with a message."""

    widget = CalendarDateInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        try:
            return dates.parse_date(str(value))
        except dates.DateNotUnderstood as problem:
            raise ValidationError(str(problem), code="invalid") from None

    @classmethod
    def replacing(cls, field: forms.DateField) -> "CalendarDateField":
        """This field in place of a plain date field, with its label, help, requirement,
        initial value and validators."""
        new = copy.copy(field)
        new.__class__ = cls
        attrs = {k: v for k, v in field.widget.attrs.items() if k != "type"}
        new.widget = CalendarDateInput(attrs=attrs)
        new.widget.is_required = field.widget.is_required
        return new


def calendar_dates(fields) -> None:
    """Every date field typed in the reader's calendar (model forms and filters make plain ones)."""
    for name, field in fields.items():
        if isinstance(field, forms.DateField) and not isinstance(field, CalendarDateField):
            fields[name] = CalendarDateField.replacing(field)


def style_widgets(fields) -> None:
    """Give every widget the Bootstrap class its kind needs, so templates stay generic, and
    every date field the reader's calendar."""
    calendar_dates(fields)
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
