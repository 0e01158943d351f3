"""Checking a participant in to a session and out again, at the door or from a queued
offline scan; the answer is one CheckInOutcome that the API renders."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import secrets
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from backend.errors import BridgesError, ConflictError
from participants.enums import ApplicationStatus
from participants.models import Application
from programmes.enums import SessionStatus
from programmes.models import Session

from .. import qr
from ..enums import CheckInMethod, CheckInResult
from ..models import AttendancePolicy, CheckIn, Pass
from ..selectors import PASS_FOR_SCANS, account_name, participant_card, participant_name, policy_for

NONCE_RE = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
# A device clock may run a little fast; beyond this a scan time is refused as wrong.
CLOCK_SKEW = dt.timedelta(minutes=5)
# Offline scans older than this are not accepted any more (a stale queue on a lost phone).
MAX_SCAN_AGE = dt.timedelta(days=2)


@dataclass(frozen=True)
class CheckInOutcome:
    """What a check-in or check-out request did, and what to tell the person at the door.
    The API renders it with CheckInResultSerializer."""

    check_in: CheckIn
    result: CheckInResult
    message: str
    created: bool
    # True when this nonce was seen before: the answer is the first request's.
    replayed: bool = False

    @property
    def late(self) -> bool:
        return self.check_in.late

    @property
    def participant(self) -> dict:
        return participant_card(self.check_in.application)


def _outcome(
    check_in: CheckIn, result: CheckInResult, *, created: bool = False, replayed: bool = False
) -> CheckInOutcome:
    return CheckInOutcome(
        check_in=check_in,
        result=result,
        message=_check_in_message(check_in, result),
        created=created,
        replayed=replayed,
    )


def _check_in_message(check_in: CheckIn, result: CheckInResult) -> str:
    zone = check_in.session.zone
    if result in (CheckInResult.CHECKED_OUT, CheckInResult.ALREADY_CHECKED_OUT):
        left = formats.time_format(timezone.localtime(check_in.checked_out_at, zone), "H:i")
        if result == CheckInResult.ALREADY_CHECKED_OUT:
            return _("Already checked out at %(time)s.") % {"time": left}
        if check_in.left_early:
            return _("Checked out at %(time)s (left early).") % {"time": left}
        return _("Checked out at %(time)s.") % {"time": left}
    when = formats.time_format(timezone.localtime(check_in.scanned_at, zone), "H:i")
    if result == CheckInResult.ALREADY_CHECKED_IN:
        by = check_in.checked_in_by
        return _("Already checked in at %(time)s by %(name)s.") % {
            "time": when,
            "name": account_name(by) if by else _("someone no longer on the team"),
        }
    if check_in.late:
        return _("Checked in at %(time)s (late).") % {"time": when}
    return _("Checked in at %(time)s.") % {"time": when}


def _checked_in_here(session: Session, application_ref: str) -> Exists:
    """Whether the participant (``application_ref``, from the outer query) has a check-in
    at ``session``: read with the participant, so that a repeat scan is a plain read."""
    return Exists(
        CheckIn.objects.filter(session_id=session.pk, application_id=OuterRef(application_ref))
    )


def _participant_from_code(*, session: Session, pass_code: str) -> tuple[Application, bool]:
    try:
        code = qr.read_code(pass_code)
    except qr.InvalidCode:
        raise BridgesError(
            _("This is not a valid Bridges pass."), code="invalid_code", field="pass_code"
        ) from None
    pass_ = (
        # The event is loaded only for the wrong-event message.
        Pass.objects.select_related("application__applicant__profile")
        .only(*PASS_FOR_SCANS)
        .annotate(checked_in_here=_checked_in_here(session, "application_id"))
        .filter(pk=code.pass_id)
        .first()
    )
    if pass_ is None:
        raise BridgesError(
            _("This pass does not exist any more."), code="unknown_pass", field="pass_code"
        )
    if pass_.event_id != session.event_id:
        raise BridgesError(
            _("This pass is for another event (%(event)s).") % {"event": pass_.event.title},
            code="wrong_event",
            field="pass_code",
        )
    if pass_.revoked_at is not None or not secrets.compare_digest(pass_.nonce, code.nonce):
        raise BridgesError(
            _("This pass has been revoked. Ask the participant to open their current pass."),
            code="revoked_code",
            field="pass_code",
        )
    return pass_.application, pass_.checked_in_here


def _participant_by_id(*, session: Session, application_id) -> tuple[Application, bool]:
    try:
        application_id = int(application_id)
    except (TypeError, ValueError):
        raise BridgesError(
            _("Give an application id."), code="invalid", field="application"
        ) from None
    application = (
        Application.objects.select_related("applicant__profile")
        .annotate(checked_in_here=_checked_in_here(session, "pk"))
        .filter(pk=application_id, event_id=session.event_id)
        .first()
    )
    if application is None:
        raise BridgesError(
            _("No such participant in this event."), code="unknown_participant", field="application"
        )
    return application, application.checked_in_here


def check_in_record(
    *,
    session: Session,
    by,
    nonce: str,
    pass_code: str | None = None,
    application_id: int | None = None,
    scanned_at: dt.datetime | None = None,
    device: str = "",
) -> CheckInOutcome:
    """Check a participant in to a session, once.

    ``session`` comes with its event, policy and venue loaded, and the caller has
    checked that ``by`` may scan there (the API's one session query does both).
    Identified by a pass code (QR) or an application id (name search). Idempotent by
    ``nonce``: the same nonce again returns the first answer (once the code still
    validates: a replay after the pass was revoked is refused, but was counted once).
    A second check-in of the same person to the same session (another device, another
    nonce) records nothing and says when and by whom they were checked in. Both rules
    are unique constraints, so two devices scanning at the same instant make one row.
    """
    if not isinstance(nonce, str) or not NONCE_RE.match(nonce):
        raise BridgesError(
            _("Give a nonce of 8 to 64 letters, digits, '-' or '_'."), code="invalid", field="nonce"
        )
    if bool(pass_code) == bool(application_id):
        raise BridgesError(
            _("Give either a pass code or an application id."), code="required", field="pass_code"
        )
    if pass_code:
        application, checked_in_here = _participant_from_code(session=session, pass_code=pass_code)
        method = CheckInMethod.QR
    else:
        application, checked_in_here = _participant_by_id(
            session=session, application_id=application_id
        )
        method = CheckInMethod.SEARCH
    if application.status != ApplicationStatus.CONFIRMED:
        raise BridgesError(
            _("%(name)s is not a confirmed participant of this event.")
            % {"name": participant_name(application)},
            code="not_confirmed",
            field="pass_code" if pass_code else "application",
        )
    if session.status == SessionStatus.CANCELLED:
        raise ConflictError(_("This session has been cancelled."), code="session_cancelled")

    now = timezone.now()
    scanned_at = scanned_at or now
    if scanned_at > now + CLOCK_SKEW:
        raise BridgesError(_("The scan time is in the future."), code="invalid", field="scanned_at")
    if scanned_at < now - MAX_SCAN_AGE:
        raise BridgesError(
            _("This scan is too old to be accepted."), code="stale", field="scanned_at"
        )

    policy = policy_for(session.event)
    _check_window_open(session=session, policy=policy, at=scanned_at)
    grace = dt.timedelta(minutes=policy.late_grace_minutes)
    if checked_in_here:
        # A repeat or a retry: read what was recorded (the participant's read said so).
        earlier = _earlier_check_in(session=session, application=application, nonce=nonce)
        if earlier is not None:
            return earlier
    # The first check-in: insert, and let the two unique constraints (nonce; session +
    # participant) catch a request that raced this one or a nonce used elsewhere.
    try:
        with _savepoint_in_transaction():
            check_in = CheckIn.objects.create(
                session=session,
                application=application,
                nonce=nonce,
                method=method,
                scanned_at=scanned_at,
                checked_in_by=by,
                device=(device or "")[:100],
                late=scanned_at > session.starts_at + grace,
            )
    except IntegrityError:
        earlier = _earlier_check_in(session=session, application=application, nonce=nonce)
        if earlier is None:
            raise
        return earlier
    return _outcome(check_in, CheckInResult.CHECKED_IN, created=True)


def _check_window_open(*, session: Session, policy: AttendancePolicy, at: dt.datetime) -> None:
    """Refuse a scan made outside the session's check-in window. ``at`` is the device's
    scan time, so a scan queued offline while the window was open still counts."""
    opens, closes = policy.check_in_window(session)
    if opens <= at <= closes:
        return
    if at < opens:
        message = _("Check-in for %(session)s opens at %(time)s.")
        code, instant = "check_in_not_open", opens
    else:
        message = _("Check-in for %(session)s closed at %(time)s.")
        code, instant = "check_in_closed", closes
    local = timezone.localtime(instant, session.zone)
    when = f"{formats.date_format(local, 'SHORT_DATE_FORMAT')} {formats.time_format(local, 'H:i')}"
    raise ConflictError(
        message % {"session": session.title, "time": f"{when} {local.tzname()}"}, code=code
    )


def _savepoint_in_transaction():
    """A savepoint inside a transaction, so that an IntegrityError leaves it usable; in
    autocommit (a web request) the INSERT is its own transaction and needs none."""
    if transaction.get_autocommit():
        return contextlib.nullcontext()
    return transaction.atomic()


def _earlier_check_in(
    *, session: Session, application: Application, nonce: str
) -> CheckInOutcome | None:
    """The answer for a participant already checked in here: a retry of an earlier request
    (same nonce) gets that request's answer; a repeat scan (another device, another
    nonce) says when and by whom. One query reads both candidates; the participant
    already loaded is reused (joining it again cost more than the rest of the query)."""
    rows = list(
        CheckIn.objects.filter(
            Q(nonce=nonce) | Q(session=session, application=application)
        ).select_related("checked_in_by")
    )
    for row in rows:
        if row.nonce == nonce:
            if row.session_id != session.pk:
                raise ConflictError(
                    _("This nonce was already used for another session."), code="nonce_reused"
                )
            return _outcome(
                _attach(row, session, application), CheckInResult.CHECKED_IN, replayed=True
            )
    if not rows:
        return None
    return _outcome(_attach(rows[0], session, application), CheckInResult.ALREADY_CHECKED_IN)


def _attach(row: CheckIn, session: Session, application: Application) -> CheckIn:
    """``row`` with the session and participant the caller holds; a nonce replayed with
    another participant's pass (a confused client) answers with the first participant."""
    row.session = session
    if row.application_id == application.pk:
        row.application = application
    else:
        row.application = Application.objects.select_related("applicant__profile").get(
            pk=row.application_id
        )
    return row


