"""Team invitations: send, accept, withdraw. Memberships themselves stay with
``programmes.services`` (membership_add/change/remove), whose rule is that owners manage
members; an invitation is that owner's decision, carried out when the invitee accepts."""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import log_action
from backend.errors import BridgesError, ConflictError
from notifications.services import account_mail_queue
from programmes.enums import MemberRole
from programmes.models import CoOrganiserGrant, Event, EventRole, Membership, Organisation
from programmes.rules import is_organiser, is_owner
from programmes.services import event_update, membership_add
from programmes.services.event_roles import event_role_add

from .models import Invitation

INVITATION_DAYS = 14
INVITABLE_ROLES = (MemberRole.ORGANISER, MemberRole.REVIEWER, MemberRole.STAFF)
_SALT = "backoffice.invitation"


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps({"i": invitation.pk, "n": invitation.nonce}, salt=_SALT)


def invitation_for_token(token: str) -> Invitation:
    """The invitation a link names, if it can still be accepted; otherwise a
    ``BridgesError`` saying why (tampered, withdrawn, used, expired)."""
    try:
        payload = signing.loads(token, salt=_SALT)
        invitation = Invitation.objects.select_related("organisation", "event").get(
            pk=payload["i"], nonce=payload["n"]
        )
    except (signing.BadSignature, Invitation.DoesNotExist, KeyError, TypeError, ValueError):
        raise BridgesError(
            _("This invitation link is not valid."), code="invalid", status=404
        ) from None
    _check_usable(invitation)
    return invitation


def _check_usable(invitation: Invitation) -> None:
    if invitation.accepted_at:
        raise ConflictError(_("This invitation has already been used."), code="used")
    if invitation.revoked_at:
        raise ConflictError(_("This invitation was withdrawn."), code="revoked")
    if invitation.expires_at <= timezone.now():
        raise ConflictError(_("This invitation has expired; ask for a new one."), code="expired")


def _require_owner(by, organisation: Organisation) -> None:
    if not is_owner(by, organisation):
        raise BridgesError(_("Only owners manage members."), code="not_owner", status=403)


def _withdraw(invitation: Invitation, by) -> None:
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    log_action(invitation, "backoffice.invitation.revoked", user=by, data=_data(invitation))


def _data(invitation: Invitation) -> dict:
    data = {"email": invitation.email, "role": invitation.role}
    if invitation.event_id:
        data["event"] = invitation.event_id
    return data


def _require_inviter(by, organisation: Organisation, event: Event | None) -> None:
    """Owners invite to the organisation; an event's organisers invite to that event."""
    if event is None:
        _require_owner(by, organisation)
    elif not is_organiser(by, event):
        raise BridgesError(
            _("Only the event's organisers invite people to it."), code="not_organiser", status=403
        )


def _check_not_in_team(organisation: Organisation, event: Event | None, email: str) -> None:
    if event is None:
        taken = Membership.objects.filter(organisation=organisation, user__email__iexact=email)
    else:
        taken = EventRole.objects.filter(event=event, user__email__iexact=email)
    if taken.exists():
        raise ConflictError(
            _("This person is already a member."), code="already_member", field="email"
        )


