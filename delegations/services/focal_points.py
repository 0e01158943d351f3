"""Naming a partner's focal point by name and address. An account whose address is
verified becomes a focal point at once; anyone else gets a pending invitation, mailed
through the outbox with a signed link (salt: this purpose only). The invitation makes them
a focal point when they create their account from the link (the link verifies the
address, as the delegation's invitation link does), follow it signed in with that
address, or sign in or confirm that address anywhere (``focal_point_invitations_claim``,
from the receivers). Asking twice for one address sends nothing twice."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import log_action
from backend.errors import BridgesError, ConflictError
from notifications.enums import MessageKind
from notifications.services import MessageSpec, messages_queue_many

from ..models import FocalPointInvitation, Partner
from .accounts import verify_address

FOCAL_POINT_SALT = "delegations.focal-point-invitation"
FOCAL_POINT_MAX_AGE = 60 * 60 * 24 * 365
# Days a focal-point invitation stays valid (settings.DELEGATIONS_FOCAL_POINT_INVITATION_DAYS).
DEFAULT_INVITATION_DAYS = 30


def invitation_days() -> int:
    return int(
        getattr(settings, "DELEGATIONS_FOCAL_POINT_INVITATION_DAYS", DEFAULT_INVITATION_DAYS)
    )


def invitation_expired(invitation: FocalPointInvitation) -> bool:
    return timezone.now() > invitation.created_at + timedelta(days=invitation_days())


def invitation_usable(invitation: FocalPointInvitation) -> bool:
    """Pending, not withdrawn and not expired: its link may still make a focal point."""
    return (
        invitation.accepted_at is None
        and invitation.withdrawn_at is None
        and not invitation_expired(invitation)
    )


def pending_invitations(partner: Partner):
    """The partner's invitations still waiting for their person (not withdrawn, not expired)."""
    since = timezone.now() - timedelta(days=invitation_days())
    return partner.focal_point_invitations.filter(
        accepted_at__isnull=True, withdrawn_at__isnull=True, created_at__gte=since
    )


@dataclass(frozen=True)
class FocalPointAdded:
    """What ``focal_point_add`` did: ``user`` linked (an account with the address
    verified), or ``invitation`` pending; ``created`` is False when nothing was new."""

    partner: Partner
    user: object | None
    invitation: FocalPointInvitation | None
    created: bool

    @property
    def status(self) -> str:
        return "linked" if self.user is not None else "invited"


def _clean(name: str, email: str) -> tuple[str, str]:
    name = (name or "").strip()
    if not name:
        raise BridgesError(_("This field is required."), field="name")
    if len(name) > 200:
        raise BridgesError(_("Give at most 200 characters."), field="name")
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise BridgesError(_("Enter a valid email address."), field="email") from None
    return name, email


