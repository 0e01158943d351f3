"""Reading the audit log: one object's history and an event's log, with display texts.

The history pages (and the back office's application page, issue 16) show the rows
``history_rows`` builds: the action in words, who, when, and each changed field by its
label with its value before and after (a choice shown by its label).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import QuerySet

from .models import LogEntry
from .registry import action_text


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: Any
    after: Any


@dataclass(frozen=True)
class HistoryRow:
    entry: LogEntry
    text: str
    actor: str
    changes: list[FieldChange] = field(default_factory=list)


def entries_for(instance: models.Model, *, include_sensitive: bool = False) -> QuerySet[LogEntry]:
    """Every entry about ``instance``, newest first, with the actor loaded."""
    content_type = ContentType.objects.get_for_model(instance)
    return entries_for_key(
        content_type=content_type, object_id=instance.pk, include_sensitive=include_sensitive
    )


def entries_for_key(
    *, content_type: ContentType, object_id: int, include_sensitive: bool = False
) -> QuerySet[LogEntry]:
    queryset = LogEntry.objects.filter(content_type=content_type, object_id=object_id)
    if not include_sensitive:
        queryset = queryset.filter(sensitive=False)
    return queryset.select_related("actor", "content_type")


def event_entries(*, event_id: int, include_sensitive: bool = False) -> QuerySet[LogEntry]:
    """Everything logged about an event and the objects in it, newest first."""
    queryset = LogEntry.objects.filter(event_id=event_id)
    if not include_sensitive:
        queryset = queryset.filter(sensitive=False)
    return queryset.select_related("actor", "content_type")


def actor_name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.email or user.get_username()


def _field_change(model: type[models.Model] | None, name: str, change: dict) -> FieldChange:
    label, before, after = name, change.get("before"), change.get("after")
    try:
        model_field = model._meta.get_field(name) if model is not None else None
    except FieldDoesNotExist:
        model_field = None
    if model_field is not None:
        label = str(getattr(model_field, "verbose_name", name))
        choices = dict(model_field.flatchoices) if model_field.choices else {}
        before, after = choices.get(before, before), choices.get(after, after)
    return FieldChange(label=label, before=before, after=after)


def _model(label: str | None) -> type[models.Model] | None:
    try:
        return apps.get_model(label) if label else None
    except (LookupError, ValueError):
        return None


def history_rows(entries) -> list[HistoryRow]:
    """Display rows for entries (loaded with ``entries_for`` / ``event_entries``)."""
    rows = []
    for entry in entries:
        # An entry about a part of the object (an application's document) names the part's
        # model, whose field labels the changes show.
        model = _model(entry.data.get("fields_of")) or entry.content_type.model_class()
        changes = [
            _field_change(model, name, change)
            for name, change in (entry.data.get("changes") or {}).items()
            if isinstance(change, dict)
        ]
        rows.append(
            HistoryRow(
                entry=entry,
                text=str(action_text(entry.action_type)),
                actor=actor_name(entry.actor),
                changes=changes,
            )
        )
    return rows


def history_for(instance: models.Model, *, include_sensitive: bool = False) -> list[HistoryRow]:
    """The history of one object, newest first, ready to show (the caller checks who asks)."""
    return history_rows(entries_for(instance, include_sensitive=include_sensitive))
