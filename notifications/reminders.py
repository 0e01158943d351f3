"""Periodic scans for reminders that are due.

No far-future ETA tasks: every minute each scan asks "what is due now?" and queues one
outbox row per person and occasion under an idempotency key such as
``session-reminder:1h:<session>:<user>``. The unique key (ON CONFLICT DO NOTHING) makes
the scans safe to run twice at once (two beat processes) and after a restart; a scan
that was down catches up on anything still in its window.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from programmes.enums import EventStatus, SessionStatus
from programmes.models import Event, Session

from .enums import MessageKind
from .models import Message
from .references import ref, with_refs
from .rendering import time_entry
from .selectors import event_participants
from .services import MessageSpec, messages_queue_many

log = logging.getLogger(__name__)

SESSION_REMINDERS = (("24h", dt.timedelta(hours=24)), ("1h", dt.timedelta(hours=1)))
CALL_CLOSING = (("72h", dt.timedelta(hours=72)), ("24h", dt.timedelta(hours=24)))
AGENDA_HOUR = 7
EVENT_SOON = dt.timedelta(days=7)
FEEDBACK_WINDOW = dt.timedelta(days=7)
CONFIRMATION_WARNING = dt.timedelta(hours=48)
CONSENT_PENDING_AFTER = dt.timedelta(days=3)


def _event_link(event: Event) -> str:
    return f"{settings.SITE_URL}/events/{event.slug}/"


def _applications_link() -> str:
    return f"{settings.SITE_URL}/me/applications/"


class _Participants:
    """Confirmed participants per event, fetched once per scan."""

    def __init__(self) -> None:
        self.cache: dict[int, list] = {}

    def __call__(self, event_id: int) -> list:
        if event_id not in self.cache:
            self.cache[event_id] = list(event_participants(event_id=event_id))
        return self.cache[event_id]


def scan_session_reminders(*, now: dt.datetime | None = None) -> int:
    """24 h and 1 h before each session, to each participant of that session.

    Only the nearest reminder is sent: a session created 3 h before it starts gets
    its 24 h reminder at once, one created 30 min before gets only the 1 h one.
    """
    now = now or timezone.now()
    sessions = (
        Session.objects.filter(
            event__status=EventStatus.PUBLISHED,
            starts_at__gt=now,
            starts_at__lte=now + SESSION_REMINDERS[0][1],
        )
        .exclude(status=SessionStatus.CANCELLED)
        .select_related("event", "venue")
        .order_by("starts_at", "pk")
    )
    participants = _Participants()
    specs = []
    for session in sessions:
        label = next(
            lbl for lbl, before in reversed(SESSION_REMINDERS) if session.starts_at - before <= now
        )
        context = with_refs(
            {
                "event_title": session.event.title,
                "session_title": session.title,
                "venue": str(session.venue) if session.venue_id else "",
                "times": {"session_start": time_entry(session.starts_at, str(session.zone))},
                "link": _event_link(session.event),
                "reminder": label,
            },
            {"session_title": ref(session, "title"), "venue": ref(session.venue)},
        )
        for user in participants(session.event_id):
            specs.append(
                MessageSpec(
                    kind=MessageKind.SESSION_REMINDER,
                    idempotency_key=f"session-reminder:{label}:{session.pk}:{user.pk}",
                    recipient=user,
                    context=context,
                    event_id=session.event_id,
                )
            )
    return messages_queue_many(specs)


def _events_around(now: dt.datetime, before: int, after: int):
    """Published events whose days lie near today (dates are local; a day's slack covers zones)."""
    today = now.date()
    return Event.objects.filter(
        status=EventStatus.PUBLISHED,
        start_date__lte=today + dt.timedelta(days=before),
        end_date__gte=today - dt.timedelta(days=after),
    ).order_by("pk")


def scan_daily_agenda(*, now: dt.datetime | None = None) -> int:
    """At 07:00 local time on each event day, that day's agenda to every participant."""
    now = now or timezone.now()
    participants = _Participants()
    specs = []
    for event in _events_around(now, 1, 1):
        local = now.astimezone(event.zone)
        day = local.date()
        if not (event.start_date <= day <= event.end_date) or local.hour < AGENDA_HOUR:
            continue
        day_start = dt.datetime.combine(day, dt.time.min, tzinfo=event.zone)
        sessions = list(
            event.sessions.filter(
                starts_at__gte=day_start, starts_at__lt=day_start + dt.timedelta(days=1)
            )
            .exclude(status=SessionStatus.CANCELLED)
            .select_related("venue")
            .order_by("starts_at", "pk")
        )
        if not sessions:
            continue
        refs = {}
        for index, s in enumerate(sessions):
            refs[f"sessions.{index}.title"] = ref(s, "title")
            refs[f"sessions.{index}.venue"] = ref(s.venue)
        context = {
            "event_title": event.title,
            "day": day.isoformat(),
            "sessions": [
                {
                    "title": s.title,
                    "starts_at": s.starts_at.isoformat(),
                    "ends_at": s.ends_at.isoformat(),
                    "zone": str(s.zone),
                    "venue": str(s.venue) if s.venue_id else "",
                }
                for s in sessions
            ],
            "link": _event_link(event),
        }
        context = with_refs(context, refs)
        for user in participants(event.pk):
            specs.append(
                MessageSpec(
                    kind=MessageKind.DAILY_AGENDA,
                    idempotency_key=f"daily-agenda:{event.pk}:{day.isoformat()}:{user.pk}",
                    recipient=user,
                    context=context,
                    event_id=event.pk,
                )
            )
    return messages_queue_many(specs)


def _pass_links(application) -> dict[str, str]:
    """The participant's pass (QR) and calendar feed links, from the attendance app."""
    try:
        from attendance.services import pass_links
    except ImportError:  # attendance not installed: the message goes without them
        return {}
    return pass_links(application=application)


def scan_event_starts_soon(*, now: dt.datetime | None = None) -> int:
    """Seven days before the first day (local midnight): practical information, with
    each participant's own pass and calendar links."""
    now = now or timezone.now()
    application = apps.get_model("participants", "Application")
    specs = []
    for event in _events_around(now, 8, 0):
        starts = event.starts_at()
        if not (starts - EVENT_SOON <= now < starts):
            continue
        legs = [
            f"{leg.city} ({leg.start_date:%Y-%m-%d} – {leg.end_date:%Y-%m-%d})"
            for leg in event.legs.all()
        ]
        base = {
            "event_title": event.title,
            "times": {"event_start": time_entry(starts, event.time_zone)},
            "legs": legs,
            "online_url": event.online_url,
            "link": _event_link(event),
        }
        due = Message.objects.filter(event=event, kind=MessageKind.EVENT_STARTS_SOON)
        done = set(due.values_list("recipient_id", flat=True))
        confirmed = (
            application.objects.filter(event=event, status="confirmed", applicant__is_active=True)
            .exclude(applicant_id__in=done)
            .select_related("event", "applicant")
            .order_by("pk")
        )
        for app in confirmed:
            links = _pass_links(app)
            context = {
                **base,
                "pass_link": links.get("qr_png", ""),
                "calendar_link": links.get("ical", ""),
            }
            if links.get("agenda"):
                context["link"] = links["agenda"]
            specs.append(
                MessageSpec(
                    kind=MessageKind.EVENT_STARTS_SOON,
                    idempotency_key=f"event-starts:7d:{event.pk}:{app.applicant_id}",
                    recipient=app.applicant,
                    context=context,
                    event_id=event.pk,
                )
            )
    return messages_queue_many(specs)


def scan_feedback_requests(*, now: dt.datetime | None = None) -> int:
    """Once the last day is over (local midnight), ask every participant for feedback."""
    now = now or timezone.now()
    participants = _Participants()
    specs = []
    for event in _events_around(now, 0, FEEDBACK_WINDOW.days + 1):
        ends = event.ends_at()
        if not (ends <= now < ends + FEEDBACK_WINDOW):
            continue
        context = {"event_title": event.title, "link": _event_link(event)}
        for user in participants(event.pk):
            specs.append(
                MessageSpec(
                    kind=MessageKind.FEEDBACK_REQUEST,
                    idempotency_key=f"feedback:{event.pk}:{user.pk}",
                    recipient=user,
                    context=context,
                    event_id=event.pk,
                )
            )
    return messages_queue_many(specs)


def scan_call_closing(*, now: dt.datetime | None = None) -> int:
    """72 h and 24 h before the call closes, to everyone with an unfinished draft."""
    now = now or timezone.now()
    application = apps.get_model("participants", "Application")
    drafts = (
        application.objects.filter(
            status="draft",
            event__status=EventStatus.PUBLISHED,
            event__applications_close_at__gt=now,
            event__applications_close_at__lte=now + CALL_CLOSING[0][1],
        )
        .select_related("event", "applicant")
        .order_by("pk")
    )
    specs = []
    for app in drafts:
        closes = app.event.applications_close_at
        label = next(lbl for lbl, before in reversed(CALL_CLOSING) if closes - before <= now)
        specs.append(
            MessageSpec(
                kind=MessageKind.CALL_CLOSING,
                idempotency_key=f"call-closing:{label}:{app.event_id}:{app.applicant_id}",
                recipient=app.applicant,
                context={
                    "event_title": app.event.title,
                    "times": {"deadline": time_entry(closes, app.event.time_zone)},
                    "link": _applications_link(),
                    "reminder": label,
                },
                event_id=app.event_id,
            )
        )
    return messages_queue_many(specs)


def scan_guardian_consent_pending(*, now: dt.datetime | None = None) -> int:
    """Three days after a guardian was asked and has not answered: tell the applicant."""
    now = now or timezone.now()
    consent = apps.get_model("participants", "GuardianConsent")
    pending = (
        consent.objects.filter(
            application__status="awaiting_guardian_consent",
            consented_at__isnull=True,
            requested_at__lte=now - CONSENT_PENDING_AFTER,
            expires_at__gt=now,
        )
        .select_related("application__event", "application__applicant")
        .order_by("pk")
    )
    specs = [
        MessageSpec(
            kind=MessageKind.GUARDIAN_CONSENT_PENDING,
            idempotency_key=f"guardian-pending:{c.pk}",
            recipient=c.application.applicant,
            context={
                "event_title": c.application.event.title,
                "guardian_name": c.guardian_name,
                "times": {
                    "consent_expires": time_entry(c.expires_at, c.application.event.time_zone)
                },
                "link": _applications_link(),
            },
            event_id=c.application.event_id,
        )
        for c in pending
    ]
    return messages_queue_many(specs)


def scan_confirmation_deadline(*, now: dt.datetime | None = None) -> int:
    """48 h before an unconfirmed offer expires."""
    now = now or timezone.now()
    application = apps.get_model("participants", "Application")
    offers = (
        application.objects.filter(
            status="accepted",
            offer_expires_at__gt=now,
            offer_expires_at__lte=now + CONFIRMATION_WARNING,
        )
        .select_related("event", "applicant")
        .order_by("pk")
    )
    specs = [
        MessageSpec(
            kind=MessageKind.CONFIRMATION_DEADLINE,
            # A new offer has a new deadline and so gets its own reminder.
            idempotency_key=f"confirm-deadline:{app.pk}:{int(app.offer_expires_at.timestamp())}",
            recipient=app.applicant,
            context={
                "event_title": app.event.title,
                "times": {"deadline": time_entry(app.offer_expires_at, app.event.time_zone)},
                "link": _applications_link(),
            },
            event_id=app.event_id,
        )
        for app in offers
    ]
    return messages_queue_many(specs)


SCANS: tuple[Callable[..., int], ...] = (
    scan_session_reminders,
    scan_daily_agenda,
    scan_event_starts_soon,
    scan_feedback_requests,
    scan_call_closing,
    scan_guardian_consent_pending,
    scan_confirmation_deadline,
)


def reminders_scan_all(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Run every scan, each in its own transaction (one failing scan doesn't stop the others)."""
    now = now or timezone.now()
    counts = {}
    for scan in SCANS:
        try:
            with transaction.atomic():
                counts[scan.__name__] = scan(now=now)
        except Exception:
            log.exception("Reminder scan %s failed", scan.__name__)
            counts[scan.__name__] = -1
    return counts
