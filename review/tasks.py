"""Celery tasks for review: offer expiry (periodic) and waiting-list promotion."""

from __future__ import annotations

import logging

from celery import shared_task

from programmes.models import Event

from . import services

logger = logging.getLogger(__name__)


@shared_task(name="review.expire_offers")
def expire_offers() -> dict[int, int]:
    """Expire offers past their deadline and refill the seats (safe to run twice at once:
    each expiry is re-checked under the application's row lock, each promotion decided
    under the event's)."""
    expired = services.offers_expire()
    if expired:
        logger.info("Expired offers per event: %s", expired)
    return expired


@shared_task(name="review.promote_waitlist")
def promote_waitlist(*, event_id: int) -> int:
    event = Event.objects.filter(pk=event_id).first()
    if event is None:
        return 0
    return len(services.waitlist_promote(event=event))
