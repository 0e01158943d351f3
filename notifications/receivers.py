"""Transactional messages, queued by receivers of upstream signals.

Upstream apps send their signals inside the transaction that made the change, so the
outbox row written here commits or rolls back with it.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.dispatch import receiver

from participants.accounts import display_name
from participants.signals import application_status_changed, guardian_consent_requested
from programmes.signals import session_schedule_changed

from .enums import MessageKind
from .references import ref, with_refs
from .rendering import time_entry
from .selectors import session_participants
from .services import MessageSpec, message_queue, messages_queue_many

# (from, to) -> kind; "*" matches any earlier status.
STATUS_MESSAGES: dict[tuple[str, str], str] = {
    ("draft", "submitted"): MessageKind.APPLICATION_RECEIVED,
    ("draft", "awaiting_guardian_consent"): MessageKind.APPLICATION_RECEIVED,
    ("waitlisted", "accepted"): MessageKind.PROMOTED_FROM_WAITLIST,
    ("*", "accepted"): MessageKind.DECISION_ACCEPTED,
    ("*", "waitlisted"): MessageKind.DECISION_WAITLISTED,
    ("*", "rejected"): MessageKind.DECISION_REJECTED,
    ("*", "confirmed"): MessageKind.CONFIRMATION_RECEIVED,
    ("*", "consent_lapsed"): MessageKind.GUARDIAN_CONSENT_LAPSED,
}


def kind_for_transition(from_status: str, to_status: str) -> str | None:
    return STATUS_MESSAGES.get((from_status, to_status)) or STATUS_MESSAGES.get(("*", to_status))


def _applications_link() -> str:
    return f"{settings.SITE_URL}/me/applications/"


@receiver(application_status_changed, dispatch_uid="notifications.application_status_changed")
def on_application_status_changed(
    sender, *, application, from_status, to_status, by=None, note="", announce=True, **kwargs
):
    kind = kind_for_transition(str(from_status), str(to_status))
    if kind is None or not announce:
        return
    event = application.event
    context = {"event_title": event.title, "link": _applications_link()}
    if to_status == "accepted" and application.offer_expires_at:
        context["times"] = {"deadline": time_entry(application.offer_expires_at, event.time_zone)}
    # One message per application and transition; a second identical signal (a retried
    # request, a re-run service) finds the key and queues nothing.
    # participants sends the history row it announces; fall back to the latest one.
    change = kwargs.get("change")
    history = (
        change.pk
        if change is not None
        else application.history.order_by("-pk").values_list("pk", flat=True).first()
    )
    message_queue(
        kind=kind,
        idempotency_key=f"application:{application.pk}:{from_status}>{to_status}:{history or 0}",
        recipient=application.applicant,
        context=context,
        event=event,
    )


@receiver(guardian_consent_requested, dispatch_uid="notifications.guardian_consent_requested")
def on_guardian_consent_requested(sender, *, application, consent, consent_url, **kwargs):
    event = application.event
    applicant = application.applicant
    message_queue(
        kind=MessageKind.GUARDIAN_CONSENT_REQUEST,
        idempotency_key=f"guardian-consent:{consent.pk}",
        to_email=consent.guardian_email,
        to_name=consent.guardian_name,
        context={
            "event_title": event.title,
            "applicant_name": display_name(applicant),
            "guardian_name": consent.guardian_name,
            "link": consent_url,
            "times": {
                "consent_expires": time_entry(consent.expires_at, event.time_zone),
                "event_start": time_entry(event.starts_at(), event.time_zone),
            },
        },
        event=event,
        # The guardian has no account; write to them in the applicant's language.
        language=_applicant_language(applicant),
    )


def _applicant_language(user) -> str:
    from .services import recipient_prefs

    return recipient_prefs([user.pk])[user.pk].language


@receiver(session_schedule_changed, dispatch_uid="notifications.session_schedule_changed")
def on_session_schedule_changed(sender, *, session, changes=None, cancelled=False, **kwargs):
    changes = changes or {}
    zone = str(session.zone)
    times = {
        "session_start": time_entry(session.starts_at, zone),
        "session_end": time_entry(session.ends_at, zone),
    }
    old_start = changes.get("starts_at", (None, None))[0]
    if old_start is not None:
        times["old_start"] = time_entry(old_start, zone)
    # Each distinct new state of the session is one occasion: moving it twice sends two
    # messages, the same signal twice sends one.
    state = f"{session.starts_at.isoformat()}|{session.ends_at.isoformat()}|{session.venue_id}|{cancelled}"
    digest = hashlib.sha256(state.encode()).hexdigest()[:16]
    context = with_refs(
        {
            "event_title": session.event.title,
            "session_title": session.title,
            "venue": str(session.venue) if session.venue_id else "",
            "cancelled": bool(cancelled),
            "times": times,
            "link": f"{settings.SITE_URL}/events/{session.event.slug}/",
        },
        {"session_title": ref(session, "title"), "venue": ref(session.venue)},
    )
    specs = [
        MessageSpec(
            kind=MessageKind.SCHEDULE_CHANGED,
            idempotency_key=f"schedule-changed:{session.pk}:{digest}:{user.pk}",
            recipient=user,
            context=context,
            event_id=session.event_id,
        )
        for user in session_participants(session=session)
    ]
    messages_queue_many(specs)
