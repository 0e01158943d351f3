"""The messages desk: a template's live preview for a chosen recipient, compose to a
segment with the recipients listed before sending, and the outbox (statuses, failures
and their reasons, filters, resend once, constant queries)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from notifications.enums import MessageKind, MessageStatus
from notifications.models import Broadcast, Message
from programmes.enums import MemberRole
from tests.factories.programmes import EventFactory, MembershipFactory, UserFactory
from tests.notifications.test_pages import _failed_delivery
from tests.pages import browser

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def organiser(organisation):
    return browser(MembershipFactory(organisation=organisation, role=MemberRole.ORGANISER).user)


def test_template_preview_for_a_chosen_recipient_follows_typing(event, organiser, make_participant):
    mai = make_participant(first_name="Mai", language="ko")
    url = f"/organiser/events/{event.pk}/messages/"
    page = organiser.get(url).content.decode()
    assert 'hx-post="' in page and "Preview for" in page and "vendor/htmx/htmx.min.js" in page
    data = {
        "kind": "feedback_request",
        "language": "",
        "subject": "{event_title}: how was it?",
        "body": "Dear {first_name}, tell us.",
        "recipient": mai.pk,
    }
    response = organiser.post(url, data, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert "Dear Mai, tell us." in html and f"{event.title}: how was it?" in html
    # A person who did not apply to this event is refused, naming the field.
    stranger = UserFactory(first_name="Stranger")
    response = organiser.post(url, {**data, "recipient": stranger.pk}, **HTMX)
    assert response.status_code == 400
    assert "Preview for: Choose one of this event&#x27;s applicants." in response.content.decode()
    # Nothing was saved by previewing.
    assert not event.message_templates.exists()


def test_compose_lists_the_recipients_before_sending(
    event, organiser, make_participant, django_capture_on_commit_callbacks
):
    make_participant(first_name="An", country="VN")
    make_participant(first_name="Budi", country="ID")
    make_participant(first_name="Dewi", country="ID", status="submitted")
    url = f"/organiser/events/{event.pk}/broadcasts/"
    data = {"segment": "country", "country": "ID", "subject": "Visa", "body": "Hi {first_name}"}
    response = organiser.post(url, data, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert "2 recipients" in html and "Budi" in html and "Dewi" in html and ">An<" not in html
    assert 'form="broadcast-form"' in html and "Send to 2 people" in html
    assert not Broadcast.objects.exists() and not Message.objects.exists()
    # No country for a country segment: the field is named, nothing is sent.
    response = organiser.post(url, {**data, "country": ""}, **HTMX)
    assert response.status_code == 400 and "Choose a country." in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert organiser.post(url, {**data, "send": "1"}).status_code == 302
    assert Message.objects.filter(kind=MessageKind.BROADCAST).count() == 2


def test_outbox_shows_statuses_and_reasons_filters_and_resends_once(
    event, organiser, smtp_sink, django_capture_on_commit_callbacks
):
    failed = _failed_delivery(event, smtp_sink, django_capture_on_commit_callbacks, key="o1")
    other_event = _failed_delivery(
        EventFactory(), smtp_sink, django_capture_on_commit_callbacks, key="o2"
    )
    Message.objects.create(
        to_email="sent@example.org",
        kind=MessageKind.DECISION_ACCEPTED,
        template="decision_accepted",
        idempotency_key="o3",
        status=MessageStatus.SENT,
        sent_at=timezone.now(),
        event=event,
    )
    url = f"/organiser/events/{event.pk}/outbox/"
    html = organiser.get(url).content.decode()
    assert "2 messages" in html and "550 5.1.1 No such user" in html
    assert "Why messages failed" in html and "No such user</a> (1)" in html
    assert (
        failed.to_email in html and "sent@example.org" in html and other_event.to_email not in html
    )
    html = organiser.get(url, {"status": "failed"}).content.decode()
    assert failed.to_email in html and "sent@example.org" not in html
    html = organiser.get(
        url, {"reason": "no such user"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="outbox-list"
    ).content.decode()
    assert html.startswith('<section id="outbox-list"') and "1 message" in html
    assert organiser.get(url, {"status": "lost"}).status_code == 400

    resend = f"{url}{failed.pk}/resend/"
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser.post(resend, **HTMX)
    assert response.status_code == 200 and "will be sent again" in response.content.decode()
    failed.refresh_from_db()
    assert failed.status == MessageStatus.SENT
    # A second click (a double submit, a stale page) sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser.post(resend, follow=True)
    assert "nothing to send again" in response.content.decode()
    assert [m.key for m in smtp_sink.messages] == ["o1"]
    # Another event's message is not this organiser's to resend.
    assert organiser.post(f"{url}{other_event.pk}/resend/").status_code == 404


def test_outbox_refuses_other_roles(event, organisation):
    message = Message.objects.create(
        to_email="x@example.org",
        kind="broadcast",
        template="broadcast",
        idempotency_key="r1",
        status=MessageStatus.FAILED,
        event=event,
    )
    url = f"/organiser/events/{event.pk}/outbox/"
    for role in (MemberRole.REVIEWER, MemberRole.STAFF):
        user = MembershipFactory(organisation=organisation, role=role).user
        assert browser(user).get(url).status_code == 403
        assert browser(user).post(f"{url}{message.pk}/resend/").status_code == 403
    other = MembershipFactory(role=MemberRole.ORGANISER).user
    assert browser(other).post(f"{url}{message.pk}/resend/").status_code == 403
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED


def _fill_outbox(event, count):
    statuses = [MessageStatus.SENT, MessageStatus.FAILED, MessageStatus.QUEUED]
    now = timezone.now()
    Message.objects.bulk_create(
        Message(
            to_email=f"p{event.pk}-{i}@example.org",
            to_name=f"Person {i}",
            kind=MessageKind.BROADCAST,
            template="broadcast",
            idempotency_key=f"bulk:{event.pk}:{i}",
            status=statuses[i % 3],
            sent_at=now if statuses[i % 3] == MessageStatus.SENT else None,
            last_error="SMTPDataError: 550 no" if statuses[i % 3] == MessageStatus.FAILED else "",
            event=event,
        )
        for i in range(count)
    )


def test_outbox_list_makes_the_same_queries_for_10_and_1000_messages(organisation, organiser):
    counts = []
    for size in (10, 1000):
        event = EventFactory(organisation=organisation)
        _fill_outbox(event, size)
        url = f"/organiser/events/{event.pk}/outbox/"
        organiser.get(url)  # warm the session and the user's roles like any second page
        with CaptureQueriesContext(connection) as queries:
            response = organiser.get(url, {"status": "failed"})
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
