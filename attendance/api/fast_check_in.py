"""The check-in endpoint's common case, a scanning device's first valid scan, in one
SQL statement.

In the minutes before a session, staff devices scan hundreds of passes and nearly every
scan is a first, valid check-in. ``services.check_in_record`` answers it with four ORM
queries (token, session with permission, pass, INSERT) and about 15 ms of Python, most
of it building those queries. Here the same rules run inside one INSERT ... SELECT that
inserts the row only when all of them hold: the token names an active user on the
staff of the session's organisation; the session is not cancelled and its check-in
window holds the scan time; the pass is this event's, current (nonce) and not revoked;
the participant is confirmed; and neither the nonce nor (session, participant) has a
check-in yet (the two unique constraints, ON CONFLICT DO NOTHING). The answer is built
from the returned row by the same code as the full path's.

Anything else returns None and the full path runs: every refusal, a repeat scan, a
replayed nonce, a browser session (session authentication comes first in DRF and
checks CSRF), a scan time without a zone, input the serializer would reshape. So the
messages and every refusal stay in ``services``; this module only ever says yes.
tests/attendance/test_fast_check_in.py runs each case through both paths and compares.
"""

from __future__ import annotations

import functools
import json
import zoneinfo

import psycopg
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, InterfaceError, OperationalError, connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from participants.enums import ApplicationStatus
from participants.models import Application, Profile
from programmes.enums import MANAGING_ROLES, MemberRole, SessionStatus
from programmes.models import Event, Membership, Session, Venue

from .. import qr, selectors
from ..enums import (
    DEFAULT_CHECK_IN_CLOSES_MINUTES,
    DEFAULT_CHECK_IN_OPENS_MINUTES,
    DEFAULT_LATE_GRACE_MINUTES,
    CheckInMethod,
)
from ..models import AttendancePolicy, CheckIn, Pass
from ..services import (
    CLOCK_SKEW,
    MAX_SCAN_AGE,
    NONCE_RE,
    savepoint_if_needed,
)
from . import bodies

# The input serializer's limits (CheckInInputSerializer); longer input takes the full path
# and gets its 400 there.
PASS_CODE_MAX_LENGTH = 500
DEVICE_MAX_LENGTH = 100
SCANNING_ROLES = sorted(str(role) for role in MANAGING_ROLES | {MemberRole.STAFF})


@functools.cache
def _statement() -> str:
    """The INSERT ... SELECT, with table and column names read off the models once."""
    from rest_framework.authtoken.models import Token

    def table(model) -> str:
        return connection.ops.quote_name(model._meta.db_table)

    def literal(value: str) -> str:
        # Our own enum values, never input: plain words, checked to stay that way.
        if not value.replace("_", "").isalnum():
            raise ValueError(value)
        return f"'{value}'"

    user = get_user_model()
    return f"""
WITH staff AS (
    SELECT u.id, u.username, u.first_name, u.last_name
    FROM {table(Token)} t JOIN {table(user)} u ON u.id = t.user_id
    WHERE t.key = %(token)s AND u.is_active
), target AS (
    SELECT s.id, s.event_id, s.starts_at, s.venue_id, v.time_zone AS venue_zone,
           e.time_zone AS event_zone,
           COALESCE(p.late_grace_minutes, {DEFAULT_LATE_GRACE_MINUTES:d}) AS grace
    FROM {table(Session)} s
    JOIN {table(Event)} e ON e.id = s.event_id
    LEFT JOIN {table(Venue)} v ON v.id = s.venue_id
    LEFT JOIN {table(AttendancePolicy)} p ON p.event_id = s.event_id
    WHERE s.id = %(session)s AND s.status <> {literal(SessionStatus.CANCELLED)}
      AND %(scanned_at)s >= s.starts_at
          - make_interval(mins => COALESCE(p.check_in_opens_minutes, {DEFAULT_CHECK_IN_OPENS_MINUTES:d}))
      AND %(scanned_at)s <= s.ends_at
          + make_interval(mins => COALESCE(p.check_in_closes_minutes, {DEFAULT_CHECK_IN_CLOSES_MINUTES:d}))
      AND EXISTS (
          SELECT 1 FROM {table(Membership)} m JOIN staff ON staff.id = m.user_id
          WHERE m.organisation_id = e.organisation_id AND m.role IN ({", ".join(literal(role) for role in SCANNING_ROLES)})
      )
), participant AS (
    SELECT a.id, a.country, u.id AS user_id, u.username, u.first_name, u.last_name,
           pr.id AS profile_id, pr.full_name, pr.photo_storage_name, pr.photo_updated_at
    FROM {table(Pass)} ps
    JOIN target ON target.event_id = ps.event_id
    JOIN {table(Application)} a ON a.id = ps.application_id
    JOIN {table(user)} u ON u.id = a.applicant_id
    LEFT JOIN {table(Profile)} pr ON pr.user_id = u.id
    WHERE ps.id = %(pass_id)s AND ps.nonce = %(pass_nonce)s AND ps.revoked_at IS NULL
      AND a.status = {literal(ApplicationStatus.CONFIRMED)}
), inserted AS (
    INSERT INTO {table(CheckIn)} (session_id, application_id, nonce, method, scanned_at,
        recorded_at, checked_in_by_id, device, late, checked_out_at, checked_out_by_id,
        left_early)
    SELECT target.id, participant.id, %(nonce)s, {literal(CheckInMethod.QR)}, %(scanned_at)s, %(now)s,
           staff.id, %(device)s,
           %(scanned_at)s > target.starts_at + make_interval(mins => target.grace),
           NULL, NULL, false
    FROM staff, target, participant
    ON CONFLICT DO NOTHING
    RETURNING id, late
)
SELECT inserted.id, inserted.late, target.venue_zone, target.event_zone,
       participant.id, participant.country, participant.user_id, participant.username,
       participant.first_name, participant.last_name, participant.full_name,
       participant.photo_storage_name, participant.photo_updated_at,
       staff.username, staff.first_name, staff.last_name
FROM inserted, target, participant, staff
"""


