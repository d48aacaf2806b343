from django.utils import timezone

from nakhon.core.api.views import ServiceModelViewSet
from nakhon.governance.api.standard_serializers import PrincipleSerializer, StandardSerializer
from nakhon.governance.models import PrincipleProfile, Standard
from nakhon.governance.standard_filtersets import PrincipleFilterSet, StandardFilterSet
from nakhon.portfolio.api.views import PROFILE_ORDERING, profiles
from nakhon.repository.api.views import ProfileViewSet


class PrincipleViewSet(ProfileViewSet):
    """Architecture principles: a Principle element (its name and documentation are the
    statement) with its rationale and implications in Thai and English. A principle shares its
    id with its element; creating one creates the element too."""

    queryset = profiles(PrincipleProfile)
    serializer_class = PrincipleSerializer
    filterset_class = PrincipleFilterSet
    ordering_fields = [*PROFILE_ORDERING, "code"]


class StandardViewSet(ServiceModelViewSet):
    """The standards catalogue: technologies and practices with their status (adopt, trial,
    contain, retire), owning unit, review date and the technology elements they cover.
    `past_review=true` lists those past their review date."""

    queryset = Standard.objects.prefetch_related("elements")
    serializer_class = StandardSerializer
    filterset_class = StandardFilterSet
    ordering_fields = ["name", "name_en", "status", "review_date", "created_at", "updated_at"]

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": timezone.localdate()}
