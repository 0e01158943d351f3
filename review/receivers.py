"""Review listens to participants: a seat given up by the applicant is offered at once."""

from __future__ import annotations

import logging

from django.db import transaction
from django.dispatch import receiver

from participants.enums import SEAT_HOLDING_STATUSES, ApplicationStatus
from participants.signals import application_status_changed

logger = logging.getLogger(__name__)

# Only the applicant's own answers (and an expired offer, which becomes "declined")
# promote automatically; an organiser taking back an offer decides the seat themselves.
FREEING_STATUSES = frozenset({ApplicationStatus.DECLINED, ApplicationStatus.WITHDRAWN})


@receiver(application_status_changed, dispatch_uid="review.promote_on_freed_seat")
def promote_on_freed_seat(sender, application, from_status, to_status, **kwargs):
    if from_status not in SEAT_HOLDING_STATUSES or to_status not in FREEING_STATUSES:
        return
    event_id = application.event_id
    # After commit, in a transaction of its own: the promotion must take the Event row
    # lock before any application lock, and the applicant's transaction already holds one.
    transaction.on_commit(lambda: _promote(event_id))


def _promote(event_id: int) -> None:
    from programmes.models import Event

    from .services import waitlist_promote
    from .tasks import promote_waitlist

    event = Event.objects.filter(pk=event_id).first()
    if event is None:
        return
    try:
        waitlist_promote(event=event)
    except Exception:  # noqa: BLE001 - the seat is already freed; a worker retries the promotion
        logger.exception(
            "Promotion after a freed seat failed for event %s; queued a retry.", event_id
        )
        promote_waitlist.delay(event_id=event_id)
