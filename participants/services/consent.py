"""Guardian consent: the signed link, asking again, the organisers changing the
guardian, the consent itself, and closing applications whose consent never came.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import log_action, snapshot
from backend.errors import BridgesError, ConflictError

from .. import selectors
from ..enums import ApplicationStatus as S
from ..models import (
    Application,
    GuardianConsent,
)
from ..signals import guardian_consent_requested
from .calls import call_closed, call_settings_for
from .guardians import (
    GUARDIAN_FIELDS,
    _apply_guardian,
    _check_guardian_address,
    applicant_addresses,
)
from .status import _copy_state, _history_note, _transition_locked, application_transition

CONSENT_SALT = "participants.guardian-consent"


# Hard upper bound on any consent link, whatever the event's setting says.
CONSENT_MAX_AGE = dt.timedelta(days=60)


# How long after its last link expired an application lapses (see guardian_consents_lapse).
LAPSE_GRACE = dt.timedelta(minutes=5)


DEFAULT_CONSENT_VERSION = "2026-11-v1"


DEFAULT_CONSENT_TEXT = (
    "I am the parent or legal guardian of the applicant named above. I agree that they "
    "apply to and, if selected, take part in this programme, including its travel, "
    "accommodation and activities. I agree that the organisers process the personal data "
    "in the application to select participants and run the programme."
)


def consent_token(consent: GuardianConsent) -> str:
    return signing.TimestampSigner(salt=CONSENT_SALT).sign_object(
        {"c": consent.pk, "n": consent.nonce}
    )


def consent_url(consent: GuardianConsent) -> str:
    return f"{settings.SITE_URL}/consent/{consent_token(consent)}/"


@transaction.atomic
def guardian_consent_request(
    *, application: Application, not_after: dt.datetime | None = None
) -> GuardianConsent:
    """Ask the named guardian for consent: a new row, a signed link, the signal.

    Any earlier unanswered link stops working (a new nonce is issued per request). The
    link is valid for the call's consent days, and never past ``not_after``. Refused
    (400, field named) when the guardian's name or address is missing or the address is
    one of the applicant's own.
    """
    for key in ("guardian_name", "guardian_email"):
        if not getattr(application, key).strip():
            raise BridgesError(
                _("Applicants under 18 must name a parent or guardian."),
                code="guardian_missing",
                field=key,
            )
    _check_guardian_address(application)
    call = call_settings_for(application.event)
    now = timezone.now()
    days = min(dt.timedelta(days=call.guardian_consent_days), CONSENT_MAX_AGE)
    expires_at = now + days if not_after is None else min(now + days, not_after)
    consent = GuardianConsent.objects.create(
        application=application,
        guardian_name=application.guardian_name,
        guardian_email=application.guardian_email,
        guardian_relation=application.guardian_relation,
        nonce=secrets.token_hex(16),
        consent_text_version=call.guardian_consent_version or DEFAULT_CONSENT_VERSION,
        consent_text=call.guardian_consent_text or DEFAULT_CONSENT_TEXT,
        expires_at=expires_at,
    )
    GuardianConsent.objects.filter(application=application, consented_at__isnull=True).exclude(
        pk=consent.pk
    ).update(expires_at=now)
    data = {"guardian_email": consent.guardian_email, "expires_at": expires_at}
    log_action(application, "participants.guardian_consent.requested", data=data)
    guardian_consent_requested.send(
        sender=Application,
        application=application,
        consent=consent,
        consent_url=consent_url(consent),
    )
    return consent


@transaction.atomic
def guardian_consent_resend(*, application: Application, by) -> GuardianConsent:
    """The applicant asks for a fresh link (the old one stops working)."""
    locked = Application.objects.select_for_update().select_related("event").get(pk=application.pk)
    if by is None or locked.applicant_id != by.pk:
        raise BridgesError(_("Only the applicant can do this."), code="forbidden", status=403)
    if locked.status != S.AWAITING_GUARDIAN_CONSENT:
        raise ConflictError(
            _("This application is not waiting for consent."), code="not_awaiting_consent"
        )
    pending_until = _pending_consent_expiry(locked)
    if not consent_resend_allowed(locked, pending_until=pending_until):
        raise ConflictError(
            _("The call has closed and the consent link has expired, so we cannot send a new one."),
            code="consent_window_closed",
        )
    # After the call has closed a new link replaces a lost one but keeps its deadline:
    # resending must not hold an application open past the consent window it had.
    not_after = pending_until if call_closed(locked.event) else None
    consent = guardian_consent_request(application=locked, not_after=not_after)
    _history_note(locked, by=by, note=f"Consent link sent again to {consent.guardian_email}.")
    return consent


@transaction.atomic
def application_guardian_change(
    *, application: Application, by, guardian: Mapping[str, Any], note: str = ""
) -> GuardianConsent:
    """The organisers correct a minor's parent or guardian while consent is awaited, and
    a fresh consent link goes to the new address (earlier links stop working).

    The caller checks that ``by`` manages the event. All three guardian fields are
    required; the address must not be one of the applicant's. Writes a history entry
    naming the old and new address. Raises BridgesError (400, field named) or
    ConflictError (not_awaiting_consent)."""
    locked = (
        Application.objects.select_for_update()
        .select_related("event", "applicant")
        .get(pk=application.pk)
    )
    if locked.status != S.AWAITING_GUARDIAN_CONSENT:
        raise ConflictError(
            _("This application is not waiting for consent."), code="not_awaiting_consent"
        )
    for key in GUARDIAN_FIELDS:
        if not str(guardian.get(key) or "").strip():
            raise BridgesError(_("This field is required."), code="required", field=key)
    before = locked.guardian_email
    audited = snapshot(locked, GUARDIAN_FIELDS)
    _apply_guardian(locked, guardian)
    locked.save(update_fields=[*GUARDIAN_FIELDS, "updated_at"])
    log_action(locked, "participants.application.guardian_changed", user=by, before=audited)
    _history_note(
        locked,
        by=by,
        note=f"Guardian changed by the organisers from {before} to {locked.guardian_email}."
        + (f" {note}" if note else ""),
    )
    consent = guardian_consent_request(application=locked)
    _copy_state(locked, application)
    return consent


def consent_resend_allowed(
    application: Application, *, pending_until: dt.datetime | None, now: dt.datetime | None = None
) -> bool:
    """Whether the applicant may have the consent link sent again: while the call is
    open, and after it only while a link is still valid (``pending_until``)."""
    return application.status == S.AWAITING_GUARDIAN_CONSENT and (
        pending_until is not None or not call_closed(application.event, now)
    )


def _pending_consent_expiry(
    application: Application, now: dt.datetime | None = None
) -> dt.datetime | None:
    """When the application's unanswered, still valid consent link expires (None: none)."""
    return (
        selectors.valid_consent_links(at=now or timezone.now())
        .filter(application=application)
        .values_list("expires_at", flat=True)
        .first()
    )


