"""The history pages: an event's log and one object's history, for its organisers.

Thin: find the event, check ``audit.view_history``, call a selector. Anyone else gets a
404, as on the review pages, so the pages do not reveal which events exist.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from programmes.models import Event

from . import selectors
from .filters import EventLogFilter

ENTRIES_PER_PAGE = 50


def _event_for_history(request: HttpRequest, slug: str) -> Event:
    event = get_object_or_404(Event, slug=slug)
    if not request.user.has_perm("audit.view_history", event.organisation_id):
        raise Http404
    return event


@login_required
def event_log(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event_for_history(request, slug)
    sensitive = request.user.has_perm("audit.view_sensitive")
    entries = selectors.event_entries(event_id=event.pk, include_sensitive=sensitive)
    filterset = EventLogFilter(request.GET, queryset=entries)
    page = Paginator(filterset.qs, ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/event_log.html",
        {
            "event": event,
            "filter": filterset,
            "page": page,
            "rows": selectors.history_rows(page.object_list),
        },
    )


@login_required
def object_history(request: HttpRequest, slug: str, model: str, object_id: int) -> HttpResponse:
    """One object's history (``model`` as ``participants.application``), within the event."""
    event = _event_for_history(request, slug)
    app_label, _, model_name = model.partition(".")
    content_type = get_object_or_404(ContentType, app_label=app_label, model=model_name)
    sensitive = request.user.has_perm("audit.view_sensitive")
    entries = selectors.entries_for_key(
        content_type=content_type, object_id=object_id, include_sensitive=sensitive
    ).filter(event_id=event.pk)
    rows = selectors.history_rows(entries)
    # Nothing logged (yet, or not in this event): an empty history, naming only the kind.
    name = rows[0].entry.object_repr if rows else f"{content_type.name} #{object_id}"
    return render(
        request, "audit/object_history.html", {"event": event, "rows": rows, "object_repr": name}
    )
