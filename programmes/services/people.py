"""People an organisation names on its agendas (speakers, facilitators)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

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
