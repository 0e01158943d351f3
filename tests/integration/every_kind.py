"""One of every kind of message, each caused through the service that causes it in real use.

``send_every_kind()`` builds an organisation with three events around a pinned instant
(one starting in three days with an open call, one happening today, one just ended) and
then: decisions and confirmations through ``application_transition`` and
``application_confirm``, a guardian consent request through ``guardian_consent_request``, a
session moved through ``session_update``, a broadcast through ``broadcast_send``, every
reminder through the periodic scan (``reminders_scan_all``, what the beat task runs), a
meeting's delegation mail through the delegations services (invitation, its reminder scan,
a nomination, a document version), a visa letter through the letter job, the follow-up
form's reminder scan and a change after its lock (logistics services), a survey wave's
invitation and reminder (surveys services) and a sign-up
through the real page (account mail). Delivery is left to whatever runs the
delivery tasks: an eager Celery in tests, a real worker under ``make run`` settings.

Run as a script (``python -m tests.integration.every_kind``) it does the same against the
settings of the environment, waits for a worker to deliver everything and prints one JSON
line per message: what the SQLite test in test_every_message_kind.py reads.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
import zoneinfo

# 11:00 on a Monday in Seoul; every date below is counted from it.
NOW = dt.datetime(2031, 3, 10, 2, 0, tzinfo=dt.UTC)
SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")
PASSWORD = "a-long-Passphrase-2031"
SIGNUP_EMAIL = "new.applicant@example.org"


def _local(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=SEOUL)


def send_every_kind() -> dict[str, int]:
    """Cause one message (at least) of every kind; returns the reminder scans' counts."""
    import time_machine
    from django.test import Client

    from notifications import reminders
    from notifications.services import broadcast_send
    from participants import services as participants
    from participants.enums import ApplicationStatus as S
    from participants.models import Application
    from programmes.enums import MemberRole
    from programmes.services import session_update
    from tests.factories.participants import ApplicationFactory
    from tests.factories.programmes import (
        EventFactory,
        MembershipFactory,
        OrganisationFactory,
        SessionFactory,
    )

    with time_machine.travel(NOW, tick=True):
        today = NOW.astimezone(SEOUL).date()
        organisation = OrganisationFactory()
        organiser = MembershipFactory(organisation=organisation, role=MemberRole.ORGANISER).user

        def event(first: int, last: int, **fields):
            return EventFactory(
                organisation=organisation,
                time_zone="Asia/Seoul",
                start_date=today + dt.timedelta(days=first),
                end_date=today + dt.timedelta(days=last),
                **fields,
            )

        soon = event(3, 5, applications_open_at=NOW - dt.timedelta(days=30))
        # The call closes in 10 hours: the 24 h "call closing" reminder is due.
        soon.applications_close_at = NOW + dt.timedelta(hours=10)
        soon.save(update_fields=["applications_close_at"])
        live = event(0, 1)
        ended = event(-3, -1)

        def transition(application, to, by=organiser):
            participants.application_transition(application=application, to_status=to, by=by)

        # Received, accepted, confirmed; then "starts in 7 days" and the broadcast reach them.
        first = ApplicationFactory(event=soon, status=S.DRAFT)
        transition(first, S.SUBMITTED, by=first.applicant)
        transition(first, S.ACCEPTED)
        participants.application_confirm(application=first, by=first.applicant)
        # Waiting list, then promoted; its offer runs out within 48 hours.
        second = ApplicationFactory(event=soon, status=S.SUBMITTED)
        transition(second, S.WAITLISTED)
        transition(second, S.ACCEPTED)
        Application.objects.filter(pk=second.pk).update(
            offer_expires_at=NOW + dt.timedelta(hours=24)
        )
        transition(ApplicationFactory(event=soon, status=S.SUBMITTED), S.REJECTED)
        # A minor whose guardian was asked four days ago and has not answered yet.
        minor = ApplicationFactory(
            event=soon,
            status=S.AWAITING_GUARDIAN_CONSENT,
            is_minor=True,
            guardian_name="Tran Van Minh",
            guardian_email="guardian.minh@example.org",
            guardian_relation="father",
        )
        with time_machine.travel(NOW - dt.timedelta(days=4), tick=True):
            participants.guardian_consent_request(application=minor)
        lapsed = ApplicationFactory(event=soon, status=S.AWAITING_GUARDIAN_CONSENT, is_minor=True)
        transition(lapsed, S.CONSENT_LAPSED)
        ApplicationFactory(event=soon, status=S.DRAFT)  # not sent yet: "call closing"

        # Today's event: the agenda at 07:00, a session reminder, a session moved.
        ApplicationFactory(event=live, status=S.CONFIRMED)
        SessionFactory(
            event=live, title="Opening", starts_at=_local(today, 9), ends_at=_local(today, 10)
        )
        moved = SessionFactory(
            event=live, title="Workshop", starts_at=_local(today, 13), ends_at=_local(today, 14)
        )
        session_update(
            session=moved,
            data={"starts_at": _local(today, 13, 30), "ends_at": _local(today, 14, 30)},
        )
        # The event that ended yesterday asks for feedback.
        ApplicationFactory(event=ended, status=S.CONFIRMED)

        broadcast_send(
            event=soon,
            segment="confirmed",
            country="",
            subject="Visa letters",
            body="Dear {first_name}, your visa letter is ready: {link}",
            by=organiser,
        )
        counts = reminders.reminders_scan_all()
        counts["delegation_reminder"] = _delegation_mail(event(10, 12), organiser)
        counts.update(_logistics_mail(event(20, 24), organiser))
        counts["survey_reminder"] = _survey_mail(live)

        # Account mail: a sign-up through the real page.
        response = Client().post(
            "/accounts/signup/",
            {"email": SIGNUP_EMAIL, "password1": PASSWORD, "password2": PASSWORD},
        )
        assert response.status_code == 302, response.content[:2000]
    return counts


