"""API authentication classes."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from .queries import CompiledQuery


def _token_with_user(key: str):
    from rest_framework.authtoken.models import Token

    return Token.objects.select_related("user").filter(key=key)


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's token authentication, its one read compiled once per process: every request
    of an app client (a phone, a scanning device) makes it (backend/queries.py)."""

    _read = CompiledQuery(_token_with_user, marker="compiled-query-marker:not-a-token")

    def authenticate_credentials(self, key):
        token = self._read.first(key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return (token.user, token)
