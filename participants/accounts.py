"""How django-allauth behaves for Bridges accounts.

Two changes to allauth's defaults: on every sign-in the applicant's own time zone
(from their profile) goes into the session, so that pages not tied to one event
(My applications, deadlines) show times in the zone the applicant lives in; and
whether the person signed in with a verified address is kept in the session (the
apply pages ask it on every request).
"""

from __future__ import annotations

from functools import wraps

from allauth.account import decorators as allauth_decorators
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from django.contrib.auth.decorators import login_required
from django.db import transaction

from backend.middleware import TIMEZONE_SESSION_KEY, parse_time_zone


def profile_time_zone(user, profile=None) -> str | None:
    """The profile's IANA zone name, or None when there is no profile or no zone yet.
    ``profile``: the one the caller has just saved, so it is not read again."""
    from .selectors import profile_of

    if profile is None:
        # Read afresh: the user object may carry a stale "no profile" from before it was saved.
        profile = profile_of(user)
    name = profile.time_zone if profile is not None else ""
    return name if parse_time_zone(name) else None


# "Not looked up yet", as opposed to None: "looked up, the person has no profile".
UNKNOWN = object()


def profile_or_none(user, profile=UNKNOWN):
    """The user's profile (None without one); no query when the caller loaded it with
    the user (``select_related("profile")``) or passes it."""
    if profile is not UNKNOWN:
        return profile
    from django.core.exceptions import ObjectDoesNotExist

    try:
        return user.profile
    except ObjectDoesNotExist:
        return None


def display_name(user, *, profile=UNKNOWN) -> str:
    """The name of a person, as messages and pages show it: the profile's full name, else
    the account's full name, else the local part of the email address. The username
    (often an email-like handle such as "mai.tran17") only when there is nothing else.
    Pass ``profile`` (or None for "has none") when it is already loaded."""
    profile = profile_or_none(user, profile)
    name = (profile.full_name if profile is not None else "").strip()
    name = name or user.get_full_name().strip()
    if not name and user.email:
        name = user.email.split("@", 1)[0]
    return name or user.get_username()


def greeting_name(user, *, profile=UNKNOWN) -> str:
    """What a message calls the person after "Hello": the name they asked to be called
    by, else the account's given name, else their display name. Never the first word
    of a full name, which in Vietnamese and Korean is the family name."""
    profile = profile_or_none(user, profile)
    preferred = (profile.preferred_name if profile is not None else "").strip()
    return preferred or user.first_name.strip() or display_name(user, profile=profile)


# The id of the session's user when they signed in with a verified address.
VERIFIED_SESSION_KEY = "bridges_verified_email"


def has_verified_email(user) -> bool:
    return EmailAddress.objects.filter(user=user, verified=True).exists()


def verified_email_required(view_func):
    """allauth's ``verified_email_required``, answered from the session when the sign-in
    found a verified address (``AccountAdapter.login`` marks it) instead of by a query on
    every request. With verification mandatory a person cannot drop their last verified
    address (allauth keeps the primary one verified). A session without the mark (signed
    in some other way) gets allauth's own check, and its answer: a new confirmation mail."""
    checked_by_allauth = allauth_decorators.verified_email_required(view_func)

    @login_required
    @wraps(view_func)
    def wrapper(request, *args, **kwargs):
        if request.session.get(VERIFIED_SESSION_KEY) == request.user.pk:
            return view_func(request, *args, **kwargs)
        return checked_by_allauth(request, *args, **kwargs)

    return wrapper


def remember_time_zone(request, user, profile=None) -> None:
    zone = profile_time_zone(user, profile)
    if zone:
        request.session[TIMEZONE_SESSION_KEY] = zone


class AccountAdapter(DefaultAccountAdapter):
    def login(self, request, user):
        super().login(request, user)
        remember_time_zone(request, user)
        # Written with the new session anyway; spares the apply pages a query each.
        if has_verified_email(user):
            request.session[VERIFIED_SESSION_KEY] = user.pk


@transaction.atomic
def account_close(*, user, password: str) -> None:
    """Delete the account (participants' ``account_delete``) and its sign-in addresses.

    allauth keeps the login address in its own table; it is personal data too and goes
    in the same transaction. Raises BridgesError (field "password") on a wrong password.
    """
    from .services import account_delete

    account_delete(user=user, password=password)
    EmailAddress.objects.filter(user=user).delete()
