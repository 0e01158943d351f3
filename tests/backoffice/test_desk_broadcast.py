"""The applications desk's bulk message is a broadcast of the messages desk
(notifications.services.broadcast_send): previewed without keeping anything, then one
Broadcast to exactly the chosen applicants, in the broadcast history and the outbox; the
API cannot compose to "chosen" without choosing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from notifications.enums import MessageKind, Segment
from notifications.models import Broadcast, Message
from participants.enums import ApplicationStatus as S
from programmes.enums import MemberRole
from tests.factories.participants import ApplicationFactory
from tests.factories.programmes import MembershipFactory
from tests.pages import browser


@pytest.fixture
def organiser(organisation):
    return MembershipFactory(organisation=organisation, role=MemberRole.ORGANISER).user


def test_bulk_message_is_one_broadcast_to_the_chosen(
    event, organiser, django_capture_on_commit_callbacks
):
    chosen = [ApplicationFactory(event=event, status=S.SUBMITTED) for _ in range(2)]
    left_out = ApplicationFactory(event=event, status=S.SUBMITTED)
    client = browser(organiser)
    bulk = reverse("applications-desk-bulk", args=[event.slug])
    form = {
        "applications": [a.pk for a in chosen],
        "action": "message",
        "subject": "Visa letters",
        "body": "Your letter is attached.",
    }
    preview = client.post(bulk, form)
    assert preview.status_code == 200
    html = preview.content.decode()
    assert all(a.applicant.email in html for a in chosen)
    assert left_out.applicant.email not in html
    assert not Broadcast.objects.exists() and not Message.objects.exists()

    with django_capture_on_commit_callbacks(execute=False):
        assert client.post(bulk, {**form, "confirm": "1"}).status_code == 302
    broadcast = Broadcast.objects.get()
    assert (broadcast.event, broadcast.segment, broadcast.subject, broadcast.created_by) == (
        event,
        Segment.CHOSEN_APPLICANTS,
        "Visa letters",
        organiser,
    )
    sent = broadcast.messages.all()
    assert broadcast.recipient_count == 2
    assert {m.recipient_id for m in sent} == {a.applicant_id for a in chosen}
    assert {m.kind for m in sent} == {MessageKind.BROADCAST}
    assert not Message.objects.filter(broadcast__isnull=True).exists()

    history = client.get(reverse("notifications:broadcasts", args=[event.pk])).content.decode()
    assert "Visa letters" in history and "Applicants chosen on the applications desk" in history
    outbox = client.get(reverse("notifications:outbox", args=[event.pk])).content.decode()
    assert all(a.applicant.email in outbox for a in chosen)
    assert left_out.applicant.email not in outbox


def test_the_api_does_not_compose_to_chosen_applicants(event, organiser_client):
    response = organiser_client.post(
        reverse("api-broadcasts", args=[event.pk]),
        {"segment": "chosen", "subject": "Hi", "body": "Hello"},
        format="json",
    )
    assert response.status_code == 400 and "segment" in str(response.json())
    assert not Broadcast.objects.exists()