class _PreparingCursor(psycopg.Cursor):
    """Executes as a server-side prepared statement from the first scan on: PostgreSQL
    plans the statement once per connection instead of on every scan (planning it costs
    more than running it). Where prepared statements are off for the connection
    (DATABASE_PREPARED_STATEMENTS=false, behind PgBouncer), psycopg ignores the request."""

    def execute(self, query, params=None, **kwargs):
        return super().execute(query, params, prepare=True, **kwargs)


def _prepared_cursor():
    """Django's cursor wrapper (error translation, query log) around a preparing cursor."""
    # No health check (a SELECT 1 per request): a connection that went stale since the
    # last request fails the statement instead, and the full path's check reconnects.
    connection.ensure_connection()
    raw = _PreparingCursor(connection.connection)
    if connection.queries_logged:
        return connection.make_debug_cursor(raw)
    return connection.make_cursor(raw)


def _token(request) -> str | None:
    """The key of an ``Authorization: Token <key>`` request that DRF would authenticate
    by token: one without a session cookie (SessionAuthentication goes first)."""
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return None
    parts = request.META.get("HTTP_AUTHORIZATION", "").split()
    if len(parts) != 2 or parts[0].lower() != "token":
        return None
    return parts[1]


def _text(value, max_length: int) -> str | None:
    """A string field as the serializer's CharField leaves it (trimmed), or None when
    the serializer would reshape or refuse it."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value if len(value) <= max_length else None


def _scan_input(request) -> dict | None:
    """The body of a first check-in by pass code, or None for anything else."""
    if request.content_type != "application/json":
        return None
    try:
        body = json.loads(request.body)
    except ValueError:
        return None
    if not isinstance(body, dict) or "application" in body:
        return None
    pass_code = _text(body.get("pass_code"), PASS_CODE_MAX_LENGTH)
    nonce = _text(body.get("nonce"), 64)
    device = _text(body.get("device", ""), DEVICE_MAX_LENGTH)
    if not pass_code or nonce is None or not NONCE_RE.match(nonce) or device is None:
        return None
    scanned_at = None
    if "scanned_at" in body:
        text = body["scanned_at"]
        try:
            scanned_at = parse_datetime(text) if isinstance(text, str) else None
        except ValueError:
            return None
        if scanned_at is None or timezone.is_naive(scanned_at):
            return None
    return {"pass_code": pass_code, "nonce": nonce, "device": device, "scanned_at": scanned_at}


def try_check_in(request, *, session_id: int) -> dict | None:
    """Record a first, valid check-in by pass code in one statement and return the
    answer's body; None when this request is not that case (the caller runs the full
    path)."""
    if connection.vendor != "postgresql":
        return None
    token = _token(request)
    if token is None:
        return None
    values = _scan_input(request)
    if values is None:
        return None
    try:
        code = qr.read_code(values["pass_code"])
    except qr.InvalidCode:
        return None
    now = timezone.now()
    scanned_at = values["scanned_at"] or now
    if not now - MAX_SCAN_AGE <= scanned_at <= now + CLOCK_SKEW:
        return None
    params = {
        "token": token,
        "session": session_id,
        "scanned_at": scanned_at,
        "now": now,
        "pass_id": code.pass_id,
        "pass_nonce": code.nonce,
        "nonce": values["nonce"],
        "device": values["device"],
    }
    try:
        with savepoint_if_needed(), _prepared_cursor() as cursor:
            cursor.execute(_statement(), params)
            row = cursor.fetchone()
    except IntegrityError:
        # The pass or session was deleted while we inserted: the full path explains.
        return None
    except (OperationalError, InterfaceError):
        if connection.in_atomic_block:
            raise
        # A stale connection (the database restarted since the last request): drop it
        # and let the full path connect afresh. Had the INSERT committed before the
        # link broke, the full path answers the scan as a replay.
        connection.close()
        return None
    if row is None:
        return None
    (check_in_id, late, venue_zone, event_zone, application_id, country) = row[:6]
    (user_id, username, first_name, last_name, full_name, photo_name, photo_at) = row[6:13]
    (staff_username, staff_first_name, staff_last_name) = row[13:16]
    photo_url = None
    if photo_name:
        photo_url = Profile(
            user_id=user_id, photo_storage_name=photo_name, photo_updated_at=photo_at
        ).photo_url
    participant = selectors.card(
        application_id=application_id,
        name=selectors.person_name(
            full_name=full_name or "",
            first_name=first_name,
            last_name=last_name,
            username=username,
        ),
        country=country or "",
        photo_url=photo_url,
    )
    return bodies.first_check_in_body(
        check_in_id=check_in_id,
        session_id=session_id,
        participant=participant,
        scanned_at=scanned_at,
        zone=_zone(venue_zone or event_zone),
        recorded_at=now,
        checked_in_by=selectors.person_name(
            full_name="",
            first_name=staff_first_name,
            last_name=staff_last_name,
            username=staff_username,
        ),
        device=values["device"],
        late=late,
    )


@functools.lru_cache(maxsize=256)
def _zone(name: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(name)
