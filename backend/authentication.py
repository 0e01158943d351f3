"""API authentication classes."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.authentication import SessionScheme as SpectacularSessionScheme
from rest_framework import authentication, exceptions

from .queries import CompiledQuery


def _token_with_user(key: str):
    from rest_framework.authtoken.models import Token

    return Token.objects.select_related("user").filter(key=key)


class SessionAuthentication(authentication.SessionAuthentication):
    """DRF's session authentication, naming a scheme the client can answer (a token) so
    that a request with no credentials is a 401 with WWW-Authenticate, as the schema
    says, not DRF's 403 for session-only APIs."""

    def authenticate_header(self, request):
        return 'Token realm="api"'


class SessionScheme(SpectacularSessionScheme):
    """The OpenAPI description of our session authentication: the cookie, as DRF's."""

    target_class = SessionAuthentication


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
