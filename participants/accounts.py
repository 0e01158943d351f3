"""How django-allauth behaves for Bridges accounts.

The only change to allauth's defaults: on every sign-in the applicant's own time zone
(from their profile) goes into the session, so that pages not tied to one event
(My applications, deadlines) show times in the zone the applicant lives in.
"""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from django.db import transaction

from backend.middleware import TIMEZONE_SESSION_KEY, parse_time_zone


def profile_time_zone(user) -> str | None:
    """The profile's IANA zone name, or None when there is no profile or no zone yet."""
    from .selectors import profile_of

    # Read afresh: the user object may carry a stale "no profile" from before it was saved.
    profile = profile_of(user)
    name = profile.time_zone if profile is not None else ""
    return name if parse_time_zone(name) else None


def remember_time_zone(request, user) -> None:
    zone = profile_time_zone(user)
    if zone:
        request.session[TIMEZONE_SESSION_KEY] = zone


class AccountAdapter(DefaultAccountAdapter):
    def login(self, request, user):
        super().login(request, user)
        remember_time_zone(request, user)


@transaction.atomic
def account_close(*, user, password: str) -> None:
    """Delete the account (participants' ``account_delete``) and its sign-in addresses.

    allauth keeps the login address in its own table; it is personal data too and goes
    in the same transaction. Raises BridgesError (field "password") on a wrong password.
    """
    from .services import account_delete

    account_delete(user=user, password=password)
    EmailAddress.objects.filter(user=user).delete()
