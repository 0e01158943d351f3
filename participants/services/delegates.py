"""Delegates of an intergovernmental meeting as people attending it.

A delegate is not an applicant: the organiser's accreditation is the decision and the
focal point's nomination the confirmation. So an accredited delegate gets a confirmed
``Application`` straight away, through the same checked save as every status change
(``status._transition_locked``: history row, audit entry, signal) and under the same
seat check and Event-row lock, and passes, check-in, agenda, iCal and certificates then
work for them unchanged. delegations/ is the only caller.

The one rule for their mail: a delegate is told of their accreditation by delegations'
accreditation mail only, never by the applicants' status mail ("confirmation received");
every transition made here is sent with ``announce=ANNOUNCE_TO_DELEGATES`` (False).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from programmes.models import Event

from ..enums import ACTIVE_STATUSES
from ..enums import ApplicationStatus as S
from ..models import Application
from .profiles import _snapshot_profile, profile_for
from .status import _check_seats, _transition_locked, application_transition

# Delegates get delegations' accreditation mail, not the applicants' status mail.
ANNOUNCE_TO_DELEGATES = False


@transaction.atomic
def delegate_attendance_confirm(*, event: Event, user, by, note: str = "") -> Application:
    """The delegate's confirmed application to ``event``, made now or the one they hold.

    Lock order as everywhere: the Event row, then the application. Raises ConflictError
    (capacity_reached, country_quota_reached) when the event is full, or
    invalid_transition when the person holds another active application (an applicant's
    own, say) that is not confirmed.
    """
    event = Event.objects.select_for_update().get(pk=event.pk)
    existing = (
        Application.objects.select_for_update()
        .filter(event=event, applicant=user, status__in=ACTIVE_STATUSES)
        .first()
    )
    if existing is not None and existing.status == S.CONFIRMED:
        return existing
    if existing is not None:
        return application_transition(
            application=existing,
            to_status=S.CONFIRMED,
            by=by,
            note=note,
            announce=ANNOUNCE_TO_DELEGATES,
        )
    now = timezone.now()
    application = Application(event=event, applicant=user, status=S.DRAFT)
    _snapshot_profile(application, profile_for(user))
    application.save()
    _check_seats(application, event)
    application.submitted_at = application.decided_at = now
    _transition_locked(
        application,
        to_status=S.CONFIRMED,
        by=by,
        note=note,
        event=event,
        extra_fields=["submitted_at", "decided_at"],
        announce=ANNOUNCE_TO_DELEGATES,
    )
    return application


def delegate_attendance_end(*, application: Application, by, note: str = "") -> Application:
    """A delegate who no longer attends (replaced, accreditation withdrawn): withdrawn,
    through the status service, so the pass stops checking them in."""
    if application.status != S.CONFIRMED:
        return application
    return application_transition(
        application=application,
        to_status=S.WITHDRAWN,
        by=by,
        note=note,
        announce=ANNOUNCE_TO_DELEGATES,
    )
