"""Which event and organisation an object belongs to: what an entry is listed and permitted by."""

from __future__ import annotations

from collections.abc import Mapping

from django.apps import apps
from django.db import models


def scope_of(
    instance: models.Model, organisations: Mapping[int, int] | None = None, event=None
) -> tuple[int | None, int | None]:
    """(event id, organisation id) of an object: the ``event`` given (for objects that reach
    theirs through another, as a review through its application), itself, or its ``event``."""
    if event is not None:
        return event.pk, event.organisation_id
    label = instance._meta.label
    if label == "programmes.Event":
        return instance.pk, instance.organisation_id
    if label == "programmes.Organisation":
        return None, instance.pk
    event_id = getattr(instance, "event_id", None)
    if event_id is None:
        return None, getattr(instance, "organisation_id", None)
    if organisations is not None:
        return event_id, organisations.get(event_id)
    return event_id, instance.event.organisation_id  # the services have loaded the event


def organisations_of_events(instances: list[models.Model]) -> dict[int, int]:
    event_ids = {getattr(obj, "event_id", None) for obj in instances} - {None}
    if not event_ids:
        return {}
    events = apps.get_model("programmes", "Event").objects.filter(pk__in=event_ids)
    return dict(events.values_list("pk", "organisation_id"))
