"""Everything that changes organisations, programmes, events, venues, people and sessions.

Each function runs in one transaction and validates with the model's ``full_clean``
(field choices such as countries and time zones, plus the cross-field rules in the
models' ``clean``), so a rejected call leaves nothing behind. Rule breaches raise
``django.core.exceptions.ValidationError`` keyed by field, or ``BridgesError`` /
``ConflictError`` for rules about who may do what and about the current state; the
API's exception handler turns both into a 4xx naming the field.

Permission to call a service is the caller's job (``permissions.py``), except where
the rule is itself the business rule: only owners manage memberships.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from backend.errors import BridgesError, ConflictError
from backend.services import save_checked as _save
from backend.services import set_fields as _set_fields

from .caching import agenda_bump_version, event_list_bump_version
from .enums import EventStatus, MemberRole, SessionStatus
from .models import (
    CountryQuota,
    Event,
    Leg,
    Membership,
    Organisation,
    Person,
    Programme,
    Session,
    Venue,
)
from .permissions import forget_roles, is_owner
from .signals import session_schedule_changed

# Fields a generic ``*_update`` may set; everything else (owner, status, event) has its own service.
ORGANISATION_FIELDS = frozenset({"name", "country", "kind", "website"})
PROGRAMME_FIELDS = frozenset({"title", "slug", "description"})
PERSON_FIELDS = frozenset({"name", "affiliation", "country", "bio", "email", "user"})
VENUE_FIELDS = frozenset(
    {"name", "address", "city", "country", "time_zone", "capacity", "opens_at", "closes_at"}
)
EVENT_FIELDS = frozenset(
    {
        "programme",
        "kind",
        "title",
        "slug",
        "theme",
        "summary",
        "description",
        "working_languages",
        "host_country",
        "start_date",
        "end_date",
        "time_zone",
        "capacity",
        "applications_open_at",
        "applications_close_at",
        "min_age",
        "max_age",
        "eligible_countries",
        "attendance_mode",
        "online_url",
    }
)
LEG_FIELDS = frozenset({"city", "country", "start_date", "end_date"})
QUOTA_FIELDS = frozenset({"country", "minimum", "maximum"})
SESSION_FIELDS = frozenset(
    {"title", "kind", "description", "starts_at", "ends_at", "venue", "capacity"}
)
# Changes to these fields move a session in time or space; downstream apps are told.
SESSION_SCHEDULE_FIELDS = ("starts_at", "ends_at", "venue")


# --- helpers -------------------------------------------------------------------------------


def _unique_slug(model, base: str, *, field: str = "slug", max_length: int = 80, **scope) -> str:
    base = (slugify(base) or "item")[: max_length - 6].strip("-") or "item"
    candidate, n = base, 2
    while model.objects.filter(**{field: candidate}, **scope).exists():
        candidate = f"{base}-{n}"
        n += 1
    return candidate


def make_aware_in(
    value: dt.datetime | None, zone_name: str, *, field: str = ""
) -> dt.datetime | None:
    """Read a naive datetime as wall-clock time in ``zone_name``; aware ones pass through.

    A wall-clock time skipped by a daylight-saving jump (02:30 on the night clocks go
    forward) names no instant, so it is refused rather than silently shifted.
    """
    if value is None or value.tzinfo is not None:
        return value
    try:
        zone = zoneinfo.ZoneInfo(zone_name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise BridgesError(
            _("Unknown time zone."), code="invalid_time_zone", field="time_zone"
        ) from None
    aware = value.replace(tzinfo=zone)
    if aware.astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None) != value:
        raise BridgesError(
            _("%(time)s does not exist in %(zone)s (the clocks change then).")
            % {"time": value.isoformat(sep=" ", timespec="minutes"), "zone": zone_name},
            code="nonexistent_local_time",
            field=field or None,
        )
    return aware


def _check_same_organisation(organisation_id: int, obj, field: str) -> None:
    if obj is not None and obj.organisation_id != organisation_id:
        raise BridgesError(
            _("This belongs to another organisation."), code="wrong_organisation", field=field
        )


# --- organisations and members ---------------------------------------------------------------


@transaction.atomic
def organisation_create(
    *, name: str, country: str, kind: str, owner, slug: str = "", website: str = ""
) -> Organisation:
    """Create an organisation; ``owner`` becomes its first owner."""
    organisation = Organisation(
        name=name,
        country=country,
        kind=kind,
        website=website,
        slug=slug or _unique_slug(Organisation, name),
    )
    _save(organisation)
    Membership.objects.create(organisation=organisation, user=owner, role=MemberRole.OWNER)
    forget_roles(owner)
    return organisation


@transaction.atomic
def organisation_update(*, organisation: Organisation, data: dict[str, Any]) -> Organisation:
    changed = _set_fields(organisation, data, ORGANISATION_FIELDS)
    if changed:
        _save(organisation, update_fields=changed)
        event_list_bump_version()  # event rows and cards name the organisation
    return organisation


def _require_owner(by, organisation: Organisation) -> None:
    if not is_owner(by, organisation):
        raise BridgesError(_("Only owners manage members."), code="not_owner", status=403)


def _owner_count(organisation: Organisation) -> int:
    return Membership.objects.filter(organisation=organisation, role=MemberRole.OWNER).count()


@transaction.atomic
def membership_add(*, organisation: Organisation, user, role: str, by) -> Membership:
    """Add ``user`` to ``organisation`` with ``role``; only owners may."""
    _require_owner(by, organisation)
    if role not in MemberRole.values:
        raise BridgesError(_("Unknown role."), code="invalid_role", field="role")
    if Membership.objects.filter(organisation=organisation, user=user).exists():
        raise ConflictError(
            _("This person is already a member."), code="already_member", field="user"
        )
    membership = Membership(organisation=organisation, user=user, role=role)
    _save(membership)
    forget_roles(user)
    return membership


@transaction.atomic
def membership_change(*, membership: Membership, role: str, by) -> Membership:
    """Change a member's role; the last owner cannot step down (the organisation would be orphaned)."""
    _require_owner(by, membership.organisation)
    if role not in MemberRole.values:
        raise BridgesError(_("Unknown role."), code="invalid_role", field="role")
    # Lock the owners so two owners demoting each other at once cannot leave none.
    list(
        Membership.objects.select_for_update()
        .filter(organisation_id=membership.organisation_id, role=MemberRole.OWNER)
        .order_by("pk")
    )
    membership.refresh_from_db()
    if membership.role == MemberRole.OWNER and role != MemberRole.OWNER:
        if _owner_count(membership.organisation) <= 1:
            raise ConflictError(
                _("An organisation needs at least one owner."), code="last_owner", field="role"
            )
    membership.role = role
    membership.save(update_fields=["role"])
    forget_roles(membership.user)
    forget_roles(by)
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, by) -> None:
    _require_owner(by, membership.organisation)
    list(
        Membership.objects.select_for_update()
        .filter(organisation_id=membership.organisation_id, role=MemberRole.OWNER)
        .order_by("pk")
    )
    if membership.role == MemberRole.OWNER and _owner_count(membership.organisation) <= 1:
        raise ConflictError(_("An organisation needs at least one owner."), code="last_owner")
    membership.delete()
    forget_roles(membership.user)
    forget_roles(by)


