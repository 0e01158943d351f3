"""Bilateral meetings: one delegation asks another, the other accepts or declines, and the
timetable solver (``scheduling.cpsat``, the same CP-SAT model as the agenda's) places the
accepted ones in free slots and rooms. Each delegation is a "speaker" of its bilaterals
(its head cannot be in two at once), each bilateral is its own participant group (so
bilaterals overlap one another only in different rooms and without a shared delegation),
and the event's plenary sessions occupy everyone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as VEvent

from audit.services import log_action
from backend.errors import BridgesError, ConflictError
from notifications.enums import MessageKind
from programmes.enums import ACTIVE_SESSION_STATUSES, SessionType
from programmes.models import Event, Session, Venue
from scheduling import problem as solver
from scheduling.selectors import rules_for

from ..enums import ACTIVE_NOMINEE_STATUSES, BilateralStatus, InvitationStatus, NomineeStatus
from ..models import Bilateral, EventPartner, Nominee
from .common import delegation_url, notify

OPEN = (BilateralStatus.REQUESTED, BilateralStatus.ACCEPTED)
# Seats a bilateral needs beyond its two delegations' members (interpreters, note-takers).
EXTRA_SEATS = 2


@transaction.atomic
def bilateral_request(
    *,
    requester: EventPartner,
    counterpart: EventPartner,
    by,
    note: str = "",
    duration_minutes: int = 30,
    preferred_days: Iterable[dt.date | str] = (),
) -> Bilateral:
    """Ask ``counterpart`` for a bilateral meeting, on one of ``preferred_days`` (days of
    the meeting; none: any day) if the scheduler can. Raises BridgesError naming the field
    (a day outside the meeting: "preferred_days"), ConflictError when a side declined or
    the pair has an open request."""
    days = _preferred_days(requester.event, preferred_days)
    if counterpart.event_id != requester.event_id:
        raise BridgesError(_("Choose a delegation of the same meeting."), field="counterpart")
    if counterpart.pk == requester.pk:
        raise BridgesError(_("Choose another delegation."), field="counterpart")
    if duration_minutes not in (15, 30, 45, 60, 90):
        raise BridgesError(_("Choose 15, 30, 45, 60 or 90 minutes."), field="duration_minutes")
    for side in (requester, counterpart):
        if side.invitation_status == InvitationStatus.DECLINED:
            raise ConflictError(
                _("This invitation was declined."), code="declined", field="counterpart"
            )
    # Both rows locked in id order (one fixed order): two crossing requests cannot both pass.
    list(
        EventPartner.objects.select_for_update()
        .filter(pk__in=[requester.pk, counterpart.pk])
        .order_by("pk")
    )
    pair = Q(requester=requester, counterpart=counterpart) | Q(
        requester=counterpart, counterpart=requester
    )
    if Bilateral.objects.filter(pair, status__in=OPEN).exists():
        raise ConflictError(
            _("These delegations have a bilateral meeting requested already."),
            code="duplicate",
            field="counterpart",
        )
    bilateral = Bilateral.objects.create(
        event_id=requester.event_id,
        requester=requester,
        counterpart=counterpart,
        note=(note or "")[:500],
        preferred_days=days,
        duration_minutes=duration_minutes,
        requested_by=by,
    )
    log_action(bilateral, "delegations.bilateral.requested", user=by, event=requester.event)
    _tell(bilateral, side=counterpart, what="requested")
    return bilateral


def _preferred_days(event: Event, values: Iterable[dt.date | str]) -> list[str]:
    """The days as sorted ISO dates, each a day of the meeting."""
    days = set()
    for value in values or ():
        try:
            day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
        except ValueError:
            raise BridgesError(
                _("Give the days as dates (YYYY-MM-DD)."), field="preferred_days"
            ) from None
        if not event.start_date <= day <= event.end_date:
            raise BridgesError(
                _("Choose days of the meeting (%(first)s to %(last)s).")
                % {"first": event.start_date.isoformat(), "last": event.end_date.isoformat()},
                field="preferred_days",
            )
        days.add(day.isoformat())
    return sorted(days)


def on_preferred_day(bilateral: Bilateral, zone=None) -> bool | None:
    """Whether the placed meeting starts on one of its preferred days (in the meeting's
    ``zone``); None when it has no preference or no slot yet."""
    if not bilateral.preferred_days or bilateral.starts_at is None:
        return None
    local = bilateral.starts_at.astimezone(zone or bilateral.event.zone).date().isoformat()
    return local in bilateral.preferred_days


def bilaterals_off_preference(event: Event) -> list[Bilateral]:
    """The placed meetings the scheduler could not put on a preferred day (every
    preferred day was taken for one side, its room or a plenary): the organisers' note."""
    rows = (
        Bilateral.objects.filter(event=event, status=BilateralStatus.ACCEPTED)
        .exclude(starts_at=None)
        .exclude(preferred_days=[])
        .select_related("requester__partner", "counterpart__partner")
        .order_by("starts_at", "pk")
    )
    return [b for b in rows if on_preferred_day(b, event.zone) is False]


