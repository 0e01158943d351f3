from __future__ import annotations

import datetime as dt
import logging

from celery import shared_task
from django.db.models import Q
from django.utils import timezone

from backend.errors import ConflictError
from programmes.enums import EventStatus
from programmes.models import Event

from . import services

logger = logging.getLogger(__name__)


@shared_task(name="attendance.issue_certificates")
def issue_certificates(*, event_id: int) -> int:
    """Issue the event's certificates (idempotent: a rerun adds only newcomers)."""
    event = Event.objects.select_related("organisation").filter(pk=event_id).first()
    if event is None:
        return 0
    try:
        created = services.certificate_issue_for_event(event=event)
    except ConflictError as exc:
        # A session added or moved later since it was queued: not over yet, nothing to do.
        logger.info("certificates for event %s not issued: %s", event_id, exc)
        return 0
    logger.info("issued %d certificates for event %s", len(created), event_id)
    return len(created)


@shared_task(name="attendance.issue_due_certificates")
def issue_due_certificates() -> int:
    """Issue certificates for published events whose last day has passed and that have
    not had a run since it ended (one run per event; organisers can rerun by hand)."""
    now = timezone.now()
    count = 0
    # A day of margin: the last local day is over everywhere by then.
    ended_before = (now - dt.timedelta(days=1)).date()
    due = Event.objects.filter(status=EventStatus.PUBLISHED, end_date__lt=ended_before).filter(
        Q(attendance_policy__isnull=True)
        | Q(attendance_policy__certificates_issued_at__isnull=True)
    )
    for event_id in due.values_list("pk", flat=True)[:50]:
        issue_certificates.delay(event_id=event_id)
        count += 1
    return count


@shared_task(name="attendance.record_check_in_windows")
def record_check_in_windows() -> int:
    """Mark check-in windows that opened or closed since the last run (idempotent)."""
    opened, closed = services.check_in_windows_record()
    if opened or closed:
        logger.info("check-in windows: %d opened, %d closed", opened, closed)
    return opened + closed
