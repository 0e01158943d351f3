"""The one form engine: which questions a form shows for the answers so far, and each
answer checked and turned into the value stored. The application form, the follow-up
form (logistics) and surveys (surveys/) all go through here; only where they store the
answers differs (participants.Answer on the application, or the survey's own rows).

Stored values by kind: text -> str; single choice -> the choice; multiple choice -> the
chosen choices in the question's order; yes/no -> bool; number -> int or float within
``min_value``/``max_value``; date -> "YYYY-MM-DD"; country -> its code; file -> the
Document id; Likert, rating and NPS -> the point (int: 1..``scale_points``, NPS 0..10);
Likert matrix -> {"<row index>": point} for the rows answered; section -> no answer.

Errors are keyed ``answers.<question id>`` (the API's field names); the pages map them
onto their own fields.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import gettext as _
from django_countries import countries

from backend.errors import BridgesError

from ..enums import NO_ANSWER_KINDS, SCALE_KINDS, QuestionKind
from ..models import Document, Question
from .errors import ApplicationInvalid

MAX_TEXT_CHARS = 20_000
SHORT_TEXT_CHARS = 500
NPS_MAX = 10


def answer_field(question_id: int) -> str:
    """The error key of a question's answer (as the API names the field)."""
    return f"answers.{question_id}"


def is_empty(value: Any) -> bool:
    return (
        value is None
        or value == ""
        or value == []
        or value == {}
        or (isinstance(value, str) and not value.strip())
    )


def _word_count(text: str) -> int:
    return len(text.split())


def scale_range(question: Question) -> range:
    """The points a scale question accepts: NPS 0-10, otherwise 1..scale_points."""
    if question.kind == QuestionKind.NPS:
        return range(0, NPS_MAX + 1)
    return range(1, (question.scale_points or 5) + 1)


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None


def clean_value(question: Question, value: Any, *, strict: bool, owner, field: str) -> Any:
    """One non-empty answer checked against its question and returned as stored.

    ``strict`` (on submit) also checks word limits and that a required matrix has every
    row. ``owner``: the person a file answer's document must belong to (None: no files).
    Raises BridgesError naming ``field``.
    """
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
        if question.min_value is not None and value < question.min_value:
            raise fail(
                _("Enter a number of at least %(min)s.") % {"min": _number(question.min_value)}
            )
        if question.max_value is not None and value > question.max_value:
            raise fail(
                _("Enter a number of at most %(max)s.") % {"max": _number(question.max_value)}
            )
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
        if owner is None or not Document.objects.filter(pk=doc_id, owner=owner).exists():
            raise fail(_("Upload a file first."))
        return doc_id
    if kind in SCALE_KINDS:
        points = scale_range(question)
        point = _as_int(value)
        if point is None or point not in points:
            raise fail(
                _("Choose a point from %(low)s to %(high)s.")
                % {"low": points.start, "high": points.stop - 1}
            )
        return point
    if kind == QuestionKind.LIKERT_MATRIX:
        if not isinstance(value, Mapping):
            raise fail(_("Choose a point for each statement."))
        points = scale_range(question)
        rows = len(question.choices)
        cleaned: dict[str, int] = {}
        for key, raw in value.items():
            row = _as_int(key)
            if row is None or not 0 <= row < rows:
                raise fail(_("Unknown statement."))
            if is_empty(raw):
                continue
            point = _as_int(raw)
            if point is None or point not in points:
                raise fail(
                    _("Choose a point from %(low)s to %(high)s.")
                    % {"low": points.start, "high": points.stop - 1}
                )
            cleaned[str(row)] = point
        if strict and question.required and len(cleaned) < rows:
            raise fail(_("Choose a point for each statement."))
        return dict(sorted(cleaned.items(), key=lambda item: int(item[0])))
    if kind in NO_ANSWER_KINDS:
        raise fail(_("This is a heading; it takes no answer."))
    raise fail(_("Unknown question kind."))


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def condition_met(expected: Any, answer: Any) -> bool:
    """Whether an earlier answer shows a conditional question. ``expected`` is one value,
    or a list meaning any of them (an NPS of 0 to 6, say); a multiple-choice answer
    matches when it contains the value (or one of them)."""
    if answer is None:
        return False
    if isinstance(answer, list):
        if isinstance(expected, list):
            return any(value in answer for value in expected)
        return expected in answer
    if isinstance(expected, list):
        return answer in expected
    return answer == expected


def _is_shown(question: Question, by_id: dict[int, Question], values: Mapping[int, Any]) -> bool:
    seen = set()
    while question.depends_on_id:
        if question.pk in seen:
            return False
        seen.add(question.pk)
        parent = by_id.get(question.depends_on_id)
        # A condition on a question not in the form (hidden, or another form's) never holds.
        if parent is None or not condition_met(question.condition_value, values.get(parent.pk)):
            return False
        question = parent
    return True


def visible_question_ids(questions: Iterable[Question], values: Mapping[int, Any]) -> set[int]:
    """Ids of the questions shown given the answers so far (``values``: question id -> value)."""
    questions = list(questions)
    by_id = {q.pk: q for q in questions}
    return {q.pk for q in questions if _is_shown(q, by_id, values)}


def visible_questions(questions: Iterable[Question], values: Mapping[int, Any]) -> list[Question]:
    """The questions shown given the answers so far, in the order given."""
    questions = list(questions)
    shown = visible_question_ids(questions, values)
    return [q for q in questions if q.pk in shown]


def clean_answers(
    questions: Iterable[Question],
    answers: Mapping[Any, Any],
    *,
    strict: bool = False,
    owner=None,
) -> dict[int, Any]:
    """Answers keyed by question id (ints or their text), each checked against its
    question; returns question id -> stored value, None for an empty answer (a caller
    deletes what it kept). Raises ApplicationInvalid with every failing answer."""
    by_id = {q.pk: q for q in questions}
    errors: dict[str, list[str]] = {}
    cleaned: dict[int, Any] = {}
    for raw_key, value in answers.items():
        try:
            qid = int(raw_key)
        except (TypeError, ValueError):
            errors[f"answers.{raw_key}"] = [_("Unknown question.")]
            continue
        question = by_id.get(qid)
        if question is None:
            errors[answer_field(qid)] = [_("Unknown question.")]
            continue
        if is_empty(value):
            cleaned[qid] = None
            continue
        try:
            cleaned[qid] = clean_value(
                question, value, strict=strict, owner=owner, field=answer_field(qid)
            )
        except BridgesError as exc:
            errors[exc.field] = [exc.message]
    if errors:
        raise ApplicationInvalid(errors)
    return cleaned


def check_complete(
    questions: Iterable[Question], values: Mapping[int, Any], *, owner=None
) -> tuple[dict[str, list[str]], set[int]]:
    """A whole form's stored answers against its rules, as on submit: required answers
    (of the questions shown), word limits, complete matrices. Returns the errors and the
    ids of the questions answered but no longer shown (their answers are to be removed)."""
    questions = list(questions)
    by_id = {q.pk: q for q in questions}
    errors: dict[str, list[str]] = {}
    not_shown: set[int] = set()
    for question in questions:
        field = answer_field(question.pk)
        value = values.get(question.pk)
        if not _is_shown(question, by_id, values):
            if question.pk in values:
                not_shown.add(question.pk)
            continue
        if question.kind in NO_ANSWER_KINDS:
            continue
        if is_empty(value):
            if question.required:
                errors[field] = [_("This question is required.")]
            continue
        try:
            clean_value(question, value, strict=True, owner=owner, field=field)
        except BridgesError as exc:
            errors[field] = [exc.message]
    return errors, not_shown
