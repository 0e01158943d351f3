"""Pages: inbox, preferences, unsubscribe, organisers' templates and broadcasts."""

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from notifications.enums import MessageKind, MessageStatus
from notifications.models import Broadcast, Message, OptOut, TemplateOverride
from notifications.rendering import unsubscribe_token
from programmes.enums import MemberRole
from tests.factories.programmes import MembershipFactory, UserFactory


@pytest.fixture
def browser(db):
    user = UserFactory(first_name="Mai")
    client = Client()
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def organiser_browser(organisation):
    user = MembershipFactory(organisation=organisation, role=MemberRole.ORGANISER).user
    client = Client()
    client.force_login(user)
    return client


def test_inbox_page_shows_messages_and_marks_read(browser):
    message = Message.objects.create(
        recipient=browser.user,
        to_email=browser.user.email,
        kind=MessageKind.DECISION_ACCEPTED,
        template="decision_accepted",
        idempotency_key="x",
        status=MessageStatus.SENT,
        sent_at=timezone.now(),
        subject="You have been selected",
        body_text="Congratulations! https://bridges.example/confirm",
    )
    page = browser.get("/me/inbox/").content.decode()
    assert "You have been selected" in page and "1 unread message" in page
    assert 'href="https://bridges.example/confirm"' in page
    response = browser.post(f"/me/inbox/{message.pk}/read/")
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.read_at is not None
    assert "0 unread messages" in browser.get("/me/inbox/").content.decode()


def test_inbox_page_needs_login_and_hides_others(browser):
    other = UserFactory()
    theirs = Message.objects.create(
        recipient=other,
        to_email=other.email,
        kind="broadcast",
        template="broadcast",
        idempotency_key="t",
        status=MessageStatus.SENT,
        sent_at=timezone.now(),
        subject="Private",
    )
    assert Client().get("/me/inbox/").status_code == 302
    assert "Private" not in browser.get("/me/inbox/").content.decode()
    assert browser.post(f"/me/inbox/{theirs.pk}/read/").status_code == 404


def test_preferences_page_turns_kinds_off(browser):
    page = browser.get("/me/notifications/").content.decode()
    assert 'value="session_reminder"' in page and 'value="decision_accepted"' not in page
    keep = ["daily_agenda", "broadcast"]
    assert browser.post("/me/notifications/", {"enabled_kinds": keep}).status_code == 302
    off = set(OptOut.objects.filter(user=browser.user).values_list("kind", flat=True))
    assert "session_reminder" in off and not off & set(keep)


def test_unsubscribe_link_confirms_then_turns_off_one_kind(db):
    user = UserFactory()
    url = (
        f"/notifications/unsubscribe/{unsubscribe_token(user_id=user.pk, kind='session_reminder')}/"
    )
    page = Client().get(url)
    assert page.status_code == 200 and "Session reminder" in page.content.decode()
    assert not OptOut.objects.exists()  # GET (a link scanner) changes nothing
    done = Client(enforce_csrf_checks=True).post(url)
    assert done.status_code == 200 and "no longer receive" in done.content.decode()
    assert list(OptOut.objects.values_list("user_id", "kind")) == [(user.pk, "session_reminder")]
    assert Client().post(url.replace("session_reminder", "x")[:-5] + "xx/").status_code == 400
    forged = unsubscribe_token(user_id=user.pk, kind="decision_accepted")  # transactional: refused
    assert Client().post(f"/notifications/unsubscribe/{forged}/").status_code == 400


def test_template_page_previews_then_saves(event, organiser_browser):
    url = f"/organiser/events/{event.pk}/messages/"
    data = {
        "kind": "feedback_request",
        "language": "ko",
        "subject": "{event_title} 어떠셨나요",
        "body": "{first_name} 님",
    }
    preview = organiser_browser.post(url, {**data, "preview": "1"})
    assert preview.status_code == 200 and f"{event.title} 어떠셨나요" in preview.content.decode()
    assert not TemplateOverride.objects.exists()
    bad = organiser_browser.post(url, {**data, "body": "{nope}", "save": "1"})
    assert "Unknown placeholder(s): {nope}." in bad.content.decode()
    assert organiser_browser.post(url, {**data, "save": "1"}).status_code == 302
    assert TemplateOverride.objects.get().language == "ko"


