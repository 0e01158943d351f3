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

from attendance.services.check_in import check_in_record
from notifications import services
from notifications.enums import MessageKind, MessageStatus
from notifications.services import message_queue
from participants.enums import ApplicationStatus as S
from participants.services import application_confirm, application_submit, application_transition
from programmes.enums import MemberRole
from programmes.models import Event, Session
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


def test_each_event_type_found_by_the_scan_once(
    fixture_event, receiver, eager_celery, settings, django_capture_on_commit_callbacks
):
    """The five event types, each made by its own app's service and found by the periodic
    scan; a message that fails after its retries (minutes after it was written, later than
    the scan's overlap) is still sent."""
    from tests.integration.fixtures import free_port

    event, people = fixture_event["event"], fixture_event["people"]
    owner = people[MemberRole.OWNER]
    # At the first session's check-in time (check-in opens shortly before it starts).
    session = (
        Session.objects.select_related("event").filter(event=event).order_by("starts_at").first()
    )
    start = session.starts_at

    def at(minutes: float):
        return time_machine.travel(start + dt.timedelta(minutes=minutes), tick=True)

    def scan():
        with django_capture_on_commit_callbacks(execute=True):
            webhooks.webhooks_scan()

    with at(0):
        subscription = webhooks.webhook_create(
            organisation=event.organisation,
            url=receiver.url,
            events=list(webhooks.WEBHOOK_EVENTS),
            by=owner,
        )
    with at(0.1):
        draft = ApplicationFactory(event=event, status=S.DRAFT)
        decided = ApplicationFactory(event=event, status=S.UNDER_REVIEW, country="LA")
        offered = ApplicationFactory(event=event, status=S.ACCEPTED, country="LA")
        Event.objects.filter(pk=event.pk).update(
            applications_open_at=start - dt.timedelta(days=1),
            applications_close_at=start + dt.timedelta(days=1),
        )
        application_submit(application=draft, by=draft.applicant)
        application_transition(application=decided, to_status=S.ACCEPTED, by=owner)
        application_confirm(application=offered, by=offered.applicant)
        outcome = check_in_record(
            session=session,
            by=people[MemberRole.STAFF],
            nonce="hook-check-1",
            application_id=offered.pk,
        )
        # Queued now; its delivery is not run yet (no commit callbacks here).
        message = message_queue(
            kind=MessageKind.ACCOUNT,
            idempotency_key="hook-failing",
            to_email="nobody@example.org",
            context={"account_subject": "s", "account_text": "t"},
            event=event,
        )
    with at(1):
        scan()
    with at(7):
        scan()  # the message is still being retried
    with at(8):
        # Its last attempt fails (nothing listens): 8 minutes after it was written, later
        # than the scan's overlap behind the last scan.
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
        settings.NOTIFICATIONS_MAX_ATTEMPTS = 1
        services.message_deliver_batch(ids=[message.pk])
        message.refresh_from_db()
        assert message.status == MessageStatus.FAILED
    with at(8.2):
        scan()
        scan()

    got: dict[tuple, int] = {}
    for headers, body in receiver.received:
        assert _valid(subscription.secret, headers, body)
        payload = json.loads(body)
        data = payload["data"]
        ref = data.get("message") if payload["type"] == "message.failed" else data["application"]
        got[(payload["type"], ref)] = got.get((payload["type"], ref), 0) + 1
    assert got[("application.submitted", draft.pk)] == 1
    assert got[("application.decided", decided.pk)] == 1
    assert got[("participant.confirmed", offered.pk)] == 1
    assert got[("participant.checked_in", offered.pk)] == 1
    assert got[("message.failed", message.pk)] == 1
    assert outcome is not None
    assert WebhookDelivery.objects.filter(subscription=subscription, status="pending").count() == 0