def _delegation_mail(meeting, organiser) -> int:
    """Invitation (eight days ago, so its 7-day reminder is due), the reminder scan, a
    nomination (the nominee hears of it) and a document version (the focal point hears)."""
    import time_machine
    from django.core.files.uploadedfile import SimpleUploadedFile

    from delegations import services
    from delegations.enums import DocumentKind, Participation, PartnerKind, Visibility
    from tests.factories.programmes import UserFactory

    partner = services.partner_save(
        organisation=meeting.organisation,
        key="vn",
        data={"kind": PartnerKind.COUNTRY, "official_name": "Viet Nam", "country": "VN"},
        focal_points=[UserFactory()],
        by=organiser,
    )
    delegation = services.delegation_invite(
        event=meeting, partner=partner, participation=Participation.MEMBER, seats=2, by=organiser
    )
    with time_machine.travel(NOW - dt.timedelta(days=8), tick=True):
        services.invitations_send(event=meeting, by=organiser)
    reminded = services.invitation_reminders_send()
    document = services.document_create(
        event=meeting,
        symbol="CMM/INF.1",
        title="Information note",
        kind=DocumentKind.INFORMATION,
        visibility=Visibility.FOCAL_POINTS,
        by=organiser,
    )
    services.document_version_add(
        document=document,
        uploaded=SimpleUploadedFile("note.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"),
        language="en",
        by=organiser,
    )
    delegation.refresh_from_db()
    services.nominee_nominate(
        delegation=delegation,
        data={
            "full_name": "Nguyen Van An",
            "email": "an.nguyen@example.org",
            "function": "Director",
        },
        by=organiser,
    )
    return reminded


def _logistics_mail(trip, organiser) -> dict[str, int]:
    """A visa letter by the letter job (waited for: a worker makes it), the follow-up
    form's reminder scan, and answers changed after the lock (the logistics team hears)."""
    from logistics import services
    from logistics.enums import LetterJobStatus
    from logistics.models import LetterJob
    from participants.enums import ApplicationStatus as S
    from programmes.enums import MemberRole
    from tests.factories.participants import ApplicationFactory
    from tests.factories.programmes import LegFactory, MembershipFactory

    organisation = trip.organisation
    owner = MembershipFactory(organisation=organisation, role=MemberRole.OWNER).user
    services.access_grant(organisation=organisation, user=organiser, by=owner)
    LegFactory(event=trip, city="Seoul", country="KR")
    traveller = ApplicationFactory(event=trip, status=S.CONFIRMED, country="VN")
    ApplicationFactory(event=trip, status=S.CONFIRMED)  # never answers the follow-up form
    services.passport_save(
        application=traveller,
        data={
            "passport_name": "TRAN THI MAI",
            "passport_number": "M1234567Q",
            "nationality": "VN",
            "passport_expiry": "2036-05-01",
            "date_of_birth": "2004-02-29",
        },
        by=traveller.applicant,
    )
    services.visa_rules_set(event=trip, country="KR", nationalities=["VN"], by=organiser)
    services.letter_settings_save(
        event=trip,
        data={
            "letterhead": "ASEAN-Korea Centre",
            "purpose": "Youth Network Workshop",
            "costs_covered_by": "ASEAN-Korea Centre",
            "signatory_name": "Kim Hae-yong",
        },
        by=organiser,
    )
    job = services.letter_job_start(event=trip, by=organiser)
    waited_until = time.monotonic() + 60
    while LetterJob.objects.get(pk=job.pk).status != LetterJobStatus.DONE:
        assert time.monotonic() < waited_until, "the letter job did not finish"
        time.sleep(0.2)

    follow_up = services.follow_up_setup(
        event=trip, deadline=NOW + dt.timedelta(days=5), by=organiser
    )
    services.follow_up_answer(
        application=traveller, follow_up=follow_up, answers={}, by=traveller.applicant
    )
    # The scan reminds the one who has not answered (and only while the form is open).
    reminded = services.follow_up_reminders_due()
    follow_up = services.follow_up_lock(follow_up=follow_up, locked=True, by=organiser)
    services.follow_up_answer(
        application=traveller, follow_up=follow_up, answers={}, by=traveller.applicant
    )
    return {"follow_up_reminder": reminded}


def _survey_mail(live) -> int:
    """A before/after survey's first wave: its invitations (the wave opened an hour ago)
    and, three days on, its reminder to those who have not answered."""
    import time_machine

    from surveys import services
    from tests.surveys.helpers import pair_survey

    survey = pair_survey(live, remind_after=dt.timedelta(days=3))
    wave = survey.waves.get(number=1)
    services.wave_invite(wave=wave)
    with time_machine.travel(wave.remind_at + dt.timedelta(minutes=1), tick=True):
        return services.wave_remind(wave=wave)


def _main() -> None:
    import django

    django.setup()
    from notifications.enums import DELIVERABLE_STATUSES
    from notifications.models import Message

    counts = send_every_kind()
    deadline = time.monotonic() + float(sys.argv[1] if len(sys.argv) > 1 else 40)
    while Message.objects.filter(status__in=DELIVERABLE_STATUSES).exists():
        if time.monotonic() > deadline:
            break
        time.sleep(0.2)
    print(json.dumps({"scans": counts}))
    for message in Message.objects.order_by("pk"):
        print(
            json.dumps(
                {
                    "pk": message.pk,
                    "kind": message.kind,
                    "status": message.status,
                    "to": message.to_email,
                    "last_error": message.last_error,
                }
            )
        )


if __name__ == "__main__":
    _main()
