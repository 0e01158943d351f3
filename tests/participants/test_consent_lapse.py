"""Applications whose guardian never consents: they lapse once the call has ended and no
consent link is valid any more; the applicant is told; a resend after the call closed
keeps the link's deadline."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from rest_framework.test import APIClient

from notifications.enums import MessageKind
from notifications.models import Message
from participants import services, tasks
from participants.enums import ApplicationStatus
from participants.models import Application, GuardianConsent, StatusChange
from tests.factories.participants import ApplicationFactory, ProfileFactory
from tests.participants._pages import verified_client

S = ApplicationStatus
pytestmark = pytest.mark.django_db

CLOSES = dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC)
ASKED = CLOSES - dt.timedelta(days=2)  # links are valid 14 days: until 13 March


def lapse_time(consent) -> dt.datetime:
    """Past the link's expiry and the grace a consent in flight gets."""
    return consent.expires_at + services.LAPSE_GRACE + dt.timedelta(seconds=1)


@pytest.fixture
def waiting(event, django_capture_on_commit_callbacks):
    event.applications_open_at = CLOSES - dt.timedelta(days=30)
    event.applications_close_at = CLOSES
    event.save()
    profile = ProfileFactory(full_name="Le Thi Hoa", date_of_birth=dt.date(2011, 8, 1))
    application = ApplicationFactory(
        event=event,
        applicant=profile.user,
        awaiting_consent=True,
    )
    # Run its on-commit work now, so a later capture sees only the test's own.
    with (
        time_machine.travel(ASKED, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        consent = services.guardian_consent_request(application=application)
    return application, consent


def _run_lapse_task() -> int:
    return tasks.lapse_guardian_consents.apply().get()


def test_lapses_only_once_the_call_has_closed_and_the_link_has_expired(
    waiting, eager_celery, django_capture_on_commit_callbacks
):
    application, consent = waiting
    assert consent.expires_at == ASKED + dt.timedelta(days=14)
    # Call closed, link still valid: the guardian may still consent.
    with time_machine.travel(CLOSES + dt.timedelta(days=3)):
        assert _run_lapse_task() == 0
    application.refresh_from_db()
    assert application.status == S.AWAITING_GUARDIAN_CONSENT

    # Just expired: a consent sent a moment before the expiry may still be committing.
    # The clock stands still one second short of the lapse (a ticking one could pass it).
    just_short = consent.expires_at + services.LAPSE_GRACE - dt.timedelta(seconds=1)
    with time_machine.travel(just_short, tick=False):
        assert _run_lapse_task() == 0
    with (
        time_machine.travel(lapse_time(consent)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert _run_lapse_task() == 1
        assert _run_lapse_task() == 0  # a second run (or beat process) changes nothing

    application.refresh_from_db()
    assert application.status == S.CONSENT_LAPSED
    change = StatusChange.objects.filter(application=application).latest("pk")
    assert (change.from_status, change.to_status, change.by) == (
        S.AWAITING_GUARDIAN_CONSENT,
        S.CONSENT_LAPSED,
        None,
    )
    message = Message.objects.get(kind=MessageKind.GUARDIAN_CONSENT_LAPSED)
    assert message.recipient == application.applicant
    sent = [m for m in mail.outbox if m.to[0].endswith(f"<{message.to_email}>")]
    assert len(sent) == 1, list(Message.objects.values_list("to_email", "status", "last_error"))
    assert "was not considered" in sent[0].subject
    assert "your guardian's consent did not reach us" in sent[0].body


def test_an_expired_link_before_the_call_closes_does_not_lapse_and_can_be_resent(waiting):
    application, consent = waiting
    GuardianConsent.objects.filter(pk=consent.pk).update(expires_at=CLOSES - dt.timedelta(hours=1))
    before_close = CLOSES - dt.timedelta(minutes=30)
    with time_machine.travel(before_close, tick=False):
        assert _run_lapse_task() == 0
        fresh = services.guardian_consent_resend(application=application, by=application.applicant)
    # Before the close a resend gives the full consent window again.
    assert fresh.expires_at == before_close + dt.timedelta(days=14)
    with time_machine.travel(CLOSES + dt.timedelta(days=1)):
        assert _run_lapse_task() == 0
    application.refresh_from_db()
    assert application.status == S.AWAITING_GUARDIAN_CONSENT


def test_consent_given_after_the_close_but_in_time_submits(client, waiting):
    application, consent = waiting
    with time_machine.travel(CLOSES + dt.timedelta(days=5)):
        token = services.consent_token(consent)
        assert client.post(f"/consent/{token}/", {"agree": "on"}).status_code == 200
        assert _run_lapse_task() == 0
    application.refresh_from_db()
    assert application.status == S.SUBMITTED


def test_a_lapsed_application_cannot_be_consented_to_any_more(client, waiting):
    application, consent = waiting
    after = lapse_time(consent)
    with time_machine.travel(after):
        _run_lapse_task()
    # Even a link that were still valid would not revive it.
    GuardianConsent.objects.filter(pk=consent.pk).update(expires_at=after + dt.timedelta(days=1))
    with time_machine.travel(after + dt.timedelta(minutes=5)):
        token = services.consent_token(consent)
        response = client.post(f"/consent/{token}/", {"agree": "on"})
    assert response.status_code == 409
    assert "no longer waiting for consent" in response.content.decode()
    consent.refresh_from_db()
    assert consent.consented_at is None


def test_resend_after_the_close_keeps_the_deadline_and_stops_when_it_has_passed(waiting):
    application, consent = waiting
    url = f"/api/v1/applications/{application.pk}/guardian-consent/resend/"
    api = APIClient()
    api.force_authenticate(application.applicant)
    with time_machine.travel(CLOSES + dt.timedelta(days=2), tick=False):
        response = api.post(url)
        assert response.status_code == 200
        newest = GuardianConsent.objects.filter(application=application).latest("pk")
        assert newest.pk != consent.pk
        assert newest.expires_at == consent.expires_at  # not a fresh 14 days
    with time_machine.travel(consent.expires_at + dt.timedelta(minutes=1)):
        client = verified_client(application.applicant, profile=False)
        page = client.get("/me/applications/").content.decode()
        assert "The link has expired." in page
        assert "resend-consent" not in page  # no button for what would be refused
        response = api.post(url)
        assert response.status_code == 409
        assert response.json()["code"] == "consent_window_closed"
        response = client.post(f"/me/applications/{application.pk}/resend-consent/", follow=True)
        assert "The call has closed and the consent link has expired" in (response.content.decode())
    assert GuardianConsent.objects.filter(application=application).count() == 2


def test_my_applications_show_the_link_deadline_then_the_lapse(waiting):
    application, consent = waiting
    with time_machine.travel(CLOSES + dt.timedelta(days=1)):
        client = verified_client(application.applicant, profile=False)
        page = client.get("/me/applications/").content.decode()
    # The applicant's zone is UTC here; the link was asked for on 27 Feb 09:00 UTC.
    assert "The link works until 13 March 2027, 09:00 (UTC)." in page
    assert "resend-consent" in page
    with time_machine.travel(lapse_time(consent)):
        _run_lapse_task()
        client = verified_client(application.applicant, profile=False)
        page = client.get("/me/applications/").content.decode()
        body = client.get("/api/v1/me/applications/").json()
    assert 'data-status="consent_lapsed">No guardian consent<' in page
    assert "Your guardian did not consent before the call closed" in page
    assert "resend-consent" not in page and "Withdraw" not in page
    mine = next(a for a in body["results"] if a["id"] == application.pk)
    assert mine["status"] == "consent_lapsed"
    assert mine["next_step"].startswith("Your guardian did not consent before the call closed")


def test_a_lapsed_application_no_longer_blocks_a_new_one(waiting, event):
    application, consent = waiting
    with time_machine.travel(lapse_time(consent)):
        _run_lapse_task()
    # The organisers reopen the call: the applicant may start again.
    ApplicationFactory(event=event, applicant=application.applicant, status=S.DRAFT)
    assert Application.objects.filter(event=event, applicant=application.applicant).count() == 2


def test_a_call_without_closing_time_ends_at_the_events_local_midnight(event):
    """The Seoul event starts on 5 July 2027: its call ends at 4 July 15:00 UTC."""
    assert event.applications_close_at is None and event.time_zone == "Asia/Seoul"
    application = ApplicationFactory(
        event=event,
        awaiting_consent=True,
    )
    with time_machine.travel(dt.datetime(2027, 6, 1, tzinfo=dt.UTC), tick=False):
        consent = services.guardian_consent_request(application=application)
    assert lapse_time(consent) < dt.datetime(2027, 7, 4, 14, 59, tzinfo=dt.UTC)
    with time_machine.travel(dt.datetime(2027, 7, 4, 14, 59, tzinfo=dt.UTC), tick=False):
        assert _run_lapse_task() == 0
        # Still before the event: the call is open, so a fresh link may be sent.
        assert services.consent_resend_allowed(application, pending_until=None)
    with time_machine.travel(dt.datetime(2027, 7, 4, 15, 0, tzinfo=dt.UTC), tick=False):
        assert not services.consent_resend_allowed(application, pending_until=None)
        assert _run_lapse_task() == 1
    application.refresh_from_db()
    assert application.status == S.CONSENT_LAPSED


def test_the_lapse_scan_is_in_the_beat_schedule():
    from backend.celery import app, collect_beat_schedule

    entry = collect_beat_schedule()["participants-lapse-guardian-consents"]
    assert entry["task"] == "participants.lapse_guardian_consents"
    assert entry["task"] in app.tasks
    assert timezone.timedelta(seconds=entry["schedule"]) <= timezone.timedelta(hours=1)
