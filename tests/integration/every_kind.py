"""One of every kind of message, each caused through the service that causes it in real use.

``send_every_kind()`` builds an organisation with three events around a pinned instant
(one starting in three days with an open call, one happening today, one just ended) and
then: decisions and confirmations through ``application_transition`` and
``application_confirm``, a guardian consent request through ``guardian_consent_request``, a
session moved through ``session_update``, a broadcast through ``broadcast_send``, every
reminder through the periodic scan (``reminders_scan_all``, what the beat task runs) and a
sign-up through the real page (account mail). Delivery is left to whatever runs the
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

        # Account mail: a sign-up through the real page.
        response = Client().post(
            "/accounts/signup/",
            {"email": SIGNUP_EMAIL, "password1": PASSWORD, "password2": PASSWORD},
        )
        assert response.status_code == 302, response.content[:2000]
    return counts


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
