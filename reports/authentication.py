"""The API's token authentication: one class for every ``Authorization: Token <key>``.

Keys that start with ``brg_`` are Bridges' API tokens (``reports.models.ApiToken``: one
query for the token with its user); any other key is DRF's authtoken, looked up exactly
as before (one query), so the check-in scanners' path costs what it did. A token's
scopes are applied here: read-only refuses writes, an event-scoped token answers only for
addresses naming that event, and an organisation token's role replaces its maker's roles
(``programmes.rules`` reads the roles cached on the user), capped by what the maker still
holds.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions
from rest_framework.permissions import SAFE_METHODS

# DRF imports this class while backend.errors (which our services use) is still loading,
# so the models and services are imported when a token is first checked.
PREFIX = "brg_"


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate(self, request):
        found = super().authenticate(request)
        if found is None:
            return None
        user, token = found
        if getattr(token, "key_hash", None) is not None:  # ours, not DRF's authtoken
            self._apply_scopes(request, user, token)
        return found

    def authenticate_credentials(self, key):
        if not key.startswith(PREFIX):
            return super().authenticate_credentials(key)
        from .services.tokens import token_for_key

        token = token_for_key(key)
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Invalid or expired token."))
        return token.user, token

    def _apply_scopes(self, request, user, token) -> None:
        from programmes.enums import MANAGING_ROLES
        from programmes.rules import roles_by_organisation

        if token.read_only and request.method not in SAFE_METHODS:
            raise exceptions.PermissionDenied(_("This token is read-only."))
        if token.event_id is not None:
            match = getattr(request._request, "resolver_match", None)
            if match is None or match.kwargs.get("slug") != token.event.slug:
                raise exceptions.PermissionDenied(_("This token is limited to one event."))
        if token.organisation_id is not None:
            held = roles_by_organisation(user).get(token.organisation_id, set())
            # The token's role, if its maker still holds a role at least as wide.
            roles = (
                {token.role} if held and (token.role in held or held & MANAGING_ROLES) else set()
            )
            # programmes.rules caches (roles per organisation, roles per event) on the user.
            user._bridges_roles = ({token.organisation_id: roles} if roles else {}, {})
