"""Reads for attendance: rosters, attendance rates, no-shows, passes and certificates.

Every list here costs a fixed number of queries whatever the number of participants
or sessions: rates are computed in Python from one query per table.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import formats, timezone, translation
from django_countries import countries

from backend.names import name_order
from participants.enums import ApplicationStatus
from participants.models import Application
from programmes.caching import AGENDAS_VERSION_KEY, EVENT_LIST_VERSION_KEY, cached
from programmes.enums import SessionStatus
from programmes.models import Event, Session

from .enums import (
    ATTENDANCE_SESSION_TYPES,
    DEFAULT_CERTIFICATE_THRESHOLD,
    DEFAULT_LATE_GRACE_MINUTES,
)
from .models import AttendancePolicy, Certificate, CheckIn, Pass, SessionAttendanceState


def policy_for(event: Event) -> AttendancePolicy:
    """The event's policy row, or an unsaved one with the defaults."""
    try:
        return event.attendance_policy
    except AttendancePolicy.DoesNotExist:
        return AttendancePolicy(
            event=event,
            certificate_threshold=DEFAULT_CERTIFICATE_THRESHOLD,
            late_grace_minutes=DEFAULT_LATE_GRACE_MINUTES,
        )


def person_name(*, full_name: str, first_name: str, last_name: str, username: str) -> str:
    """The name to show: the profile's full name, else the account's name, else its
    username (``User.get_full_name() or get_username()``)."""
    return full_name or f"{first_name} {last_name}".strip() or username


def account_name(user) -> str:
    """A user's name from the account alone (staff, team members)."""
    return person_name(
        full_name="",
        first_name=user.first_name,
        last_name=user.last_name,
        username=user.get_username(),
    )


def participant_name(application: Application) -> str:
    user = application.applicant
    profile = getattr(user, "profile", None)
    return person_name(
        full_name=profile.full_name if profile is not None else "",
        first_name=user.first_name,
        last_name=user.last_name,
        username=user.get_username(),
    )


@functools.lru_cache(maxsize=2048)
def _country_name(code: str, language: str) -> str:
    return str(countries.name(code)) if code else ""


def country_name(code: str) -> str:
    """The country's name in the active language (cached: the staff page asks per scan)."""
    return _country_name(code or "", translation.get_language() or "")


def participant_card(application: Application) -> dict:
    """What the staff page shows about a person: name, country, photo."""
    profile = getattr(application.applicant, "profile", None)
    country = application.country.code or ""
    return {
        "application": application.pk,
        "name": participant_name(application),
        "country": country,
        "country_name": country_name(country),
        "photo_url": profile.photo_url if profile is not None else None,
    }


def confirmed_participants(event: Event) -> QuerySet[Application]:
    """The event's participants (confirmed applications) with what their card needs."""
    return (
        Application.objects.filter(event=event, status=ApplicationStatus.CONFIRMED)
        .select_related("applicant", "applicant__profile")
        # Names in the order of the reader's language (an ICU collation on PostgreSQL).
        .order_by(name_order("applicant__profile__full_name"), "applicant__last_name", "pk")
    )


def participant_application(*, event: Event, user) -> Application | None:
    if not user.is_authenticated:
        return None
    return (
        Application.objects.filter(event=event, applicant=user, status=ApplicationStatus.CONFIRMED)
        .select_related("applicant", "applicant__profile")
        .first()
    )


def counted_sessions(event: Event, *, ended_by: dt.datetime | None = None) -> QuerySet[Session]:
    """Sessions people are expected at (not meals, travel, free time; not cancelled).

    With ``ended_by``, only those that were over by then (the no-show report and the
    live dashboard count a session once it has ended).
    """
    queryset = Session.objects.filter(
        event=event, kind__in=sorted(ATTENDANCE_SESSION_TYPES)
    ).exclude(status=SessionStatus.CANCELLED)
    if ended_by is not None:
        queryset = queryset.filter(ends_at__lte=ended_by)
    return queryset.select_related("venue").order_by("starts_at", "title", "pk")


def event_over_at(event: Event) -> dt.datetime:
    """When the event is over: the end of its last day in its zone, or later if a session
    (in a venue whose zone is behind the event's) ends after that."""
    last_end = counted_sessions(event).order_by("-ends_at").values_list("ends_at", flat=True)
    return max([event.ends_at(), *last_end[:1]])


def event_dates(event: Event) -> str:
    """The event's dates as printed on a pass card or certificate ("3 – 9 August 2026")."""
    start = formats.date_format(event.start_date, "j F Y")
    end = formats.date_format(event.end_date, "j F Y")
    return start if event.start_date == event.end_date else f"{start} – {end}"


# What a check-in, a check-out and the check-in list read of a session (its window,
# lateness, zone and title); the scans load only these columns.
SESSION_FOR_SCANS = (
    "title",
    "starts_at",
    "ends_at",
    "status",
    "event__time_zone",
    "event__title",
    "event__organisation",
    "event__attendance_policy__late_grace_minutes",
    "event__attendance_policy__check_in_opens_minutes",
    "event__attendance_policy__check_in_closes_minutes",
    "venue__time_zone",
)
# The scan facts of a session are kept in the cache under these versions: the event
# lists' (any change of an event: title, zone, organisation) and the agendas' (any change
# of a session or a venue: times, status, zone), both bumped by the programmes services,
# and the policies' (``attendance.services.policy_update`` and the admin bump it).
POLICIES_VERSION_KEY = "attendance:policies-version:1"
SCAN_SESSION_VERSIONS = (EVENT_LIST_VERSION_KEY, AGENDAS_VERSION_KEY, POLICIES_VERSION_KEY)
SCAN_SESSION_SECONDS = 3600


