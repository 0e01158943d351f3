"""The wizard's steps that change more than one app's settings at once, in one transaction."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from participants.services import call_settings_update
from programmes.models import Event
from programmes.services import event_update, gender_quotas_set
from review.services import review_settings_update

# The call page's fields that are the event's own; the rest are its call settings.
CALL_EVENT_FIELDS = (
    "applications_open_at",
    "applications_close_at",
    "capacity",
    "min_age",
    "max_age",
    "eligible_countries",
    "eligible_residence_countries",
)


@transaction.atomic
def event_call_update(*, event: Event, data: dict[str, Any]) -> Event:
    """The call: its window (naive times are read in the event's zone), places, eligibility
    (``programmes.services.event_update``) and its call settings
    (``participants.services.call_settings_update``); nothing is saved if either refuses."""
    event_data = {name: data[name] for name in CALL_EVENT_FIELDS if name in data}
    settings_data = {name: value for name, value in data.items() if name not in CALL_EVENT_FIELDS}
    event = event_update(event=event, data=event_data)
    if settings_data:
        call_settings_update(event=event, data=settings_data)
    return event


@transaction.atomic
def event_gender_quotas_update(
    *,
    event: Event,
    gender_max_share,
    maximums: dict[str, int | None],
    minimums: dict[str, int | None] | None = None,
) -> None:
    """The quotas step's gender part: the balance target (review settings) and the seats
    per gender, at least and at most (``programmes.services.gender_quotas_set``); nothing
    is saved if either refuses."""
    review_settings_update(event=event, data={"gender_max_share": gender_max_share})
    gender_quotas_set(event=event, maximums=maximums, minimums=minimums)
