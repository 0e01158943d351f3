"""An organiser's message to a segment of an event's people: previewed, then one outbox
row per recipient, delivered throttled."""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import log_action
from backend.errors import BridgesError
from participants.accounts import display_name
from programmes.models import Event

from ..enums import MessageKind, Segment
from ..models import Broadcast
from ..rendering import render
from ..selectors import broadcast_recipients
from .queueing import MessageSpec, messages_queue_many
from .recipients import recipient_prefs
from .templates import _check_text, sample_context


def _check_segment(*, segment: str, country: str) -> str:
    if segment not in Segment.values:
        raise BridgesError(
            _("Choose who receives the message."), code="invalid_segment", field="segment"
        )
    country = (country or "").upper()
    if segment == Segment.APPLICANTS_FROM_COUNTRY:
        from django_countries import countries

        if country not in dict(countries):
            raise BridgesError(_("Choose a country."), code="invalid_country", field="country")
        return country
    return ""


def broadcast_preview(
    *, event: Event, segment: str, country: str, subject: str, body: str, user
) -> dict:
    country = _check_segment(segment=segment, country=country)
    _check_text(subject=subject, body=body)
    recipients = broadcast_recipients(event=event, segment=segment, country=country)
    sample_user = recipients.first() or user
    context = sample_context(event=event, kind=MessageKind.BROADCAST, user=sample_user)
    context.update(custom_subject=subject, custom_body=body)
    prefs = recipient_prefs([sample_user.pk])[sample_user.pk]
    subject_out, text, html = render(
        kind=MessageKind.BROADCAST,
        template=MessageKind.BROADCAST,
        context=context,
        language=prefs.language,
        recipient_id=sample_user.pk,
        site_url=settings.SITE_URL,
    )
    return {
        "recipient_count": recipients.count(),
        "sample_recipient": display_name(sample_user, profile=prefs.profile),
        "subject": subject_out,
        "text": text,
        "html": html,
    }


def broadcast_send(
    *,
    event: Event,
    segment: str,
    country: str,
    subject: str,
    body: str,
    by,
    recipients: Sequence | None = None,
    submit_token=None,
) -> Broadcast:
    """Create the broadcast and one outbox row per recipient, delivered throttled.

    ``recipients`` (users) are given for the applicants chosen on the applications desk
    (segment ``chosen``), and only then; other segments are read here.

    ``submit_token`` (the one-time token of the form that sent it) makes a repeat of the
    same submit a no-op: the broadcast already sent for it comes back, with
    ``repeated`` set, and nothing is queued. Parallel repeats wait on the database's
    unique constraint, so exactly one sends."""
    country = _check_segment(segment=segment, country=country)
    chosen = segment == Segment.CHOSEN_APPLICANTS
    if chosen != (recipients is not None) or (chosen and not recipients):
        raise BridgesError(
            _("Choose who receives the message."), code="invalid_segment", field="segment"
        )
    _check_text(subject=subject, body=body)
    with transaction.atomic():
        try:
            with transaction.atomic():
                broadcast = Broadcast.objects.create(
                    event=event,
                    segment=segment,
                    country=country,
                    subject=subject,
                    body=body,
                    created_by=by,
                    submit_token=submit_token,
                )
        except IntegrityError:
            first = Broadcast.objects.get(event=event, submit_token=submit_token)
            first.repeated = True
            return first
        broadcast.repeated = False
        if not chosen:
            recipients = broadcast_recipients(event=event, segment=segment, country=country)
        recipients = list(recipients)
        base = {
            "event_title": event.title,
            "custom_subject": subject,
            "custom_body": body,
            # Applicants chosen on the desk find their application there.
            "link": f"{settings.SITE_URL}/me/applications/" if chosen else f"{settings.SITE_URL}/",
        }
        specs = [
            MessageSpec(
                kind=MessageKind.BROADCAST,
                idempotency_key=f"broadcast:{broadcast.pk}:{user.pk}",
                recipient=user,
                context=dict(base),
                event_id=event.pk,
                broadcast_id=broadcast.pk,
            )
            for user in recipients
        ]
        queued = messages_queue_many(specs, throttled=True)
        broadcast.recipient_count = queued
        broadcast.sent_at = timezone.now()
        broadcast.save(update_fields=["recipient_count", "sent_at"])
        log_action(
            broadcast,
            "notifications.broadcast.sent",
            user=by,
            data={"segment": segment, "country": country, "recipients": queued},
        )
    return broadcast
