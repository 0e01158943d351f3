"""What the delegations services share: who counts as an organiser, the cut-off, links
and the outbox."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from notifications.services import MessageSpec, messages_queue_many
from programmes.models import Event
from programmes.rules import is_organiser

from ..models import DelegationSettings, EventPartner


def settings_for(event: Event) -> DelegationSettings:
    """The event's delegation settings, created with the defaults on first use."""
    found = getattr(event, "_delegation_settings", None)
    if found is None:
        found, _created = DelegationSettings.objects.get_or_create(event=event)
        event._delegation_settings = found
    return found


def by_organiser(user, event: Event) -> bool:
    return bool(user is not None and (user.is_superuser or is_organiser(user, event)))


def cutoff_passed(event: Event, now=None) -> bool:
    cutoff = settings_for(event).nomination_cutoff
    return cutoff is not None and (now or timezone.now()) >= cutoff


def delegation_url(delegation: EventPartner) -> str:
    return settings.SITE_URL + reverse("delegations:delegation", args=[delegation.pk])


def notify(
    *,
    kind: str,
    template: str,
    key: str,
    recipients,
    event: Event,
    context: dict,
) -> int:
    """Queue one message per recipient (users) in the caller's transaction; a key already
    used queues nothing, so a retried request or a second scan sends nothing twice."""
    base = {"event_title": event.title, **context}
    specs = [
        MessageSpec(
            kind=kind,
            template=template,
            idempotency_key=f"{key}:{user.pk}",
            recipient=user,
            context=base,
            event_id=event.pk,
        )
        for user in recipients
        if user is not None
    ]
    return messages_queue_many(specs)