# --- programmes, people, venues --------------------------------------------------------------


@transaction.atomic
def programme_create(
    *, organisation: Organisation, title: str, slug: str = "", description: str = ""
) -> Programme:
    programme = Programme(
        organisation=organisation,
        title=title,
        description=description,
        slug=slug or _unique_slug(Programme, title, organisation=organisation),
    )
    _save(programme)
    return programme


@transaction.atomic
def programme_update(*, programme: Programme, data: dict[str, Any]) -> Programme:
    changed = _set_fields(programme, data, PROGRAMME_FIELDS)
    if changed:
        _save(programme, update_fields=changed)
        event_list_bump_version()  # event rows name their programme
    return programme


@transaction.atomic
def programme_delete(*, programme: Programme) -> None:
    """Delete a programme; its events stay and lose the link (``SET_NULL``)."""
    programme.delete()
    event_list_bump_version()


@transaction.atomic
def person_create(*, organisation: Organisation, name: str, **fields: Any) -> Person:
    person = Person(organisation=organisation, name=name)
    _set_fields(person, fields, PERSON_FIELDS)
    _save(person)
    return person


@transaction.atomic
def person_update(*, person: Person, data: dict[str, Any]) -> Person:
    changed = _set_fields(person, data, PERSON_FIELDS)
    if changed:
        _save(person, update_fields=changed)
        # Agendas print their speakers.
        agenda_bump_version(event_ids=person.sessions.values_list("event_id", flat=True))
    return person


@transaction.atomic
def person_delete(*, person: Person) -> None:
    event_ids = list(person.sessions.values_list("event_id", flat=True))
    person.delete()
    agenda_bump_version(event_ids=event_ids)


