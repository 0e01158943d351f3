"""The admin's actions on outbox rows go through the services."""

from django.contrib.admin import helpers
from django.test import Client

from notifications.enums import MessageKind, MessageStatus
from notifications.models import Message
from tests.factories.programmes import UserFactory


def test_admin_requeue_delivers_failed_messages(db, smtp_sink, django_capture_on_commit_callbacks):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin)
    user = UserFactory()
    failed, sent = (
        Message.objects.create(
            recipient=user,
            to_email=user.email,
            kind=MessageKind.DECISION_REJECTED,
            template="decision_rejected",
            context={"event_title": "Forum"},
            idempotency_key=key,
            status=status,
            attempts=5,
            last_error="SMTPServerDisconnected: gone",
        )
        for key, status in (
            ("failed", MessageStatus.FAILED),
            ("cancelled", MessageStatus.CANCELLED),
        )
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/notifications/message/",
            {"action": "requeue", helpers.ACTION_CHECKBOX_NAME: [failed.pk, sent.pk]},
            follow=True,
        )
    assert "1 message(s) queued again." in response.content.decode()
    failed.refresh_from_db()
    sent.refresh_from_db()
    assert (failed.status, failed.attempts, failed.last_error) == (MessageStatus.SENT, 1, "")
    assert sent.status == MessageStatus.CANCELLED
    assert [m.key for m in smtp_sink.messages] == ["failed"]
