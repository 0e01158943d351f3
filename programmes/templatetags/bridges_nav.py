"""The main navigation's places for the signed-in person's roles (``{% nav_places as nav %}``).

Roles are per organisation (``Membership``) and per event (someone invited to one event,
or a co-organiser's grant); the role sets are the ones the named rules use
(``programmes.rules``: reviewers review, staff check in, owners and organisers manage).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django import template
from django.db.models import Q
from django.utils import timezone

from ..enums import MANAGING_ROLES, EventStatus
from ..models import Event
from ..rules import CHECK_IN_ROLES, REVIEW_ROLES, roles_by_event, roles_by_organisation

register = template.Library()

# How many of the organiser's events the menu lists (the nearest first).
MAX_ORGANISED = 6


@dataclass
class NavPlaces:
    reviews: bool = False
    # Events running today (in their own zone) where the person checks people in.
    check_in: list[Event] = field(default_factory=list)
    # Current and upcoming events of the organisations the person manages.
    organised: list[Event] = field(default_factory=list)


def nav_places_for(user, now: dt.datetime | None = None) -> NavPlaces:
    places = NavPlaces()
    roles = roles_by_organisation(user)
    on_events = roles_by_event(user)
    if not roles and not on_events:
        return places
    places.reviews = any(r & REVIEW_ROLES for r in [*roles.values(), *on_events.values()])
    scanning = [o for o, r in roles.items() if r & CHECK_IN_ROLES]
    managing = [o for o, r in roles.items() if r & MANAGING_ROLES]
    scanning_events = [e for e, r in on_events.items() if r & CHECK_IN_ROLES]
    managing_events = {e for e, r in on_events.items() if r & MANAGING_ROLES}
    if not scanning and not scanning_events:
        return places
    now = now or timezone.now()
    utc_today = now.date()
    # A day either side of the UTC date covers "today" in every zone; each event's own
    # zone then decides.
    events = list(
        Event.objects.filter(
            Q(organisation_id__in=scanning) | Q(pk__in=scanning_events),
            status=EventStatus.PUBLISHED,
            end_date__gte=utc_today - dt.timedelta(days=1),
        ).order_by("start_date", "pk")
    )
    for event in events:
        local_today = now.astimezone(event.zone).date()
        if event.start_date <= local_today <= event.end_date:
            places.check_in.append(event)
        manages = event.organisation_id in managing or event.pk in managing_events
        if manages and event.end_date >= local_today:
            places.organised.append(event)
    places.organised = places.organised[:MAX_ORGANISED]
    return places


@register.simple_tag(takes_context=True)
def nav_places(context) -> NavPlaces:
    request = context.get("request")
    if request is None:
        return NavPlaces()
    # Once per request: the header and a page may both ask.
    if not hasattr(request, "_bridges_nav_places"):
        request._bridges_nav_places = nav_places_for(getattr(request, "user", None))
    return request._bridges_nav_places
