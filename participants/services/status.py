"""The one status service: ``application_transition`` and the applicant's own moves
(withdraw, confirm, decline), with the seat and country-quota checks.

Lock order, everywhere: the Event row first (only for transitions into seat-holding
statuses), then the Application row. Signals are sent inside the transaction (see
``signals.py``).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import log_action
from backend.errors import BridgesError, ConflictError
from programmes.models import CountryQuota, Event

from ..enums import (
    SEAT_HOLDING_STATUSES,
    TRANSITIONS,
    WITHDRAWABLE_STATUSES,
)
from ..enums import ApplicationStatus as S
from ..models import (
    Application,
    StatusChange,
)
from ..signals import application_status_changed
from .calls import call_settings_for
from .guardians import GUARDIAN_FIELDS
from .profiles import SNAPSHOT_FIELDS

# Tests switch this off to show that the concurrency tests would catch an oversell:
# without the Event row lock, two transactions can both count 47 seats and both accept.
SEAT_LOCKING_ENABLED = True


def _copy_state(source: Application, target: Application) -> None:
    if source is target:
        return
    for field in (
        "status",
        "submitted_at",
        "decided_at",
        "offer_expires_at",
        *SNAPSHOT_FIELDS,
        *GUARDIAN_FIELDS,
    ):
        setattr(target, field, getattr(source, field))


def _offer_deadline(event: Event, now: dt.datetime) -> dt.datetime:
    call = call_settings_for(event)
    if call.confirmation_deadline:
        return call.confirmation_deadline
    return now + dt.timedelta(days=call.confirmation_days)


def _check_seats(application: Application, event: Event) -> None:
    holding = Application.objects.filter(event_id=event.pk, status__in=SEAT_HOLDING_STATUSES)
    if event.capacity is not None and holding.count() >= event.capacity:
        raise ConflictError(
            _("All %(n)s places are taken.") % {"n": event.capacity}, code="capacity_reached"
        )
    if application.country:
        quota = CountryQuota.objects.filter(event_id=event.pk, country=application.country).first()
        if quota is not None and quota.maximum is not None:
            if holding.filter(country=application.country).count() >= quota.maximum:
                raise ConflictError(
                    _("%(country)s's maximum of %(n)s is reached.")
                    % {"country": application.country.name, "n": quota.maximum},
                    code="country_quota_reached",
                )


def _has_guardian_consent(application: Application) -> bool:
    return application.guardian_consents.filter(consented_at__isnull=False).exists()


@transaction.atomic
def application_transition(
    *, application: Application, to_status: str, by, note: str = "", announce: bool = True
) -> Application:
    """Move an application to ``to_status`` if TRANSITIONS allows it.

    Order: guard, lock (Event row then Application row for seat-holding targets;
    the Application row otherwise), seat/quota checks, save, history row, signal.
    Raises ConflictError with code invalid_transition, capacity_reached,
    country_quota_reached or guardian_consent_missing. Returns the locked, updated
    row and copies its state onto ``application``. Callers check who may do it.
    """
    if to_status not in S.values:
        raise BridgesError(_("Unknown status."), code="invalid_status", field="status")
    to_status = S(to_status)
    # The map is checked after locking: the caller's copy may be stale either way.
    takes_seat = to_status in SEAT_HOLDING_STATUSES
    event = None
    if takes_seat and SEAT_LOCKING_ENABLED:
        event = Event.objects.select_for_update().get(pk=application.event_id)
    locked = Application.objects.select_for_update().get(pk=application.pk)
    # Receivers read application.event / .applicant: reuse what the caller already loaded.
    for relation in ("event", "applicant"):
        field = Application._meta.get_field(relation)
        if field.is_cached(application) and getattr(application, field.attname) == getattr(
            locked, field.attname
        ):
            field.set_cached_value(locked, field.get_cached_value(application))
    if event is not None and not Application._meta.get_field("event").is_cached(locked):
        locked.event = event
    from_status = S(locked.status)
    if to_status not in TRANSITIONS[from_status]:
        raise ConflictError(
            _("An application cannot go from %(from)s to %(to)s.")
            % {"from": from_status.label, "to": to_status.label},
            code="invalid_transition",
        )
    if takes_seat:
        if locked.is_minor and not _has_guardian_consent(locked):
            raise ConflictError(
                _("An applicant under 18 cannot be accepted without their guardian's consent."),
                code="guardian_consent_missing",
            )
        if from_status not in SEAT_HOLDING_STATUSES:
            _check_seats(locked, event or Event.objects.get(pk=locked.event_id))
    _transition_locked(
        locked, to_status=to_status, by=by, note=note, event=event, announce=announce
    )
    _copy_state(locked, application)
    return locked


def _transition_locked(
    locked: Application,
    *,
    to_status: S,
    by,
    note: str,
    event: Event | None = None,
    extra_fields: list[str] | None = None,
    announce: bool = True,
) -> None:
    """Save a checked transition of a locked row: fields, history row, signal.
    ``announce=False`` tells the signal's receivers not to mail the applicant about it
    (a delegate's accreditation, see ``delegates``)."""
    from_status = S(locked.status)
    now = timezone.now()
    locked.status = to_status
    fields = [*(extra_fields or []), "status", "updated_at"]
    if to_status in (S.ACCEPTED, S.WAITLISTED, S.REJECTED):
        locked.decided_at = now
        fields.append("decided_at")
    if to_status == S.ACCEPTED:
        locked.offer_expires_at = _offer_deadline(event or locked.event, now)
        fields.append("offer_expires_at")
    elif from_status == S.ACCEPTED and to_status != S.CONFIRMED:
        locked.offer_expires_at = None
        fields.append("offer_expires_at")
    if to_status in (S.SUBMITTED, S.AWAITING_GUARDIAN_CONSENT) and locked.submitted_at is None:
        locked.submitted_at = now
        fields.append("submitted_at")
    locked.save(update_fields=fields)
    change = StatusChange.objects.create(
        application=locked, from_status=from_status, to_status=to_status, by=by, note=note[:500]
    )
    status = {"before": str(from_status), "after": str(to_status)}
    data = {"changes": {"status": status}, "note": note[:500]}
    log_action(locked, f"participants.application.{to_status}", user=by, data=data)
    application_status_changed.send(
        sender=Application,
        application=locked,
        from_status=str(from_status),
        to_status=str(to_status),
        by=by,
        note=note,
        change=change,
        announce=announce,
    )


def _applicant_action(application: Application, by, to_status: str, note: str) -> Application:
    if by is None or application.applicant_id != by.pk:
        raise BridgesError(_("Only the applicant can do this."), code="forbidden", status=403)
    return application_transition(application=application, to_status=to_status, by=by, note=note)


@transaction.atomic
def application_withdraw(*, application: Application, by, note: str = "") -> Application:
    """The applicant withdraws from any status that is not final; frees a seat if it held one."""
    if application.status not in WITHDRAWABLE_STATUSES:
        raise ConflictError(
            _("This application can no longer be withdrawn."), code="invalid_transition"
        )
    return _applicant_action(application, by, S.WITHDRAWN, note or "Withdrawn by the applicant.")


@transaction.atomic
def application_confirm(*, application: Application, by) -> Application:
    """Accept an offer before its deadline (accepted -> confirmed)."""
    if SEAT_LOCKING_ENABLED:
        # Same order as every seat change (event row, then application row): an organiser
        # re-deciding this applicant while they confirm must queue, not deadlock.
        Event.objects.select_for_update().get(pk=application.event_id)
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if (
        locked.status == S.ACCEPTED
        and locked.offer_expires_at
        and timezone.now() >= locked.offer_expires_at
    ):
        raise ConflictError(_("The time to confirm this offer has passed."), code="offer_expired")
    result = _applicant_action(locked, by, S.CONFIRMED, "Confirmed by the applicant.")
    _copy_state(result, application)
    return result


@transaction.atomic
def application_decline(*, application: Application, by, note: str = "") -> Application:
    """Turn down an offer (accepted -> declined); frees the seat at once."""
    result = _applicant_action(application, by, S.DECLINED, note or "Declined by the applicant.")
    return result


def _history_note(application: Application, *, by, note: str) -> StatusChange:
    """An entry in the application's history that does not change its status (who changed
    the guardian, who asked for a new link): the one audit trail of an application."""
    return StatusChange.objects.create(
        application=application,
        from_status=application.status,
        to_status=application.status,
        by=by,
        note=note[:500],
    )
