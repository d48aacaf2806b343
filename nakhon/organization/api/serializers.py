from rest_framework import serializers

from nakhon.organization.models import OrgUnit, User
from nakhon.repository.api.serializers import ProfileSerializer


class OrgUnitSerializer(ProfileSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="organization-api:unit-detail", lookup_url_kwarg="id"
    )

    class Meta:
        model = OrgUnit
        fields = [
            "id",
            "url",
            "name",
            "name_en",
            "documentation",
            "kind",
            "code",
            "parent",
            "version",
            "created_at",
            "updated_at",
        ]


class UserSerializer(serializers.ModelSerializer):
    """A member of staff as others need to see them: no e-mail or other personal data (PDPA)."""

    url = serializers.HyperlinkedIdentityField(view_name="organization-api:user-detail")
    full_name = serializers.CharField(source="get_full_name", read_only=True)

    class Meta:
        model = User
        fields = ["id", "url", "username", "full_name", "role", "unit"]
        read_only_fields = fields
