"""What the solver is asked: the event's scheduling rules, the session requests (with
their speakers and order) and speakers' availability.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import log_action, removed, snapshot
from backend.errors import BridgesError
from backend.services import save_checked, set_fields
from programmes import services as programme_services
from programmes.models import Event, Person

from ..models import (
    SchedulingRules,
    SessionRequest,
    SpeakerAvailability,
)

RULES_FIELDS = frozenset(
    {
        "slot_minutes",
        "day_starts_at",
        "day_ends_at",
        "lunch_starts_at",
        "lunch_ends_at",
        "time_limit_seconds",
    }
)


REQUEST_FIELDS = frozenset(
    {
        "title",
        "kind",
        "duration_minutes",
        "city",
        "min_capacity",
        "venue",
        "team",
        "fixed_start",
        "not_before_day",
        "not_after_day",
        "session",
    }
)


@transaction.atomic
def rules_update(*, event: Event, data: dict[str, Any]) -> SchedulingRules:
    rules, _created = SchedulingRules.objects.select_for_update().get_or_create(event=event)
    before = snapshot(rules, data.keys() & RULES_FIELDS)
    set_fields(rules, data, RULES_FIELDS)
    if (rules.lunch_starts_at is None) != (rules.lunch_ends_at is None):
        raise BridgesError(
            _("Give both ends of the lunch break, or neither."),
            code="lunch_incomplete",
            field="lunch_ends_at",
        )
    if rules.day_ends_at <= rules.day_starts_at:
        raise BridgesError(
            _("The day must end after it starts."), code="day_order", field="day_ends_at"
        )
    if rules.lunch_starts_at and rules.lunch_ends_at <= rules.lunch_starts_at:
        raise BridgesError(
            _("Lunch must end after it starts."), code="lunch_order", field="lunch_ends_at"
        )
    save_checked(rules)
    log_action(rules, "scheduling.rules.changed", before=before)
    return rules


def _check_request(
    event: Event,
    request: SessionRequest,
    speakers: Sequence[Person] | None,
    after: Sequence[SessionRequest] | None,
) -> None:
    days = (event.end_date - event.start_date).days + 1
    for name in ("not_before_day", "not_after_day"):
        value = getattr(request, name)
        if value is not None and not 1 <= value <= days:
            raise BridgesError(
                _("Choose a day between 1 and %(days)s.") % {"days": days},
                code="day_out_of_range",
                field=name,
            )
    if (
        request.not_before_day
        and request.not_after_day
        and request.not_after_day < request.not_before_day
    ):
        raise BridgesError(
            _("“Not after” must be on or after “not before”."),
            code="day_window",
            field="not_after_day",
        )
    if request.venue_id and request.venue.organisation_id != event.organisation_id:
        raise BridgesError(
            _("Choose one of your organisation's venues."), code="foreign_venue", field="venue"
        )
    if request.venue_id and request.city and request.venue.city != request.city:
        raise BridgesError(
            _("The venue is not in the chosen city."), code="venue_city", field="venue"
        )
    if request.team_id and request.team.event_id != event.pk:
        raise BridgesError(_("Choose a team of this event."), code="foreign_team", field="team")
    if request.session_id and request.session.event_id != event.pk:
        raise BridgesError(
            _("Choose a session of this event."), code="foreign_session", field="session"
        )
    if request.fixed_start is not None:
        if request.fixed_start.tzinfo is None:
            zone = programme_services.session_zone_name(
                event=event, venue=request.venue if request.venue_id else None
            )
            request.fixed_start = programme_services.make_aware_in(request.fixed_start, zone)
        if not event.starts_at() <= request.fixed_start < event.ends_at():
            raise BridgesError(
                _("The fixed start must fall on one of the event's days."),
                code="fixed_outside_event",
                field="fixed_start",
            )
    for person in speakers or ():
        if person.organisation_id != event.organisation_id:
            raise BridgesError(
                _("Choose speakers of your organisation."), code="foreign_speaker", field="speakers"
            )
    for other in after or ():
        if other.event_id != event.pk:
            raise BridgesError(
                _("Choose sessions of this event."), code="foreign_request", field="after"
            )
        if request.pk and other.pk == request.pk:
            raise BridgesError(
                _("A session cannot follow itself."), code="order_self", field="after"
            )


def _check_no_cycle(request: SessionRequest) -> None:
    """Following ``after`` links from the request must never lead back to it."""
    edges: dict[int, list[int]] = {}
    for src, dst in SessionRequest.after.through.objects.filter(
        from_sessionrequest__event_id=request.event_id
    ).values_list("from_sessionrequest_id", "to_sessionrequest_id"):
        edges.setdefault(src, []).append(dst)
    seen, stack = set(), list(edges.get(request.pk, []))
    while stack:
        node = stack.pop()
        if node == request.pk:
            raise BridgesError(
                _("These order rules go round in a circle."), code="order_cycle", field="after"
            )
        if node not in seen:
            seen.add(node)
            stack.extend(edges.get(node, []))


@transaction.atomic
def session_request_create(
    *,
    event: Event,
    data: dict[str, Any],
    speakers: Iterable[Person] = (),
    after: Iterable[SessionRequest] = (),
) -> SessionRequest:
    speakers, after = list(speakers), list(after)
    request = SessionRequest(event=event)
    set_fields(request, data, REQUEST_FIELDS)
    _check_request(event, request, speakers, after)
    save_checked(request)
    log_action(request, "scheduling.request.created", before=dict.fromkeys(data))
    request.speakers.set(speakers)
    request.after.set(after)
    return request


@transaction.atomic
def session_request_update(
    *,
    request: SessionRequest,
    data: dict[str, Any],
    speakers: Iterable[Person] | None = None,
    after: Iterable[SessionRequest] | None = None,
) -> SessionRequest:
    request = SessionRequest.objects.select_for_update().select_related("event").get(pk=request.pk)
    speakers = list(speakers) if speakers is not None else None
    after = list(after) if after is not None else None
    before = snapshot(request, data.keys() & REQUEST_FIELDS)
    set_fields(request, data, REQUEST_FIELDS)
    _check_request(request.event, request, speakers, after)
    save_checked(request)
    if speakers is not None:
        request.speakers.set(speakers)
    if after is not None:
        request.after.set(after)
        _check_no_cycle(request)
    log_action(request, "scheduling.request.changed", before=before)
    return request


@transaction.atomic
def session_request_delete(*, request: SessionRequest) -> None:
    changes = removed(request, ("title", "kind", "duration_minutes"))
    log_action(request, "scheduling.request.deleted", data={"changes": changes})
    request.delete()


@transaction.atomic
def availability_add(
    *, event: Event, person: Person, starts_at: dt.datetime, ends_at: dt.datetime
) -> SpeakerAvailability:
    """Naive times are read in the event's zone."""
    if person.organisation_id != event.organisation_id:
        raise BridgesError(
            _("Choose speakers of your organisation."), code="foreign_speaker", field="person"
        )
    starts_at = programme_services.make_aware_in(starts_at, event.time_zone)
    ends_at = programme_services.make_aware_in(ends_at, event.time_zone)
    if ends_at <= starts_at:
        raise BridgesError(
            _("The window must end after it starts."), code="window_order", field="ends_at"
        )
    window = SpeakerAvailability(event=event, person=person, starts_at=starts_at, ends_at=ends_at)
    save_checked(window)
    log_action(window, "scheduling.availability.added", before=dict.fromkeys(AVAILABILITY_FIELDS))
    return window


@transaction.atomic
def availability_delete(*, window: SpeakerAvailability) -> None:
    changes = removed(window, AVAILABILITY_FIELDS)
    log_action(window, "scheduling.availability.deleted", data={"changes": changes})
    window.delete()


# What the audit log records of a speaker's availability window.
AVAILABILITY_FIELDS = ("person", "starts_at", "ends_at")
