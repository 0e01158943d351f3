"""Copy an earlier event of a series: the preview of what a copy makes, and the copy.

One service for the page and the API. The programmes part (settings, legs, quotas,
sessions at the same local times) is ``programmes.services.copying``; this adds what the
other apps hold for an event: application questions, call settings, message templates,
review settings and rubric. All of it in one transaction, each part through its own
app's service (so each writes its own audit entries)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from audit.services import log_action
from backend.errors import BridgesError
from notifications.models import TemplateOverride
from notifications.services import template_override_save
from participants.enums import Gender
from participants.models import Question
from participants.services import (
    call_settings_for,
    call_settings_update,
    event_default_questions_ensure,
    question_create,
)
from programmes.models import Event
from programmes.services.copying import SessionCopy, event_copy_programme, sessions_shifted
from review.models import Criterion
from review.services import criterion_create, review_settings_for, review_settings_update

from .models import EventCopy

# The call settings a copy takes over (the fixed offer deadline is not: it belongs to the
# old dates).
COPIED_CALL_SETTINGS = (
    "allow_edits_after_submit",
    "confirmation_days",
    "required_documents",
    "guardian_consent_days",
    "guardian_consent_text",
    "guardian_consent_version",
)
COPIED_REVIEW_SETTINGS = (
    "reviews_needed",
    "blind",
    "avoid_same_nationality",
    "disagreement_threshold",
    "gender_max_share",
)
QUESTION_COPY_FIELDS = (
    "kind",
    "label",
    "help_text",
    "required",
    "order",
    "choices",
    "min_words",
    "max_words",
    "condition_value",
)


@dataclass
class CopyPlan:
    """What a copy of ``source`` starting on ``start_date`` will hold (nothing written)."""

    source: Event
    title: str
    start_date: dt.date
    end_date: dt.date
    days: int
    legs: list[tuple[str, dt.date, dt.date]] = field(default_factory=list)
    sessions: list[SessionCopy] = field(default_factory=list)
    venues: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    templates: list[str] = field(default_factory=list)
    quotas: list[str] = field(default_factory=list)


def _check(source: Event, title: str, start_date: dt.date) -> None:
    if not title.strip():
        raise BridgesError(_("Give the new event a title."), code="required", field="title")
    if start_date == source.start_date:
        raise BridgesError(
            _("Choose other dates than the event you copy."), code="same_dates", field="start_date"
        )


def event_copy_plan(*, source: Event, title: str, start_date: dt.date) -> CopyPlan:
    """The preview: the new dates, legs, each session's new local time, and what else comes."""
    _check(source, title, start_date)
    days = (start_date - source.start_date).days
    shift = dt.timedelta(days=days)
    sessions = sessions_shifted(source, days)
    return CopyPlan(
        source=source,
        title=title.strip(),
        start_date=start_date,
        end_date=source.end_date + shift,
        days=days,
        legs=[
            (leg.city, leg.start_date + shift, leg.end_date + shift) for leg in source.legs.all()
        ],
        sessions=sessions,
        venues=sorted({str(row.session.venue) for row in sessions if row.session.venue}),
        questions=[question.label for question in _questions(source)],
        templates=[
            str(row)
            for row in TemplateOverride.objects.filter(event=source).order_by("kind", "language")
        ],
        quotas=[
            f"{quota.country.name} {quota.minimum}–{quota.maximum or '∞'}"
            for quota in source.quotas.all()
        ]
        + [
            f"{Gender(quota.gender).label if quota.gender in Gender.values else quota.gender} "
            + _seats(quota.minimum, quota.maximum)
            for quota in source.gender_quotas.all()
        ],
    )


def _seats(minimum: int, maximum: int | None) -> str:
    if maximum is None:
        return f"≥ {minimum}"
    return f"{minimum}–{maximum}" if minimum else f"≤ {maximum}"


def _questions(source: Event):
    return Question.objects.filter(event=source).order_by("order", "pk")


def event_copy(*, source: Event, title: str, start_date: dt.date, by, submit_token=None) -> Event:
    """Copy ``source`` to a new draft starting on ``start_date`` (see the module's doc);
    logs ``backoffice.event.copied`` on the new event. With the copy form's one-time
    ``submit_token``, a repeat of the same submit returns the first copy and copies
    nothing (parallel repeats: the unique constraint lets one through)."""
    if submit_token is not None:
        first = EventCopy.objects.filter(source=source, submit_token=submit_token).first()
        if first is not None:
            return first.event
    try:
        return _event_copy(
            source=source, title=title, start_date=start_date, by=by, submit_token=submit_token
        )
    except IntegrityError:
        if submit_token is None:
            raise
        return EventCopy.objects.get(source=source, submit_token=submit_token).event


@transaction.atomic
def _event_copy(*, source: Event, title: str, start_date: dt.date, by, submit_token) -> Event:
    plan = event_copy_plan(source=source, title=title, start_date=start_date)
    event = event_copy_programme(source=source, title=plan.title, start_date=start_date)
    call = call_settings_for(source)
    call_settings_update(
        event=event, data={name: getattr(call, name) for name in COPIED_CALL_SETTINGS}
    )
    _copy_questions(source, event)
    for row in TemplateOverride.objects.filter(event=source):
        template_override_save(
            event=event,
            kind=row.kind,
            language=row.language,
            subject=row.subject,
            body=row.body,
            by=by,
        )
    settings = review_settings_for(source)
    review_settings_update(
        event=event, data={name: getattr(settings, name) for name in COPIED_REVIEW_SETTINGS}
    )
    for criterion in Criterion.objects.filter(event=source).order_by("order", "pk"):
        criterion_create(
            event=event,
            data={
                name: getattr(criterion, name)
                for name in ("name", "guidance", "weight", "scale_min", "scale_max", "order")
            },
        )
    log_action(
        event,
        "backoffice.event.copied",
        user=by,
        data={"source": source.pk, "source_title": source.title, "days": plan.days},
    )
    if submit_token is not None:
        EventCopy.objects.create(source=source, event=event, submit_token=submit_token)
    return event


def _copy_questions(source: Event, event: Event) -> None:
    """The source's questions in order, conditions pointing at the copies. The default
    questions (a stable key) are added to the new event once, as for any event."""
    event_default_questions_ensure(event)
    have_keys = set(
        Question.objects.filter(event=event).exclude(key="").values_list("key", flat=True)
    )
    copies: dict[int, Question] = {}
    for question in _questions(source):
        if question.key and question.key in have_keys:
            copies[question.pk] = Question.objects.get(event=event, key=question.key)
            continue
        data = {name: getattr(question, name) for name in QUESTION_COPY_FIELDS}
        data["depends_on"] = copies.get(question.depends_on_id)
        copies[question.pk] = question_create(event=event, data=data)
