"""API tokens: made, listed and revoked here; checked by ``reports.authentication``.

A key is ``brg_`` and 40 random characters; only its SHA-256 is stored. An organisation's
token carries a role (never above its maker's: owners make any, organisers up to
organiser), optionally one event and read-only; a personal token is its person's own
access (a staff member's scanner)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import log_action
from backend.errors import BridgesError
from programmes.enums import MANAGING_ROLES, MemberRole
from programmes.models import Event, Organisation
from programmes.rules import roles_in

from ..models import ApiToken

# last_used_at is written at most this often per token, so a busy scanner costs no write.
LAST_USED_EVERY = dt.timedelta(minutes=1)


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _new_key() -> str:
    return ApiToken.PREFIX + secrets.token_urlsafe(30)


def token_create(
    *,
    by,
    name: str,
    organisation: Organisation | None = None,
    role: str = "",
    event: Event | None = None,
    read_only: bool = True,
    expires_at: dt.datetime | None = None,
) -> tuple[ApiToken, str]:
    """Make a token; returns it and its key (shown once). Refused (400, naming the field)
    for a role above the maker's, an event of another organisation, or a past expiry."""
    if not name.strip():
        raise BridgesError(_("Give the token a name."), field="name")
    if expires_at is not None and expires_at <= timezone.now():
        raise BridgesError(_("The expiry must be in the future."), field="expires_at")
    if organisation is not None:
        mine = roles_in(by, organisation)
        if not mine & MANAGING_ROLES:
            raise BridgesError(
                _("Only owners and organisers make the organisation's tokens."), field="role"
            )
        if role not in MemberRole.values:
            raise BridgesError(_("Choose a role."), field="role")
        if role == MemberRole.OWNER and MemberRole.OWNER not in mine:
            raise BridgesError(_("Only owners can give a token the owner role."), field="role")
        if event is not None and event.organisation_id != organisation.pk:
            raise BridgesError(_("The event is not this organisation's."), field="event")
    else:
        role, event = "", None
    key = _new_key()
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=by,
            organisation=organisation,
            name=name.strip(),
            key_hash=key_hash(key),
            key_start=key[:10],
            role=role,
            event=event,
            read_only=read_only,
            expires_at=expires_at,
        )
        log_action(token, "reports.token.created", user=by, data={"name": token.name, "role": role})
    return token, key


def token_revoke(*, token: ApiToken, by) -> None:
    with transaction.atomic():
        updated = ApiToken.objects.filter(pk=token.pk, revoked_at=None).update(
            revoked_at=timezone.now()
        )
        if updated:
            log_action(token, "reports.token.revoked", user=by, data={"name": token.name})


def token_for_key(key: str, *, now: dt.datetime | None = None) -> ApiToken | None:
    """The live token of ``key`` with its user and event (one query), its last use noted
    (at most once a minute)."""
    now = now or timezone.now()
    token = (
        ApiToken.objects.select_related("user", "event")
        .filter(key_hash=key_hash(key), revoked_at=None)
        .first()
    )
    if token is None or (token.expires_at is not None and token.expires_at <= now):
        return None
    if token.last_used_at is None or token.last_used_at < now - LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
