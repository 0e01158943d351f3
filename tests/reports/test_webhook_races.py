"""Webhook deliveries raced on real threads and real PostgreSQL: the same occurrence
scanned by several beat runs at once is one delivery row, and that delivery handed to
several task invocations at once (a redelivered task, a sweep) is one POST."""

from __future__ import annotations

import datetime as dt
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone

from participants.enums import ApplicationStatus as S
from participants.models import StatusChange
from reports.models import DeliveryStatus, WebhookDelivery
from reports.services import webhooks
from tests.concurrency import run_concurrently
from tests.factories.participants import ApplicationFactory
from tests.factories.programmes import EventFactory

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 5


class SlowReceiver:
    """A local HTTP server that takes a moment to answer (so the first sender still holds
    the delivery while the others try) and counts what it receives."""

    def __init__(self):
        self.received: list[bytes] = []
        lock, received = threading.Lock(), self.received

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers["Content-Length"]))
                time.sleep(0.3)
                with lock:
                    received.append(body)
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def test_same_occurrence_scanned_and_delivered_concurrently_is_one_post(monkeypatch):
    receiver = SlowReceiver()
    try:
        event = EventFactory()
        subscription = webhooks.webhook_create(
            organisation=event.organisation,
            url=receiver.url,
            events=["application.decided"],
            by=None,
        )
        # Subscribed a minute ago; the decision came a second ago.
        type(subscription).objects.filter(pk=subscription.pk).update(
            created_at=timezone.now() - dt.timedelta(minutes=1)
        )
        application = ApplicationFactory(event=event, status=S.ACCEPTED)
        StatusChange.objects.create(
            application=application, from_status=S.UNDER_REVIEW, to_status=S.ACCEPTED
        )
        StatusChange.objects.filter(application=application).update(
            at=timezone.now() - dt.timedelta(seconds=1)
        )
        # The scans' own enqueueing is left out: the deliveries are raced below.
        enqueued: list[int] = []
        monkeypatch.setattr(webhooks, "_enqueue", lambda pk, countdown=0: enqueued.append(pk))

        scans = run_concurrently(THREADS, lambda _i: webhooks.webhooks_scan())
        assert not [r for r in scans if isinstance(r, Exception)], scans
        delivery = WebhookDelivery.objects.get(subscription=subscription)
        assert sum(scans) == 1 and enqueued == [delivery.pk]

        sent = run_concurrently(
            THREADS, lambda _i: webhooks.webhook_deliver(delivery_id=delivery.pk)
        )
        assert sent.count(DeliveryStatus.DELIVERED) == 1, sent
        assert sent.count(None) == THREADS - 1, sent  # skipped the locked row, or found it sent
        assert len(receiver.received) == 1
        delivery.refresh_from_db()
        assert delivery.status == DeliveryStatus.DELIVERED and delivery.attempts == 1
        assert WebhookDelivery.objects.count() == 1
    finally:
        receiver.close()
