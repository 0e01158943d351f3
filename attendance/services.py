"""Everything that changes attendance state: passes, check-ins, check-outs, certificates."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import re
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from backend.errors import BridgesError, ConflictError
from participants.enums import ApplicationStatus
from participants.models import Application
from programmes.enums import EventStatus, SessionStatus
from programmes.models import Event, Session

from . import qr
from .enums import CheckInMethod, CheckInResult
from .models import AttendancePolicy, Certificate, CheckIn, Pass, SessionAttendanceState
from .pdf import CertificateData, PassCardData, render_certificate_pdf, render_pass_card_pdf
from .selectors import (
    PASS_FOR_SCANS,
    account_name,
    attendance_report,
    event_over_at,
    participant_card,
    participant_name,
    policy_for,
)

logger = logging.getLogger(__name__)

NONCE_RE = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
# A device clock may run a little fast; beyond this a scan time is refused as wrong.
CLOCK_SKEW = dt.timedelta(minutes=5)
# Offline scans older than this are not accepted any more (a stale queue on a lost phone).
MAX_SCAN_AGE = dt.timedelta(days=2)
# Unambiguous letters and digits (no 0/O, 1/I/L) for codes people may type in.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


# Passes ---------------------------------------------------------------------------


def pass_for_application(*, application: Application) -> Pass:
    """The participant's pass, created on first use. Only confirmed participants have one."""
    if application.status != ApplicationStatus.CONFIRMED:
        raise BridgesError(_("Only confirmed participants have a pass."), code="not_confirmed")
    existing = Pass.objects.filter(application=application).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return Pass.objects.create(
                application=application,
                event_id=application.event_id,
                nonce=qr.new_nonce(),
                feed_token=secrets.token_urlsafe(32),
            )
    except IntegrityError:
        # Two first visits at once: the other one created it.
        return Pass.objects.get(application=application)


def pass_links(*, application: Application) -> dict[str, str]:
    """Absolute URLs for messages to a participant (their pass image and calendar feed);
    the notifications app calls this for the "event starts in 7 days" message."""
    pass_ = pass_for_application(application=application)
    return pass_urls(pass_=pass_, event_slug=application.event.slug)


def pass_urls(*, pass_: Pass, event_slug: str) -> dict[str, str]:
    """The pass's absolute URLs. Image, card and feed sit behind the pass's secret feed
    token (apps and printers cannot log in); a reissue or revocation ends them."""
    token = pass_.feed_token
    return {
        "qr_png": settings.SITE_URL + reverse("attendance:pass-qr", args=[token]),
        "pdf": settings.SITE_URL + reverse("attendance:pass-pdf", args=[token]),
        "ical": settings.SITE_URL + reverse("attendance:ical-feed", args=[token]),
        "agenda": settings.SITE_URL + reverse("attendance:my-agenda", args=[event_slug]),
    }


def pass_card_pdf(*, pass_: Pass) -> bytes:
    """The pass as a printable, wallet-sized card (name, event, dates, QR code). Drawn
    on each request: it is small, and it must carry the pass's current code."""
    event = pass_.event
    return render_pass_card_pdf(
        PassCardData(
            participant_name=participant_name(pass_.application),
            event_title=event.title,
            dates=_event_dates(event),
            place=str(event.host_country.name),
            code=pass_.code,
            heading=_("Pass"),
            note=_("Show this code at check-in."),
        )
    )


def pass_revoke(*, pass_: Pass, by) -> Pass:
    """Refuse the pass's code and calendar feed from now on (until reissued)."""
    with transaction.atomic():
        locked = Pass.objects.select_for_update().get(pk=pass_.pk)
        if locked.revoked_at is None:
            locked.revoked_at = timezone.now()
            locked.save(update_fields=["revoked_at"])
    logger.info("pass %s revoked by user %s", locked.pk, getattr(by, "pk", None))
    return locked


def pass_reissue(*, pass_: Pass, by) -> Pass:
    """A new code and feed URL; every earlier code of this pass stops working."""
    with transaction.atomic():
        locked = Pass.objects.select_for_update().get(pk=pass_.pk)
        locked.nonce = qr.new_nonce()
        locked.feed_token = secrets.token_urlsafe(32)
        locked.revoked_at = None
        locked.reissued_at = timezone.now()
        locked.save(update_fields=["nonce", "feed_token", "revoked_at", "reissued_at"])
    logger.info("pass %s reissued by user %s", locked.pk, getattr(by, "pk", None))
    return locked


