"""Who may schedule: the event's owners and organisers (``programmes.permissions``)."""

from __future__ import annotations

from programmes.models import Event
from programmes.permissions import can_manage_event, can_view_event


def can_schedule(user, event: Event) -> bool:
    return can_manage_event(user, event)


def can_see_live_agenda(user, event: Event) -> bool:
    return can_view_event(user, event)
