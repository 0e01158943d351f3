"""A survey's questions, from participants' form engine, and the numbers the results
are computed from.

The questionnaire is participants' (``participants.Questionnaire``, purpose survey); its
questions are checked by the engine (``participants.services.engine``). What is
surveys' own is how answers turn into items: a Likert, rating or NPS question is one
item, each statement of a Likert matrix is one more.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from participants.enums import NO_ANSWER_KINDS, SCALE_KINDS, QuestionKind
from participants.models import Question
from participants.selectors import questionnaire_questions
from participants.services import ApplicationInvalid, check_complete, clean_answers
from participants.services.engine import scale_range

from .models import Survey

TEXT_KINDS = frozenset({QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT})
NUMERIC = (int, float)
CHOICE_KINDS = frozenset(
    {QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE, QuestionKind.YES_NO}
)


def survey_questions(survey: Survey) -> list[Question]:
    if survey.questionnaire_id is None:
        return []
    return questionnaire_questions(survey.questionnaire_id)


def validate_answers(
    *, survey: Survey, answers: Mapping[str, Any], strict: bool, questions=None
) -> dict[str, Any]:
    """The answers as stored ({"<question id>": value}), checked by the form engine;
    with ``strict`` (submitting) the whole form is checked as on an application's submit."""
    questions = survey_questions(survey) if questions is None else questions
    cleaned = clean_answers(questions, answers, strict=strict)
    values = {qid: value for qid, value in cleaned.items() if value is not None}
    if strict:
        errors, not_shown = check_complete(questions, values)
        if errors:
            raise ApplicationInvalid(errors)
        for qid in not_shown:
            values.pop(qid, None)
    return {str(qid): value for qid, value in sorted(values.items())}


@dataclass(frozen=True)
class Item:
    """One number per respondent: a scale question, or one statement of a matrix."""

    key: str
    question_id: int
    row: int | None
    label: str
    kind: str
    points: tuple[int, ...]
    low_label: str = ""
    high_label: str = ""

    def value(self, answers: Mapping[str, Any]) -> int | float | None:
        """The item's number in one response's answers, or None."""
        return self.values([answers])[0]

    def values(self, responses: Iterable[Mapping[str, Any]]) -> list[int | float | None]:
        """The item's number in each response's answers (None where it has none): the one
        rule of what counts as an answer, as one loop, since results run it per answer of
        a large survey. Exact types: a bool is an int to isinstance."""
        question, numeric = self._question_key, NUMERIC
        if self.row is None:
            return [raw if type(raw := a.get(question)) in numeric else None for a in responses]
        row = self._row_key
        return [
            raw
            if type(raw := (sub.get(row) if type(sub := a.get(question)) is dict else None))
            in numeric
            else None
            for a in responses
        ]

    @cached_property
    def _question_key(self) -> str:
        return str(self.question_id)

    @cached_property
    def _row_key(self) -> str:
        return str(self.row)


def _end_labels(question: Question) -> tuple[str, str]:
    return (
        str(question.low_label or ""),
        str(question.high_label or ""),
    )


def _choice_labels(question: Question) -> list[str]:
    labels = list(question.choice_labels or [])
    return [
        str(labels[i]) if i < len(labels) and labels[i] else str(choice)
        for i, choice in enumerate(question.choices)
    ]


def items_of(questions: list[Question]) -> list[Item]:
    items: list[Item] = []
    for question in questions:
        if question.kind in NO_ANSWER_KINDS:
            continue
        points = tuple(scale_range(question))
        low, high = _end_labels(question)
        if question.kind in SCALE_KINDS:
            items.append(
                Item(
                    f"q{question.pk}",
                    question.pk,
                    None,
                    question.label,
                    question.kind,
                    points,
                    low,
                    high,
                )
            )
        elif question.kind == QuestionKind.LIKERT_MATRIX:
            for row, statement in enumerate(_choice_labels(question)):
                items.append(
                    Item(
                        f"q{question.pk}r{row}",
                        question.pk,
                        row,
                        statement,
                        question.kind,
                        points,
                        low,
                        high,
                    )
                )
        elif question.kind == QuestionKind.NUMBER:
            items.append(
                Item(f"q{question.pk}", question.pk, None, question.label, question.kind, ())
            )
    return items


def survey_questionnaires(event):
    """The event's questionnaires a survey may ask (purpose: survey)."""
    from participants.enums import QuestionnairePurpose
    from participants.models import Questionnaire

    return Questionnaire.objects.filter(event=event, purpose=QuestionnairePurpose.SURVEY)
