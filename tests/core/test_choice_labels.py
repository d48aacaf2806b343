import pytest
from django.db import models
from django.utils import translation

from nakhon.core.models import Action, ChangeLogEntry
from nakhon.repository.models import Element, Status


@pytest.mark.parametrize("language", ["th", "en"])
@pytest.mark.parametrize(
    "obj, field",
    [
        (Element(type="ApplicationComponent"), "type"),  # grouped choices, one group a layer
        (Element(type="NoSuchType"), "type"),  # not a choice: the value itself
        (Element(status=Status.RETIRED), "status"),
        (ChangeLogEntry(action=Action.UPDATE), "action"),
    ],
    ids=["element type", "unknown type", "status", "change log action"],
)
def test_a_choice_label_is_djangos_own_in_the_reader_language(obj, field, language):
    model_field = obj._meta.get_field(field)
    with translation.override(language):
        shown = getattr(obj, f"get_{field}_display")()
        assert shown == models.Model._get_FIELD_display(obj, model_field)
    assert isinstance(shown, str)