def session_for_scans(session_id: int) -> Session | None:
    """The session with its event, policy and venue (only what a scan reads: window,
    lateness, zone, title, organisation), from the cache while none of its versions moved.
    Whether the scanning user may scan there is not in it: ask the rule on every request."""

    def build() -> tuple[Session | None, float]:
        session = (
            Session.objects.select_related("event__attendance_policy", "venue")
            .only(*SESSION_FOR_SCANS)
            .filter(pk=session_id)
            .first()
        )
        return session, SCAN_SESSION_SECONDS if session is not None else 0

    return cached(f"attendance:scan-session:{session_id}", build, versions=SCAN_SESSION_VERSIONS)


# What a scan reads of a pass and its participant (checks, name, country, photo).
PASS_FOR_SCANS = (
    "event_id",
    "nonce",
    "revoked_at",
    "application__status",
    "application__country",
    "application__event_id",
    "application__applicant__username",
    "application__applicant__first_name",
    "application__applicant__last_name",
    "application__applicant__profile__user_id",
    "application__applicant__profile__full_name",
    "application__applicant__profile__photo_storage_name",
    "application__applicant__profile__photo_updated_at",
)


def session_check_ins(session: Session) -> QuerySet[CheckIn]:
    return (
        CheckIn.objects.filter(session=session)
        .select_related("application__applicant__profile", "checked_in_by", "checked_out_by")
        .order_by("scanned_at", "pk")
    )


@dataclass
class SessionAttendance:
    session: Session
    expected: int
    attended: int = 0
    late: int = 0
    left_early: int = 0

    @property
    def rate(self) -> float:
        return self.attended / self.expected if self.expected else 0.0


@dataclass
class ParticipantAttendance:
    application: Application
    name: str
    country: str
    sessions_total: int
    attended: int = 0
    late: int = 0
    left_early: int = 0
    missed: list[Session] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.attended / self.sessions_total if self.sessions_total else 0.0

    @property
    def percent(self) -> int:
        # Floor, so "80%" on a certificate never rounds up from 79.6%.
        return (self.attended * 100) // self.sessions_total if self.sessions_total else 0


@dataclass
class AttendanceReport:
    event: Event
    sessions: list[SessionAttendance]
    participants: list[ParticipantAttendance]

    @property
    def no_shows(self) -> list[tuple[Session, ParticipantAttendance]]:
        rows = [(s, p) for p in self.participants for s in p.missed]
        rows.sort(key=lambda row: (row[0].starts_at, row[0].pk, row[1].name))
        return rows


def attendance_report(event: Event, *, until: dt.datetime | None = None) -> AttendanceReport:
    """Attendance per session and per participant, in three queries.

    Only sessions that have ended by ``until`` (now) count: a session still to come is
    not missed yet (the dashboard while the event runs, and certificates).
    """
    until = until or timezone.now()
    sessions = list(counted_sessions(event, ended_by=until))
    for session in sessions:
        session.event = event
    participants = list(confirmed_participants(event))
    session_ids = {s.pk for s in sessions}
    checks = CheckIn.objects.filter(
        session__event=event, application__in=[p.pk for p in participants]
    ).values_list("session_id", "application_id", "late", "left_early")
    by_session = {s.pk: SessionAttendance(session=s, expected=len(participants)) for s in sessions}
    by_participant = {
        a.pk: ParticipantAttendance(
            application=a,
            name=participant_name(a),
            country=a.country.code or "",
            sessions_total=len(sessions),
        )
        for a in participants
    }
    seen: set[tuple[int, int]] = set()
    for session_id, application_id, late, left_early in checks:
        if session_id not in session_ids:
            continue
        seen.add((session_id, application_id))
        for row in (by_session[session_id], by_participant[application_id]):
            row.attended += 1
            row.late += int(late)
            row.left_early += int(left_early)
    for participant in by_participant.values():
        participant.missed = [s for s in sessions if (s.pk, participant.application.pk) not in seen]
    return AttendanceReport(
        event=event,
        sessions=list(by_session.values()),
        participants=sorted(
            by_participant.values(), key=lambda p: (p.name.lower(), p.application.pk)
        ),
    )


def pass_by_feed_token(token: str) -> Pass | None:
    """A pass that is not revoked, by its secret token, with what its card shows."""
    return (
        Pass.objects.filter(feed_token=token, revoked_at__isnull=True)
        .select_related("event", "application__applicant__profile")
        .first()
    )


def certificate_by_code(code: str) -> Certificate | None:
    normalised = (code or "").strip().upper()
    if not normalised or len(normalised) > 20:
        return None
    return Certificate.objects.filter(code=normalised).select_related("event__organisation").first()


def check_in_window_states(event: Event) -> dict[int, str]:
    """Session id -> recorded check-in window state (open/closed) for the event's sessions
    the periodic scan has seen; absent means not open yet."""
    return {
        state.session_id: state.window_state
        for state in SessionAttendanceState.objects.filter(session__event=event)
    }
