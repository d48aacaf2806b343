import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nakhon.core.filtersets import OwnerUnitFilter, SearchFilterSet
from nakhon.governance.models import ReviewRequest
from nakhon.governance.models.requests import Decision, RequestState, RequestType
from nakhon.governance.workflow import AWAITING_DECISION


class ReviewRequestFilterSet(SearchFilterSet):
    search_fields = ("title", "description", "budget_line")
    state = django_filters.MultipleChoiceFilter(choices=RequestState.choices, label=_("state"))
    request_type = django_filters.MultipleChoiceFilter(
        choices=RequestType.choices, label=_("type of request")
    )
    decision = django_filters.MultipleChoiceFilter(choices=Decision.choices, label=_("decision"))
    owner_unit = OwnerUnitFilter(label=_("submitting unit"))
    fiscal_year = django_filters.NumberFilter(label=_("fiscal year (B.E.)"))
    late = django_filters.BooleanFilter(method="filter_late", label=_("late"))

    class Meta:
        model = ReviewRequest
        fields = ["q", "state", "request_type", "decision", "owner_unit", "fiscal_year", "late"]

    def filter_late(self, queryset, name, value):
        if value is None:
            return queryset
        late = Q(state__in=AWAITING_DECISION, deadline__lt=timezone.localdate())
        return queryset.filter(late) if value else queryset.exclude(late)
