"""Flights (stored in UTC, shown in each airport's zone), the manifest per day and
airport, and pickup groups: people at one airport within a window, in vehicles of a
given capacity, for arrivals, departures and the transfer between legs."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections import defaultdict

from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from audit.services import log_action
from backend.errors import BridgesError
from participants.models import Application
from programmes.models import Event
from programmes.services.common import make_aware_in

from ..enums import Direction
from ..models import Flight, PickupGroup
from .attendees import attending
from .follow_up import travel_changed

_FLIGHT = re.compile(r"^[A-Z0-9]{2}[0-9]{1,5}[A-Z]?$")
_AIRPORT = re.compile(r"^[A-Z]{3}$")


def flight_save(
    *,
    application: Application,
    direction: str,
    flight_number: str,
    airport: str,
    airport_zone: str,
    at: dt.datetime,
    by,
) -> Flight:
    """Record (or replace) one of a person's flights; a naive ``at`` is the airport's
    local time."""
    if direction not in Direction.values:
        raise BridgesError(_("Choose arrival, transfer or departure."), field="direction")
    flight_number = (flight_number or "").replace(" ", "").upper()
    if not _FLIGHT.match(flight_number):
        raise BridgesError(_("Enter a flight number such as KE681."), field="flight_number")
    airport = (airport or "").strip().upper()
    if not _AIRPORT.match(airport):
        raise BridgesError(_("Enter the airport's three-letter code."), field="airport")
    try:
        zoneinfo.ZoneInfo(airport_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise BridgesError(_("Unknown time zone."), field="airport_zone") from None
    at = make_aware_in(at, airport_zone, field="at")
    with transaction.atomic():
        flight, created = Flight.objects.select_for_update().get_or_create(
            application=application,
            direction=direction,
            defaults={
                "flight_number": flight_number,
                "airport": airport,
                "airport_zone": airport_zone,
                "at": at,
            },
        )
        changed = created
        if not created:
            before = (flight.flight_number, flight.airport, flight.airport_zone, flight.at)
            flight.flight_number, flight.airport, flight.airport_zone, flight.at = (
                flight_number,
                airport,
                airport_zone,
                at,
            )
            changed = before != (flight_number, airport, airport_zone, at)
            flight.save()
            # The person's old group no longer fits: take them out; the next plan places them.
            flight.pickup_groups.clear()
        log_action(
            flight,
            "logistics.flight.saved",
            user=by,
            data={"direction": direction, "flight": flight_number, "airport": airport},
            event=application.event,
        )
        if changed:
            travel_changed(application=application, by=by, what=f"flight:{direction}")
    return flight


def local_time(flight: Flight) -> dt.datetime:
    return flight.at.astimezone(zoneinfo.ZoneInfo(flight.airport_zone))


def _flights(event: Event, direction: str):
    """The flights of the people still attending (a withdrawn person is not met)."""
    return Flight.objects.filter(application__in=attending(event), direction=direction)


def manifest(*, event: Event, direction: str) -> list[dict]:
    """Flights of one direction grouped by local day and airport, each in local time:
    [{"day", "airport", "flights": [(local time, flight)]}]; each flight's
    ``companions`` are those travelling with the person. Four queries."""
    from ..selectors import travelling_companions

    parties = travelling_companions(event)
    flights = _flights(event, direction).select_related("application__applicant__profile")
    groups: dict[tuple, list] = defaultdict(list)
    for flight in flights:
        flight.companions = parties.get(flight.application_id, [])
        local = local_time(flight)
        groups[(local.date(), flight.airport)].append((local, flight))
    return [
        {"day": day, "airport": airport, "flights": sorted(rows, key=lambda r: (r[0], r[1].pk))}
        for (day, airport), rows in sorted(groups.items())
    ]


def plan_groups(
    times: list[tuple[int, dt.datetime]],
    *,
    window: dt.timedelta,
    capacity: int,
    seats: dict[int, int] | None = None,
) -> list[list[tuple[int, dt.datetime]]]:
    """Earliest first: a vehicle takes the next person and everyone after them within
    ``window`` of that first time, up to ``capacity`` seats (``seats[pk]``: the person
    and the companions travelling with them; 1 if not given). A party stays together."""
    seats = seats or {}
    groups: list[list] = []
    used = 0
    for item in sorted(times, key=lambda t: (t[1], t[0])):
        need = seats.get(item[0], 1)
        if groups and used + need <= capacity and item[1] - groups[-1][0][1] <= window:
            groups[-1].append(item)
            used += need
        else:
            groups.append([item])
            used = need
    return groups


def pickups_plan(
    *, event: Event, direction: str, window_minutes: int, capacity: int, by
) -> list[PickupGroup]:
    """Replace the pickup groups of one direction with a fresh plan over every flight."""
    if direction not in Direction.values:
        raise BridgesError(_("Choose arrival, transfer or departure."), field="direction")
    if not 1 <= capacity <= 80:
        raise BridgesError(_("A vehicle has 1 to 80 seats."), field="capacity")
    if not 0 <= window_minutes <= 24 * 60:
        raise BridgesError(_("The window is 0 to 1,440 minutes."), field="window_minutes")
    from ..selectors import travelling_companions

    window = dt.timedelta(minutes=window_minutes)
    with transaction.atomic():
        Event.objects.select_for_update().get(pk=event.pk)
        PickupGroup.objects.filter(event=event, direction=direction).delete()
        flights = list(_flights(event, direction))
        parties = travelling_companions(event)
        seats = {f.pk: 1 + len(parties.get(f.application_id, [])) for f in flights}
        if seats and max(seats.values()) > capacity:
            raise BridgesError(
                _("A person and the companions travelling with them need %(seats)s seats.")
                % {"seats": max(seats.values())},
                field="capacity",
            )
        by_airport: dict[str, list] = defaultdict(list)
        for flight in flights:
            by_airport[flight.airport].append((flight.pk, flight.at))
        made, members = [], []
        vehicle = 0
        for airport in sorted(by_airport):
            for group in plan_groups(
                by_airport[airport], window=window, capacity=capacity, seats=seats
            ):
                vehicle += 1
                made.append(
                    PickupGroup(
                        event=event,
                        direction=direction,
                        airport=airport,
                        vehicle=vehicle,
                        capacity=capacity,
                        window=window,
                        first_at=group[0][1],
                        last_at=group[-1][1],
                    )
                )
                members.append([pk for pk, _at in group])
        PickupGroup.objects.bulk_create(made)
        through = PickupGroup.flights.through
        through.objects.bulk_create(
            [
                through(pickupgroup_id=g.pk, flight_id=pk)
                for g, pks in zip(made, members, strict=True)
                for pk in pks
            ]
        )
        log_action(
            event,
            "logistics.pickups.planned",
            user=by,
            data={
                "direction": direction,
                "vehicles": len(made),
                "window_minutes": window_minutes,
                "capacity": capacity,
            },
        )
    return made


def pickup_groups(*, event: Event, direction: str) -> list[PickupGroup]:
    """The vehicles of one direction; each flight carries the ``companions`` travelling
    with its person and each group its ``seats_taken`` (people and companions)."""
    from ..selectors import travelling_companions

    parties = travelling_companions(event)
    groups = list(
        PickupGroup.objects.filter(event=event, direction=direction).prefetch_related(
            Prefetch(
                "flights",
                queryset=_flights(event, direction).select_related(
                    "application__applicant__profile"
                ),
            )
        )
    )
    for group in groups:
        flights = group.flights.all()
        for flight in flights:
            flight.companions = parties.get(flight.application_id, [])
        group.seats_taken = sum(1 + len(f.companions) for f in flights)
    return groups
