"""API authentication classes."""

from __future__ import annotations

from drf_spectacular.authentication import SessionScheme as SpectacularSessionScheme
from rest_framework import authentication


class SessionAuthentication(authentication.SessionAuthentication):
    """DRF's session authentication, naming a scheme the client can answer (a token) so
    that a request with no credentials is a 401 with WWW-Authenticate, as the schema
    says, not DRF's 403 for session-only APIs."""

    def authenticate_header(self, request):
        return 'Token realm="api"'


class SessionScheme(SpectacularSessionScheme):
    """The OpenAPI description of our session authentication: the cookie, as DRF's."""

    target_class = SessionAuthentication
