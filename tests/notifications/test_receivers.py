"""Transactional messages from upstream signals, through the upstream services."""

import datetime as dt

import time_machine
from django.core import mail

from backend.i18n import localised_url
from notifications.enums import MessageKind
from notifications.models import Message, OptOut
from participants import services as participant_services
from participants.enums import ApplicationStatus
from programmes import services as programme_services
from tests.factories.participants import ApplicationFactory, ProfileFactory
from tests.factories.programmes import EventFactory, SessionFactory

S = ApplicationStatus


def kinds_for(user):
    return list(
        Message.objects.filter(recipient=user).order_by("pk").values_list("kind", flat=True)
    )


def transition(app, to, capture, by=None):
    with capture(execute=True):
        participant_services.application_transition(application=app, to_status=to, by=by)


def test_decisions_confirmation_and_promotion_are_sent(
    event, organiser_client, django_capture_on_commit_callbacks
):
    accepted = ApplicationFactory(event=event, status=S.SUBMITTED)
    waitlisted = ApplicationFactory(event=event, status=S.SUBMITTED)
    rejected = ApplicationFactory(event=event, status=S.SUBMITTED)
    by = organiser_client.user
    transition(accepted, S.ACCEPTED, django_capture_on_commit_callbacks, by)
    transition(waitlisted, S.WAITLISTED, django_capture_on_commit_callbacks, by)
    transition(rejected, S.REJECTED, django_capture_on_commit_callbacks, by)
    transition(accepted, S.CONFIRMED, django_capture_on_commit_callbacks, accepted.applicant)
    transition(waitlisted, S.ACCEPTED, django_capture_on_commit_callbacks, by)
    assert kinds_for(accepted.applicant) == [
        MessageKind.DECISION_ACCEPTED,
        MessageKind.CONFIRMATION_RECEIVED,
    ]
    assert kinds_for(waitlisted.applicant) == [
        MessageKind.DECISION_WAITLISTED,
        MessageKind.PROMOTED_FROM_WAITLIST,
    ]
    assert kinds_for(rejected.applicant) == [MessageKind.DECISION_REJECTED]
    subjects = {(m.to[0].split("<")[-1].rstrip(">"), m.subject) for m in mail.outbox}
    assert (accepted.applicant.email, f"You have been selected for {event.title}") in subjects
    assert (waitlisted.applicant.email, f"A place has opened for you at {event.title}") in subjects
    assert (rejected.applicant.email, f"Your application to {event.title}") in subjects
    promoted = Message.objects.get(
        recipient=waitlisted.applicant, kind=MessageKind.PROMOTED_FROM_WAITLIST
    )
    # The offer deadline is shown in the event's zone and the applicant's (Ho Chi Minh City).
    assert (
        "Please confirm your place by " in promoted.body_text
        and "(Asia/Seoul, UTC+09:00)" in promoted.body_text
    )
    assert "(Asia/Ho_Chi_Minh, UTC+07:00)" in promoted.body_text


def test_decision_is_sent_even_when_reminders_are_turned_off(
    event, django_capture_on_commit_callbacks
):
    app = ApplicationFactory(event=event, status=S.SUBMITTED)
    for kind in (MessageKind.SESSION_REMINDER, MessageKind.BROADCAST):
        OptOut.objects.create(user=app.applicant, kind=kind)
    transition(app, S.REJECTED, django_capture_on_commit_callbacks)
    assert kinds_for(app.applicant) == [MessageKind.DECISION_REJECTED]


def test_submission_in_korean_for_a_korean_speaker(event, django_capture_on_commit_callbacks):
    profile = ProfileFactory(preferred_language="ko")
    app = ApplicationFactory(event=event, applicant=profile.user, status=S.DRAFT)
    transition(app, S.SUBMITTED, django_capture_on_commit_callbacks, profile.user)
    assert [m.subject for m in mail.outbox] == [f"{event.title} 지원서가 접수되었습니다"]
    assert "지원해 주셔서 감사합니다" in mail.outbox[0].body


def test_guardian_gets_the_consent_link_in_the_applicants_language(
    event, django_capture_on_commit_callbacks
):
    profile = ProfileFactory(preferred_language="vi")
    app = ApplicationFactory(
        event=event,
        applicant=profile.user,
        status=S.AWAITING_GUARDIAN_CONSENT,
        is_minor=True,
        guardian_name="Tran Thi Lan",
        guardian_email="lan@example.org",
        guardian_relation="mother",
    )
    # The link is timestamp-signed: freeze the clock so the link rebuilt below is identical.
    with time_machine.travel(dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            consent = participant_services.guardian_consent_request(application=app)
        # In the applicant's language, as every link in the mail.
        expected_link = localised_url(participant_services.consent_url(consent), "vi")
    message = Message.objects.get(kind=MessageKind.GUARDIAN_CONSENT_REQUEST)
    assert (message.recipient, message.to_email, message.language) == (
        None,
        "lan@example.org",
        "vi",
    )
    [sent] = mail.outbox
    assert sent.to == ["Tran Thi Lan <lan@example.org>"]
    assert expected_link in sent.body
    # The guardian is greeted by the whole name given (in Vietnamese the first word, Tran,
    # is the family name), and the applicant is named by the profile's full name.
    assert sent.body.startswith("Xin chào Tran Thi Lan,")
    assert message.context["first_name"] == "Tran Thi Lan"
    assert message.context["applicant_name"] == profile.full_name
    assert f"{profile.full_name} đã đăng ký" in sent.body
    assert "Cần sự đồng ý của bạn" in sent.subject


def test_schedule_change_goes_only_to_the_people_in_that_session(
    event, django_capture_on_commit_callbacks
):
    session = SessionFactory(event=event, title="Team mission")
    inside = ApplicationFactory(event=event, status=S.CONFIRMED).applicant
    ApplicationFactory(event=event, status=S.WAITLISTED)
    elsewhere = EventFactory(organisation=event.organisation)
    ApplicationFactory(event=elsewhere, status=S.CONFIRMED)
    new_start = dt.datetime(2027, 7, 5, 11, 0)
    with django_capture_on_commit_callbacks(execute=True):
        programme_services.session_update(
            session=session,
            data={"starts_at": new_start, "ends_at": new_start + dt.timedelta(hours=1)},
        )
    assert [m.to[0].split("<")[-1].rstrip(">") for m in mail.outbox] == [inside.email]
    body = mail.outbox[0].body
    assert mail.outbox[0].subject == "Schedule change: Team mission"
    assert "New time: 2027-07-05 11:00 (Asia/Seoul, UTC+09:00)." in body
    assert "Previously: 2027-07-05 09:00 (Asia/Seoul, UTC+09:00)." in body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        programme_services.session_cancel(session=session)
    assert [m.subject for m in mail.outbox] == ["Cancelled: Team mission"]