# Check-in -------------------------------------------------------------------------


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


def _participant_from_code(*, session: Session, pass_code: str) -> Application:
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
    return pass_.application


def _participant_by_id(*, session: Session, application_id) -> Application:
    try:
        application_id = int(application_id)
    except (TypeError, ValueError):
        raise BridgesError(
            _("Give an application id."), code="invalid", field="application"
        ) from None
    application = (
        Application.objects.select_related("applicant__profile")
        .filter(pk=application_id, event_id=session.event_id)
        .first()
    )
    if application is None:
        raise BridgesError(
            _("No such participant in this event."), code="unknown_participant", field="application"
        )
    return application


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
        application = _participant_from_code(session=session, pass_code=pass_code)
        method = CheckInMethod.QR
    else:
        application = _participant_by_id(session=session, application_id=application_id)
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
    # The first check-in is the common case: insert straight away and let the two unique
    # constraints (nonce; session + participant) catch retries and repeats.
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
    """The answer when the INSERT met a unique constraint: a retry of an earlier request
    (same nonce) gets that request's answer; a repeat scan (another device, another
    nonce) says when and by whom. One query reads both candidates."""
    rows = list(
        CheckIn.objects.filter(
            Q(nonce=nonce) | Q(session=session, application=application)
        ).select_related("application__applicant__profile", "checked_in_by")
    )
    for row in rows:
        if row.nonce == nonce:
            if row.session_id != session.pk:
                raise ConflictError(
                    _("This nonce was already used for another session."), code="nonce_reused"
                )
            row.session = session
            return _outcome(row, CheckInResult.CHECKED_IN, replayed=True)
    if not rows:
        return None
    rows[0].session = session
    return _outcome(rows[0], CheckInResult.ALREADY_CHECKED_IN)


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
        application = _participant_from_code(session=session, pass_code=pass_code)
    else:
        application = _participant_by_id(session=session, application_id=application_id)
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


# Check-in windows ------------------------------------------------------------------


def check_in_windows_record(*, now: dt.datetime | None = None) -> tuple[int, int]:
    """Record on each session's attendance state that its check-in window opened or
    closed, once (a rerun, or two workers at once, change nothing more). Returns how
    many windows were marked opened and closed."""
    now = now or timezone.now()
    # Windows reach at most a day either side of the session (policy limit), so only
    # sessions near now can change; ones already recorded closed are done.
    limit = dt.timedelta(minutes=24 * 60)
    candidates = (
        Session.objects.filter(
            starts_at__lte=now + limit,
            ends_at__gte=now - limit - dt.timedelta(days=1),
            event__status=EventStatus.PUBLISHED,
        )
        .exclude(status=SessionStatus.CANCELLED)
        .exclude(attendance_state__check_in_closed_at__isnull=False)
        .select_related("event__attendance_policy", "attendance_state")
    )
    opened = closed = 0
    for session in candidates:
        opens, closes = policy_for(session.event).check_in_window(session)
        if now < opens:
            continue
        state, _created = SessionAttendanceState.objects.get_or_create(session=session)
        # Conditional UPDATEs: whoever runs first records the instant, later runs no-op.
        opened += SessionAttendanceState.objects.filter(
            pk=state.pk, check_in_opened_at__isnull=True
        ).update(check_in_opened_at=now)
        if now > closes:
            closed += SessionAttendanceState.objects.filter(
                pk=state.pk, check_in_closed_at__isnull=True
            ).update(check_in_closed_at=now)
    return opened, closed


# Policy ---------------------------------------------------------------------------


def policy_update(
    *,
    event: Event,
    certificate_threshold: int | None = None,
    late_grace_minutes: int | None = None,
    check_in_opens_minutes: int | None = None,
    check_in_closes_minutes: int | None = None,
) -> AttendancePolicy:
    if certificate_threshold is not None and not 0 <= certificate_threshold <= 100:
        raise BridgesError(
            _("The threshold is a percentage from 0 to 100."),
            code="invalid",
            field="certificate_threshold",
        )
    if late_grace_minutes is not None and not 0 <= late_grace_minutes <= 240:
        raise BridgesError(_("Give 0 to 240 minutes."), code="invalid", field="late_grace_minutes")
    for name, value in (
        ("check_in_opens_minutes", check_in_opens_minutes),
        ("check_in_closes_minutes", check_in_closes_minutes),
    ):
        if value is not None and not 0 <= value <= 24 * 60:
            raise BridgesError(_("Give 0 to 1440 minutes."), code="invalid", field=name)
    changes = {
        "certificate_threshold": certificate_threshold,
        "late_grace_minutes": late_grace_minutes,
        "check_in_opens_minutes": check_in_opens_minutes,
        "check_in_closes_minutes": check_in_closes_minutes,
    }
    with transaction.atomic():
        policy, _created = AttendancePolicy.objects.select_for_update().get_or_create(event=event)
        fields = []
        for name, value in changes.items():
            if value is not None:
                setattr(policy, name, value)
                fields.append(name)
        if fields:
            policy.save(update_fields=fields)
    return policy