@transaction.atomic
def venue_create(
    *,
    organisation: Organisation,
    name: str,
    city: str,
    country: str,
    time_zone: str,
    capacity: int,
    **fields: Any,
) -> Venue:
    venue = Venue(
        organisation=organisation,
        name=name,
        city=city,
        country=country,
        time_zone=time_zone,
        capacity=capacity,
    )
    _set_fields(venue, fields, VENUE_FIELDS)
    _save(venue)
    return venue


@transaction.atomic
def venue_update(*, venue: Venue, data: dict[str, Any]) -> Venue:
    venue = Venue.objects.select_for_update().get(pk=venue.pk)
    changed = _set_fields(venue, data, VENUE_FIELDS)
    if "capacity" in changed:
        too_big = venue.sessions.filter(capacity__gt=venue.capacity).order_by("starts_at").first()
        if too_big is not None:
            raise BridgesError(
                _("Session “%(title)s” needs %(capacity)s places; lower it first.")
                % {"title": too_big.title, "capacity": too_big.capacity},
                code="capacity_below_sessions",
                field="capacity",
            )
    if changed:
        _save(venue, update_fields=changed)
        agenda_bump_version(event_ids=venue.sessions.values_list("event_id", flat=True))
    return venue


@transaction.atomic
def venue_delete(*, venue: Venue) -> None:
    if venue.sessions.exists():
        raise ConflictError(
            _("Sessions take place at this venue; move them first."), code="venue_in_use"
        )
    venue.delete()


# --- events ----------------------------------------------------------------------------------


def _event_data(event: Event, data: dict[str, Any]) -> dict[str, Any]:
    """Resolve naive application-window datetimes in the event's (possibly new) zone."""
    data = dict(data)
    zone_name = data.get("time_zone", event.time_zone)
    for name in ("applications_open_at", "applications_close_at"):
        if data.get(name) is not None:
            data[name] = make_aware_in(data[name], zone_name, field=name)
    return data


# Other organisations named on an event (many-to-many, set after saving).
EVENT_LINKS = ("co_organisers", "partners")


def _set_links(event: Event, links: dict[str, Iterable[Organisation]]) -> None:
    for name, organisations in links.items():
        organisations = list(organisations)
        if any(org.pk == event.organisation_id for org in organisations):
            raise BridgesError(
                _("The organising organisation cannot also be listed here."),
                code="self_link",
                field=name,
            )
        getattr(event, name).set(organisations)


@transaction.atomic
def event_create(
    *,
    organisation: Organisation,
    title: str,
    kind: str,
    host_country: str,
    start_date: dt.date,
    end_date: dt.date,
    time_zone: str,
    **fields: Any,
) -> Event:
    """Create a draft event.

    ``applications_open_at`` / ``applications_close_at`` may be naive: they are then
    read as wall-clock time in the event's ``time_zone``. The ``programme`` must
    belong to ``organisation``. ``co_organisers`` and ``partners`` are lists of
    other organisations. Publishing is a separate step (``event_publish``).
    """
    links = {name: fields.pop(name) for name in EVENT_LINKS if name in fields}
    event = Event(
        organisation=organisation,
        title=title,
        kind=kind,
        host_country=host_country,
        start_date=start_date,
        end_date=end_date,
        time_zone=time_zone,
        status=EventStatus.DRAFT,
    )
    fields = _event_data(event, fields)
    if not fields.get("slug"):
        fields.pop("slug", None)
    _set_fields(event, fields, EVENT_FIELDS)
    if not event.slug:
        base = title if str(start_date.year) in title else f"{title} {start_date.year}"
        event.slug = _unique_slug(Event, base, max_length=100)
    _check_same_organisation(organisation.pk, event.programme, "programme")
    _save(event)
    _set_links(event, links)
    event_list_bump_version()
    return event


