"""Webhooks received by a real local HTTP server: signed, one delivery per occurrence
however often the scan runs or a task is redelivered (a worker restart), a failing
receiver retried with backoff and then marked failed, replay from the back office."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import time_machine
from django.utils import timezone

from participants.enums import ApplicationStatus as S
from participants.services import application_transition
from programmes.enums import MemberRole
from reports.models import DeliveryStatus, WebhookDelivery
from reports.services import webhooks
from tests.factories.participants import ApplicationFactory
from tests.pages import browser

pytestmark = pytest.mark.django_db


class Receiver:
    """A local HTTP server that records what it is sent and answers ``status``."""

    def __init__(self, status: int = 200):
        self.status, self.received = status, []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((dict(self.headers), body))
                self.send_response(receiver.status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(autouse=True)
def later(frozen_now):
    """An hour after the module's fixture was built, so its own status changes are older
    than the subscriptions these tests make."""
    with time_machine.travel(frozen_now + dt.timedelta(hours=1), tick=True):
        yield


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.close()


def _valid(secret: str, headers: dict, body: bytes) -> bool:
    fields = dict(part.split("=", 1) for part in headers["X-Bridges-Signature"].split(","))
    expected = hmac.new(secret.encode(), f"{fields['t']}.".encode() + body, hashlib.sha256)
    return hmac.compare_digest(expected.hexdigest(), fields["v1"])


def test_webhook_delivered_once_signed(
    fixture_event, receiver, eager_celery, django_capture_on_commit_callbacks
):
    event, people = fixture_event["event"], fixture_event["people"]
    owner = people[MemberRole.OWNER]
    client = browser(owner)
    page = client.post(
        f"/organise/organisations/{event.organisation.slug}/integrations/",
        {"url": receiver.url, "events": ["application.decided", "participant.confirmed"]},
    )
    assert page.status_code == 302
    subscription = event.organisation.webhooks.get()
    # Organisers (not owners), reviewers and staff do not manage integrations.
    for role in (MemberRole.ORGANISER, MemberRole.REVIEWER, MemberRole.STAFF):
        assert (
            browser(people[role])
            .get(f"/organise/organisations/{event.organisation.slug}/integrations/")
            .status_code
            == 404
        )

    application = ApplicationFactory(event=event, status=S.UNDER_REVIEW)
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=5), tick=True):
        application_transition(application=application, to_status=S.ACCEPTED, by=owner)
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=10), tick=True):
        with django_capture_on_commit_callbacks(execute=True):
            assert webhooks.webhooks_scan() == 1
            # The next scan overlaps the last one: the same occurrence is not written again.
            assert webhooks.webhooks_scan() == 0
    delivery = WebhookDelivery.objects.get(subscription=subscription)
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.attempts == 1
    # A worker restart: the task is delivered again, and the sweep finds nothing pending.
    assert webhooks.webhook_deliver(delivery_id=delivery.pk) is None
    assert webhooks.webhooks_sweep() == 0
    assert len(receiver.received) == 1
    headers, body = receiver.received[0]
    assert _valid(subscription.secret, headers, body)
    assert not _valid("another secret", headers, body)
    payload = json.loads(body)
    assert payload["id"] == headers["X-Bridges-Delivery"] == str(delivery.uid)
    assert payload["type"] == headers["X-Bridges-Event"] == "application.decided"
    assert (
        payload["data"]["application"] == application.pk and payload["data"]["status"] == "accepted"
    )

    # Replay from the back office: the same delivery (same id) sent again.
    with django_capture_on_commit_callbacks(execute=True):
        replay = client.post(
            f"/organise/organisations/{event.organisation.slug}/integrations/deliveries/{delivery.pk}/replay/"
        )
    assert replay.status_code == 302 and len(receiver.received) == 2
    assert json.loads(receiver.received[1][1])["id"] == str(delivery.uid)


def test_killed_worker_left_pending_is_swept_once(
    fixture_event, receiver, eager_celery, django_capture_on_commit_callbacks
):
    subscription = webhooks.webhook_create(
        organisation=fixture_event["event"].organisation,
        url=receiver.url,
        events=["participant.checked_in"],
        by=None,
    )
    # A worker took the delivery and died before sending: the row is still pending.
    delivery = WebhookDelivery.objects.create(
        subscription=subscription,
        key="check-in:test",
        event_type="participant.checked_in",
        payload={"type": "participant.checked_in", "data": {}},
        next_attempt_at=timezone.now(),
    )
    assert webhooks.webhooks_sweep() == 0  # not overdue yet
    with time_machine.travel(
        timezone.now() + webhooks.SWEEP_AFTER + dt.timedelta(seconds=1), tick=True
    ):
        with django_capture_on_commit_callbacks(execute=True):
            assert webhooks.webhooks_sweep() == 1
            assert webhooks.webhooks_sweep() == 0
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED and len(receiver.received) == 1


def test_failing_receiver_retried_with_backoff_then_failed(
    fixture_event, eager_celery, django_capture_on_commit_callbacks
):
    failing = Receiver(status=500)
    try:
        subscription = webhooks.webhook_create(
            organisation=fixture_event["event"].organisation,
            url=failing.url,
            events=["message.failed"],
            by=None,
        )
        delivery = WebhookDelivery.objects.create(
            subscription=subscription,
            key="message-failed:test",
            event_type="message.failed",
            payload={"type": "message.failed", "data": {}},
            next_attempt_at=timezone.now(),
        )
        with django_capture_on_commit_callbacks(execute=True):
            assert webhooks.webhook_deliver(delivery_id=delivery.pk) == DeliveryStatus.PENDING
        delivery.refresh_from_db()
        # Eager retries ran one after another; each attempt reached the receiver.
        assert delivery.status == DeliveryStatus.FAILED
        assert delivery.attempts == webhooks.MAX_ATTEMPTS == len(failing.received)
        assert delivery.response_status == 500 and delivery.last_error == "HTTP 500"
        assert [webhooks.retry_delay(n) for n in (1, 2, 3)] == [30, 60, 120]
    finally:
        failing.close()