def _verified_account(email: str):
    from allauth.account.models import EmailAddress

    address = (
        EmailAddress.objects.filter(email__iexact=email, verified=True, user__is_active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return address.user if address is not None else None


def focal_point_invitation_url(invitation: FocalPointInvitation) -> str:
    token = signing.dumps({"f": invitation.pk, "e": invitation.email}, salt=FOCAL_POINT_SALT)
    return settings.SITE_URL + reverse("delegations:focal-point-invitation", args=[token])


def focal_point_invitation_from_token(token: str) -> FocalPointInvitation | None:
    """The link's invitation (pending or accepted), or None when the link is tampered
    with, too old, or its invitation is gone."""
    try:
        data = signing.loads(token, salt=FOCAL_POINT_SALT, max_age=FOCAL_POINT_MAX_AGE)
        pk, email = int(data["f"]), str(data["e"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    return (
        FocalPointInvitation.objects.select_related("partner__organisation")
        .filter(pk=pk, email=email)
        .first()
    )


def _link(partner: Partner, user, *, by, invitation: FocalPointInvitation | None = None) -> bool:
    """Add ``user`` to the partner's focal points (already locked by the caller)."""
    if partner.focal_points.filter(pk=user.pk).exists():
        return False
    partner.focal_points.add(user)
    log_action(
        partner,
        "delegations.focal_point.added",
        user=by,
        data={"focal_point": user.pk, "invitation": invitation.pk if invitation else None},
    )
    return True


@transaction.atomic
def focal_point_add(*, partner: Partner, name: str, email: str, by) -> FocalPointAdded:
    """Name ``name`` <``email``> a focal point of ``partner`` (callers check that ``by``
    organises the partner's organisation). Raises BridgesError on "name" or "email"."""
    name, email = _clean(name, email)
    # One invitation at a time per partner: a twin request waits, then finds the first.
    partner = Partner.objects.select_for_update().get(pk=partner.pk)
    user = _verified_account(email)
    if user is not None:
        created = _link(partner, user, by=by)
        return FocalPointAdded(partner, user, None, created)
    pending = FocalPointInvitation.objects.filter(
        partner=partner, email=email, accepted_at__isnull=True, withdrawn_at__isnull=True
    ).first()
    if pending is not None and not invitation_expired(pending):
        return FocalPointAdded(partner, None, pending, False)
    if pending is not None:
        # An expired invitation is replaced by a new one, with a new link.
        pending.withdrawn_at = timezone.now()
        pending.save(update_fields=["withdrawn_at"])
    invitation = FocalPointInvitation.objects.create(
        partner=partner, name=name, email=email, invited_by=by
    )
    log_action(
        partner,
        "delegations.focal_point.invited",
        user=by,
        data={"invitation": invitation.pk, "email": email},
    )
    messages_queue_many(
        [
            MessageSpec(
                kind=MessageKind.DELEGATION_NOTICE,
                template="delegations/focal_point_invitation",
                idempotency_key=f"delegations.focal-point-invitation:{invitation.pk}",
                to_email=email,
                to_name=name,
                context={
                    "partner_name": partner.official_name,
                    "organisation_name": partner.organisation.name,
                    "link": focal_point_invitation_url(invitation),
                },
            )
        ]
    )
    return FocalPointAdded(partner, None, invitation, True)


@transaction.atomic
def focal_point_invitation_withdraw(*, invitation: FocalPointInvitation, by) -> bool:
    """The organisers take back a pending invitation: its link no longer works and no
    account is made from it. Callers check that ``by`` manages the partner. An accepted
    invitation cannot be withdrawn (409); withdrawing twice changes nothing (False)."""
    row = FocalPointInvitation.objects.select_for_update().get(pk=invitation.pk)
    if row.accepted_at is not None:
        raise ConflictError(
            _("This person is a focal point already; remove them from the partner instead."),
            code="accepted",
        )
    if row.withdrawn_at is not None:
        return False
    row.withdrawn_at = timezone.now()
    row.save(update_fields=["withdrawn_at"])
    log_action(
        row.partner,
        "delegations.focal_point.withdrawn",
        user=by,
        data={"invitation": row.pk, "email": row.email},
    )
    invitation.withdrawn_at = row.withdrawn_at
    return True


def _accept(invitation: FocalPointInvitation, user) -> bool:
    row = FocalPointInvitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation_usable(row):
        return False
    partner = Partner.objects.select_for_update().get(pk=row.partner_id)
    _link(partner, user, by=user, invitation=row)
    row.accepted_at, row.accepted_by = timezone.now(), user
    row.save(update_fields=["accepted_at", "accepted_by"])
    log_action(partner, "delegations.focal_point.accepted", user=user, data={"invitation": row.pk})
    invitation.accepted_at, invitation.accepted_by = row.accepted_at, user
    return True


@transaction.atomic
def focal_point_invitation_accept(*, invitation: FocalPointInvitation, user) -> Partner:
    """The invited person, signed in with the invited address, follows the link: they
    become the focal point, and the address is verified (the link came to it). Another
    address is refused (403)."""
    if not invitation_usable(invitation) and invitation.accepted_at is None:
        raise ConflictError(_("This invitation has expired or was withdrawn."), code="expired")
    if (user.email or "").strip().lower() != invitation.email:
        raise BridgesError(
            _("This invitation was sent to another email address. Sign in with that address."),
            code="wrong_email",
            status=403,
        )
    verify_address(user)
    _accept(invitation, user)
    return invitation.partner


def account_for_invitation(invitation: FocalPointInvitation):
    """The account of the invited address, if there is one."""
    return get_user_model().objects.filter(email__iexact=invitation.email).order_by("pk").first()


@transaction.atomic
def focal_point_invitation_sign_up(*, invitation: FocalPointInvitation, password: str):
    """Create the invited person's account from the link (the password already checked
    by allauth's form), or give its password to the one made for them (a nominee's), with
    the address verified; they become the focal point. An account that has a password
    must sign in instead (409). An expired or withdrawn invitation makes no account."""
    if not invitation_usable(invitation):
        raise ConflictError(_("This invitation has expired or was withdrawn."), code="expired")
    User = get_user_model()
    user = account_for_invitation(invitation)
    if user is not None and user.password and user.has_usable_password():
        raise ConflictError(
            _("An account has this address already; sign in with it."), code="has_account"
        )
    if user is None:
        try:
            with transaction.atomic():
                user = User.objects.create_user(
                    username=f"focal-{uuid.uuid4().hex[:16]}", email=invitation.email
                )
        except IntegrityError:
            raise ConflictError(
                _("An account has this address already; sign in with it."), code="has_account"
            ) from None
    user = User.objects.select_for_update().get(pk=user.pk)
    user.set_password(password)
    user.save(update_fields=["password"])
    verify_address(user)
    _accept(invitation, user)
    return user


def focal_point_invitations_claim(*, user) -> int:
    """Accept the pending invitations to the user's verified addresses (called when they
    sign in or confirm an address). Returns how many were accepted."""
    from allauth.account.models import EmailAddress

    if user is None or not user.is_active or user.pk is None:
        return 0
    # One query on every sign-in: the user's verified addresses, lower-cased, as a subquery.
    verified = (
        EmailAddress.objects.filter(user=user, verified=True)
        .annotate(lower=Lower("email"))
        .values("lower")
    )
    pending = list(
        FocalPointInvitation.objects.filter(
            email__in=verified,
            accepted_at__isnull=True,
            withdrawn_at__isnull=True,
            created_at__gte=timezone.now() - timedelta(days=invitation_days()),
        )
        .select_related("partner")
        .order_by("pk")
    )
    accepted = 0
    for invitation in pending:
        with transaction.atomic():
            accepted += _accept(invitation, user)
    return accepted
