"""Demo data for scheduling, run by ``manage.py load_demo`` after the programmes section.

The upcoming Youth Network Workshop gets a session request for each of its agenda
sessions (linked, so "Schedule sessions" proposes to keep them where they are), order
rules between its team missions, and a fixed opening. Meals, travel and the travel
day stay as they are and hold their time for everyone.
"""

from __future__ import annotations

import datetime as dt

from programmes.enums import ACTIVE_SESSION_STATUSES, SessionType

from . import selectors, services, solver
from .models import SessionRequest

NOT_SCHEDULED = {SessionType.MEAL, SessionType.TRAVEL, SessionType.FREE_TIME}


def load(demo) -> None:
    event = demo.events.get("akynw-next")
    if event is None:
        return
    # The agenda runs from breakfast to evening programmes; lunch is a session of its own.
    services.rules_update(
        event=event,
        data={
            "day_starts_at": dt.time(8, 0),
            "day_ends_at": dt.time(22, 0),
            "lunch_starts_at": None,
            "lunch_ends_at": None,
            "slot_minutes": 15,
            "time_limit_seconds": 20,
        },
    )
    travel = solver.travel_days(selectors.solver_problem(event))
    sessions = (
        event.sessions.filter(status__in=ACTIVE_SESSION_STATUSES, venue__isnull=False)
        .exclude(kind__in=NOT_SCHEDULED)
        .select_related("venue")
        .prefetch_related("speakers")
        .order_by("starts_at")
    )
    previous_mission: dict[str, SessionRequest] = {}
    for session in sessions:
        if session.local_starts_at.date() in travel:
            continue
        request, _created = SessionRequest.objects.update_or_create(
            event=event,
            session=session,
            defaults={
                "title": session.title,
                "kind": session.kind,
                "duration_minutes": int(
                    (session.ends_at - session.starts_at).total_seconds() // 60
                ),
                "city": session.venue.city,
                "fixed_start": session.starts_at if session.title == "Opening ceremony" else None,
            },
        )
        request.speakers.set(session.speakers.all())
        if session.kind == SessionType.TEAM_MISSION:
            earlier = previous_mission.get(session.venue.city)
            request.after.set([earlier] if earlier else [])
            previous_mission[session.venue.city] = request
