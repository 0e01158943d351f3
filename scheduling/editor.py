"""What the agenda editor shows: one local day of an event as a grid, a column per venue
of the day's leg, each session placed by its wall-clock minutes at the venue.

Reads only. Changes go through ``programmes.services`` (sessions) and
``scheduling.services.proposal_accept`` (the solver's proposal); conflicts come from
``programmes.selectors.event_conflicts``, the same list the API's ``conflicts`` shows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from programmes.models import Event, Leg, Session, Venue
from programmes.selectors import attach_event, event_conflicts, event_sessions

from . import selectors
from .enums import RunStatus

# The grid's rows are quarter hours; a drag snaps to them.
SLOT_MINUTES = 15
# The day shown at least from 07:00 to 22:00 local time, wider if a session needs it.
DAY_FIRST_MINUTE = 7 * 60
DAY_LAST_MINUTE = 22 * 60


def _minute_of_day(moment: dt.datetime, day: dt.date) -> int:
    """Wall-clock minutes since the local midnight of ``day`` (past 24 h for the next day)."""
    return (moment.date() - day).days * 24 * 60 + moment.hour * 60 + moment.minute


@dataclass
class Block:
    session: Session
    first_minute: int
    last_minute: int
    conflicts: list[str] = field(default_factory=list)
    # Minutes from the grid's top, set once the grid's first minute is known.
    top: int = 0

    @property
    def length(self) -> int:
        return self.last_minute - self.first_minute

    @property
    def starts(self) -> str:
        return _clock(self.first_minute)

    @property
    def ends(self) -> str:
        return _clock(self.last_minute)


def _clock(minute: int) -> str:
    """Minutes since the day's local midnight as HH:MM on the venue's clock."""
    return f"{minute // 60 % 24:02d}:{minute % 60:02d}"


@dataclass
class Column:
    venue: Venue | None
    blocks: list[Block] = field(default_factory=list)


@dataclass
class GridDay:
    date: dt.date
    leg: Leg | None
    zone_name: str
    first_minute: int
    last_minute: int
    columns: list[Column]
    blocks: list[Block]

    @property
    def hours(self) -> list[tuple[int, str]]:
        """(minutes from the grid's top, "HH:00") for each full hour on the grid."""
        first_hour = -(-self.first_minute // 60)
        return [
            (hour * 60 - self.first_minute, f"{hour % 24:02d}:00")
            for hour in range(first_hour, self.last_minute // 60 + 1)
        ]

    @property
    def height(self) -> int:
        return self.last_minute - self.first_minute


def event_days(event: Event) -> list[dt.date]:
    days = (event.end_date - event.start_date).days + 1
    return [event.start_date + dt.timedelta(days=n) for n in range(days)]


def _leg_for(legs: list[Leg], day: dt.date) -> Leg | None:
    return next((leg for leg in legs if leg.start_date <= day <= leg.end_date), None)


def _in_leg(venue: Venue, leg: Leg | None) -> bool:
    if leg is None:
        return True
    return (
        venue.country == leg.country
        and venue.city.strip().casefold() == leg.city.strip().casefold()
    )


def conflicts_by_session(event: Event) -> dict[int, list[str]]:
    """Each live session's speaker and venue conflicts, as their messages."""
    found: dict[int, list[str]] = defaultdict(list)
    for conflict in event_conflicts(event):
        for session in conflict.sessions:
            if session.event_id == event.pk:
                found[session.pk].append(conflict.message)
    return found


def agenda_grid(event: Event, day: dt.date) -> GridDay:
    """The editor's grid for ``day``: columns for the venues of the day's leg (every
    venue of the organisation when no leg covers it), plus a column for sessions without
    a venue when there are any. A fixed number of queries."""
    legs = list(event.legs.all())
    leg = _leg_for(legs, day)
    venues = [
        v for v in Venue.objects.filter(organisation_id=event.organisation_id) if _in_leg(v, leg)
    ]
    conflicts = conflicts_by_session(event)
    blocks = []
    for session in attach_event(event, event_sessions(event)):
        local_start, local_end = session.local_starts_at, session.local_ends_at
        if local_start.date() != day:
            continue
        blocks.append(
            Block(
                session=session,
                first_minute=_minute_of_day(local_start, day),
                last_minute=_minute_of_day(local_end, day),
                conflicts=conflicts.get(session.pk, []),
            )
        )
    used = {b.session.venue for b in blocks if b.session.venue is not None}
    columns = [Column(venue) for venue in sorted(set(venues) | used, key=lambda v: (v.name, v.pk))]
    by_venue = {column.venue.pk: column for column in columns}
    for block in blocks:
        if block.session.venue_id is None:
            if not columns or columns[-1].venue is not None:
                columns.append(Column(None))
            columns[-1].blocks.append(block)
        else:
            by_venue[block.session.venue_id].blocks.append(block)
    first = min([DAY_FIRST_MINUTE, *(b.first_minute for b in blocks)])
    last = max([DAY_LAST_MINUTE, *(b.last_minute for b in blocks)])
    first -= first % 60
    last += -last % 60
    for block in blocks:
        block.top = block.first_minute - first
    # Sessions sit on their venue's clock; a day without venues shows the leg's zone.
    if columns and columns[0].venue:
        zone_name = columns[0].venue.time_zone
    else:
        zone_name = (leg.time_zone if leg is not None else "") or event.time_zone
    return GridDay(
        date=day,
        leg=leg,
        zone_name=zone_name,
        first_minute=first,
        last_minute=last,
        columns=columns,
        blocks=blocks,
    )


def latest_proposal(event: Event, day: dt.date | None = None) -> tuple[object, list]:
    """The newest finished solver run and its rows (those starting on ``day`` in their
    venue's zone when given); ``(None, [])`` when there is none."""
    run = selectors.schedule_runs(event).first()
    if run is None or run.status != RunStatus.SUCCEEDED:
        return None, []
    rows = selectors.run_proposal(run)
    if day is not None:
        rows = [
            r
            for r in rows
            if r.placement.starts_at.astimezone(r.placement.venue.zone).date() == day
        ]
    return run, rows
