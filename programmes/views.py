"""Public pages: open calls, the event list, an event page with its agenda, the .ics feed.

Views only parse the request, call selectors and render; the reads (and their joins)
live in ``selectors.py`` so every page makes a fixed number of queries.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from backend.middleware import TIMEZONE_COOKIE, TIMEZONE_SESSION_KEY, parse_time_zone

from .calendar import agenda_ical
from .forms import EventFilterForm
from .models import Event
from .permissions import can_manage_event, visible_events
from .selectors import attach_event, event_agenda, event_sessions, published_events

HOME_UPCOMING_LIMIT = 12
EVENTS_PER_PAGE = 20


def _visitor_zone(request):
    """The visitor's own zone when known (profile via session, or the browser cookie)."""
    return parse_time_zone(request.session.get(TIMEZONE_SESSION_KEY)) or parse_time_zone(
        request.COOKIES.get(TIMEZONE_COOKIE)
    )


def home(request):
    form = EventFilterForm(request.GET or None)
    filters = form.selector_kwargs()
    now = timezone.now()
    open_calls = list(published_events(open_now=True, now=now, **filters))
    open_now = Q(applications_open_at__lte=now, applications_close_at__gt=now)
    upcoming = list(published_events(now=now, **filters).exclude(open_now)[:HOME_UPCOMING_LIMIT])
    return render(
        request,
        "programmes/home.html",
        {"form": form, "open_calls": open_calls, "upcoming": upcoming, "now": now},
    )


def event_index(request):
    form = EventFilterForm(request.GET or None)
    filters = form.selector_kwargs()
    include_past = request.GET.get("past") == "1"
    open_only = request.GET.get("open") == "1"
    now = timezone.now()
    events = published_events(include_past=include_past, open_now=open_only, now=now, **filters)
    page = Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "programmes/event_list.html",
        {
            "form": form,
            "page": page,
            "include_past": include_past,
            "open_only": open_only,
            "query": query.urlencode(),
            "now": now,
        },
    )


def _get_visible_event(request, slug: str) -> Event:
    queryset = visible_events(request.user).select_related("organisation", "programme")
    event = queryset.filter(slug=slug).first()
    if event is None:
        raise Http404("No such event.")
    return event


def event_page(request, slug: str):
    event = _get_visible_event(request, slug)
    # One query each, whatever their length (the agenda is two: sessions, speakers).
    co_organisers = list(event.co_organisers.all())
    partners = list(event.partners.all())
    legs = list(event.legs.all())
    quotas = list(event.quotas.all())
    agenda = event_agenda(event)
    visitor_zone = _visitor_zone(request)
    show_visitor_zone = visitor_zone is not None and visitor_zone.key != event.time_zone
    now = timezone.now()
    return render(
        request,
        "programmes/event_detail.html",
        {
            "event": event,
            "phase": event.phase(now),
            "applications_open": event.applications_open(now),
            "co_organisers": co_organisers,
            "partners": partners,
            "legs": legs,
            "quotas": quotas,
            "agenda": agenda,
            "session_count": sum(len(day.sessions) for day in agenda),
            "visitor_zone": visitor_zone.key if show_visitor_zone else None,
            "can_manage": can_manage_event(request.user, event),
        },
    )


def event_agenda_ics(request, slug: str):
    event = _get_visible_event(request, slug)
    body = agenda_ical(event, attach_event(event, event_sessions(event)))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response
