"""Token authentication whose tokens expire NAKHON_API_TOKEN_HOURS after they were issued
(kept apart from the token views: DRF reads this module while it loads its own views)."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication


def expires(token):
    return token.created + timedelta(hours=settings.NAKHON_API_TOKEN_HOURS)


class ExpiringTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if expires(token) <= timezone.now():
            raise exceptions.AuthenticationFailed(
                _("The token has expired; obtain a new one with your user name and password.")
            )
        return user, token
