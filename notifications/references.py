"""Organisers' texts in a message, in the recipient's language (issue 17).

A message is queued in the language of whoever caused it (an organiser moving a
session, a task with no language at all), but it is read in the recipient's. So a
context value that is an organiser's text (a session's or survey's title, a venue)
carries a reference to where it was read: ``context["_refs"]`` maps the value's path
(``"session_title"``, or ``"sessions.0.title"`` inside a list) to
``[model label, pk, field]``. Rendering reads each referenced object again and takes the
field under ``translation.override(message.language)``, so the fallback rule of every
organiser text (``backend.content_language``) applies: the recipient's language, else
the event's first working language (for a venue, which belongs to no one event, the
message's event's). An empty field means ``str(object)`` (a venue's
"name, city").

The stored text stays in the context beside the reference: a message whose object is
gone, or one queued before references existed, renders as it was queued. The event's
title needs no reference: a message's ``event_id`` is one (as it always was).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import translation

from backend.content_language import translated_fields

REFS = "_refs"
EVENT_MODEL = "programmes.event"


def ref(obj: models.Model | None, field: str = "") -> list | None:
    """A reference to ``obj``'s ``field`` (``""``: the object's ``str``), or None."""
    if obj is None or obj.pk is None:
        return None
    return [obj._meta.label_lower, obj.pk, field]


def with_refs(context: dict[str, Any], refs: dict[str, list | None]) -> dict[str, Any]:
    """``context`` with references for the given paths (None references left out)."""
    found = {path: value for path, value in refs.items() if value is not None}
    if not found:
        return context
    return {**context, REFS: {**context.get(REFS, {}), **found}}


def _refs_of(message) -> dict[str, list]:
    refs = dict(message.context.get(REFS) or {})
    if message.event_id and "event_title" in message.context:
        refs.setdefault("event_title", [EVENT_MODEL, message.event_id, "title"])
    return refs


def _set(context: dict, path: str, value: str) -> dict:
    """A copy of ``context`` with the value at ``path`` replaced (containers on the path
    copied, so the stored context is never changed); unchanged when the path is absent."""
    head, _, rest = path.partition(".")
    if isinstance(context, list):
        if not head.isdigit() or int(head) >= len(context):
            return context
        index = int(head)
        copy = list(context)
        copy[index] = _set(copy[index], rest, value) if rest else value
        return copy
    if not isinstance(context, dict) or head not in context:
        return context
    return {**context, head: _set(context[head], rest, value) if rest else value}


class ContentReferences:
    """The referenced objects of a batch of messages, read with one query per model."""

    def __init__(self) -> None:
        self.objects: dict[tuple[str, int], models.Model | None] = {}

    def load(self, messages: Iterable) -> None:
        wanted: dict[str, set[int]] = defaultdict(set)
        for message in messages:
            refs = list(_refs_of(message).values())
            if refs and message.event_id:
                refs.append([EVENT_MODEL, message.event_id, ""])
            for label, pk, _field in refs:
                if (label, pk) not in self.objects:
                    wanted[label].add(pk)
        for label, pks in wanted.items():
            model = _model(label)
            found = {}
            if model is not None:
                query = model.objects.filter(pk__in=pks)
                if _has_field(model, "event"):
                    # The event's working languages give the fallback; loaded with it.
                    query = query.select_related("event")
                found = {obj.pk: obj for obj in query}
            for pk in pks:
                self.objects[(label, pk)] = found.get(pk)

    def context(self, message) -> dict[str, Any]:
        """The message's context with every referenced text in its language."""
        refs = _refs_of(message)
        context = {k: v for k, v in message.context.items() if k != REFS}
        if not refs:
            return context
        self.load([message])
        event = self.objects.get((EVENT_MODEL, message.event_id))
        with translation.override(message.language or None):
            for path, (label, pk, field) in refs.items():
                obj = self.objects.get((label, pk))
                if obj is None or (field and field not in translated_fields(type(obj))):
                    continue
                if event is not None and not _has_field(type(obj), "event", "working_languages"):
                    # An object of no one event (a venue): the message's event's languages
                    # give the fallback, read by content_language as an event's own.
                    obj.__dict__["working_languages"] = event.working_languages
                text = str(getattr(obj, field)) if field else str(obj)
                if text:
                    context = _set(context, path, text)
        return context


def _model(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _has_field(model: type[models.Model], *names: str) -> bool:
    """Whether ``model`` has any of the fields ``names``."""
    for name in names:
        try:
            model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        return True
    return False
