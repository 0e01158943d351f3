"""An event's attendance policy (threshold, grace, check-in window) and the record of
each session's window opening and closing."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import log_action, snapshot
from backend.content_language import content_columns
from backend.content_writing import texts_in_languages
from backend.errors import BridgesError
from programmes.caching import bump_version
from programmes.enums import EventStatus, SessionStatus
from programmes.models import Event, Session

from ..models import AttendancePolicy, SessionAttendanceState
from ..selectors import POLICIES_VERSION_KEY, policy_for
from ..translation import CERTIFICATE_TEXTS


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
        before = snapshot(policy, changes)
        fields = []
        for name, value in changes.items():
            if value is not None:
                setattr(policy, name, value)
                fields.append(name)
        if fields:
            policy.save(update_fields=fields)
            log_action(policy, "attendance.policy.changed", before=before)
            # The scans read sessions with their policy from the cache under this version.
            bump_version(POLICIES_VERSION_KEY)
    return policy


def certificate_texts_update(*, event: Event, texts: dict[str, str], by) -> AttendancePolicy:
    """What the event's certificates say, by language (``certificate_body_fr``); an
    empty language falls back (``backend.content_language.fallback_order``), and with
    no text in any language the certificate keeps Bridges' own wording. Applies to the
    certificates rendered from now on. A text in a language the event does not use is
    refused (``backend.content_writing``)."""
    allowed = content_columns(*CERTIFICATE_TEXTS)
    unknown = sorted(set(texts) - allowed)
    if unknown:
        raise BridgesError(
            _("This field cannot be set here."), code="unknown_field", field=unknown[0]
        )
    with transaction.atomic():
        policy, _created = AttendancePolicy.objects.select_for_update().get_or_create(event=event)
        texts = texts_in_languages(
            texts, CERTIFICATE_TEXTS, event.working_languages, instance=policy
        )
        before = snapshot(policy, texts)
        for name, value in texts.items():
            setattr(policy, name, " ".join(str(value or "").split()) or None)
        policy.full_clean(exclude=["event"])
        policy.save(update_fields=list(texts))
        log_action(policy, "attendance.policy.changed", user=by, before=before)
    return policy


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
