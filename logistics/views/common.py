"""Helpers shared by the logistics pages."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse

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


def member_event(request, slug: str) -> Event:
    """The event, for any member of its organisation (404 for outsiders)."""
    event = get_object_or_404(Event.objects.select_related("organisation"), slug=slug)
    if not request.user.has_perm("programmes.view_organisation", event.organisation):
        raise Http404
    return event


def registry_download(event: Event, name: str, fmt: str, params=None) -> HttpResponseRedirect:
    """An old download address of a logistics page (``?format=csv``): the export
    registry's download of the same list, which asks the export's rule (403 for members
    without it), writes the audit entry with the row count and streams the rows."""
    url = reverse("reports:export-download-now", args=[event.slug, name, fmt])
    query = urlencode({k: v for k, v in (params or {}).items() if v not in ("", None)})
    return HttpResponseRedirect(f"{url}?{query}" if query else url)