def _delegates_of(side: EventPartner, *, besides) -> list:
    """The side's accredited delegates who are not among ``besides`` (its focal points)."""
    skip = {user.pk for user in besides}
    return [
        n.user
        for n in Nominee.objects.filter(
            delegation=side, status=NomineeStatus.ACCREDITED, user__isnull=False
        ).select_related("user")
        if n.user_id not in skip
    ]


def _tell(bilateral: Bilateral, *, side: EventPartner, what: str) -> None:
    """Tell the side's focal points (with their delegation's page); a placed meeting
    (scheduled, reminder) is told to its accredited delegates too, with their own agenda,
    where it is listed."""
    other = bilateral.counterpart if side.pk == bilateral.requester_id else bilateral.requester
    context = {
        "what": what,
        "other_name": other.partner.official_name,
        "link": delegation_url(side),
    }
    if bilateral.starts_at is not None:
        context["times"] = {
            "bilateral": {
                "at": bilateral.starts_at.astimezone(dt.UTC).isoformat(),
                "zone": str(bilateral.event.time_zone),
            }
        }
        context["venue_name"] = bilateral.venue.name if bilateral.venue else ""
    key = (
        f"delegations.bilateral:{bilateral.pk}:{what}:{side.pk}:"
        f"{bilateral.starts_at.isoformat() if bilateral.starts_at else ''}"
    )
    focal_points = list(side.partner.focal_points.all())
    notify(
        kind=MessageKind.DELEGATION_NOTICE,
        template="delegations/bilateral",
        key=key,
        recipients=focal_points,
        event=bilateral.event,
        context=context,
    )
    if bilateral.starts_at is None:
        return
    notify(
        kind=MessageKind.DELEGATION_NOTICE,
        template="delegations/bilateral",
        key=f"{key}:delegate",
        recipients=_delegates_of(side, besides=focal_points),
        event=bilateral.event,
        context={**context, "for_delegate": True, "link": _agenda_url(bilateral.event)},
    )


def _agenda_url(event: Event) -> str:
    return settings.SITE_URL + reverse("attendance:my-agenda", args=[event.slug])


@transaction.atomic
def bilateral_answer(*, bilateral: Bilateral, accept: bool, by) -> Bilateral:
    """The counterpart's answer (callers check that ``by`` speaks for it)."""
    row = (
        Bilateral.objects.select_for_update(of=("self",))
        .select_related("requester__partner", "counterpart__partner", "event")
        .get(pk=bilateral.pk)
    )
    if row.status != BilateralStatus.REQUESTED:
        raise ConflictError(_("This request has been answered already."), code="answered")
    row.status = BilateralStatus.ACCEPTED if accept else BilateralStatus.DECLINED
    row.save(update_fields=["status"])
    log_action(row, f"delegations.bilateral.{row.status}", user=by, event=row.event)
    _tell(row, side=row.requester, what=row.status)
    return row


def _sizes(event: Event) -> dict[int, int]:
    return dict(
        Nominee.objects.filter(event=event, status__in=ACTIVE_NOMINEE_STATUSES)
        .values_list("delegation_id")
        .annotate(n=Count("pk"))
        .values_list("delegation_id", "n")
    )


def bilateral_problem(event: Event, bilaterals: list[Bilateral]) -> solver.Problem:
    """The accepted bilaterals as the solver's plain data: rooms of the organisation,
    the event's plenaries (everyone busy) and other sessions (their rooms busy)."""
    rules = rules_for(event)
    sizes = _sizes(event)
    venues = list(Venue.objects.filter(organisation_id=event.organisation_id).order_by("pk"))
    requests, groups = [], {}
    for b in bilaterals:
        group = f"bilateral:{b.pk}"
        people = max(sizes.get(b.requester_id, 1), 1) + max(sizes.get(b.counterpart_id, 1), 1)
        groups[group] = people + EXTRA_SEATS
        requests.append(
            solver.RequestIn(
                id=b.pk,
                title=f"{b.requester.partner.official_name} – {b.counterpart.partner.official_name}",
                duration_minutes=b.duration_minutes,
                speaker_ids=tuple(sorted((b.requester_id, b.counterpart_id))),
                min_capacity=people + EXTRA_SEATS,
                group=group,
                current_start=b.starts_at,
                current_venue_id=b.venue_id,
                preferred_days=tuple(
                    (dt.date.fromisoformat(day) - event.start_date).days + 1
                    for day in b.preferred_days
                ),
            )
        )
    start = dt.datetime.combine(event.start_date, dt.time(0), tzinfo=event.zone)
    end = dt.datetime.combine(event.end_date + dt.timedelta(days=1), dt.time(0), tzinfo=event.zone)
    busy = [
        solver.BusyIn(
            starts_at=s.starts_at,
            ends_at=s.ends_at,
            venue_id=s.venue_id,
            groups=(solver.ALL,)
            if s.event_id == event.pk and s.kind == SessionType.PLENARY
            else (),
        )
        for s in Session.objects.filter(
            Q(event=event) | Q(venue__organisation_id=event.organisation_id),
            status__in=ACTIVE_SESSION_STATUSES,
            starts_at__lt=end,
            ends_at__gt=start,
        ).order_by("pk")
    ]
    return solver.Problem(
        start_date=event.start_date,
        end_date=event.end_date,
        time_zone=event.time_zone,
        legs=[
            solver.LegIn(leg.city, leg.start_date, leg.end_date)
            for leg in event.legs.order_by("start_date")
        ],
        venues=[
            solver.VenueIn(v.pk, v.name, v.city, v.time_zone, v.capacity, v.opens_at, v.closes_at)
            for v in venues
        ],
        requests=requests,
        rules=solver.Rules(
            slot_minutes=rules.slot_minutes,
            day_start=rules.day_starts_at,
            day_end=rules.day_ends_at,
            meal_breaks=(),
        ),
        group_sizes=groups,
        busy=busy,
    )


