"""Copying an event of a series to new dates: its own settings, legs, quotas and sessions.

Sessions keep their local wall-clock time: each moves by whole days in the zone it is
shown in (its venue's, else the event's), so a 10:00 session in Sofia stays at 10:00
Sofia time when the new dates fall on the other side of a daylight-saving change. The
other apps' parts of an event (questions, message templates, review settings) are copied
by the back office, which calls this first (``backoffice.copying``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from ..enums import SessionStatus
from ..models import Event, Session
from .events import EVENT_FIELDS, event_create, gender_quotas_set, leg_create, quota_create
from .sessions import session_create

# What a copy takes over from its source as it is; dates, slug and the call's window
# are computed, the status is always draft.
COPIED_EVENT_FIELDS = frozenset(
    name
    for name in EVENT_FIELDS
    if name
    not in {"slug", "start_date", "end_date", "applications_open_at", "applications_close_at"}
    # The new title is given, in every language (title_fr ... are the old edition's).
    and name != "title"
    and not name.startswith("title_")
)


def shift_wall_clock(moment: dt.datetime, zone, days: int) -> dt.datetime:
    """``moment`` moved by ``days`` calendar days at the same wall-clock time in ``zone``,
    returned naive (the services read it in that zone and refuse a time that does not
    exist there)."""
    local = moment.astimezone(zone).replace(tzinfo=None)
    return local + dt.timedelta(days=days)


@dataclass(frozen=True)
class SessionCopy:
    session: Session
    zone_name: str
    starts_at: dt.datetime  # naive, local wall-clock time at the new date
    ends_at: dt.datetime


def sessions_shifted(source: Event, days: int) -> list[SessionCopy]:
    """The source's sessions (cancelled ones left out) at their new local times."""
    rows = []
    sessions = source.sessions.exclude(status=SessionStatus.CANCELLED).select_related(
        "venue", "event"
    )
    for session in sessions.prefetch_related("speakers"):
        zone = session.zone
        rows.append(
            SessionCopy(
                session=session,
                zone_name=str(zone.key),
                starts_at=shift_wall_clock(session.starts_at, zone, days),
                ends_at=shift_wall_clock(session.ends_at, zone, days),
            )
        )
    return rows


def _shifted_window(source: Event, days: int) -> dict[str, Any]:
    return {
        name: shift_wall_clock(value, source.zone, days)
        for name in ("applications_open_at", "applications_close_at")
        if (value := getattr(source, name)) is not None
    }


@transaction.atomic
def event_copy_programme(*, source: Event, title: str, start_date: dt.date) -> Event:
    """A new draft event of ``source``'s organisation on the new dates, with ``source``'s
    settings, legs, country quotas and sessions moved by the same number of days.
    Writes the audit entries of each service it calls."""
    days = (start_date - source.start_date).days
    fields = {name: getattr(source, name) for name in COPIED_EVENT_FIELDS}
    fields.pop("time_zone")
    fields.update(_shifted_window(source, days))
    event = event_create(
        organisation=source.organisation,
        title=title,
        kind=fields.pop("kind"),
        host_country=fields.pop("host_country"),
        start_date=start_date,
        end_date=source.end_date + dt.timedelta(days=days),
        time_zone=source.time_zone,
        co_organisers=list(source.co_organisers.all()),
        partners=list(source.partners.all()),
        **fields,
    )
    for leg in source.legs.all():
        leg_create(
            event=event,
            city=leg.city,
            country=leg.country,
            time_zone=leg.time_zone,
            start_date=leg.start_date + dt.timedelta(days=days),
            end_date=leg.end_date + dt.timedelta(days=days),
        )
    for quota in source.quotas.all():
        quota_create(
            event=event, country=quota.country, minimum=quota.minimum, maximum=quota.maximum
        )
    gender_quotas = list(source.gender_quotas.values_list("gender", "minimum", "maximum"))
    if gender_quotas:
        gender_quotas_set(
            event=event,
            maximums={gender: high for gender, _low, high in gender_quotas},
            minimums={gender: low for gender, low, _high in gender_quotas},
        )
    for row in sessions_shifted(source, days):
        session = row.session
        session_create(
            event=event,
            title=session.title,
            kind=session.kind,
            starts_at=row.starts_at,
            ends_at=row.ends_at,
            venue=session.venue,
            speakers=list(session.speakers.all()),
            capacity=session.capacity,
            description=session.description,
            status=session.status,
        )
    return event
