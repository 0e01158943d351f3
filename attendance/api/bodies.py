"""The check-in endpoints' answer bodies, built by hand.

These are the busiest endpoints; DRF rebuilding serializer fields per request cost more
than the SQL. The shapes are CheckInSerializer's and CheckInResultSerializer's (the
schema), which tests compare them against. Built from plain values so the full path
(model instances) and the one-statement path (a row) render through the same code.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from .. import selectors, services
from ..enums import CheckInMethod, CheckInResult


def check_in_data(check_in) -> dict:
    """A check-in row as the API shows it, from a CheckIn with its session and
    application (with applicant and profile) and checked_in_by loaded."""
    by = check_in.checked_in_by
    return _check_in_dict(
        check_in_id=check_in.pk,
        session_id=check_in.session_id,
        participant=selectors.participant_card(check_in.application),
        method=check_in.method,
        scanned_at=check_in.scanned_at,
        zone=check_in.session.zone,
        recorded_at=check_in.recorded_at,
        checked_in_by=selectors.account_name(by) if by else None,
        device=check_in.device,
        late=check_in.late,
        checked_out_at=check_in.checked_out_at,
        left_early=check_in.left_early,
    )


def outcome_body(outcome: services.CheckInOutcome) -> dict:
    """What a check-in or check-out request answers."""
    data = check_in_data(outcome.check_in)
    return _outcome_dict(
        result=outcome.result,
        replayed=outcome.replayed,
        message=services.check_in_message(outcome),
        data=data,
    )


def first_check_in_body(
    *,
    check_in_id: int,
    session_id: int,
    participant: dict,
    scanned_at: dt.datetime,
    zone,
    recorded_at: dt.datetime,
    checked_in_by: str,
    device: str,
    late: bool,
) -> dict:
    """``outcome_body`` of a check-in just recorded by pass code, from plain values."""
    data = _check_in_dict(
        check_in_id=check_in_id,
        session_id=session_id,
        participant=participant,
        method=CheckInMethod.QR,
        scanned_at=scanned_at,
        zone=zone,
        recorded_at=recorded_at,
        checked_in_by=checked_in_by,
        device=device,
        late=late,
        checked_out_at=None,
        left_early=False,
    )
    return _outcome_dict(
        result=CheckInResult.CHECKED_IN,
        replayed=False,
        message=services.checked_in_message(local=timezone.localtime(scanned_at, zone), late=late),
        data=data,
    )


def _check_in_dict(
    *,
    check_in_id: int,
    session_id: int,
    participant: dict,
    method: str,
    scanned_at: dt.datetime,
    zone,
    recorded_at: dt.datetime,
    checked_in_by: str | None,
    device: str,
    late: bool,
    checked_out_at: dt.datetime | None,
    left_early: bool,
) -> dict:
    return {
        "id": check_in_id,
        "session": session_id,
        "participant": participant,
        "method": method,
        "scanned_at": selectors.iso_utc(scanned_at),
        "scanned_at_local": timezone.localtime(scanned_at, zone).isoformat(),
        "recorded_at": selectors.iso_utc(recorded_at),
        "checked_in_by": checked_in_by,
        "device": device,
        "late": late,
        "checked_out_at": selectors.iso_utc(checked_out_at),
        "left_early": left_early,
    }


def _outcome_dict(*, result: str, replayed: bool, message: str, data: dict) -> dict:
    return {
        "result": result,
        "replayed": replayed,
        "message": message,
        "late": data["late"],
        "participant": data["participant"],
        "check_in": data,
    }
