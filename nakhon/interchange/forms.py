from django import forms
from django.utils.translation import gettext_lazy as _

from nakhon.core.forms import BootstrapMixin
from nakhon.interchange.formats import EXPORT_EXTENSIONS, FORMATS


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files at once: Archi's CSV export is three files."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)]


class ImportForm(BootstrapMixin, forms.Form):
    files = MultipleFileField(
        label=_("File"),
        help_text=_(
            "An ArchiMate exchange file (.xml), an Archi model (.archimate), an Excel workbook "
            "(.xlsx), or Archi's CSV files (the three .csv files together, or a .zip of them)."
        ),
    )


class ExportForm(BootstrapMixin, forms.Form):
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[(key, FORMATS[key].label) for key in EXPORT_EXTENSIONS],
        initial="exchange",
    )
