"""API tokens that expire (NAKHON_API_TOKEN_HOURS after they were issued) and that their holder
can revoke: `POST /api/auth/token/` with a user name and password gives one (the same until it
expires), `DELETE /api/auth/token/` with it revokes it. Password guesses there are throttled
like the sign-in page's (django-axes)."""

from django.db import transaction
from django.utils import timezone
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from nakhon.core.api.authentication import expires
from nakhon.core.api.parsers import JSONParser

TokenResponse = inline_serializer(
    "TokenResponse",
    {"token": serializers.CharField(), "expires": serializers.DateTimeField()},
)


class TokenView(ObtainAuthToken):
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    def get_permissions(self):
        return [IsAuthenticated()] if self.request.method == "DELETE" else [AllowAny()]

    def get_serializer_context(self):
        # django-axes marks a locked-out attempt on Django's request, which its middleware
        # then answers; DRF's wrapper would keep the mark to itself.
        return {**super().get_serializer_context(), "request": self.request._request}

    @extend_schema(responses=TokenResponse)
    def post(self, request, *args, **kwargs):
        """A token for the user name and password given: the current one, or a new one when
        it has expired."""
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        with transaction.atomic():
            token, _created = Token.objects.select_for_update().get_or_create(user=user)
            if expires(token) <= timezone.now():
                token.delete()
                token = Token.objects.create(user=user)
        return Response({"token": token.key, "expires": expires(token)})

    @extend_schema(request=None, responses={204: None})
    def delete(self, request, *args, **kwargs):
        """Revoke the token this request is authenticated with (or the user's token)."""
        Token.objects.filter(user=request.user).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)
