"""Helpers shared by the logistics pages."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from backend.errors import BridgesError
from programmes.models import Event


def _event_for(request, slug: str, perm: str = "logistics.manage_travel") -> Event:
    event = get_object_or_404(Event.objects.select_related("organisation"), slug=slug)
    if not request.user.has_perm(perm, event):
        raise Http404  # outsiders cannot probe which events exist
    return event


def _require(request, perm: str, event: Event) -> None:
    """A change the event's organisers may see but not make without ``perm``: 403."""
    if not request.user.has_perm(perm, event):
        raise PermissionDenied


def _form_refused(form: forms.Form, exc: BridgesError) -> None:
    """Show a service's refusal beside the field it names (else above the form)."""
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)
