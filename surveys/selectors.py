"""Reads for other apps' pages."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from .enums import SurveyKind
from .models import Survey


def open_feedback_session_ids(event_id: int, *, now: dt.datetime | None = None) -> set[int]:
    """Sessions of the event whose feedback survey is open now (one query): the agenda
    links them once they have ended."""
    now = now or timezone.now()
    return set(
        Survey.objects.filter(
            event_id=event_id,
            kind=SurveyKind.SESSION_FEEDBACK,
            waves__opens_at__lte=now,
            waves__closes_at__gt=now,
            session__ends_at__lte=now,
        ).values_list("session_id", flat=True)
    )


def session_feedback_survey(session_id: int, *, now: dt.datetime | None = None) -> Survey | None:
    now = now or timezone.now()
    return (
        Survey.objects.select_related("event")
        .filter(
            session_id=session_id,
            kind=SurveyKind.SESSION_FEEDBACK,
            waves__opens_at__lte=now,
            waves__closes_at__gt=now,
        )
        .order_by("-pk")
        .first()
    )