@transaction.atomic
def event_update(*, event: Event, data: dict[str, Any]) -> Event:
    """Change an event's details. Sessions and legs must still fit inside new dates."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    data = dict(data)
    links = {name: data.pop(name) for name in EVENT_LINKS if name in data}
    changed = _set_fields(event, _event_data(event, data), EVENT_FIELDS)
    _set_links(event, links)
    # The lists show the event and its links; the agenda its slug and zone. Bumped even
    # when nothing here changed: the admin saves legs and quotas after this call, in
    # this transaction, and the lists' bump on commit covers them.
    event_list_bump_version()
    if not changed:
        return event
    if "programme" in changed:
        _check_same_organisation(event.organisation_id, event.programme, "programme")
    event.full_clean()
    if {"start_date", "end_date", "time_zone"} & set(changed):
        event_check_contents_fit(event=event)
    _save(event, update_fields=changed)
    agenda_bump_version(event_ids=[event.pk])
    event.agenda_version += 1
    return event


def event_check_contents_fit(*, event: Event) -> None:
    """Raise if the event's (unsaved) dates or zone would leave a session or leg outside it.

    Used by ``event_update`` and by the admin form, so both refuse the same changes.
    """
    if event.pk is None or not (event.start_date and event.end_date and event.time_zone):
        return
    for session in event.sessions.select_related("venue"):
        session.event = event
        local_start = session.local_starts_at.date()
        local_end = (session.local_ends_at - dt.timedelta(microseconds=1)).date()
        if local_start < event.start_date or local_end > event.end_date:
            field = "start_date" if local_start < event.start_date else "end_date"
            raise BridgesError(
                _("Session “%(title)s” would fall outside the event; move it first.")
                % {"title": session.title},
                code="sessions_outside_dates",
                field=field,
            )
    for leg in event.legs.all():
        if leg.start_date < event.start_date or leg.end_date > event.end_date:
            raise BridgesError(
                _("The leg in %(city)s would fall outside the event; change it first.")
                % {"city": leg.city},
                code="legs_outside_dates",
                field="start_date" if leg.start_date < event.start_date else "end_date",
            )


@transaction.atomic
def event_delete(*, event: Event) -> None:
    """Only drafts can be deleted; a published event is cancelled so applicants are told."""
    if event.status != EventStatus.DRAFT:
        raise ConflictError(
            _("Only draft events can be deleted; cancel it instead."), code="not_draft"
        )
    event.delete()
    event_list_bump_version()


@transaction.atomic
def event_publish(*, event: Event) -> Event:
    """Draft -> published. Checks the event is complete enough to advertise."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status != EventStatus.DRAFT:
        raise ConflictError(
            _("Only a draft can be published (this event is %(status)s).")
            % {"status": event.get_status_display()},
            code="not_draft",
            field="status",
        )
    if bool(event.applications_open_at) != bool(event.applications_close_at):
        field = "applications_close_at" if event.applications_open_at else "applications_open_at"
        raise BridgesError(
            _("Set both ends of the application window, or neither."),
            code="incomplete_window",
            field=field,
        )
    event.status = EventStatus.PUBLISHED
    event.full_clean()
    event.save(update_fields=["status", "updated_at"])
    event_list_bump_version()
    return event


@transaction.atomic
def event_cancel(*, event: Event) -> Event:
    """Draft or published -> cancelled. The event stays visible, marked cancelled."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status == EventStatus.CANCELLED:
        raise ConflictError(
            _("This event is already cancelled."), code="already_cancelled", field="status"
        )
    event.status = EventStatus.CANCELLED
    event.save(update_fields=["status", "updated_at"])
    event_list_bump_version()
    return event


# --- legs and quotas -------------------------------------------------------------------------


@transaction.atomic
def leg_create(
    *, event: Event, city: str, country: str, start_date: dt.date, end_date: dt.date
) -> Leg:
    leg = Leg(event=event, city=city, country=country, start_date=start_date, end_date=end_date)
    _save(leg)
    event_list_bump_version()
    return leg


@transaction.atomic
def leg_update(*, leg: Leg, data: dict[str, Any]) -> Leg:
    changed = _set_fields(leg, data, LEG_FIELDS)
    if changed:
        _save(leg, update_fields=changed)
        event_list_bump_version()
    return leg


@transaction.atomic
def leg_delete(*, leg: Leg) -> None:
    leg.delete()
    event_list_bump_version()


@transaction.atomic
def quota_create(
    *, event: Event, country: str, minimum: int = 0, maximum: int | None = None
) -> CountryQuota:
    if CountryQuota.objects.filter(event=event, country=country).exists():
        raise ConflictError(
            _("This country already has a quota."), code="duplicate_quota", field="country"
        )
    quota = CountryQuota(event=event, country=country, minimum=minimum, maximum=maximum)
    _save(quota)
    event_list_bump_version()
    return quota


@transaction.atomic
def quota_update(*, quota: CountryQuota, data: dict[str, Any]) -> CountryQuota:
    changed = _set_fields(quota, data, QUOTA_FIELDS)
    if changed:
        _save(quota, update_fields=changed)
        event_list_bump_version()
    return quota


@transaction.atomic
def quota_delete(*, quota: CountryQuota) -> None:
    quota.delete()
    event_list_bump_version()


# --- sessions --------------------------------------------------------------------------------


def session_zone_name(*, event: Event, venue: Venue | None) -> str:
    """The zone a session's naive times are read in: its venue's, else its event's."""
    return venue.time_zone if venue is not None else event.time_zone


