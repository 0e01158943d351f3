"""People an organisation names on its agendas (speakers, facilitators)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from audit.services import log_action, removed, snapshot
from backend.services import save_checked as _save
from backend.services import set_fields as _set_fields

from ..caching import agenda_bump_version
from ..models import Organisation, Person

PERSON_FIELDS = frozenset({"name", "affiliation", "country", "bio", "email", "user"})


@transaction.atomic
def person_create(*, organisation: Organisation, name: str, **fields: Any) -> Person:
    person = Person(organisation=organisation, name=name)
    _set_fields(person, fields, PERSON_FIELDS)
    _save(person)
    log_action(person, "programmes.person.created", before=dict.fromkeys(PERSON_FIELDS))
    return person


@transaction.atomic
def person_update(*, person: Person, data: dict[str, Any]) -> Person:
    before = snapshot(person, data.keys() & PERSON_FIELDS)
    changed = _set_fields(person, data, PERSON_FIELDS)
    if changed:
        _save(person, update_fields=changed)
        log_action(person, "programmes.person.changed", before=before)
        # Agendas print their speakers.
        agenda_bump_version(event_ids=person.sessions.values_list("event_id", flat=True))
    return person


@transaction.atomic
def person_delete(*, person: Person) -> None:
    event_ids = list(person.sessions.values_list("event_id", flat=True))
    changes = removed(person, ("name", "affiliation"))
    log_action(person, "programmes.person.deleted", data={"changes": changes})
    person.delete()
    agenda_bump_version(event_ids=event_ids)
