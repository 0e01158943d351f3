"""Helpers shared by the logistics pages."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from programmes.models import Event


def _event_for(request, slug: str, perm: str = "logistics.manage_travel") -> Event:
    event = get_object_or_404(Event.objects.select_related("organisation"), slug=slug)
    if not request.user.has_perm(perm, event):
        raise Http404  # outsiders cannot probe which events exist
    return event
