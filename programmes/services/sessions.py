"""Sessions on an event's agenda: created, moved (downstream apps are told), confirmed,
cancelled, deleted."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from audit.services import log_action, removed, snapshot
from backend.content_language import content_columns
from backend.content_writing import plain_text_language, texts_in_languages
from backend.errors import BridgesError, ConflictError
from backend.services import save_checked as _save
from backend.services import set_fields as _set_fields

from ..caching import agenda_bump_version
from ..enums import EventStatus, SessionStatus
from ..models import Event, Person, Session, Venue
from ..signals import session_schedule_changed
from ..translation import SESSION_TEXTS
from .common import check_same_organisation, make_aware_in

SESSION_FIELDS = frozenset(
    {"title", "kind", "description", "starts_at", "ends_at", "venue", "capacity"}
) | content_columns(*SESSION_TEXTS)
# Changes to these fields move a session in time or space; downstream apps are told.
SESSION_SCHEDULE_FIELDS = ("starts_at", "ends_at", "venue")


def session_zone_name(*, event: Event, venue: Venue | None) -> str:
    """The zone a session's naive times are read in: its venue's, else its event's."""
    return venue.time_zone if venue is not None else event.time_zone


def _set_speakers(session: Session, speakers: Iterable[Person]) -> None:
    speakers = list(speakers)
    for person in speakers:
        check_same_organisation(session.event.organisation_id, person, "speakers")
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
    **texts: str,
) -> Session:
    """Add a session. Naive ``starts_at``/``ends_at`` are wall-clock time at the venue
    (the event's zone without a venue); they must fall on the event's local days.
    ``texts``: the title and description in other languages (``title_fr=...``)."""
    check_same_organisation(event.organisation_id, venue, "venue")
    zone_name = session_zone_name(event=event, venue=venue)
    starts_at = make_aware_in(starts_at, zone_name, field="starts_at")
    ends_at = make_aware_in(ends_at, zone_name, field="ends_at")
    texts = texts_in_languages(texts, SESSION_TEXTS, event.working_languages)
    with translation.override(plain_text_language(event.working_languages)):
        session = Session(
            event=event,
            title=title,
            kind=kind,
            starts_at=starts_at,
            ends_at=ends_at,
            venue=venue,
            capacity=capacity,
            description=description,
            status=status,
        )
    _set_fields(session, texts, content_columns(*SESSION_TEXTS))
    _save(session)
    _set_speakers(session, speakers)
    created = SESSION_FIELDS | {"status"}
    log_action(session, "programmes.session.created", before=dict.fromkeys(created))
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
    data = texts_in_languages(
        data, SESSION_TEXTS, session.event.working_languages, instance=session
    )
    if "status" in data:
        raise BridgesError(
            _("Use the cancel action to change a session's status."),
            code="status_via_action",
            field="status",
        )
    venue = data.get("venue", session.venue)
    if "venue" in data:
        check_same_organisation(session.event.organisation_id, venue, "venue")
    zone_name = session_zone_name(event=session.event, venue=venue)
    for name in ("starts_at", "ends_at"):
        if name in data:
            data[name] = make_aware_in(data[name], zone_name, field=name)
    before = {name: getattr(session, name) for name in SESSION_SCHEDULE_FIELDS}
    audited = snapshot(session, data.keys() & SESSION_FIELDS)
    changed = _set_fields(session, data, SESSION_FIELDS)
    if changed:
        _save(session, update_fields=changed)
        log_action(session, "programmes.session.changed", before=audited)
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
    log_action(session, "programmes.session.cancelled", before={"status": old})
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
    before = {"status": SessionStatus.TENTATIVE.value}
    log_action(session, "programmes.session.confirmed", before=before)
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
    changes = removed(session, ("title", "starts_at", "ends_at", "status"))
    log_action(session, "programmes.session.deleted", data={"changes": changes})
    session.delete()
    agenda_bump_version(event_ids=[session.event_id])
