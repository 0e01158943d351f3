"""Two beat schedulers at once (celery #2856): real ``celery beat`` processes, each with
its own schedule file, both publishing the reminder scan every second to real Redis; one
real worker runs every scan and delivers to the real SMTP server. Each due reminder
must arrive exactly once, however many scans found it."""

import datetime as dt

import pytest
from django.utils import timezone

from notifications.enums import MessageKind, MessageStatus
from notifications.models import Message
from participants.enums import ApplicationStatus
from tests.factories.participants import ApplicationFactory
from tests.factories.programmes import EventFactory, SessionFactory
from tests.integration.fixtures import purge_broker, shared_redis_url, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

FAST_BEAT = {"NOTIFICATIONS_BEAT_SECONDS": "1"}
SCANS_EACH = 3


def test_two_beat_processes_at_once_send_each_due_reminder_exactly_once(
    smtp_sink, celery_worker_factory, celery_beat_factory
):
    purge_broker(shared_redis_url())
    today = timezone.now().date()
    # The event's days lie a month ahead: only the session's 1 h reminder is due.
    event = EventFactory(
        start_date=today + dt.timedelta(days=30), end_date=today + dt.timedelta(days=31)
    )
    session = SessionFactory(
        event=event,
        starts_at=timezone.now() + dt.timedelta(minutes=30),
        ends_at=timezone.now() + dt.timedelta(minutes=90),
    )
    people = [
        ApplicationFactory(event=event, status=ApplicationStatus.CONFIRMED).applicant
        for _ in range(5)
    ]
    # Not invited: a withdrawn applicant gets no reminder.
    ApplicationFactory(event=event, status=ApplicationStatus.WITHDRAWN)

    # The beats start first: scans published while the worker boots pile up in Redis
    # and then run side by side in its two processes, the hardest case.
    beats = [celery_beat_factory(extra_env=FAST_BEAT) for _ in range(2)]
    worker = celery_worker_factory(email_url=smtp_sink.url, concurrency=2)

    # Both schedulers keep publishing the scan; wait for several cycles of each, and
    # for the worker to have run them, so later scans find the rows already queued.
    wait_for(
        lambda: all(b.sent("notifications-scan-reminders") >= SCANS_EACH for b in beats),
        timeout=60,
        interval=0.2,
        what=f"{SCANS_EACH} scans from each beat",
    )
    wait_for(
        lambda: (
            worker.output().count("notifications.scan_reminders[") >= 2 * SCANS_EACH
            and smtp_sink.count() >= len(people)
        ),
        timeout=60,
        interval=0.2,
        what="the worker to run the scans and deliver",
    )
    for beat in beats:
        beat.stop()
    # Scans already published still run; let the worker drain them before counting.
    wait_for(
        lambda: not Message.objects.exclude(status=MessageStatus.SENT).exists(),
        timeout=30,
        what="every row sent",
    )

    expected = {f"session-reminder:1h:{session.pk}:{user.pk}" for user in people}
    rows = Message.objects.filter(kind=MessageKind.SESSION_REMINDER)
    assert set(rows.values_list("idempotency_key", flat=True)) == expected
    assert rows.count() == len(people)
    counts = smtp_sink.per_message_id()
    assert len(counts) == len(people) and set(counts.values()) == {1}
    assert sorted(m.key for m in smtp_sink.messages) == sorted(expected)
    assert sorted(addr for m in smtp_sink.messages for addr in m.to) == sorted(
        u.email for u in people
    )
