"""A person's own data: the export and the account's deletion."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import entries_forget
from backend.errors import BridgesError

from .. import documents as storage
from .. import selectors
from ..enums import (
    WITHDRAWABLE_STATUSES,
)
from ..enums import ApplicationStatus as S
from ..models import (
    Answer,
    Application,
    Document,
    GuardianConsent,
    Profile,
)
from .status import application_transition


def my_data_export(user) -> dict[str, Any]:
    """Everything Bridges holds about ``user`` as applicant, as JSON-ready data."""
    return selectors.personal_data(user)


@transaction.atomic
def account_delete(*, user, password: str | None = None, require_password: bool = True) -> None:
    """Erase the user's personal data and close the account.

    The user row stays (other records point at it) but is scrubbed and deactivated;
    the profile, answers, documents (rows and files) and guardian details are deleted
    or blanked; applications keep only status, country, gender and dates so counts
    and quota statistics stay right. Irreversible.
    """
    if require_password and (not password or not user.check_password(password)):
        raise BridgesError(
            _("The password is not correct."), code="wrong_password", field="password"
        )
    User = get_user_model()
    user = User.objects.select_for_update().get(pk=user.pk)
    now = timezone.now()
    names = list(Document.objects.filter(owner=user).values_list("storage_name", flat=True))
    Document.objects.filter(owner=user).delete()
    applications = Application.objects.filter(applicant=user)
    Answer.objects.filter(application__in=applications).delete()
    GuardianConsent.objects.filter(application__in=applications).update(
        guardian_name="",
        guardian_email="deleted@invalid",
        guardian_relation="",
        consented_ip=None,
        consented_user_agent="",
    )
    for application in applications.filter(status__in=WITHDRAWABLE_STATUSES).order_by("pk"):
        # A deleted account cannot take part: release its seat or pending request. The
        # history keeps what the application was; decided ones keep their final status.
        application_transition(
            application=application, to_status=S.WITHDRAWN, by=None, note="Account deleted."
        )
    applications.update(
        date_of_birth=None,
        guardian_name="",
        guardian_email="",
        guardian_relation="",
        anonymised_at=now,
    )
    entries_forget(applications)  # what the audit log kept of them: guardians, names
    names += [
        name
        for name in Profile.objects.filter(user=user).values_list("photo_storage_name", flat=True)
        if name
    ]
    Profile.objects.filter(user=user).delete()
    user.username = f"deleted-{user.pk}-{secrets.token_hex(4)}"
    user.email = ""
    user.first_name = ""
    user.last_name = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
    if "rest_framework.authtoken" in settings.INSTALLED_APPS:
        from rest_framework.authtoken.models import Token

        Token.objects.filter(user=user).delete()
    from reports.authentication import forget_device_tokens

    forget_device_tokens()  # the scanners' tokens are read from the cache
    transaction.on_commit(lambda: [storage.delete_stored(n) for n in names])
