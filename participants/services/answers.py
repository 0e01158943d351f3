"""Applicants' answers: each checked against its question, stored, and the form's
conditions (which questions are shown) and completeness.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from django_countries import countries

from backend.errors import BridgesError

from .. import selectors
from ..enums import (
    QuestionKind,
)
from ..models import (
    Answer,
    Application,
    Document,
    Question,
)
from .errors import ApplicationInvalid

MAX_TEXT_CHARS = 20_000


SHORT_TEXT_CHARS = 500


def _is_empty(value: Any) -> bool:
    return (
        value is None
        or value == ""
        or value == []
        or (isinstance(value, str) and not value.strip())
    )


def _word_count(text: str) -> int:
    return len(text.split())


def _clean_value(question: Question, value: Any, *, strict: bool, applicant, field: str) -> Any:
    """Check one answer's type; with ``strict``, also its word limits. Returns the value to store."""
    kind = question.kind

    def fail(message: str) -> BridgesError:
        return BridgesError(message, code="invalid_answer", field=field)

    if kind in (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT):
        if not isinstance(value, str):
            raise fail(_("Enter text."))
        value = value.strip()
        limit = SHORT_TEXT_CHARS if kind == QuestionKind.SHORT_TEXT else MAX_TEXT_CHARS
        if len(value) > limit:
            raise fail(_("Keep this under %(limit)s characters.") % {"limit": limit})
        if strict and kind == QuestionKind.LONG_TEXT:
            words = _word_count(value)
            if question.min_words and words < question.min_words:
                raise fail(
                    _("Write at least %(min)s words (you wrote %(n)s).")
                    % {"min": question.min_words, "n": words}
                )
            if question.max_words and words > question.max_words:
                raise fail(
                    _("Write at most %(max)s words (you wrote %(n)s).")
                    % {"max": question.max_words, "n": words}
                )
        return value
    if kind == QuestionKind.SINGLE_CHOICE:
        if value not in question.choices:
            raise fail(_("Choose one of the options."))
        return value
    if kind == QuestionKind.MULTIPLE_CHOICE:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or any(v not in question.choices for v in value):
            raise fail(_("Choose from the options."))
        return [c for c in question.choices if c in value]
    if kind == QuestionKind.YES_NO:
        if isinstance(value, str) and value.lower() in {"yes", "no", "true", "false"}:
            value = value.lower() in {"yes", "true"}
        if not isinstance(value, bool):
            raise fail(_("Answer yes or no."))
        return value
    if kind == QuestionKind.NUMBER:
        if isinstance(value, bool):
            raise fail(_("Enter a number."))
        if isinstance(value, str):
            try:
                value = (
                    float(value.replace(",", "."))
                    if any(c in value for c in ".,eE")
                    else int(value)
                )
            except ValueError:
                raise fail(_("Enter a number.")) from None
        if not isinstance(value, int | float) or value != value or abs(value) > 1e12:
            raise fail(_("Enter a number."))
        return value
    if kind == QuestionKind.DATE:
        try:
            return dt.date.fromisoformat(str(value)).isoformat()
        except ValueError:
            raise fail(_("Enter a date as YYYY-MM-DD.")) from None
    if kind == QuestionKind.COUNTRY:
        code = str(value).upper()
        if code not in countries:
            raise fail(_("Choose a country from the list."))
        return code
    if kind == QuestionKind.FILE:
        try:
            doc_id = int(value)
        except (TypeError, ValueError):
            raise fail(_("Upload a file first.")) from None
        if (
            applicant is not None
            and not Document.objects.filter(pk=doc_id, owner=applicant).exists()
        ):
            raise fail(_("Upload a file first."))
        return doc_id
    raise fail(_("Unknown question kind."))


def _answer_field(question_id: int) -> str:
    return f"answers.{question_id}"


def _save_answers(*, application: Application, answers: Mapping[Any, Any], strict: bool) -> None:
    """Validate and store answers keyed by question id. Empty values delete the answer."""
    questions = {q.pk: q for q in Question.objects.filter(event_id=application.event_id)}
    errors: dict[str, list[str]] = {}
    cleaned: dict[int, Any] = {}
    for raw_key, value in answers.items():
        try:
            qid = int(raw_key)
        except (TypeError, ValueError):
            errors[f"answers.{raw_key}"] = [_("Unknown question.")]
            continue
        question = questions.get(qid)
        if question is None:
            errors[_answer_field(qid)] = [_("Unknown question.")]
            continue
        if _is_empty(value):
            cleaned[qid] = None
            continue
        try:
            cleaned[qid] = _clean_value(
                question,
                value,
                strict=strict,
                applicant=application.applicant,
                field=_answer_field(qid),
            )
        except BridgesError as exc:
            errors[exc.field] = [exc.message]
    if errors:
        raise ApplicationInvalid(errors)
    existing = {a.question_id: a for a in application.answers.all()}
    for qid, value in cleaned.items():
        answer = existing.get(qid)
        if value is None:
            if answer is not None:
                answer.delete()
            continue
        file_id = value if questions[qid].kind == QuestionKind.FILE else None
        if answer is None:
            Answer.objects.create(
                application=application, question_id=qid, value=value, file_id=file_id
            )
        elif answer.value != value or answer.file_id != file_id:
            answer.value, answer.file_id = value, file_id
            answer.save(update_fields=["value", "file"])
        if file_id:
            Document.objects.filter(pk=file_id, application__isnull=True).update(
                application=application
            )


def _is_shown(question: Question, by_id: dict[int, Question], values: dict[int, Any]) -> bool:
    seen = set()
    while question.depends_on_id:
        if question.pk in seen:
            return False
        seen.add(question.pk)
        parent = by_id.get(question.depends_on_id)
        if parent is None:
            return False
        answer = values.get(parent.pk)
        expected = question.condition_value
        if isinstance(answer, list):
            if expected not in answer:
                return False
        elif answer != expected:
            return False
        question = parent
    return True


def visible_question_ids(questions: list[Question], values: Mapping[int, Any]) -> set[int]:
    """Ids of the questions shown given the answers so far (``values``: question id -> value)."""
    by_id = {q.pk: q for q in questions}
    return {q.pk for q in questions if _is_shown(q, by_id, dict(values))}


def _validate_complete(application: Application) -> dict[str, list[str]]:
    """Required answers, conditions and word limits; removes answers to hidden questions."""
    questions = selectors.event_form(application.event_id)
    by_id = {q.pk: q for q in questions}
    answers = {a.question_id: a for a in application.answers.all()}
    values = {qid: a.value for qid, a in answers.items()}
    errors: dict[str, list[str]] = {}
    hidden: list[Answer] = []
    for question in questions:
        field = _answer_field(question.pk)
        shown = _is_shown(question, by_id, values)
        answer = answers.get(question.pk)
        if not shown:
            if answer is not None:
                hidden.append(answer)
            continue
        if answer is None or _is_empty(answer.value):
            if question.required:
                errors[field] = [_("This question is required.")]
            continue
        try:
            _clean_value(
                question, answer.value, strict=True, applicant=application.applicant, field=field
            )
        except BridgesError as exc:
            errors[field] = [exc.message]
    if hidden:
        Answer.objects.filter(pk__in=[a.pk for a in hidden]).delete()
        # A prefetched list (submit renders from it) must not show the deleted answers.
        cache = getattr(application, "_prefetched_objects_cache", {})
        if "answers" in cache:
            gone = {a.pk for a in hidden}
            cache["answers"]._result_cache = [a for a in cache["answers"] if a.pk not in gone]
    return errors
