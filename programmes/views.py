"""Public pages: open calls, the event list, an event page with its agenda, the .ics feed.

Views only parse the request, call selectors and render; the reads (and their joins)
live in ``selectors.py`` so every page makes a fixed number of queries.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, pgettext

from backend.middleware import TIMEZONE_COOKIE, TIMEZONE_SESSION_KEY, parse_time_zone

from .caching import (
    AGENDA_CACHE_SECONDS,
    EVENT_LIST_VERSIONS,
    EVENT_PAGE_VERSIONS,
    agenda_version,
    cached,
    event_list_version,
    shared_page,
)
from .calendar import agenda_ical
from .enums import EventKind, EventStatus, SessionStatus, SessionType
from .filters import EventListFilter
from .forms import EventFilterForm
from .models import Event, Leg
from .selectors import (
    attach_event,
    event_agenda,
    event_sessions,
    next_listing_change,
    published_events,
    visible_events,
)
from .templatetags.bridges_time import zone_abbr

HOME_UPCOMING_LIMIT = 12
HOME_OPEN_CALLS_LIMIT = 20
EVENTS_PER_PAGE = 20


def _visitor_zone(request):
    """The visitor's own zone when known (profile via session, or the browser cookie)."""
    return parse_time_zone(request.session.get(TIMEZONE_SESSION_KEY)) or parse_time_zone(
        request.COOKIES.get(TIMEZONE_COOKIE)
    )


# The public listings (home page, /events/) are the same for every visitor with the same
# query and language: their cards are kept under the event list version, which the
# services bump when they change what a card shows (caching.py), and never past the first
# moment one of them changes with the clock alone (a window opens or closes, a first day
# starts). An event outside the listing whose window opens shows within the minute.
LISTING_CACHE_SECONDS = 60


def _digest(text: str) -> str:
    # Hashed: a long text search must not make an over-long key.
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def _page_key(request, name: str) -> str:
    """The cache key of a whole anonymous page: its language, address (the page links
    back to it) and the visitor's zone; its versions are checked by ``shared_page``."""
    zone = _visitor_zone(request)
    where = _digest(f"{request.get_host()}{request.get_full_path()}:{zone.key if zone else ''}")
    return f"programmes:page:2:{name}:{get_language()}:{where}"


def _cached_listing(name: str, request, now, build):
    """``build()`` -> (value, events shown), kept per language and query under the event
    list version until one of the events shown changes with the clock (at most a minute).
    Answers (value, the moment it stops holding)."""
    query = "&".join(sorted(request.GET.urlencode().split("&")))
    where = _digest(f"{get_language()}?{query}")

    def build_with_expiry():
        value, events = build()
        seconds = next_listing_change(
            (
                (
                    e.applications_open_at,
                    e.applications_close_at,
                    e.start_date,
                    e.end_date,
                    e.time_zone,
                )
                for e in events
            ),
            now,
            at_most=LISTING_CACHE_SECONDS,
        )
        return (value, now + dt.timedelta(seconds=seconds)), seconds

    return cached(f"programmes:listing:4:{event_list_version()}:{name}:{where}", build_with_expiry)


def _country_codes() -> set[str]:
    """Countries that have published events (as host or leg): a short list on a phone."""

    def build():
        # No ORDER BY inside the UNION (SQLite, used by `make run`, refuses it).
        hosts = (
            Event.objects.filter(status=EventStatus.PUBLISHED)
            .order_by()
            .values_list("host_country", flat=True)
        )
        legs = (
            Leg.objects.filter(event__status=EventStatus.PUBLISHED)
            .order_by()
            .values_list("country", flat=True)
        )
        return set(hosts.union(legs)), LISTING_CACHE_SECONDS

    return cached(f"programmes:listing-countries:3:{event_list_version()}", build)


def _filter_form(request) -> EventFilterForm:
    return EventFilterForm(request.GET or None, country_codes=_country_codes())


def _for_cards(events):
    """Event cards show the organisation and the legs only: skip the other prefetches."""
    return events.prefetch_related(None).prefetch_related("legs").defer("description")


@dataclass
class EventCard:
    """An event as a listing card prints it, formatted once in Python (see AgendaRow)."""

    pk: int
    url: str
    title: str
    kind: str
    applications_open: bool
    starts_iso: str
    ends_iso: str
    dates: str
    place: str
    organisation: str
    summary: str
    closes_iso: str = ""
    closes: str = ""


