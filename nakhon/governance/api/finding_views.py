"""The automatic checks' findings in the API (read only: the submission writes them)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers, viewsets

from nakhon.core.permissions import VIEW
from nakhon.governance.models import CheckKind, Finding, Severity


class FindingSerializer(serializers.ModelSerializer):
    check = serializers.ChoiceField(source="check_kind", choices=CheckKind.choices)
    text = serializers.CharField(help_text=_("The message in the language the client asked for."))

    class Meta:
        model = Finding
        fields = [
            "id",
            "request",
            "position",
            "check",
            "severity",
            "text",
            "message",
            "message_en",
            "evidence",
            "url",
            "found_at",
        ]
        read_only_fields = fields


class FindingFilterSet(django_filters.FilterSet):
    check = django_filters.MultipleChoiceFilter(field_name="check_kind", choices=CheckKind.choices)
    severity = django_filters.MultipleChoiceFilter(choices=Severity.choices)

    class Meta:
        model = Finding
        fields = ["request", "check", "severity"]


class FindingViewSet(viewsets.ReadOnlyModelViewSet):
    """What the automatic checks found when a review request was submitted: severity
    (`blocking` stops a submission), message in Thai and English, evidence and link. Filter
    with `request=<id>`."""

    queryset = Finding.objects.all()
    serializer_class = FindingSerializer
    filterset_class = FindingFilterSet
    ordering_fields = ["position", "found_at"]

    def get_queryset(self):
        return super().get_queryset().restrict(self.request.user, VIEW)
