"""Notifications benchmark: 10,000 session reminders end to end vs 10,000 no-op tasks.

One real ``celery -A backend worker`` (concurrency 2, DEBUG off) on a private
``redis-server`` (started on a free port, so no shared queue is touched), a throwaway
PostgreSQL database, and a local aiosmtpd SMTP sink.

- Ceiling: 10,000 ``notifications.noop`` tasks published at once; tasks/s from the
  first publish until the last one ran (each counts itself with one Redis INCR).
- Reminders: one ``notifications.scan_reminders`` task; the worker's scan finds a
  session starting in 30 minutes with 10,000 confirmed participants, writes 10,000
  outbox rows, enqueues 200 batches, and the same worker renders and sends each over
  SMTP (one connection per batch, one transaction per message). Messages/s from the
  scan's publish until the SMTP sink has received all 10,000.
Printed as a ratio (target >= 0.3).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")

N = int(os.environ.get("BENCH_NOTIFICATIONS_N", "10000"))


def _setup_database():
    from django.db import connection

    name = connection.settings_dict["NAME"]
    connection.settings_dict.setdefault("TEST", {})["NAME"] = f"test_{name}_bench_notifications"
    old = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    return old


def _seed(n: int):
    import datetime as dt

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from participants.models import Application
    from programmes.models import Event, Organisation, Session

    user_model = get_user_model()
    org = Organisation.objects.create(
        name="Bench Centre", slug="bench-centre", country="KR", kind="centre"
    )
    today = timezone.now().date()
    # The event's days lie a month ahead so only the session reminder is due now.
    event = Event.objects.create(
        organisation=org,
        kind="workshop",
        title="Bench Workshop",
        slug="bench-workshop",
        host_country="KR",
        start_date=today + dt.timedelta(days=30),
        end_date=today + dt.timedelta(days=31),
        time_zone="Asia/Seoul",
        status="published",
    )
    Session.objects.create(
        event=event,
        title="Opening plenary",
        kind="plenary",
        starts_at=timezone.now() + dt.timedelta(minutes=30),
        ends_at=timezone.now() + dt.timedelta(minutes=120),
    )
    users = user_model.objects.bulk_create(
        [
            user_model(username=f"bench{i}", email=f"bench{i}@example.org", first_name=f"P{i}")
            for i in range(n)
        ],
        batch_size=2000,
    )
    Application.objects.bulk_create(
        [Application(event=event, applicant=u, status="confirmed", country="VN") for u in users],
        batch_size=2000,
    )
    return event


def _wait(predicate, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise SystemExit("benchmark timed out")


def main() -> None:
    import logging
    import signal

    import django

    # A timeout's SIGTERM must still run the clean-up below (stop the worker and redis).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    django.setup()
    # aiosmtpd's per-command log lines (five per message) would drown the figures.
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    import redis
    from django.core.cache import cache
    from django.db import connection

    from backend.celery import app
    from bench.server import BENCH_SECRET_KEY
    from notifications import tasks
    from notifications.models import Message
    from tests.integration.fixtures import (
        CeleryWorker,
        RedisServer,
        SmtpSink,
        producer_on,
        test_database_url,
    )

    if connection.vendor != "postgresql":
        print("bench_notifications needs DATABASE_URL (PostgreSQL); skipped.")
        return
    print("creating a throwaway database...", flush=True)
    old_name = _setup_database()
    own_redis = RedisServer().start()
    broker = own_redis.url
    sink = SmtpSink().start()
    worker = None
    counter = "bench:noop"
    client = redis.Redis.from_url(broker)
    publishing = producer_on(broker)
    publishing.__enter__()
    try:
        event = _seed(N)
        print(f"seeded {N} confirmed participants; starting the worker...", flush=True)
        worker = CeleryWorker(
            database_url=test_database_url(),
            broker_url=broker,
            email_url=sink.url,
            concurrency=2,
            # DEBUG off refuses the public development key.
            extra_env={
                "DJANGO_DEBUG": "false",
                "DJANGO_LOG_LEVEL": "WARNING",
                "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or BENCH_SECRET_KEY,
            },
        ).start()

        # Ceiling: no-op tasks.
        started = time.perf_counter()
        with app.producer_or_acquire() as publisher:
            for _ in range(N):
                tasks.noop.apply_async(kwargs={"counter": counter}, producer=publisher)
        # The worker counts through its cache (Django's key prefix and version).
        counted = cache.make_key(counter)
        _wait(lambda: int(client.get(counted) or 0) >= N, timeout=900)
        noop_elapsed = time.perf_counter() - started

        # Reminders end to end: scan -> outbox rows -> batches -> SMTP.
        started = time.perf_counter()
        tasks.scan_reminders.apply_async()
        _wait(lambda: sink.count() >= N, timeout=1800)
        mail_elapsed = time.perf_counter() - started
        time.sleep(1)  # anything sent twice would arrive now
        duplicates = sum(n - 1 for n in sink.per_message_id().values())
        sent = Message.objects.filter(event=event, status="sent").count()
        noop_rate = N / noop_elapsed
        mail_rate = N / mail_elapsed
        print(f"worker concurrency 2, batches of 50, {N} each")
        print(f"no-op tasks (ceiling):  {noop_rate:8.0f} tasks/s    ({noop_elapsed:.1f} s)")
        print(
            f"session reminders:      {mail_rate:8.0f} messages/s ({mail_elapsed:.1f} s, "
            f"{sent} rows sent, {sink.count()} received, {duplicates} duplicates)"
        )
        print(f"ratio reminders / ceiling: {mail_rate / noop_rate:.2f}  (target >= 0.3)")
    finally:
        if worker is not None:
            worker.stop()
        publishing.__exit__(None, None, None)
        sink.stop()
        own_redis.stop()
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