@dataclass
class ListingPage:
    """One page of the event list, as its template reads it (cached with the cards)."""

    count: int
    number: int
    num_pages: int
    previous_page_number: int | None
    next_page_number: int | None

    @property
    def has_previous(self) -> bool:
        return self.previous_page_number is not None

    @property
    def has_next(self) -> bool:
        return self.next_page_number is not None

    @property
    def has_other_pages(self) -> bool:
        return self.num_pages > 1


def _cards(events, now) -> list[EventCard]:
    kind_labels = dict(EventKind.choices)
    # Translatable formats: Korean and Vietnamese order dates differently.
    day_format = pgettext("date format: a day on a card", "j M Y")
    moment_format = pgettext("date format: a moment", "j M Y, H:i")
    cards = []
    for event in events:
        legs = list(event.legs.all())
        place = (
            " → ".join(f"{leg.city}, {leg.country.name}" for leg in legs)
            if legs
            else str(event.host_country.name)
        )
        dates = date_format(event.start_date, day_format)
        if event.end_date != event.start_date:
            dates += " – " + date_format(event.end_date, day_format)
        card = EventCard(
            pk=event.pk,
            url=reverse("event-page", args=[event.slug]),
            title=event.title,
            kind=str(kind_labels.get(event.kind, event.kind)),
            applications_open=event.applications_open(now),
            starts_iso=event.start_date.isoformat(),
            ends_iso=event.end_date.isoformat(),
            dates=dates,
            place=place,
            organisation=event.organisation.name,
            summary=event.summary,
        )
        if card.applications_open:
            closes = event.applications_close_at.astimezone(event.zone)
            card.closes_iso = event.applications_close_at.isoformat()
            card.closes = f"{date_format(closes, moment_format)} {zone_abbr(closes)}"
        cards.append(card)
    return cards


def home(request):
    """Kept whole for visitors not signed in (caching.shared_page), like the event list."""
    return shared_page(
        request,
        lambda: _page_key(request, "home"),
        lambda: _home(request),
        versions=EVENT_LIST_VERSIONS,
    )


def _home(request):
    form = _filter_form(request)
    filters = form.selector_kwargs()
    now = timezone.now()

    def build():
        open_calls = list(
            _for_cards(published_events(open_now=True, now=now, **filters))[:HOME_OPEN_CALLS_LIMIT]
        )
        open_now = Q(applications_open_at__lte=now, applications_close_at__gt=now)
        upcoming = list(
            _for_cards(published_events(now=now, **filters).exclude(open_now))[:HOME_UPCOMING_LIMIT]
        )
        return (_cards(open_calls, now), _cards(upcoming, now)), open_calls + upcoming

    (open_calls, upcoming), until = _cached_listing("home", request, now, build)
    response = render(
        request,
        "programmes/home.html",
        {"form": form, "open_calls": open_calls, "upcoming": upcoming, "now": now},
    )
    return response, (until - now).total_seconds()


def event_index(request):
    """Kept whole for visitors not signed in (caching.shared_page), like the home page."""
    return shared_page(
        request,
        lambda: _page_key(request, "events"),
        lambda: _event_index(request),
        versions=EVENT_LIST_VERSIONS,
    )


def _event_index(request):
    form = _filter_form(request)
    filters = form.selector_kwargs()
    now = timezone.now()
    boxes = EventListFilter(
        request.GET, published_events(include_past=True, now=now, **filters), now=now
    )
    include_past, open_only = boxes.include_past, boxes.open_only

    def build():
        events = _for_cards(boxes.qs)
        page = Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
        shown = list(page.object_list)
        # The Page holds the queryset: the cache keeps only what the template reads of it.
        listing = ListingPage(
            count=page.paginator.count,
            number=page.number,
            num_pages=page.paginator.num_pages,
            previous_page_number=page.previous_page_number() if page.has_previous() else None,
            next_page_number=page.next_page_number() if page.has_next() else None,
        )
        return (listing, _cards(shown, now)), shown

    (page, cards), until = _cached_listing("events", request, now, build)
    query = request.GET.copy()
    query.pop("page", None)
    response = render(
        request,
        "programmes/event_list.html",
        {
            "form": form,
            "boxes": boxes.form,
            "page": page,
            "cards": cards,
            "include_past": include_past,
            "open_only": open_only,
            "query": query.urlencode(),
            "now": now,
        },
    )
    return response, (until - now).total_seconds()


