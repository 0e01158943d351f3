"""Writing the audit log: ``log_action`` (pretix's ``LoggedModel.log_action``).

Call it inside the service's transaction, right after the change is saved, so that the
entry commits or rolls back with it. Pass ``before=snapshot(obj, fields)`` taken ahead
of the change to record each changed field's value before and after; a change that
changed nothing writes no entry.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from .context import current_actor
from .models import LogEntry
from .registry import is_registered
from .scope import organisations_of_events, scope_of

# ``user`` left out: whoever is signed in to the request being served (None in tasks).
# ``user=None`` said explicitly: the system (an expiry, a promotion the solver made).
CURRENT = object()


def _value(instance: models.Model, name: str) -> Any:
    """A field's value as JSON keeps it: dates in ISO, keys as ids, countries as codes."""
    field = instance._meta.get_field(name)
    value = field.value_from_object(instance)
    try:
        return json.loads(json.dumps(value, cls=DjangoJSONEncoder))
    except TypeError:
        return field.value_to_string(instance)


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The JSON values of ``fields`` now: take it before a change, pass it as ``before``.
    For a new object pass ``dict.fromkeys(fields)``: every field then shows as set."""
    return {name: _value(instance, name) for name in fields}


def changes(before: Mapping[str, Any], after: models.Model) -> dict[str, dict[str, Any]]:
    """``{field: {"before": old, "after": new}}`` for the fields of ``before`` that changed."""
    result = {}
    for name, old in before.items():
        new = _value(after, name)
        if new != old and not (old is None and new in ("", [], {})):
            result[name] = {"before": old, "after": new}
    return result


def removed(instance: models.Model, fields: Iterable[str]) -> dict[str, dict[str, Any]]:
    """``changes`` for an object about to be deleted: each field's value, then nothing."""
    return {
        name: {"before": value, "after": None} for name, value in snapshot(instance, fields).items()
    }


def _entry(
    instance: models.Model,
    action: str,
    *,
    user,
    data: Mapping[str, Any] | None,
    sensitive: bool,
    content_type: ContentType | None = None,
    organisations: Mapping[int, int] | None = None,
    event=None,
) -> LogEntry:
    if not is_registered(action):
        raise ValueError(f"unknown audit action type {action!r} (audit/registry.py)")
    event_id, organisation_id = scope_of(instance, organisations, event)
    if user is CURRENT:
        user = current_actor()
    return LogEntry(
        action_type=action,
        actor=user if user is not None and user.is_authenticated else None,
        content_type=content_type or ContentType.objects.get_for_model(instance),
        object_id=instance.pk,
        object_repr=str(instance)[:200],
        event_id=event_id,
        organisation_id=organisation_id,
        data=dict(data or {}),
        sensitive=sensitive,
    )


def log_action(
    instance: models.Model,
    action: str,
    *,
    user=CURRENT,
    data: Mapping[str, Any] | None = None,
    before: Mapping[str, Any] | None = None,
    sensitive: bool = False,
    event=None,
) -> LogEntry | None:
    """Write one entry about ``instance``, by ``user`` (by default the request's signed-in
    user; None in tasks and for ``user=None``: the system). With ``before``, the changed
    fields go into ``data["changes"]``, and nothing is written when none changed.
    ``event`` scopes an object that has no ``event`` of its own (a review, a consent)."""
    data = dict(data or {})
    if before is not None:
        changed = changes(before, instance)
        if not changed:
            return None
        data["changes"] = changed
    entry = _entry(instance, action, user=user, data=data, sensitive=sensitive, event=event)
    entry.save()
    return entry


def log_actions(
    instances: Iterable[models.Model],
    action: str,
    *,
    user=CURRENT,
    data: Mapping[str, Any] | Callable[[Any], Mapping[str, Any]] | None = None,
    event=None,
) -> list[LogEntry]:
    """The same action on many objects of one model, in one insert (bulk retries, selection).
    ``data`` may be a function of the object, for values that differ per object."""
    instances = list(instances)
    if not instances:
        return []
    content_type = ContentType.objects.get_for_model(instances[0])
    organisations = {} if event is not None else organisations_of_events(instances)
    entries = [
        _entry(
            obj,
            action,
            user=user,
            data=data(obj) if callable(data) else data,
            sensitive=False,
            content_type=content_type,
            organisations=organisations,
            event=event,
        )
        for obj in instances
    ]
    return LogEntry.objects.bulk_create(entries)


def entries_forget(instances: Iterable[models.Model]) -> int:
    """Erase what the entries about these objects say beyond statuses, for a person who
    asked to be forgotten: the names the objects had and every value but a status change.
    Who did what and when stays. Returns the number of entries changed."""
    instances = list(instances)
    if not instances:
        return 0
    content_type = ContentType.objects.get_for_model(instances[0])
    entries = list(
        LogEntry.objects.filter(
            content_type=content_type, object_id__in=[obj.pk for obj in instances]
        )
    )
    for entry in entries:
        status = (entry.data.get("changes") or {}).get("status")
        entry.data = {"changes": {"status": status}} if status else {}
        entry.object_repr = f"{content_type.name} #{entry.object_id}"
    return LogEntry.objects.bulk_update(entries, ["data", "object_repr"])
