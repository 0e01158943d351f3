"""The organisers' application form: adding, changing and deleting questions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import log_action, removed, snapshot
from backend.errors import BridgesError, ConflictError
from programmes.models import Event

from ..enums import (
    CHOICE_KINDS,
    QuestionKind,
)
from ..enums import ApplicationStatus as S
from ..models import (
    Question,
)
from .answers import _clean_value

QUESTION_FIELDS = (
    "kind",
    "label",
    "help_text",
    "required",
    "order",
    "choices",
    "min_words",
    "max_words",
    "depends_on",
    "condition_value",
)


def _question_apply(question: Question, data: Mapping[str, Any]) -> None:
    for key in QUESTION_FIELDS:
        if key in data:
            setattr(question, key, data[key])
    if question.kind not in QuestionKind.values:
        raise BridgesError(_("Choose a question kind from the list."), field="kind")
    if question.kind in CHOICE_KINDS:
        choices = question.choices
        if (
            not isinstance(choices, list)
            or len(choices) < 2
            or any(not isinstance(c, str) or not c.strip() for c in choices)
            or len(set(choices)) != len(choices)
        ):
            raise BridgesError(_("Give at least two different choices."), field="choices")
    else:
        question.choices = []
    if question.kind != QuestionKind.LONG_TEXT:
        question.min_words = question.max_words = None
    elif question.min_words is not None and question.max_words is not None:
        if question.min_words > question.max_words:
            raise BridgesError(_("The minimum must not exceed the maximum."), field="min_words")
    parent = question.depends_on
    if parent is not None:
        if parent.event_id != question.event_id:
            raise BridgesError(
                _("The condition must refer to a question of this event."), field="depends_on"
            )
        if question.pk and parent.pk == question.pk:
            raise BridgesError(_("A question cannot depend on itself."), field="depends_on")
        if parent.order > question.order or (
            parent.order == question.order and question.pk and parent.pk > question.pk
        ):
            raise BridgesError(
                _("A condition must refer to an earlier question."), field="depends_on"
            )
        if question.condition_value in (None, "", []):
            raise BridgesError(_("Say which answer shows this question."), field="condition_value")
        _clean_value(
            parent, question.condition_value, strict=False, applicant=None, field="condition_value"
        )
    else:
        question.condition_value = None
    if not str(question.label or "").strip():
        raise BridgesError(_("A question needs a label."), field="label")


@transaction.atomic
def question_create(*, event: Event, data: Mapping[str, Any]) -> Question:
    question = Question(event=event)
    _question_apply(question, data)
    question.full_clean(exclude=["event", "depends_on"])
    question.save()
    log_action(question, "participants.question.created", data={"label": question.label})
    return question


@transaction.atomic
def question_update(*, question: Question, data: Mapping[str, Any]) -> Question:
    question = Question.objects.select_for_update().get(pk=question.pk)
    before = snapshot(question, AUDITED_QUESTION_FIELDS)
    _question_apply(question, data)
    question.full_clean(exclude=["event", "depends_on"])
    question.save()
    log_action(question, "participants.question.changed", before=before)
    return question


# What the audit log records of a question's change.
AUDITED_QUESTION_FIELDS = ("label", "kind", "required", "choices", "order", "help_text")


@transaction.atomic
def question_delete(*, question: Question) -> None:
    if question.answers.exclude(application__status=S.DRAFT).exists():
        raise ConflictError(
            _("Applicants have already answered this question; it can no longer be deleted."),
            code="question_has_answers",
        )
    changes = removed(question, ("label", "kind"))
    log_action(question, "participants.question.deleted", data={"changes": changes})
    question.delete()
