"""A call for applications: its settings, the event's default questions, whether it has closed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.services import log_action, snapshot
from backend.content_language import in_every_language
from backend.errors import BridgesError
from programmes.caching import event_list_bump_version
from programmes.models import Event

from ..enums import (
    DocumentKind,
    QuestionKind,
)
from ..models import (
    CallSettings,
    Question,
)


def call_settings_for(event: Event) -> CallSettings:
    """The event's call settings, created with defaults on first use."""
    try:
        return event.call_settings
    except CallSettings.DoesNotExist:
        call, created = CallSettings.objects.get_or_create(event=event)
        if created:
            event_list_bump_version()  # the apply pages' copy of the event holds them
        event.call_settings = call
        return call


def call_settings_update(*, event: Event, data: Mapping[str, Any]) -> CallSettings:
    call = call_settings_for(event)
    allowed = {
        "allow_edits_after_submit",
        "confirmation_deadline",
        "confirmation_days",
        "required_documents",
        "guardian_consent_days",
        "guardian_consent_text",
        "guardian_consent_version",
    }
    unknown = set(data) - allowed
    if unknown:
        raise BridgesError(_("Unknown setting."), code="unknown_field", field=sorted(unknown)[0])
    if "required_documents" in data:
        kinds = data["required_documents"]
        if not isinstance(kinds, list) or any(k not in DocumentKind.values for k in kinds):
            raise BridgesError(
                _("Choose document kinds from the list."), field="required_documents"
            )
    before = snapshot(call, data)
    for key, value in data.items():
        setattr(call, key, value)
    call.full_clean(exclude=["event"])
    call.save()
    event_list_bump_version()  # the apply pages' copy of the event holds its call settings
    log_action(call, "participants.call_settings.changed", before=before)
    return call


def event_default_questions(event: Event) -> list[Question]:
    """Add the event's default questions once (``event_default_questions_ensure``) and
    return the default questions the event has."""
    event_default_questions_ensure(event)
    return list(Question.objects.filter(event=event, key="motivation"))


def event_default_questions_ensure(event: Event) -> None:
    """Add the event's default questions (today: "motivation") once, on first use.

    Called lazily by the selectors that read an event's form, rather than from an
    Event post_save receiver: programmes must not know about participants, and a
    receiver on another app's model is a hidden side effect. Only the request that
    flips ``default_questions_added`` adds them, so a default question the organiser
    deleted is not added again. No query once they were added and the call settings
    are loaded with the event.
    """
    call = call_settings_for(event)
    if not call.default_questions_added:
        with transaction.atomic():
            first = CallSettings.objects.filter(pk=call.pk, default_questions_added=False).update(
                default_questions_added=True
            )
            call.default_questions_added = True
            event_list_bump_version()  # the apply pages' copy of the event holds the flag
            if first:
                Question.objects.get_or_create(
                    event=event,
                    key="motivation",
                    defaults={
                        "kind": QuestionKind.LONG_TEXT,
                        "label": _("Why do you want to take part?"),
                        "help_text": _(
                            "Tell us what you hope to learn and bring (50 to 300 words)."
                        ),
                        # Bridges' own words: in every language from the start (issue 17).
                        **in_every_language("label", gettext_lazy("Why do you want to take part?")),
                        **in_every_language(
                            "help_text",
                            gettext_lazy(
                                "Tell us what you hope to learn and bring (50 to 300 words)."
                            ),
                        ),
                        "required": True,
                        "order": 0,
                        "min_words": 50,
                        "max_words": 300,
                    },
                )
        call.default_questions_added = True


def call_closed(event: Event, now: dt.datetime | None = None) -> bool:
    """Whether the call for applications has ended: at its closing time, or at the
    event's start for a call without one."""
    closes = event.applications_close_at or event.starts_at()
    return (now or timezone.now()) >= closes
