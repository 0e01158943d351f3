"""Reminder scans: due at the right local time, once per person and occasion."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.core import mail

from notifications import reminders
from notifications.enums import MessageKind
from notifications.models import Message
from participants.enums import ApplicationStatus
from programmes.enums import SessionStatus
from tests.concurrency import run_concurrently
from tests.factories.participants import ApplicationFactory, ProfileFactory
from tests.factories.programmes import EventFactory, SessionFactory, VenueFactory

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")
SOFIA = zoneinfo.ZoneInfo("Europe/Sofia")


def at_seoul(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=SEOUL)


def run_scan(scan, now, capture):
    with capture(execute=True):
        return scan(now=now)


def keys(kind):
    return sorted(Message.objects.filter(kind=kind).values_list("idempotency_key", flat=True))


def test_session_reminder_1h_goes_at_0800_kst_and_shows_both_zones(
    event, make_participant, django_capture_on_commit_callbacks
):
    venue = VenueFactory(organisation=event.organisation, name="Hall A")
    session = SessionFactory(
        event=event, title="Opening plenary", venue=venue, starts_at=at_seoul(2027, 7, 5, 9, 0)
    )
    sofia = make_participant(time_zone="Europe/Sofia", first_name="Ivana")
    seoul = make_participant(time_zone="Asia/Seoul")

    with time_machine.travel(at_seoul(2027, 7, 5, 7, 59, 59), tick=False):
        run_scan(reminders.scan_session_reminders, None, django_capture_on_commit_callbacks)
    # At 07:59:59 only the 24 h reminder is due.
    assert keys(MessageKind.SESSION_REMINDER) == sorted(
        f"session-reminder:24h:{session.pk}:{u.pk}" for u in (sofia, seoul)
    )
    mail.outbox.clear()
    with time_machine.travel(at_seoul(2027, 7, 5, 8, 0), tick=False):
        assert (
            run_scan(reminders.scan_session_reminders, None, django_capture_on_commit_callbacks)
            == 2
        )
    sent = {m.to[0].split("<")[-1].rstrip(">"): m for m in mail.outbox}
    assert len(sent) == 2, list(
        Message.objects.values_list("idempotency_key", "status", "last_error")
    )
    to_sofia = sent[sofia.email]
    assert to_sofia.subject == "Starting in 1 hour: Opening plenary"
    assert "starts at 2027-07-05 09:00 (Asia/Seoul, UTC+09:00)." in to_sofia.body
    assert "In your time zone: 2027-07-05 03:00 (Europe/Sofia, UTC+03:00)." in to_sofia.body
    assert "Place: Hall A, Seoul." in to_sofia.body
    # Same zone as the session: no second time.
    assert "In your time zone" not in sent[seoul.email].body


def test_dst_change_between_booking_and_session_shows_the_new_sofia_offset(
    event, make_participant, django_capture_on_commit_callbacks
):
    # Booked in winter (Sofia on EET, UTC+2); the session is the day after Sofia moves
    # to summer time (28 March 2027), so Sofia is on EEST (UTC+3).
    session = SessionFactory(event=event, title="Site visit", starts_at=at_seoul(2027, 3, 29, 9, 0))
    with time_machine.travel(dt.datetime(2027, 3, 20, 12, 0, tzinfo=SOFIA), tick=False):
        user = make_participant(time_zone="Europe/Sofia")
    # The 24 h reminder leaves on 28 March 09:00 KST = 02:00 Sofia, still winter time.
    with time_machine.travel(at_seoul(2027, 3, 28, 9, 0), tick=False):
        assert dt.datetime.now(SOFIA).utcoffset() == dt.timedelta(hours=2)
        run_scan(reminders.scan_session_reminders, None, django_capture_on_commit_callbacks)
    message = Message.objects.get(
        recipient=user, idempotency_key__startswith="session-reminder:24h"
    )
    assert "In your time zone: 2027-03-29 03:00 (Europe/Sofia, UTC+03:00)." in message.body_text
    assert "2027-03-29 09:00 (Asia/Seoul, UTC+09:00)" in message.body_text
    assert session.starts_at == dt.datetime(2027, 3, 29, 0, 0, tzinfo=dt.UTC)


def test_session_reminders_only_for_participants_and_live_sessions(
    event, make_participant, django_capture_on_commit_callbacks
):
    live = SessionFactory(event=event, starts_at=at_seoul(2027, 7, 5, 9, 0))
    SessionFactory(
        event=event, starts_at=at_seoul(2027, 7, 5, 9, 30), status=SessionStatus.CANCELLED
    )
    confirmed = make_participant()
    make_participant(status=ApplicationStatus.ACCEPTED)  # not confirmed: not a participant yet
    other_event = EventFactory(organisation=event.organisation)
    make_participant(on_event=other_event)
    with time_machine.travel(at_seoul(2027, 7, 5, 8, 30), tick=False):
        run_scan(reminders.scan_session_reminders, None, django_capture_on_commit_callbacks)
        run_scan(reminders.scan_session_reminders, None, django_capture_on_commit_callbacks)
    assert keys(MessageKind.SESSION_REMINDER) == [f"session-reminder:1h:{live.pk}:{confirmed.pk}"]
    assert len(mail.outbox) == 1


def test_opted_out_participant_gets_no_reminder(
    event, make_participant, client, django_capture_on_commit_callbacks
):
    from notifications.models import OptOut

    SessionFactory(event=event, starts_at=at_seoul(2027, 7, 5, 9, 0))
    user = make_participant()
    OptOut.objects.create(user=user, kind=MessageKind.SESSION_REMINDER)
    with time_machine.travel(at_seoul(2027, 7, 5, 8, 30), tick=False):
        assert (
            run_scan(reminders.scan_session_reminders, None, django_capture_on_commit_callbacks)
            == 0
        )
    assert mail.outbox == []


def test_daily_agenda_at_0700_local_on_each_event_day(
    event, make_participant, django_capture_on_commit_callbacks
):
    SessionFactory(event=event, title="Lecture A", starts_at=at_seoul(2027, 7, 6, 9, 0))
    SessionFactory(event=event, title="Lecture B", starts_at=at_seoul(2027, 7, 6, 14, 0))
    SessionFactory(event=event, title="Tomorrow", starts_at=at_seoul(2027, 7, 7, 9, 0))
    user = make_participant(language="ko")
    with time_machine.travel(at_seoul(2027, 7, 6, 6, 59), tick=False):
        assert run_scan(reminders.scan_daily_agenda, None, django_capture_on_commit_callbacks) == 0
    with time_machine.travel(at_seoul(2027, 7, 6, 7, 0), tick=False):
        assert run_scan(reminders.scan_daily_agenda, None, django_capture_on_commit_callbacks) == 1
    with time_machine.travel(at_seoul(2027, 7, 6, 18, 0), tick=False):
        assert run_scan(reminders.scan_daily_agenda, None, django_capture_on_commit_callbacks) == 0
    assert keys(MessageKind.DAILY_AGENDA) == [f"daily-agenda:{event.pk}:2027-07-06:{user.pk}"]
    body = mail.outbox[0].body
    assert "- 09:00–10:30 Lecture A" in body and "- 14:00–15:30 Lecture B" in body
    assert "Tomorrow" not in body
    assert mail.outbox[0].subject == f"오늘의 {event.title} 일정 (2027-07-06)"


def test_event_starts_in_7_days_and_feedback_after_the_end(
    event, make_participant, django_capture_on_commit_callbacks
):
    user = make_participant()
    # First day 2027-07-05 00:00 KST: due from 2027-06-28 00:00 KST.
    with time_machine.travel(at_seoul(2027, 6, 27, 23, 59), tick=False):
        assert (
            run_scan(reminders.scan_event_starts_soon, None, django_capture_on_commit_callbacks)
            == 0
        )
    with time_machine.travel(at_seoul(2027, 6, 28, 0, 0), tick=False):
        assert (
            run_scan(reminders.scan_event_starts_soon, None, django_capture_on_commit_callbacks)
            == 1
        )
    with time_machine.travel(at_seoul(2027, 7, 1, 0, 0), tick=False):
        assert (
            run_scan(reminders.scan_event_starts_soon, None, django_capture_on_commit_callbacks)
            == 0
        )
    assert mail.outbox[-1].subject == f"{event.title} starts in one week"
    body = mail.outbox[-1].body
    assert "starts on 2027-07-05 00:00 (Asia/Seoul, UTC+09:00)." in body
    assert "Your pass (show its QR code at check-in): http" in body
    assert "Add the agenda to your calendar: http" in body
    # Last day 2027-07-13: feedback from 2027-07-14 00:00 KST.
    with time_machine.travel(at_seoul(2027, 7, 13, 23, 0), tick=False):
        assert (
            run_scan(reminders.scan_feedback_requests, None, django_capture_on_commit_callbacks)
            == 0
        )
    with time_machine.travel(at_seoul(2027, 7, 14, 0, 30), tick=False):
        assert (
            run_scan(reminders.scan_feedback_requests, None, django_capture_on_commit_callbacks)
            == 1
        )
        assert (
            run_scan(reminders.scan_feedback_requests, None, django_capture_on_commit_callbacks)
            == 0
        )
    assert keys(MessageKind.FEEDBACK_REQUEST) == [f"feedback:{event.pk}:{user.pk}"]


def test_call_closing_72h_and_24h_for_drafts_only(
    event, make_participant, django_capture_on_commit_callbacks
):
    closes = at_seoul(2027, 5, 31, 23, 59)
    event.applications_open_at = at_seoul(2027, 4, 1, 0, 0)
    event.applications_close_at = closes
    event.save()
    draft = make_participant(status=ApplicationStatus.DRAFT, time_zone="Europe/Sofia")
    make_participant(status=ApplicationStatus.SUBMITTED)
    for moment, expected in [
        (closes - dt.timedelta(hours=73), 0),
        (closes - dt.timedelta(hours=72), 1),
        (closes - dt.timedelta(hours=30), 0),
        (closes - dt.timedelta(hours=24), 1),
        (closes - dt.timedelta(hours=1), 0),
    ]:
        with time_machine.travel(moment, tick=False):
            assert (
                run_scan(reminders.scan_call_closing, None, django_capture_on_commit_callbacks)
                == expected
            )
    assert keys(MessageKind.CALL_CLOSING) == [
        f"call-closing:24h:{event.pk}:{draft.pk}",
        f"call-closing:72h:{event.pk}:{draft.pk}",
    ]
    assert "closes on 2027-05-31 23:59 (Asia/Seoul, UTC+09:00)" in mail.outbox[0].body
    assert "In your time zone: 2027-05-31 17:59 (Europe/Sofia, UTC+03:00)." in mail.outbox[0].body


def test_confirmation_deadline_and_guardian_consent_pending(
    event, django_capture_on_commit_callbacks
):
    from participants.models import GuardianConsent

    deadline = at_seoul(2027, 5, 10, 18, 0)
    offer = ApplicationFactory(
        event=event, status=ApplicationStatus.ACCEPTED, offer_expires_at=deadline
    )
    minor = ApplicationFactory(
        event=event, status=ApplicationStatus.AWAITING_GUARDIAN_CONSENT, is_minor=True
    )
    with time_machine.travel(at_seoul(2027, 5, 1, 9, 0), tick=False):
        consent = GuardianConsent.objects.create(
            application=minor,
            guardian_name="Tran Thi Lan",
            guardian_email="lan@example.org",
            guardian_relation="mother",
            nonce="n" * 32,
            consent_text_version="1",
            consent_text="I agree",
            expires_at=at_seoul(2027, 5, 15, 9, 0),
        )
    with time_machine.travel(deadline - dt.timedelta(hours=49), tick=False):
        assert (
            run_scan(reminders.scan_confirmation_deadline, None, django_capture_on_commit_callbacks)
            == 0
        )
        assert (
            run_scan(
                reminders.scan_guardian_consent_pending, None, django_capture_on_commit_callbacks
            )
            == 1
        )
    with time_machine.travel(deadline - dt.timedelta(hours=47), tick=False):
        assert (
            run_scan(reminders.scan_confirmation_deadline, None, django_capture_on_commit_callbacks)
            == 1
        )
        assert (
            run_scan(reminders.scan_confirmation_deadline, None, django_capture_on_commit_callbacks)
            == 0
        )
        assert (
            run_scan(
                reminders.scan_guardian_consent_pending, None, django_capture_on_commit_callbacks
            )
            == 0
        )
    assert keys(MessageKind.GUARDIAN_CONSENT_PENDING) == [f"guardian-pending:{consent.pk}"]
    assert keys(MessageKind.CONFIRMATION_DEADLINE) == [
        f"confirm-deadline:{offer.pk}:{int(deadline.timestamp())}"
    ]
    recipients = sorted(m.to[0].split("<")[-1].rstrip(">") for m in mail.outbox)
    assert recipients == sorted([offer.applicant.email, minor.applicant.email])


@pytest.mark.django_db(transaction=True)
def test_two_schedulers_scanning_at_once_queue_each_reminder_once():
    """Two beat processes fire the same scan at the same moment: real threads, real
    PostgreSQL; the unique key lets exactly one insert win per person and occasion."""
    event = EventFactory()
    sessions = [
        SessionFactory(event=event, starts_at=at_seoul(2027, 7, 5, 9, m)) for m in (0, 10, 20)
    ]
    users = []
    for _ in range(15):
        profile = ProfileFactory()
        ApplicationFactory(event=event, applicant=profile.user, status=ApplicationStatus.CONFIRMED)
        users.append(profile.user)

    def beat(_index):
        return sum(reminders.reminders_scan_all(now=at_seoul(2027, 7, 5, 8, 30)).values())

    counts = run_concurrently(4, beat)
    assert [c for c in counts if isinstance(c, Exception)] == []
    expected = {f"session-reminder:1h:{s.pk}:{u.pk}" for s in sessions for u in users}
    assert set(keys(MessageKind.SESSION_REMINDER)) == expected
    # 08:30 on the first day is also past 07:00: one agenda per participant.
    assert set(keys(MessageKind.DAILY_AGENDA)) == {
        f"daily-agenda:{event.pk}:2027-07-05:{u.pk}" for u in users
    }
    assert Message.objects.count() == 45 + 15
    # A scan may also report (and enqueue again) rows a concurrent scan inserted in the
    # same instant; delivery skips what is already sent, so only rows and mail count.
    assert sum(counts) >= 60
    sent_keys = [m.extra_headers["X-Bridges-Idempotency-Key"] for m in mail.outbox]
    assert len(set(sent_keys)) == len(sent_keys) == 60