def guardian_consents_lapse(*, now: dt.datetime | None = None) -> int:
    """Close the applications whose guardian never consented: the call has ended and no
    consent link has been valid for LAPSE_GRACE. Each is re-checked under its row lock
    in its own transaction, so a second run (or a second beat process) changes nothing.
    The grace lets a consent that was sent just before its link expired commit first:
    the consent page checks the expiry only once it holds the same row lock."""
    now = now or timezone.now()
    expired_before = now - LAPSE_GRACE
    still_valid = selectors.valid_consent_links(at=expired_before).filter(
        application=OuterRef("pk")
    )
    # A superset for calls without a closing time (they end at the event's local
    # midnight, which no UTC date pins down); call_closed decides exactly below.
    due = list(
        Application.objects.filter(status=S.AWAITING_GUARDIAN_CONSENT)
        .filter(
            Q(event__applications_close_at__lte=now)
            | Q(
                event__applications_close_at__isnull=True,
                event__start_date__lte=(now + dt.timedelta(days=1)).date(),
            )
        )
        .exclude(Exists(still_valid))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    lapsed = 0
    for pk in due:
        with transaction.atomic():
            locked = (
                Application.objects.select_for_update(of=("self",))
                .select_related("event")
                .filter(pk=pk)
                .first()
            )
            if (
                locked is None
                or locked.status != S.AWAITING_GUARDIAN_CONSENT
                or not call_closed(locked.event, now)
                or _pending_consent_expiry(locked, expired_before) is not None
            ):
                continue
            _transition_locked(
                locked,
                to_status=S.CONSENT_LAPSED,
                by=None,
                note="The guardian did not consent before the call closed.",
                event=locked.event,
            )
            lapsed += 1
    return lapsed


def guardian_consent_from_token(*, token: str) -> GuardianConsent:
    """The unanswered consent request a link points to (for showing the consent page).

    Raises BridgesError code consent_link_invalid (404), consent_link_expired or
    consent_already_given (410).
    """
    try:
        data = signing.TimestampSigner(salt=CONSENT_SALT).unsign_object(
            token, max_age=CONSENT_MAX_AGE.total_seconds()
        )
    except signing.SignatureExpired:
        raise BridgesError(
            _("This consent link has expired."), code="consent_link_expired", status=410
        ) from None
    except (signing.BadSignature, ValueError, TypeError):
        raise BridgesError(
            _("This consent link is not valid."), code="consent_link_invalid", status=404
        ) from None
    consent = (
        GuardianConsent.objects.select_related(
            "application__event", "application__applicant__profile"
        )
        .filter(
            pk=data.get("c") if isinstance(data, dict) else None,
            nonce=data.get("n") if isinstance(data, dict) else None,
        )
        .first()
    )
    if consent is None:
        raise BridgesError(
            _("This consent link is not valid."), code="consent_link_invalid", status=404
        )
    if consent.consented_at is not None:
        # A used link shows nothing about the applicant or the guardian any more: it may
        # sit in a shared inbox or browser history long after it did its job.
        raise BridgesError(
            _("Consent was already given on %(when)s (UTC). Thank you.")
            % {"when": consent.consented_at.strftime("%Y-%m-%d %H:%M")},
            code="consent_already_given",
            status=410,
        )
    if timezone.now() >= consent.expires_at:
        raise BridgesError(
            _("This consent link has expired."), code="consent_link_expired", status=410
        )
    return consent


@transaction.atomic
def guardian_consent_give(*, token: str, ip: str | None, user_agent: str = "") -> GuardianConsent:
    """Record the guardian's consent and submit the application. Idempotent for a used link."""
    consent = guardian_consent_from_token(token=token)
    # The application first, then the consent: the order of a resend and of the lapse
    # scan, so none of them can deadlock with another.
    application = Application.objects.select_for_update().get(pk=consent.application_id)
    consent = GuardianConsent.objects.select_for_update().get(pk=consent.pk)
    if consent.consented_at is not None:
        return consent
    if timezone.now() >= consent.expires_at:
        raise BridgesError(
            _("This consent link has expired."), code="consent_link_expired", status=410
        )
    if application.status != S.AWAITING_GUARDIAN_CONSENT:
        raise ConflictError(
            _("This application is no longer waiting for consent."), code="not_awaiting_consent"
        )
    if consent.guardian_email.strip().lower() in applicant_addresses(application.applicant):
        # The applicant has since added the guardian's address to their own account.
        raise ConflictError(
            _("This consent cannot be recorded; please contact the organisers."),
            code="guardian_email_is_applicants",
        )
    consent.consented_at = timezone.now()
    consent.consented_ip = ip or None
    consent.consented_user_agent = (user_agent or "")[:300]
    consent.save(update_fields=["consented_at", "consented_ip", "consented_user_agent"])
    application_transition(
        application=application,
        to_status=S.SUBMITTED,
        by=None,
        note=f"Guardian {consent.guardian_name} consented (text {consent.consent_text_version}).",
    )
    return consent
