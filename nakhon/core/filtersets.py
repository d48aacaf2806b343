import django_filters
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from nakhon.core.forms import style_widgets
from nakhon.core.models import Action, ChangeLogEntry, Channel
from nakhon.core.permissions import unit_model
from nakhon.core.services import logged_models


class OwnerUnitFilter(django_filters.ModelMultipleChoiceFilter):
    """Rows owned by any of the chosen org units (`field_name`: the path to the owner)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("owning unit"))
        super().__init__(*args, queryset=_units, **kwargs)


def _units(request):
    return unit_model().objects.select_related("element")


class SearchFilterSet(django_filters.FilterSet):
    """A FilterSet with a free-text `q` over the fields a subclass names in `search_fields`.

    Substring matching (icontains) finds Thai words inside Thai text, which has no spaces
    between words, on SQLite and PostgreSQL alike.
    """

    q = django_filters.CharFilter(method="search", label=_("Search"))
    search_fields: tuple[str, ...] = ()

    @property
    def form(self):
        form = super().form
        style_widgets(form.fields)
        return form

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        condition = Q()
        for field in self.search_fields:
            condition |= Q(**{f"{field}__icontains": value})
        return queryset.filter(condition)


def logged_object_types():
    types = ContentType.objects.get_for_models(*logged_models()).values()
    return ContentType.objects.filter(pk__in=[t.pk for t in types])


class ChangeLogFilterSet(SearchFilterSet):
    search_fields = ("object_repr", "user_name", "object_id")
    action = django_filters.MultipleChoiceFilter(choices=Action.choices, label=_("action"))
    channel = django_filters.MultipleChoiceFilter(choices=Channel.choices, label=_("channel"))
    content_type = django_filters.ModelChoiceFilter(
        queryset=lambda request: logged_object_types(), label=_("object type")
    )
    user = django_filters.CharFilter(field_name="user_name", label=_("user"))
    since = django_filters.DateFilter(field_name="time", lookup_expr="date__gte", label=_("since"))
    until = django_filters.DateFilter(field_name="time", lookup_expr="date__lte", label=_("until"))
    batch = django_filters.UUIDFilter(label=_("batch"))
    object_id = django_filters.CharFilter(label=_("object id"))

    class Meta:
        model = ChangeLogEntry
        fields = ["q", "action", "channel", "content_type", "user", "since", "until", "batch"]