def test_broadcast_page_preview_shows_count_then_sends(
    event, organiser_browser, make_participant, django_capture_on_commit_callbacks
):
    for i in range(2):
        make_participant(first_name=f"P{i}")
    url = f"/organiser/events/{event.pk}/broadcasts/"
    data = {"segment": "confirmed", "country": "", "subject": "Bus at 8", "body": "Hi {first_name}"}
    page = organiser_browser.post(url, {**data, "preview": "1"}).content.decode()
    assert "2 recipients" in page and "Send to 2 people" in page and "Hi P0" in page
    with django_capture_on_commit_callbacks(execute=True):
        assert organiser_browser.post(url, {**data, "send": "1"}).status_code == 302
    assert Broadcast.objects.get().recipient_count == 2 and len(mail.outbox) == 2


def test_organiser_pages_refuse_other_roles(event, browser):
    assert browser.get(f"/organiser/events/{event.pk}/messages/").status_code == 403
    assert browser.get(f"/organiser/events/{event.pk}/broadcasts/").status_code == 403
    assert browser.get("/organiser/events/999999/broadcasts/").status_code == 404


def _failed_delivery(event, smtp_sink, capture, *, key, reply="550 5.1.1 No such user"):
    """A real message to the event that the SMTP server refuses for good."""
    from notifications import services

    smtp_sink.fail_next = 1
    smtp_sink.fail_reply = reply
    user = UserFactory()
    with capture(execute=True):
        message = services.message_queue(
            kind=MessageKind.DECISION_REJECTED,
            idempotency_key=key,
            recipient=user,
            context={"event_title": event.title},
            event=event,
        )
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    return message


def test_messages_page_shows_failed_deliveries_and_retries_them(
    event, organiser_browser, smtp_sink, django_capture_on_commit_callbacks
):
    url = f"/organiser/events/{event.pk}/messages/"
    assert (
        "Every message of this event has been delivered"
        in organiser_browser.get(url).content.decode()
    )
    failed = [
        _failed_delivery(event, smtp_sink, django_capture_on_commit_callbacks, key=f"f{i}")
        for i in range(2)
    ]
    # Another event's failure is not this organiser's to see.
    from tests.factories.programmes import EventFactory

    _failed_delivery(EventFactory(), smtp_sink, django_capture_on_commit_callbacks, key="other")
    page = organiser_browser.get(url).content.decode()
    assert "2 messages could not be delivered." in page
    assert "550 5.1.1 No such user" in page and "(2)" in page
    assert failed[0].to_email in page and "other@" not in page
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_browser.post(url + "failed/", {"action": "retry"}, follow=True)
    assert "2 messages will be sent again." in response.content.decode()
    for message in failed:
        message.refresh_from_db()
        assert (message.status, message.attempts, message.last_error) == (MessageStatus.SENT, 1, "")
    assert {m.key for m in smtp_sink.messages} == {"f0", "f1"}
    assert Message.objects.filter(status=MessageStatus.FAILED).count() == 1  # the other event's


def test_messages_page_gives_up_on_failed_deliveries(
    event, organiser_browser, browser, smtp_sink, django_capture_on_commit_callbacks
):
    url = f"/organiser/events/{event.pk}/messages/failed/"
    message = _failed_delivery(event, smtp_sink, django_capture_on_commit_callbacks, key="g")
    assert browser.post(url, {"action": "give_up"}).status_code == 403
    assert organiser_browser.post(url, {"action": "explode"}).status_code == 302
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    response = organiser_browser.post(url, {"action": "give_up"}, follow=True)
    assert "1 message will not be sent." in response.content.decode()
    message.refresh_from_db()
    assert message.status == MessageStatus.CANCELLED and smtp_sink.count() == 0
