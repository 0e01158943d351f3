"""One submit, one result: the desk's bulk message, the messages desk's Send and the
copy of an event carry a one-time token from the form that was rendered; posting the
same form again (a double click, back and resubmit) sends nothing more and makes no
second draft, and parallel confirms make exactly one broadcast."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from notifications.models import Broadcast, Message
from participants.enums import ApplicationStatus as S
from programmes.enums import MemberRole
from programmes.models import Event
from tests.concurrency import run_concurrently
from tests.factories.participants import ApplicationFactory
from tests.factories.programmes import EventFactory, MembershipFactory
from tests.pages import browser

HTMX = {"HTTP_HX_REQUEST": "true"}


def _token(html: str) -> str:
    """The one-time token rendered in the form (fails the test when it is missing)."""
    match = re.search(r'name="submit_token" value="([0-9a-f-]{36})"', html)
    assert match, "the form carries no one-time token"
    return match.group(1)


@pytest.fixture
def organiser(organisation):
    return MembershipFactory(organisation=organisation, role=MemberRole.ORGANISER).user


def _desk_confirm_form(client, event, chosen):
    bulk = reverse("applications-desk-bulk", args=[event.slug])
    form = {
        "applications": [a.pk for a in chosen],
        "action": "message",
        "subject": "Visa letters",
        "body": "Your letter is attached.",
    }
    preview = client.post(bulk, form).content.decode()
    assert 'hx-disabled-elt="find button"' in preview
    return bulk, {**form, "confirm": "1", "submit_token": _token(preview)}


def test_confirming_the_desk_message_twice_sends_once(event, organiser):
    chosen = [ApplicationFactory(event=event, status=S.SUBMITTED) for _ in range(2)]
    client = browser(organiser)
    bulk, confirm = _desk_confirm_form(client, event, chosen)
    first = client.post(bulk, confirm)
    second = client.post(bulk, confirm)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert Broadcast.objects.count() == 1 and Message.objects.count() == 2
    # A new preview is a new form: it may be sent again on purpose.
    bulk, again = _desk_confirm_form(client, event, chosen)
    assert again["submit_token"] != confirm["submit_token"]
    client.post(bulk, again)
    assert Broadcast.objects.count() == 2 and Message.objects.count() == 4


@pytest.mark.django_db(transaction=True)
def test_parallel_confirms_of_the_desk_message_make_one_broadcast():
    event = EventFactory()
    organiser = MembershipFactory(organisation=event.organisation, role=MemberRole.ORGANISER).user
    chosen = [ApplicationFactory(event=event, status=S.SUBMITTED) for _ in range(3)]
    bulk, confirm = _desk_confirm_form(browser(organiser), event, chosen)
    results = run_concurrently(5, lambda _i: browser(organiser).post(bulk, confirm).status_code)
    assert results == [302] * 5
    assert Broadcast.objects.count() == 1
    assert Message.objects.count() == 3  # one per chosen applicant, not five


def test_pressing_send_twice_on_the_messages_desk_sends_once(event, organiser):
    ApplicationFactory(event=event, status=S.CONFIRMED)
    client = browser(organiser)
    url = reverse("notifications:broadcasts", args=[event.pk])
    page = client.get(url).content.decode()
    data = {"segment": "confirmed", "country": "", "subject": "Visa", "body": "Hi"}
    data["submit_token"] = _token(page)
    preview = client.post(url, data, **HTMX).content.decode()
    assert _token(page) != _token(client.get(url).content.decode())  # one per form
    assert 'hx-disabled-elt="this"' in preview and "Send to 1 person" in preview
    first = client.post(url, {**data, "send": "1"})
    second = client.post(url, {**data, "send": "1"})
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert Broadcast.objects.count() == 1 and Message.objects.count() == 1


def test_confirming_a_copy_twice_makes_one_draft(organisation, organiser):
    source = EventFactory(organisation=organisation, title="Youth workshop 2026")
    client = browser(organiser)
    url = reverse("backoffice:event-copy", args=[organisation.slug])
    form = {"source": source.pk, "title": "Youth workshop 2027", "start_date": "2027-07-01"}
    form["submit_token"] = _token(client.get(url).content.decode())
    preview = client.post(url, {**form, "preview": "1"}).content.decode()
    assert 'hx-disabled-elt="find button"' in preview
    assert _token(preview) == form["submit_token"]  # the previewed form keeps its token
    confirm = {**form, "confirm": "1"}
    first = client.post(url, confirm)
    second = client.post(url, confirm)
    copy = Event.objects.get(title="Youth workshop 2027")
    assert first.status_code == second.status_code == 302
    assert (
        first["Location"]
        == second["Location"]
        == reverse("backoffice:event-overview", args=[copy.slug])
    )
