"""The API's token authentication: one class for every ``Authorization: Token <key>``.

Keys that start with ``brg_`` are Bridges' API tokens (``reports.models.ApiToken``: one
query for the token with its user); any other key is DRF's authtoken (the scanning
devices'), read with its user from the cache under a version that every removal of such
a token bumps (one query when not cached). A token's
scopes are applied here: read-only refuses writes, an event-scoped token answers only for
addresses naming that event, and an organisation token's role replaces its maker's roles
(``programmes.rules`` reads the roles cached on the user), capped by what the maker still
holds. A token never carries its maker's superuser status: Django's ``has_perm`` answers
yes to a superuser before any rule is asked, so the request's user is given
``is_superuser = False`` (and ``is_staff = False``) and answers by its roles, read-only and
event like anyone's token.
"""

from __future__ import annotations

import hashlib
import re

from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions
from rest_framework.permissions import SAFE_METHODS

# DRF imports this class while backend.errors (which our services use) is still loading,
# so the models and services are imported when a token is first checked.
PREFIX = "brg_"
# DRF's authtoken keys (the scanning devices') are read with their user from the cache
# under this version: whoever removes such a token or deactivates its account bumps it
# (forget_device_tokens). The lifetime bounds a change made where no service runs (the
# admin's user page).
DEVICE_TOKENS_VERSION_KEY = "reports:device-tokens-version:1"
DEVICE_TOKEN_SECONDS = 60


def forget_device_tokens() -> None:
    """Call after removing a DRF token or deactivating an account: the next request with
    any device token reads it from the database again."""
    from programmes.caching import bump_version

    bump_version(DEVICE_TOKENS_VERSION_KEY)


# An address names an event when its slug follows "events/" (an organisation may share
# an event's slug: /organisations/<slug>/ is not that event).
EVENT_SLUG = re.compile(r"(^|/)events/(<slug:slug>|\(\?P<slug>)")


def _names_event(match, slug: str) -> bool:
    return match.kwargs.get("slug") == slug and bool(EVENT_SLUG.search(match.route or ""))


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
            return self._device_credentials(key)
        from .services.tokens import token_for_key

        token = token_for_key(key)
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Invalid or expired token."))
        return token.user, token

    def _device_credentials(self, key):
        """DRF's authtoken (a scanning device's): its user and token, kept in the cache
        while the devices' version holds (see :func:`forget_device_tokens`), at most
        DEVICE_TOKEN_SECONDS. An unknown key or an inactive user is never kept."""
        from programmes.caching import cached

        def build():
            return super(TokenAuthentication, self).authenticate_credentials(key), (
                DEVICE_TOKEN_SECONDS
            )

        digest = hashlib.sha256(key.encode()).hexdigest()
        user, token = cached(
            f"reports:device-token:{digest}", build, versions=(DEVICE_TOKENS_VERSION_KEY,)
        )
        return user, token

    def _apply_scopes(self, request, user, token) -> None:
        from programmes.enums import MANAGING_ROLES
        from programmes.rules import roles_by_organisation

        # This request's copy of the user only (``token_for_key`` loads it afresh each time).
        user.is_superuser = user.is_staff = False
        if token.read_only and request.method not in SAFE_METHODS:
            raise exceptions.PermissionDenied(_("This token is read-only."))
        if token.event_id is not None:
            match = getattr(request._request, "resolver_match", None)
            if match is None or not _names_event(match, token.event.slug):
                raise exceptions.PermissionDenied(_("This token is limited to one event."))
        if token.organisation_id is not None:
            held = roles_by_organisation(user).get(token.organisation_id, set())
            # The token's role, if its maker still holds a role at least as wide.
            roles = (
                {token.role} if held and (token.role in held or held & MANAGING_ROLES) else set()
            )
            # programmes.rules caches (roles per organisation, roles per event) on the user.
            user._bridges_roles = ({token.organisation_id: roles} if roles else {}, {})
