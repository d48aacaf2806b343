from django.db.models import F
from rest_framework import viewsets

from nakhon.organization.api.serializers import OrgUnitSerializer, UserSerializer
from nakhon.organization.filtersets import OrgUnitFilterSet
from nakhon.organization.models import OrgUnit, User
from nakhon.repository.api.views import ProfileViewSet


class OrgUnitViewSet(ProfileViewSet):
    """The city's org-unit tree; a unit shares its id with its BusinessActor element."""

    queryset = OrgUnit.objects.select_related("element").annotate(name=F("element__name"))
    serializer_class = OrgUnitSerializer
    filterset_class = OrgUnitFilterSet
    ordering_fields = ["name", "kind", "code"]


class UserViewSet(viewsets.ReadOnlyModelViewSet):
    """Active staff accounts, read-only: accounts are managed by administrators."""

    queryset = User.objects.filter(is_active=True).order_by("username")
    serializer_class = UserSerializer
    filterset_fields = ["role", "unit"]
    ordering_fields = ["username"]