@transaction.atomic
def invitation_send(
    *, organisation: Organisation, email: str, role: str, by, event: Event | None = None
) -> Invitation:
    """Invite ``email`` to ``organisation`` (or, with ``event``, to that event only) as
    ``role`` and queue the mail with the link; a pending invitation to the same address
    (and event) is withdrawn first."""
    if event is not None:
        organisation = event.organisation
    _require_inviter(by, organisation, event)
    if role not in INVITABLE_ROLES:
        raise BridgesError(
            _("Invite people as organiser, reviewer or staff."), code="invalid_role", field="role"
        )
    email = email.strip().lower()
    # Two invitations to one address at once: the second waits for the first and then
    # withdraws it (the pending rows it would lock do not exist yet, so lock the team's).
    if event is None:
        Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    else:
        Event.objects.select_for_update().filter(pk=event.pk).first()
    _check_not_in_team(organisation, event, email)
    pending = Invitation.objects.select_for_update().filter(
        organisation=organisation, event=event, email=email, accepted_at=None, revoked_at=None
    )
    for old in pending:
        _withdraw(old, by)
    invitation = Invitation.objects.create(
        organisation=organisation,
        event=event,
        email=email,
        role=role,
        invited_by=by,
        nonce=secrets.token_hex(16),
        expires_at=timezone.now() + dt.timedelta(days=INVITATION_DAYS),
    )
    log_action(invitation, "backoffice.invitation.sent", user=by, data=_data(invitation))
    path = reverse("backoffice:invitation", args=[invitation_token(invitation)])
    context = {
        "invitation": invitation,
        "role": invitation.get_role_display(),
        "link": f"{settings.SITE_URL}{path}",
        "days": INVITATION_DAYS,
    }
    # Written in the inviter's language, through the outbox (queued, retried, logged).
    account_mail_queue(
        to_email=email,
        subject=render_to_string("backoffice/email/team_invitation.subject.txt", context).strip(),
        text=render_to_string("backoffice/email/team_invitation.txt", context),
        user=get_user_model().objects.filter(email__iexact=email).first(),
        template="backoffice/team_invitation",
    )
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user) -> Membership | EventRole:
    """Join the team (or the event's): only the invited address may, once, before the
    link expires."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    _check_usable(invitation)
    if (user.email or "").strip().lower() != invitation.email:
        raise BridgesError(
            _("This invitation was sent to another email address. Sign in with that address."),
            code="wrong_email",
            status=403,
        )
    inviter = invitation.invited_by
    event = invitation.event
    may_invite = inviter is not None and (
        is_owner(inviter, invitation.organisation)
        if event is None
        else is_organiser(inviter, event)
    )
    if not may_invite:
        raise ConflictError(
            _("The person who invited you no longer manages this team; ask for a new one."),
            code="inviter_gone",
        )
    if event is None:
        membership = membership_add(
            organisation=invitation.organisation, user=user, role=invitation.role, by=inviter
        )
    else:
        membership = event_role_add(event=event, user=user, role=invitation.role, by=inviter)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    log_action(invitation, "backoffice.invitation.accepted", user=user, data=_data(invitation))
    return membership


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, by) -> None:
    _require_inviter(by, invitation.organisation, invitation.event)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    _check_usable(invitation)
    _withdraw(invitation, by)


@transaction.atomic
def co_organiser_add(*, event: Event, organisation: Organisation, by) -> None:
    """Add ``organisation`` to the event's co-organisers (``programmes.services.event_update``
    keeps the rules: not the organising organisation); its access is then set on the team
    page. Adding one already there changes nothing."""
    current = list(event.co_organisers.all())
    if any(org.pk == organisation.pk for org in current):
        return
    event_update(event=event, data={"co_organisers": [*current, organisation]})
    log_action(
        event,
        "backoffice.event.co_organiser_added",
        user=by,
        data={"organisation": organisation.pk, "name": organisation.name},
    )


@transaction.atomic
def co_organiser_remove(*, event: Event, organisation: Organisation, by) -> None:
    """Take ``organisation`` off the event's co-organisers; its members lose the access
    the co-organisation gave them (the grant goes with the link)."""
    current = list(event.co_organisers.all())
    if not any(org.pk == organisation.pk for org in current):
        return
    event_update(
        event=event, data={"co_organisers": [o for o in current if o.pk != organisation.pk]}
    )
    CoOrganiserGrant.objects.filter(event=event, organisation=organisation).delete()
    log_action(
        event,
        "backoffice.event.co_organiser_removed",
        user=by,
        data={"organisation": organisation.pk, "name": organisation.name},
    )
