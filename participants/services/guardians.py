"""The parent or guardian a minor names: the fields, and that the address is not the
applicant's own.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from backend.errors import BridgesError, ConflictError

from ..models import (
    Application,
)

GUARDIAN_FIELDS = ("guardian_name", "guardian_email", "guardian_relation")


def applicant_addresses(user) -> set[str]:
    """Every email address of the applicant's account (lower case): the account's own and
    each one allauth holds for it, verified or not."""
    from allauth.account.models import EmailAddress

    addresses = {
        e.lower() for e in EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    }
    if user.email:
        addresses.add(user.email.lower())
    return addresses


def _check_guardian_address(application: Application) -> None:
    """The consent must reach someone else: never one of the applicant's addresses."""
    email = application.guardian_email.strip().lower()
    if email and email in applicant_addresses(application.applicant):
        raise BridgesError(
            _("Give your parent's or guardian's own address, not one of yours."),
            code="guardian_email_is_applicants",
            field="guardian_email",
        )


def _apply_guardian(application: Application, guardian: Mapping[str, Any] | None) -> None:
    if not guardian:
        return
    unknown = set(guardian) - set(GUARDIAN_FIELDS)
    if unknown:
        raise BridgesError(_("Unknown field."), code="unknown_field", field=sorted(unknown)[0])
    for key in GUARDIAN_FIELDS:
        if key in guardian:
            value = str(guardian[key] or "").strip()
            if key == "guardian_email" and value:
                try:
                    validate_email(value)
                except DjangoValidationError:
                    raise BridgesError(_("Enter a valid email address."), field=key) from None
            if len(value) > Application._meta.get_field(key).max_length:
                raise BridgesError(_("This is too long."), field=key)
            setattr(application, key, value)
    _check_guardian_address(application)


def _refuse_guardian_change(application: Application, guardian: Mapping[str, Any] | None) -> None:
    """Once consent has been asked for, the applicant cannot change who gives it (a minor
    could otherwise name themselves); the organisers can (``application_guardian_change``)."""
    for key in GUARDIAN_FIELDS:
        if key in (guardian or {}) and str(guardian[key] or "").strip() != getattr(
            application, key
        ):
            raise ConflictError(
                _(
                    "The parent or guardian cannot be changed once their consent has been "
                    "asked for. Ask the organisers to change it."
                ),
                code="guardian_locked",
                field=key,
            )
