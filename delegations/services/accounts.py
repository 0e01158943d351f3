"""The invitation link a focal point follows from the mail: signed for one focal point
and one delegation (salt: this purpose only). A focal point with no password yet (an
account the organisers named by address) sets one up from it, their address verified by
the link itself; one with an account signs in; both land on their delegation."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.urls import reverse

from audit.services import log_action

from ..models import EventPartner

INVITATION_SALT = "delegations.invitation-link"
INVITATION_MAX_AGE = 60 * 60 * 24 * 365


@dataclass(frozen=True)
class InvitationLink:
    delegation: EventPartner
    user: object

    @property
    def needs_account(self) -> bool:
        """No password to sign in with yet: the account was made for them."""
        return not (self.user.password and self.user.has_usable_password())


def invitation_link_url(delegation: EventPartner, user) -> str:
    token = signing.dumps({"d": delegation.pk, "u": user.pk}, salt=INVITATION_SALT)
    return settings.SITE_URL + reverse("delegations:invitation-link", args=[token])


def invitation_from_token(token: str) -> InvitationLink | None:
    """The link's delegation and focal point, or None when the link is tampered with,
    too old, or its person is no longer a focal point of the delegation."""
    try:
        data = signing.loads(token, salt=INVITATION_SALT, max_age=INVITATION_MAX_AGE)
        delegation_id, user_id = int(data["d"]), int(data["u"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    delegation = (
        EventPartner.objects.select_related("partner", "event")
        .filter(pk=delegation_id, partner__focal_points__pk=user_id)
        .first()
    )
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if delegation is None or user is None:
        return None
    return InvitationLink(delegation, user)


def verify_address(user) -> None:
    """Mark the account's own address verified (a signed link sent to it was followed)."""
    from allauth.account.models import EmailAddress

    address = EmailAddress.objects.filter(user=user, email__iexact=user.email).first()
    if address is None:
        EmailAddress.objects.create(
            user=user,
            email=user.email,
            verified=True,
            primary=not EmailAddress.objects.filter(user=user, primary=True).exists(),
        )
    elif not address.verified:
        address.verified = True
        address.save(update_fields=["verified"])


@transaction.atomic
def focal_point_account_set_up(*, link: InvitationLink, password: str):
    """Give the focal point's account its password (already checked by allauth's
    password form) and their address, verified: the link came to it."""
    User = get_user_model()
    user = User.objects.select_for_update().get(pk=link.user.pk)
    user.set_password(password)
    user.save(update_fields=["password"])
    verify_address(user)
    log_action(
        link.delegation,
        "delegations.invitation.account",
        user=user,
        event=link.delegation.event,
        data={"focal_point": user.pk},
    )
    return user
