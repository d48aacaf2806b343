import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nakhon.capacity.models import (
    ActionStatus,
    Attendance,
    Evaluation,
    Event,
    EventKind,
    Material,
    MentorAssignment,
    MentoringAction,
    MentoringSession,
    Registration,
    Session,
)
from nakhon.core.filtersets import OwnerUnitFilter, SearchFilterSet


class EventFilterSet(SearchFilterSet):
    search_fields = ("name", "name_en", "code")
    kind = django_filters.MultipleChoiceFilter(choices=EventKind.choices, label=_("kind"))
    owner_unit = OwnerUnitFilter(label=_("organiser"))

    class Meta:
        model = Event
        fields = ["q", "kind", "owner_unit"]


class SessionFilterSet(SearchFilterSet):
    search_fields = ("title", "event__name", "venue", "speakers", "presiding")
    since = django_filters.DateFilter(
        field_name="starts_at", lookup_expr="date__gte", label=_("since")
    )
    until = django_filters.DateFilter(
        field_name="starts_at", lookup_expr="date__lte", label=_("until")
    )

    class Meta:
        model = Session
        fields = ["q", "event", "since", "until"]


class RegistrationFilterSet(SearchFilterSet):
    search_fields = ("person__name", "person__name_en", "event__name")

    class Meta:
        model = Registration
        fields = ["q", "event"]


class AttendanceFilterSet(SearchFilterSet):
    search_fields = ("person__name", "person__name_en", "written_name", "session__event__name")
    session = django_filters.ModelChoiceFilter(
        queryset=Session.objects.select_related("event"), label=_("session")
    )

    class Meta:
        model = Attendance
        fields = ["q", "session", "source"]


class MaterialFilterSet(SearchFilterSet):
    search_fields = ("title", "event__name")

    class Meta:
        model = Material
        fields = ["q", "event"]


class EvaluationFilterSet(SearchFilterSet):
    search_fields = ("event__name", "documentation")

    class Meta:
        model = Evaluation
        fields = ["q", "event"]


class MentorAssignmentFilterSet(SearchFilterSet):
    search_fields = ("unit__element__name", "unit__code")
    unit = OwnerUnitFilter(field_name="unit", label=_("unit"))

    class Meta:
        model = MentorAssignment
        fields = ["q", "unit"]


class MentoringSessionFilterSet(SearchFilterSet):
    search_fields = ("topic", "unit__element__name", "documentation")
    unit = OwnerUnitFilter(field_name="unit", label=_("unit"))

    class Meta:
        model = MentoringSession
        fields = ["q", "unit"]


class MentoringActionFilterSet(SearchFilterSet):
    search_fields = ("description", "session__topic", "session__unit__element__name")
    unit = OwnerUnitFilter(field_name="session__unit", label=_("unit"))
    status = django_filters.MultipleChoiceFilter(choices=ActionStatus.choices, label=_("status"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("overdue"))

    class Meta:
        model = MentoringAction
        fields = ["q", "unit", "status", "overdue"]

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = queryset.overdue(timezone.localdate())
        return overdue if value else queryset.exclude(pk__in=overdue.values("pk"))