# Certificates ---------------------------------------------------------------------


def new_certificate_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def certificate_verify_url(code: str) -> str:
    return settings.SITE_URL + reverse("attendance:certificate-verify", args=[code])


def _event_dates(event: Event) -> str:
    start = formats.date_format(event.start_date, "j F Y")
    end = formats.date_format(event.end_date, "j F Y")
    return start if event.start_date == event.end_date else f"{start} – {end}"


def certificate_render(*, certificate: Certificate) -> None:
    """Write (or rewrite) the certificate's PDF and point the row at it."""
    event = certificate.event
    data = CertificateData(
        participant_name=certificate.participant_name,
        event_title=event.title,
        organisation_name=event.organisation.name,
        dates=_event_dates(event),
        place=str(event.host_country.name),
        attendance_percent=certificate.attendance_percent,
        code=certificate.code,
        verify_url=certificate_verify_url(certificate.code),
        heading=_("Certificate of participation"),
        body=_("took part in"),
        attendance_label=_("Attendance"),
        code_label=_("Verification code"),
    )
    pdf = render_certificate_pdf(data)
    name = f"certificates/{event.pk}/{certificate.code}.pdf"
    storage = certificate.pdf.storage
    if storage.exists(name):
        storage.delete(name)
    saved = storage.save(name, ContentFile(pdf))
    Certificate.objects.filter(pk=certificate.pk).update(pdf=saved)
    certificate.pdf.name = saved


def certificate_issue_check(*, event: Event, now: dt.datetime | None = None) -> None:
    """Refuse while the event runs: a session still to come is no absence yet, and a
    certificate says how much of the whole event someone attended."""
    over_at = event_over_at(event)
    if (now or timezone.now()) < over_at:
        raise ConflictError(
            _("Certificates can be issued once the event is over (%(when)s, %(zone)s).")
            % {
                "when": formats.date_format(over_at.astimezone(event.zone), "j F Y, H:i"),
                "zone": event.time_zone,
            },
            code="event_not_over",
        )


def certificate_issue_for_event(
    *, event: Event, now: dt.datetime | None = None
) -> list[Certificate]:
    """Issue certificates to participants at or above the event's attendance threshold.

    Only once the event is over (certificate_issue_check, ConflictError otherwise).
    Idempotent: who already has one keeps it (same code); a rerun only adds newcomers
    over the threshold and renders any PDF a crashed run left missing. Runs for the same
    event are serialised on the policy row. Returns the certificates created now.
    """
    now = now or timezone.now()
    certificate_issue_check(event=event, now=now)
    created: list[Certificate] = []
    with transaction.atomic():
        AttendancePolicy.objects.get_or_create(event=event)
        policy = AttendancePolicy.objects.select_for_update().get(event=event)
        report = attendance_report(event, until=now)
        have = set(Certificate.objects.filter(event=event).values_list("application_id", flat=True))
        for row in report.participants:
            if row.application.pk in have or not row.sessions_total:
                continue
            if row.percent < policy.certificate_threshold:
                continue
            created.append(
                Certificate.objects.create(
                    application=row.application,
                    event=event,
                    code=new_certificate_code(),
                    participant_name=row.name,
                    attendance_percent=row.percent,
                    sessions_attended=row.attended,
                    sessions_total=row.sessions_total,
                )
            )
        policy.certificates_issued_at = now
        policy.save(update_fields=["certificates_issued_at"])
    # PDFs are written after the rows are committed; a crash here is repaired by a rerun.
    for certificate in Certificate.objects.filter(event=event, pdf="").select_related(
        "event__organisation"
    ):
        certificate_render(certificate=certificate)
    return created
