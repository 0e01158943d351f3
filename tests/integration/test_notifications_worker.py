"""Notifications with real components: a `celery worker` process on real Redis, the
test database (committed data), and a real SMTP server counting what it receives."""

import pytest
from django.db import transaction

from notifications import services
from notifications.enums import MessageKind, MessageStatus
from notifications.models import Message
from tests.factories.programmes import UserFactory
from tests.integration.fixtures import producer_on, purge_broker, shared_redis_url, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

FAST_SWEEP = {"NOTIFICATIONS_BEAT_SECONDS": "1", "NOTIFICATIONS_SWEEP_AFTER_SECONDS": "2"}


def queue_many(count: int, prefix: str) -> list[int]:
    users = UserFactory.create_batch(min(count, 50))
    specs = [
        services.MessageSpec(
            kind=MessageKind.DECISION_ACCEPTED,
            idempotency_key=f"{prefix}:{i}",
            recipient=users[i % len(users)],
            context={"event_title": "ASEAN-Korea Youth Network Workshop", "link": "http://x/"},
        )
        for i in range(count)
    ]
    with transaction.atomic():
        services.messages_queue_many(specs)
    return list(
        Message.objects.filter(idempotency_key__startswith=f"{prefix}:").values_list(
            "pk", flat=True
        )
    )


def all_sent(ids) -> bool:
    return Message.objects.filter(pk__in=ids, status=MessageStatus.SENT).count() == len(ids)


def test_real_worker_on_redis_delivers_committed_messages_only(smtp_sink, celery_worker_factory):
    purge_broker(shared_redis_url())
    celery_worker_factory(email_url=smtp_sink.url, concurrency=2)
    user = UserFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        services.message_queue(
            kind=MessageKind.DECISION_REJECTED,
            idempotency_key="undone",
            recipient=user,
            context={"event_title": "Forum"},
        )
        raise RuntimeError("the caller's change failed")
    ids = queue_many(60, "deliver")
    wait_for(lambda: smtp_sink.count() >= 60 and all_sent(ids), timeout=120, what="60 messages")
    # The rolled-back message never existed: no row, nothing at the SMTP server.
    assert not Message.objects.filter(idempotency_key="undone").exists()
    assert sorted(m.key for m in smtp_sink.messages) == sorted(f"deliver:{i}" for i in range(60))
    assert set(smtp_sink.per_message_id().values()) == {1}
    # 60 rows queued in one transaction = two batches of 50 and 10, one SMTP session each.
    assert smtp_sink.sessions == 2


def test_kill9_worker_during_500_messages_then_restart_delivers_each_exactly_once(
    smtp_sink, celery_worker_factory
):
    purge_broker(shared_redis_url())
    worker = celery_worker_factory(
        email_url=smtp_sink.url, concurrency=1, beat=True, extra_env=FAST_SWEEP
    )
    killed = []

    def kill_mid_transaction(accepted_so_far: int) -> None:
        # Fires while the worker is inside an SMTP transaction (RCPT of the 151st
        # message) holding that row's lock with "sent" written but not committed.
        if accepted_so_far == 150 and not killed:
            worker.kill9()
            killed.append(accepted_so_far)

    smtp_sink.on_rcpt = kill_mid_transaction
    ids = queue_many(500, "kill")
    wait_for(lambda: bool(killed), timeout=120, what="the kill")
    smtp_sink.on_rcpt = None
    assert worker.proc.returncode == -9
    # The killed batch's task stays unacknowledged in Redis (until its visibility
    # timeout); the rows come back through the sweeper of the restarted worker's beat.
    assert not all_sent(ids)
    worker.start()
    wait_for(lambda: all_sent(ids), timeout=180, interval=0.2, what="all 500 rows sent")
    counts = smtp_sink.per_message_id()
    assert len(counts) == 500
    assert [mid for mid, n in counts.items() if n != 1] == []
    assert sorted(m.key for m in smtp_sink.messages) == sorted(f"kill:{i}" for i in range(500))


def test_redis_down_while_messages_are_queued_then_back_delivers_all(
    smtp_sink, celery_worker_factory, own_redis
):
    celery_worker_factory(
        email_url=smtp_sink.url,
        broker_url=own_redis.url,
        concurrency=1,
        beat=True,
        extra_env=FAST_SWEEP,
    )
    own_redis.stop()
    with producer_on(own_redis.url):
        # The rows commit; publishing their tasks fails (logged), nothing is raised.
        ids = queue_many(30, "outage")
    assert Message.objects.filter(pk__in=ids, status=MessageStatus.QUEUED).count() == 30
    own_redis.start()
    wait_for(
        lambda: all_sent(ids),
        timeout=120,
        interval=0.2,
        what="all 30 rows sent after Redis is back",
    )
    counts = smtp_sink.per_message_id()
    assert len(counts) == 30 and set(counts.values()) == {1}
