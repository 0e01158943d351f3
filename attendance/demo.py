"""Demo data for attendance, run by ``manage.py load_demo`` after participants/demo.py.

Today's youth dialogue: everyone confirmed has a pass; most were checked in to the
session that ended, a few to the one running now, and the rest are there for the staff
to check in. Yesterday's alumni day is over: attendance for each session (one person
missed most of it) and certificates issued to those over the threshold.

Every check-in goes through ``check_in_record`` with a stable nonce, so a second load
replays the same scans instead of adding rows.
"""

from __future__ import annotations

import datetime as dt

from participants.enums import ApplicationStatus
from programmes.demo import Demo
from programmes.enums import SessionStatus

from . import services

# How many of the participants were checked in to the session running now.
CHECKED_IN_NOW = 3


def _confirmed(event):
    return list(
        event.applications.filter(status=ApplicationStatus.CONFIRMED)
        .select_related("applicant")
        .order_by("applicant__username")
    )


def _sessions(event):
    return list(event.sessions.exclude(status=SessionStatus.CANCELLED).order_by("starts_at"))


def _scan(session, application, *, by, at: dt.datetime) -> None:
    services.check_in_record(
        session=session,
        by=by,
        nonce=f"demo-{session.pk}-{application.pk}",
        application_id=application.pk,
        scanned_at=at,
        device="Demo data",
    )


def load(demo: Demo) -> None:
    staff = demo.users["staff"]
    now = demo.now

    # Yesterday: everyone at every session but one person, who left after the first.
    alumni = demo.events["alumni-yesterday"]
    people = _confirmed(alumni)
    for number, session in enumerate(_sessions(alumni)):
        for index, application in enumerate(people):
            if number > 0 and index == len(people) - 1:
                continue
            # A couple arrive after the grace period and show as late.
            minutes = 2 + index if index % 4 else 15 + index
            _scan(
                session,
                application,
                by=staff,
                at=min(session.starts_at + dt.timedelta(minutes=minutes), session.ends_at),
            )
    services.certificate_issue_for_event(event=alumni, now=now)

    # Today: the session that ended, and the first few at the session running now.
    dialogue = demo.events["dialogue-today"]
    people = _confirmed(dialogue)
    for application in people:
        services.pass_for_application(application=application)
    for session in _sessions(dialogue):
        if session.ends_at <= now:
            arrived = people[:-2]  # two did not come
        elif session.starts_at - dt.timedelta(minutes=30) <= now:
            arrived = people[:CHECKED_IN_NOW]
        else:
            continue
        for index, application in enumerate(arrived):
            at = min(session.starts_at + dt.timedelta(minutes=index), now)
            _scan(session, application, by=staff, at=at)
    # What the periodic scan would have recorded by now: which check-in windows are open.
    services.check_in_windows_record(now=now)
