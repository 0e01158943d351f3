"""Answers kept on an application (participants.Answer): the application form's, and
the follow-up form's (logistics). The checks are the form engine's (``engine``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from .. import selectors
from ..enums import QuestionKind
from ..models import Answer, Application, Document, Question
from .engine import check_complete, clean_answers
from .errors import ApplicationInvalid


def _save_answers(
    *,
    application: Application,
    answers: Mapping[Any, Any],
    strict: bool,
    questions: list[Question] | None = None,
) -> None:
    """Validate and store answers keyed by question id. Empty values delete the answer.

    ``questions``: the form answered (default: the event's application form; logistics
    passes its follow-up form's)."""
    if questions is None:
        questions = selectors.application_questions(application.event_id)
    by_id = {q.pk: q for q in questions}
    cleaned = clean_answers(questions, answers, strict=strict, owner=application.applicant)
    existing = {a.question_id: a for a in application.answers.all()}
    for qid, value in cleaned.items():
        answer = existing.get(qid)
        if value is None:
            if answer is not None:
                answer.delete()
            continue
        file_id = value if by_id[qid].kind == QuestionKind.FILE else None
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


def _validate_complete(
    application: Application, questions: list[Question] | None = None
) -> dict[str, list[str]]:
    """Required answers, conditions and word limits; removes answers to questions no
    longer shown (answers to hidden questions stay: those are not in the form)."""
    if questions is None:
        questions = selectors.application_questions(application.event_id)
    in_form = {q.pk for q in questions}
    answers = {a.question_id: a for a in application.answers.all() if a.question_id in in_form}
    values = {qid: a.value for qid, a in answers.items()}
    errors, not_shown = check_complete(questions, values, owner=application.applicant)
    hidden = [answers[qid] for qid in not_shown]
    if hidden:
        Answer.objects.filter(pk__in=[a.pk for a in hidden]).delete()
        # A prefetched list (submit renders from it) must not show the deleted answers.
        cache = getattr(application, "_prefetched_objects_cache", {})
        if "answers" in cache:
            gone = {a.pk for a in hidden}
            cache["answers"]._result_cache = [a for a in cache["answers"] if a.pk not in gone]
    return errors


def application_answers_save(
    *,
    application: Application,
    questions: list[Question],
    answers: Mapping[Any, Any],
    complete: bool = False,
) -> None:
    """Store answers to a form kept on the application (the follow-up form: logistics
    passes ``selectors.questionnaire_questions(...)``). With ``complete``, the whole form
    must then be complete (required answers, word limits) or nothing is saved; answers
    to questions no longer shown are removed. Raises ApplicationInvalid (every field)."""
    with transaction.atomic():
        _save_answers(
            application=application, answers=answers, strict=complete, questions=questions
        )
        if complete:
            errors = _validate_complete(application, questions)
            if errors:
                raise ApplicationInvalid(errors)