def _get_visible_event(request, slug: str) -> Event:
    queryset = visible_events(request.user).select_related("organisation", "programme")
    event = queryset.filter(slug=slug).first()
    if event is None:
        raise Http404("No such event.")
    return event


@dataclass
class AgendaRow:
    """One session as the event page prints it, formatted once in Python.

    Rendering sixty sessions through template filters (zone conversion, date formats,
    choice labels) costs most of the page's time; plain strings keep it a loop.
    """

    title: str
    kind: str
    starts_iso: str
    ends_iso: str
    starts: str
    ends: str
    zone: str
    where: str
    speakers: str
    cancelled: bool
    tentative: bool


def _agenda_rows(agenda) -> list[tuple]:
    kind_labels = dict(SessionType.choices)
    days = []
    for day in agenda:
        rows = []
        for session in day.sessions:
            zone = session.zone
            starts, ends = session.starts_at.astimezone(zone), session.ends_at.astimezone(zone)
            venue = session.venue
            rows.append(
                AgendaRow(
                    title=session.title,
                    kind=str(kind_labels.get(session.kind, session.kind)),
                    starts_iso=session.starts_at.isoformat(),
                    ends_iso=session.ends_at.isoformat(),
                    starts=starts.strftime("%H:%M"),
                    ends=ends.strftime("%H:%M"),
                    zone=zone_abbr(starts),
                    where=f"{venue.name}, {venue.city}" if venue else "",
                    speakers=", ".join(person.name for person in session.speakers.all()),
                    cancelled=session.status == SessionStatus.CANCELLED,
                    tentative=session.status == SessionStatus.TENTATIVE,
                )
            )
        days.append((day.date, rows))
    return days


def _cached_agenda_rows(event: Event) -> list[tuple]:
    """The page's agenda rows, built once per agenda version and language.

    The services bump the agenda's version when they change what it shows (caching.py),
    so a hit is never stale; the language is in the key because session types are
    translated. A cache outage only costs the rebuilding.
    """
    return cached(
        f"programmes:agenda-rows:3:{agenda_version(event)}:{get_language()}",
        lambda: (_agenda_rows(event_agenda(event)), AGENDA_CACHE_SECONDS),
    )


def _cached_agenda_html(event: Event) -> str:
    """The page's agenda section as HTML, rendered once per agenda version and language.

    It holds nothing about the visitor (times are the venues'), so it is shared by all.
    """
    html = cached(
        f"programmes:agenda-html:4:{agenda_version(event)}:{get_language()}",
        lambda: (
            render_to_string("programmes/_agenda.html", {"agenda": _cached_agenda_rows(event)}),
            AGENDA_CACHE_SECONDS,
        ),
    )
    return mark_safe(html)  # noqa: S308 - rendered by our own autoescaping template


def event_page(request, slug: str):
    """Kept whole for visitors not signed in, under the event pages' version, which any
    change to what the page shows bumps (caching.py), until its phase changes with the
    clock; the signed-in see their own links (manage, review, check in)."""
    return shared_page(
        request,
        lambda: _page_key(request, "event"),
        lambda: _event_page(request, slug),
        versions=EVENT_PAGE_VERSIONS,
    )


def _event_page(request, slug: str):
    event = _get_visible_event(request, slug)
    # One query each, whatever their length (the agenda is two: sessions, speakers).
    co_organisers = list(event.co_organisers.all())
    partners = list(event.partners.all())
    legs = list(event.legs.all())
    quotas = list(event.quotas.all())
    agenda_html = _cached_agenda_html(event)
    visitor_zone = _visitor_zone(request)
    show_visitor_zone = visitor_zone is not None and visitor_zone.key != event.time_zone
    now = timezone.now()
    response = render(
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
            "agenda_html": agenda_html,
            "visitor_zone": visitor_zone.key if show_visitor_zone else None,
        },
    )
    window = (
        event.applications_open_at,
        event.applications_close_at,
        event.start_date,
        event.end_date,
        event.time_zone,
    )
    return response, next_listing_change([window], now, at_most=LISTING_CACHE_SECONDS)


def event_agenda_ics(request, slug: str):
    event = _get_visible_event(request, slug)
    body = agenda_ical(event, attach_event(event, event_sessions(event)))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response