def _existing(*, session: Session, application: Application) -> CheckIn | None:
    found = (
        CheckIn.objects.filter(session=session, application=application)
        .select_related("checked_in_by")
        .first()
    )
    if found is not None:
        found.session = session
        found.application = application
    return found


def check_out_record(*, check_in: CheckIn, by, left_at: dt.datetime | None = None) -> CheckIn:
    """Record that the participant left; before the end (less the grace) is an early leave."""
    now = timezone.now()
    left_at = left_at or now
    if left_at > now + CLOCK_SKEW:
        raise BridgesError(_("The time is in the future."), code="invalid", field="left_at")
    with transaction.atomic():
        locked = (
            CheckIn.objects.select_for_update().select_related("session__event").get(pk=check_in.pk)
        )
        if locked.checked_out_at is not None:
            raise ConflictError(_("Already checked out."), code="already_checked_out")
        if left_at < locked.scanned_at:
            raise BridgesError(
                _("Leaving before arriving is not possible."), code="invalid", field="left_at"
            )
        grace = dt.timedelta(minutes=policy_for(locked.session.event).late_grace_minutes)
        locked.checked_out_at = left_at
        locked.checked_out_by = by
        locked.left_early = left_at < locked.session.ends_at - grace
        locked.save(update_fields=["checked_out_at", "checked_out_by", "left_early"])
    return locked


