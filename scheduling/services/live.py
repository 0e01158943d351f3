"""The live agenda: record sessions that started or ended and announce each once."""

from __future__ import annotations

import datetime as dt

from django.db import connection, transaction
from django.utils import timezone

from programmes.enums import ACTIVE_SESSION_STATUSES
from programmes.models import Session

from ..enums import LivePhase
from ..models import (
    SessionPhaseMark,
)
from ..signals import session_phase_changed

# Sessions that started or ended longer ago than this are history, not news.
LIVE_LOOKBACK = dt.timedelta(hours=6)


_LIVE_LOCK = 0x5C4ED  # advisory lock key: one scan at a time across beat processes


def live_phases_advance(*, now: dt.datetime | None = None) -> int:
    """Record sessions that started or ended since the last scan and announce each once
    (``session_phase_changed``, after commit). Returns how many were announced."""
    now = now or timezone.now()
    since = now - LIVE_LOOKBACK
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Raw on purpose: the ORM has no advisory locks, and a row lock would need a row
            # that every scan shares.
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LIVE_LOCK])
        # SQLite (`make run`) has no advisory locks but lets one writer in at a time.
        due = []
        active = Session.objects.filter(status__in=ACTIVE_SESSION_STATUSES)
        for phase, field in ((LivePhase.IN_PROGRESS, "starts_at"), (LivePhase.FINISHED, "ends_at")):
            marked = SessionPhaseMark.objects.filter(phase=phase).values("session_id")
            sessions = active.filter(**{f"{field}__lte": now, f"{field}__gt": since}).exclude(
                pk__in=marked
            )
            due += [
                (session, phase, getattr(session, field))
                for session in sessions.order_by(field, "pk")
            ]
        SessionPhaseMark.objects.bulk_create(
            [SessionPhaseMark(session=s, phase=p, at=at) for s, p, at in due]
        )

        def announce() -> None:
            for session, phase, at in due:
                session_phase_changed.send(sender=Session, session=session, phase=phase, at=at)

        transaction.on_commit(announce)
    return len(due)
