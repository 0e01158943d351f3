"""The outbox: queue in the caller's transaction, deliver after commit over real SMTP."""

import datetime as dt

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from notifications import services
from notifications.enums import MessageKind, MessageStatus
from notifications.models import Message, OptOut
from tests.factories.programmes import UserFactory


def queue(user, key="k-1", kind=MessageKind.APPLICATION_RECEIVED, **context):
    return services.message_queue(
        kind=kind,
        idempotency_key=key,
        recipient=user,
        context={"event_title": "Youth Forum", **context},
    )


def test_message_queue_delivers_after_commit(db, django_capture_on_commit_callbacks):
    user = UserFactory(first_name="Mai", email="mai@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        message = queue(user)
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert message.sent_at is not None and message.attempts == 1
    assert [m.to for m in mail.outbox] == [[f"{user.get_full_name()} <mai@example.org>"]]
    sent = mail.outbox[0]
    assert sent.subject == "We received your application to Youth Forum"
    assert sent.extra_headers["Message-ID"] == f"<bridges.{message.pk}@bridges.local>"
    assert sent.extra_headers["X-Bridges-Idempotency-Key"] == "k-1"
    assert "Hello Mai," in sent.body
    assert "List-Unsubscribe" not in sent.extra_headers  # transactional
    html = sent.alternatives[0][0]
    assert "<p>Hello Mai,</p>" in html
    assert message.subject == sent.subject and "Hello Mai," in message.body_text


def test_message_queue_same_key_twice_is_a_no_op(db, django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        first = queue(user, key="same")
        second = queue(user, key="same")
    assert first is not None and second is None
    assert Message.objects.filter(idempotency_key="same").count() == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_message_queue_rolled_back_transaction_sends_nothing():
    user = UserFactory()

    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        queue(user, key="rolled-back")
        raise Boom
    assert not Message.objects.filter(idempotency_key="rolled-back").exists()
    assert mail.outbox == []
    # Control: the same call committed is delivered.
    with transaction.atomic():
        queue(user, key="committed")
    assert [m.extra_headers["X-Bridges-Idempotency-Key"] for m in mail.outbox] == ["committed"]


def test_message_queue_respects_opt_out_only_for_optional_kinds(
    db, django_capture_on_commit_callbacks
):
    user = UserFactory()
    OptOut.objects.create(user=user, kind=MessageKind.SESSION_REMINDER)
    OptOut.objects.create(user=user, kind=MessageKind.FEEDBACK_REQUEST)
    with django_capture_on_commit_callbacks(execute=True):
        assert queue(user, key="r", kind=MessageKind.FEEDBACK_REQUEST) is None
        assert queue(user, key="t", kind=MessageKind.DECISION_REJECTED) is not None
    assert [m.extra_headers["X-Bridges-Kind"] for m in mail.outbox] == ["decision_rejected"]


def test_optional_kinds_carry_one_click_unsubscribe_headers(
    db, django_capture_on_commit_callbacks, client
):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        queue(user, key="fb", kind=MessageKind.FEEDBACK_REQUEST, link="http://x/")
    headers = mail.outbox[0].extra_headers
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = headers["List-Unsubscribe"].strip("<>")
    assert url in mail.outbox[0].body
    # RFC 8058: the mail client POSTs to the URL without a session or CSRF token.
    path = url.split("://", 1)[1].split("/", 1)[1]
    response = client.post("/" + path, {"List-Unsubscribe": "One-Click"}, enforce_csrf_checks=True)
    assert response.status_code == 200
    assert OptOut.objects.filter(user=user, kind=MessageKind.FEEDBACK_REQUEST).exists()


def test_deliver_batch_reuses_one_smtp_connection(
    db, smtp_sink, django_capture_on_commit_callbacks
):
    users = UserFactory.create_batch(5)
    specs = [
        services.MessageSpec(
            kind=MessageKind.APPLICATION_RECEIVED,
            idempotency_key=f"batch-{i}",
            recipient=user,
            context={"event_title": "Youth Forum"},
        )
        for i, user in enumerate(users)
    ]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            assert services.messages_queue_many(specs) == 5
    # The service call that wrote the five rows hands them to one task after commit.
    assert len(callbacks) == 1
    assert smtp_sink.count() == 5
    assert smtp_sink.sessions == 1
    assert sorted(m.key for m in smtp_sink.messages) == [f"batch-{i}" for i in range(5)]
    assert Message.objects.filter(status=MessageStatus.SENT).count() == 5


def test_each_service_call_delivers_its_own_rows_in_batches_once(
    db, smtp_sink, django_capture_on_commit_callbacks
):
    users = UserFactory.create_batch(services.BATCH_SIZE + 2)
    specs = [
        services.MessageSpec(
            kind=MessageKind.APPLICATION_RECEIVED,
            idempotency_key=f"many-{user.pk}",
            recipient=user,
            context={"event_title": "Youth Forum"},
        )
        for user in users[1:]
    ]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            queue(users[0], key="single")
            services.messages_queue_many(specs)
            assert smtp_sink.count() == 0  # nothing leaves before the commit
    assert len(callbacks) == 2  # one per service call that wrote rows
    # 1 row from message_queue, then 51 rows in batches of 50 and 1: three SMTP sessions.
    assert smtp_sink.sessions == 3
    keys = sorted(m.key for m in smtp_sink.messages)
    assert keys == sorted(["single", *(s.idempotency_key for s in specs)])
    assert Message.objects.filter(status=MessageStatus.SENT).count() == len(users)


def test_transient_smtp_error_is_retried_then_sent(
    db, smtp_sink, settings, django_capture_on_commit_callbacks
):
    settings.NOTIFICATIONS_RETRY_BASE_SECONDS = 0
    smtp_sink.fail_next = 1
    with django_capture_on_commit_callbacks(execute=True):
        message = queue(UserFactory(), key="retry")
    message.refresh_from_db()
    assert smtp_sink.refused == 1
    assert [m.key for m in smtp_sink.messages] == ["retry"]
    assert (message.status, message.attempts, message.last_error) == (MessageStatus.SENT, 2, "")


def test_transient_errors_stop_after_max_attempts(
    db, smtp_sink, settings, django_capture_on_commit_callbacks
):
    settings.NOTIFICATIONS_RETRY_BASE_SECONDS = 0
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 3
    smtp_sink.fail_next = 10
    with django_capture_on_commit_callbacks(execute=True):
        message = queue(UserFactory(), key="gives-up")
    message.refresh_from_db()
    assert (message.status, message.attempts) == (MessageStatus.FAILED, 3)
    assert "451" in message.last_error
    assert smtp_sink.refused == 3 and smtp_sink.count() == 0


def test_permanent_smtp_error_fails_at_once(
    db, smtp_sink, settings, django_capture_on_commit_callbacks
):
    smtp_sink.fail_next = 1
    smtp_sink.fail_reply = "550 5.1.1 No such user"
    with django_capture_on_commit_callbacks(execute=True):
        message = queue(UserFactory(), key="bounce")
    message.refresh_from_db()
    assert (message.status, message.attempts) == (MessageStatus.FAILED, 1)
    assert "550" in message.last_error
    assert smtp_sink.refused == 1


def test_smtp_server_down_keeps_rows_queued_for_later(
    db, settings, django_capture_on_commit_callbacks
):
    from tests.integration.fixtures import free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nothing listens
    settings.NOTIFICATIONS_RETRY_BASE_SECONDS = 60
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 1 + 1
    result = None
    rows = [queue(UserFactory(), key=f"down-{i}") for i in range(3)]
    result = services.message_deliver_batch(ids=[r.pk for r in rows])
    assert result.sent == 0 and sorted(result.retry_ids) == sorted(r.pk for r in rows)
    statuses = set(Message.objects.values_list("status", flat=True))
    assert statuses == {MessageStatus.QUEUED}
    assert Message.objects.filter(next_attempt_at__isnull=False).count() == 3


def test_deliver_skips_sent_and_cancelled_rows(db, django_capture_on_commit_callbacks):
    user = UserFactory()
    sent = queue(user, key="a")
    cancelled = queue(user, key="b")
    services.message_cancel(message=cancelled)
    first = services.message_deliver_batch(ids=[sent.pk, cancelled.pk])
    again = services.message_deliver_batch(ids=[sent.pk, cancelled.pk, 999999])
    assert (first.sent, first.skipped) == (1, 1)
    assert (again.sent, again.skipped) == (0, 3)
    assert len(mail.outbox) == 1


def test_sweeper_requeues_rows_whose_task_was_lost(db, django_capture_on_commit_callbacks):
    user = UserFactory()
    # Written without its task (as if the broker was down at commit).
    old = Message.objects.create(
        recipient=user,
        to_email=user.email,
        kind=MessageKind.DECISION_REJECTED,
        template="decision_rejected",
        context={"event_title": "Forum"},
        idempotency_key="lost",
    )
    fresh = Message.objects.create(
        recipient=user,
        to_email=user.email,
        kind=MessageKind.DECISION_REJECTED,
        template="decision_rejected",
        context={"event_title": "Forum"},
        idempotency_key="fresh",
    )
    Message.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(minutes=5))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.outbox_sweep(stale_after=dt.timedelta(minutes=2)) == 1
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert old.status == MessageStatus.SENT and fresh.status == MessageStatus.QUEUED
    # A retry waiting for its backoff is left alone until its time has passed.
    Message.objects.filter(pk=fresh.pk).update(
        created_at=timezone.now() - dt.timedelta(hours=1),
        next_attempt_at=timezone.now() + dt.timedelta(minutes=1),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.outbox_sweep(stale_after=dt.timedelta(minutes=2)) == 0


@pytest.mark.django_db(transaction=True)
def test_deliver_skips_a_row_another_worker_holds_and_sends_it_once_released():
    """The claim locks the row with SKIP LOCKED and writes "sent" under that lock: a row
    whose lock another worker holds is that worker's; once it rolls back (say it was
    killed), the row is delivered exactly once."""
    import threading

    from django.db import connections

    user = UserFactory()
    with transaction.atomic():
        message = queue(user, key="held")
    mail.outbox.clear()
    Message.objects.filter(pk=message.pk).update(status=MessageStatus.QUEUED)
    locked, release = threading.Event(), threading.Event()

    def other_worker():
        try:
            with transaction.atomic():
                Message.objects.select_for_update().get(pk=message.pk)
                locked.set()
                release.wait(10)
                transaction.set_rollback(True)
        finally:
            connections.close_all()

    thread = threading.Thread(target=other_worker)
    thread.start()
    try:
        assert locked.wait(10)
        held = services.message_deliver_batch(ids=[message.pk])
    finally:
        release.set()
        thread.join(10)
    assert (held.sent, held.skipped) == (0, 1)
    assert mail.outbox == []
    released = services.message_deliver_batch(ids=[message.pk])
    again = services.message_deliver_batch(ids=[message.pk])
    assert (released.sent, again.sent, again.skipped) == (1, 0, 1)
    assert len(mail.outbox) == 1
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT and message.attempts == 2


def test_recipient_language_and_zone_come_from_a_profile_loaded_with_the_user(
    db, django_assert_num_queries
):
    from django.contrib.auth import get_user_model

    from tests.factories.participants import ProfileFactory

    speaker = ProfileFactory(preferred_language="ko", time_zone="Asia/Seoul").user
    bare = UserFactory()  # no profile at all
    users = get_user_model().objects.select_related("profile").in_bulk([speaker.pk, bare.pk])
    with django_assert_num_queries(0):
        assert services.recipient_prefs_for(users[speaker.pk]) == services.RecipientPrefs(
            language="ko", time_zone="Asia/Seoul"
        )
        assert services.recipient_prefs_for(users[bare.pk]).language == "en"
    # Not loaded: one query, the same answer.
    with django_assert_num_queries(1):
        fresh = get_user_model().objects.get(pk=speaker.pk)
    with django_assert_num_queries(1):
        assert services.recipient_prefs_for(fresh).language == "ko"