def check_out_participant(
    *,
    session: Session,
    by,
    pass_code: str | None = None,
    application_id: int | None = None,
    left_at: dt.datetime | None = None,
) -> CheckInOutcome:
    """Check out by pass or name (the staff page at the door as people leave).

    Idempotent for the offline queue: a second check-out answers "already checked
    out" with the first time instead of an error.
    """
    if bool(pass_code) == bool(application_id):
        raise BridgesError(
            _("Give either a pass code or an application id."), code="required", field="pass_code"
        )
    if pass_code:
        application, _here = _participant_from_code(session=session, pass_code=pass_code)
    else:
        application, _here = _participant_by_id(session=session, application_id=application_id)
    check_in = _existing(session=session, application=application)
    if check_in is None:
        raise ConflictError(
            _("%(name)s was not checked in to this session.")
            % {"name": participant_name(application)},
            code="not_checked_in",
        )
    if check_in.checked_out_at is not None:
        return _outcome(check_in, CheckInResult.ALREADY_CHECKED_OUT)
    try:
        updated = check_out_record(check_in=check_in, by=by, left_at=left_at)
    except ConflictError:
        # Another device checked them out a moment ago.
        updated = CheckIn.objects.select_related("checked_in_by").get(pk=check_in.pk)
        result = CheckInResult.ALREADY_CHECKED_OUT
    else:
        result = CheckInResult.CHECKED_OUT
    updated.session = session
    updated.application = application
    return _outcome(updated, result, created=result == CheckInResult.CHECKED_OUT)