def _set_speakers(session: Session, speakers: Iterable[Person]) -> None:
    speakers = list(speakers)
    for person in speakers:
        _check_same_organisation(session.event.organisation_id, person, "speakers")
    session.speakers.set(speakers)


@transaction.atomic
def session_create(
    *,
    event: Event,
    title: str,
    kind: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    venue: Venue | None = None,
    speakers: Iterable[Person] = (),
    capacity: int | None = None,
    description: str = "",
    status: str = SessionStatus.CONFIRMED,
) -> Session:
    """Add a session. Naive ``starts_at``/``ends_at`` are wall-clock time at the venue
    (the event's zone without a venue); they must fall on the event's local days."""
    _check_same_organisation(event.organisation_id, venue, "venue")
    zone_name = session_zone_name(event=event, venue=venue)
    session = Session(
        event=event,
        title=title,
        kind=kind,
        starts_at=make_aware_in(starts_at, zone_name, field="starts_at"),
        ends_at=make_aware_in(ends_at, zone_name, field="ends_at"),
        venue=venue,
        capacity=capacity,
        description=description,
        status=status,
    )
    _save(session)
    _set_speakers(session, speakers)
    agenda_bump_version(event_ids=[event.pk])
    return session


@transaction.atomic
def session_update(
    *, session: Session, data: dict[str, Any], speakers: Iterable[Person] | None = None
) -> Session:
    """Change a session; moving it (start, end or venue) sends ``session_schedule_changed``.

    The signal goes out inside this transaction, so receivers' writes (outbox rows)
    commit or roll back with the change.
    """
    session = (
        Session.objects.select_for_update(of=("self",))
        .select_related("event", "venue")
        .get(pk=session.pk)
    )
    data = dict(data)
    if "status" in data:
        raise BridgesError(
            _("Use the cancel action to change a session's status."),
            code="status_via_action",
            field="status",
        )
    venue = data.get("venue", session.venue)
    if "venue" in data:
        _check_same_organisation(session.event.organisation_id, venue, "venue")
    zone_name = session_zone_name(event=session.event, venue=venue)
    for name in ("starts_at", "ends_at"):
        if name in data:
            data[name] = make_aware_in(data[name], zone_name, field=name)
    before = {name: getattr(session, name) for name in SESSION_SCHEDULE_FIELDS}
    changed = _set_fields(session, data, SESSION_FIELDS)
    if changed:
        _save(session, update_fields=changed)
    if speakers is not None:
        _set_speakers(session, speakers)
    if changed or speakers is not None:
        agenda_bump_version(event_ids=[session.event_id])
    moves = {
        name: (before[name], getattr(session, name))
        for name in SESSION_SCHEDULE_FIELDS
        if name in changed
    }
    if moves and session.status != SessionStatus.CANCELLED:
        session_schedule_changed.send(
            sender=Session, session=session, changes=moves, cancelled=False
        )
    return session


@transaction.atomic
def session_cancel(*, session: Session) -> Session:
    """Mark a session cancelled (kept on the agenda, struck through) and tell downstream apps."""
    session = (
        Session.objects.select_for_update(of=("self",))
        .select_related("event", "venue")
        .get(pk=session.pk)
    )
    if session.status == SessionStatus.CANCELLED:
        raise ConflictError(
            _("This session is already cancelled."), code="already_cancelled", field="status"
        )
    old = session.status
    session.status = SessionStatus.CANCELLED
    session.save(update_fields=["status", "updated_at"])
    agenda_bump_version(event_ids=[session.event_id])
    session_schedule_changed.send(
        sender=Session, session=session, changes={"status": (old, session.status)}, cancelled=True
    )
    return session


@transaction.atomic
def session_confirm(*, session: Session) -> Session:
    """Tentative -> confirmed."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.status != SessionStatus.TENTATIVE:
        raise ConflictError(
            _("Only a tentative session can be confirmed."), code="not_tentative", field="status"
        )
    session.status = SessionStatus.CONFIRMED
    session.save(update_fields=["status", "updated_at"])
    agenda_bump_version(event_ids=[session.event_id])
    return session


@transaction.atomic
def session_delete(*, session: Session) -> None:
    """Delete a session. On a published event a live session must be cancelled first,
    so participants hear about it (the cancel action sends the signal)."""
    if session.event.status == EventStatus.PUBLISHED and session.status != SessionStatus.CANCELLED:
        raise ConflictError(
            _("This event is published: cancel the session first so participants are told."),
            code="cancel_first",
        )
    session.delete()
    agenda_bump_version(event_ids=[session.event_id])