def bilaterals_schedule(
    *,
    event: Event,
    by,
    time_limit: float = 10.0,
    on_progress: Callable[[int], None] | None = None,
) -> solver.Result:
    """Place every accepted bilateral (those placed before stay put when they can) and
    save the slots; both sides are told of a new or changed slot. Nothing is saved when
    the solver finds no timetable (its conflicts are returned)."""
    from scheduling.cpsat import solve  # OR-Tools only when a solve runs

    bilaterals = list(
        Bilateral.objects.filter(event=event, status=BilateralStatus.ACCEPTED)
        .select_related("requester__partner", "counterpart__partner")
        .order_by("pk")
    )
    if not bilaterals:
        return solver.Result(solver.OPTIMAL)
    result = solve(
        bilateral_problem(event, bilaterals), time_limit=time_limit, on_progress=on_progress
    )
    if not result.placements:
        return result
    placed = {p.request_id: p for p in result.placements}
    venues = {v.pk: v for v in Venue.objects.filter(pk__in={p.venue_id for p in placed.values()})}
    with transaction.atomic():
        for b in (
            Bilateral.objects.select_for_update(of=("self",))
            .filter(pk__in=placed)
            .select_related("requester__partner", "counterpart__partner", "event")
        ):
            p = placed[b.pk]
            if (b.starts_at, b.venue_id) == (p.starts_at, p.venue_id):
                continue
            b.starts_at, b.ends_at, b.venue = p.starts_at, p.ends_at, venues[p.venue_id]
            b.save(update_fields=["starts_at", "ends_at", "venue"])
            log_action(
                b,
                "delegations.bilateral.scheduled",
                user=by,
                event=event,
                data={"starts_at": p.starts_at.isoformat(), "venue": p.venue_id},
            )
            for side in (b.requester, b.counterpart):
                _tell(b, side=side, what="scheduled")
    return result


def bilateral_reminders_send(
    *, now: dt.datetime | None = None, ahead: dt.timedelta = dt.timedelta(hours=2)
) -> int:
    """The periodic scan: a reminder to both sides of a bilateral starting within
    ``ahead``, once (claimed under the row lock, ``reminded_at`` set)."""
    now = now or timezone.now()
    sent = 0
    ids = Bilateral.objects.filter(
        status=BilateralStatus.ACCEPTED,
        reminded_at__isnull=True,
        starts_at__gt=now,
        starts_at__lte=now + ahead,
    ).values_list("pk", flat=True)
    for pk in ids:
        with transaction.atomic():
            b = (
                Bilateral.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, reminded_at__isnull=True)
                .first()
            )
            if b is None:
                continue
            b.reminded_at = now
            b.save(update_fields=["reminded_at"])
            b = Bilateral.objects.select_related(
                "requester__partner", "counterpart__partner", "event", "venue"
            ).get(pk=pk)
            for side in (b.requester, b.counterpart):
                _tell(b, side=side, what="reminder")
            sent += 1
    return sent


def bilaterals_ical(delegation: EventPartner) -> bytes:
    """The delegation's placed bilaterals as iCalendar, times in UTC, one stable UID per
    bilateral so calendar apps move a rescheduled one instead of duplicating it."""
    calendar = Calendar()
    calendar.add("prodid", "-//Bridges//Bilaterals//EN")
    calendar.add("version", "2.0")
    rows = (
        Bilateral.objects.filter(
            Q(requester=delegation) | Q(counterpart=delegation),
            status=BilateralStatus.ACCEPTED,
            starts_at__isnull=False,
        )
        .select_related("requester__partner", "counterpart__partner", "venue", "event")
        .order_by("starts_at")
    )
    for b in rows:
        other = b.counterpart if b.requester_id == delegation.pk else b.requester
        item = VEvent()
        item.add("uid", f"bilateral-{b.pk}@bridges")
        item.add(
            "summary",
            _("Bilateral meeting with %(other_name)s")
            % {"other_name": other.partner.official_name},
        )
        item.add("dtstart", b.starts_at)
        item.add("dtend", b.ends_at)
        item.add("dtstamp", timezone.now())
        if b.venue is not None:
            item.add("location", b.venue.name)
        calendar.add_component(item)
    return calendar.to_ical()
