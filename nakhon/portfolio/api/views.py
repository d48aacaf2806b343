from django.db.models import F

from nakhon.portfolio.api.serializers import (
    ApplicationProfileSerializer,
    DataObjectProfileSerializer,
    TechnologyProfileSerializer,
)
from nakhon.portfolio.filtersets import (
    ApplicationProfileFilterSet,
    DataObjectProfileFilterSet,
    TechnologyProfileFilterSet,
)
from nakhon.portfolio.models import (
    ApplicationProfile,
    DataObjectProfile,
    TechnologyProfile,
    time_class_expression,
)
from nakhon.repository.api.views import ProfileViewSet

PROFILE_ORDERING = ["name", "name_en", "created_at", "updated_at"]


def profiles(model):
    """A profile's rows with what the serializer reads of its element, and its name to order by."""
    return model.objects.select_related("element").annotate(
        name=F("element__name"), name_en=F("element__name_en")
    )


class ApplicationProfileViewSet(ProfileViewSet):
    """Application components in the portfolio: cost, users, hosting, fitness and TIME class.

    A profile shares its id with its ApplicationComponent element; creating one creates the
    element too.
    """

    queryset = profiles(ApplicationProfile).annotate(time_class_code=time_class_expression())
    serializer_class = ApplicationProfileSerializer
    filterset_class = ApplicationProfileFilterSet
    ordering_fields = [
        *PROFILE_ORDERING,
        "yearly_cost",
        "users",
        "business_fit",
        "technical_fit",
        "end_of_support",
    ]


class TechnologyProfileViewSet(ProfileViewSet):
    """Technology (servers, platforms, databases, networks, data centres) with its product,
    version and end of support."""

    queryset = profiles(TechnologyProfile)
    serializer_class = TechnologyProfileSerializer
    filterset_class = TechnologyProfileFilterSet
    ordering_fields = [*PROFILE_ORDERING, "end_of_support", "vendor", "product"]


class DataObjectProfileViewSet(ProfileViewSet):
    """Data objects' classification and personal-data flags (PDPA)."""

    queryset = profiles(DataObjectProfile)
    serializer_class = DataObjectProfileSerializer
    filterset_class = DataObjectProfileFilterSet
    ordering_fields = [*PROFILE_ORDERING, "classification"]
