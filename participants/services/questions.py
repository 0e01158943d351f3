"""The organisers' forms (the application form, a follow-up form, a survey): adding,
changing, hiding, reordering and deleting questions, and the questionnaires themselves.

A form is the questions of one event with one ``questionnaire`` (None: the application
form). Conditions refer to an earlier question of the same form."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from audit.services import log_action, removed, snapshot
from backend.content_language import content_columns
from backend.errors import BridgesError, ConflictError
from programmes.models import Event

from ..enums import (
    CHOICE_KINDS,
    LIKERT_POINTS,
    NO_ANSWER_KINDS,
    NOT_CONDITIONAL_KINDS,
    RATING_POINTS,
    QuestionKind,
    QuestionnairePurpose,
)
from ..enums import ApplicationStatus as S
from ..models import Answer, Question, Questionnaire
from ..translation import QUESTION_TEXTS
from .engine import clean_value

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
    "scale_points",
    "low_label",
    "high_label",
    "min_value",
    "max_value",
    "hidden",
    # Every language's texts (label_fr, choice_labels_ko, ...: issue 17).
    *sorted(content_columns(*QUESTION_TEXTS)),
)

# Kinds a form may hold: a survey's answers are anonymous, so no files there.
KINDS_BY_PURPOSE = {
    None: frozenset(QuestionKind.values),
    QuestionnairePurpose.APPLICATION: frozenset(QuestionKind.values),
    QuestionnairePurpose.FOLLOW_UP: frozenset(QuestionKind.values),
    QuestionnairePurpose.SURVEY: frozenset(QuestionKind.values) - {QuestionKind.FILE},
}


def _check_choices(choices: Any, *, minimum: int, message: str) -> None:
    if (
        not isinstance(choices, list)
        or len(choices) < minimum
        or any(not isinstance(c, str) or not c.strip() for c in choices)
        or len(set(choices)) != len(choices)
    ):
        raise BridgesError(message, field="choices")


def _apply_scale(question: Question) -> None:
    """Scale settings kept only for the kinds that use them, with their defaults."""
    kind = question.kind
    if kind in (QuestionKind.LIKERT, QuestionKind.LIKERT_MATRIX):
        question.scale_points = question.scale_points or LIKERT_POINTS[0]
        if question.scale_points not in LIKERT_POINTS:
            raise BridgesError(_("A Likert scale has 5 or 7 points."), field="scale_points")
    elif kind == QuestionKind.RATING:
        question.scale_points = question.scale_points or 5
        if question.scale_points not in RATING_POINTS:
            raise BridgesError(_("A rating has 3 to 10 stars."), field="scale_points")
    else:
        question.scale_points = None
    if kind not in (QuestionKind.LIKERT, QuestionKind.LIKERT_MATRIX, QuestionKind.NPS):
        question.low_label = question.high_label = ""
    if kind != QuestionKind.NUMBER:
        question.min_value = question.max_value = None
    elif (
        question.min_value is not None
        and question.max_value is not None
        and question.min_value > question.max_value
    ):
        raise BridgesError(_("The smallest number must not exceed the largest."), field="min_value")


def _apply_condition(question: Question) -> None:
    parent = question.depends_on
    if parent is None:
        question.condition_value = None
        return
    if parent.event_id != question.event_id or parent.questionnaire_id != question.questionnaire_id:
        raise BridgesError(
            _("The condition must refer to a question of this form."), field="depends_on"
        )
    if question.pk and parent.pk == question.pk:
        raise BridgesError(_("A question cannot depend on itself."), field="depends_on")
    if parent.kind in NOT_CONDITIONAL_KINDS:
        raise BridgesError(
            _("A condition can only refer to a question with one answer to compare."),
            field="depends_on",
        )
    if parent.order > question.order or (
        parent.order == question.order and question.pk and parent.pk > question.pk
    ):
        raise BridgesError(_("A condition must refer to an earlier question."), field="depends_on")
    expected = question.condition_value
    if expected in (None, "", []):
        raise BridgesError(_("Say which answer shows this question."), field="condition_value")
    # A list means "any of these" (an NPS of 0 to 6, say); a multiple-choice question's
    # answer is itself a list, so its values are checked together.
    if parent.kind == QuestionKind.MULTIPLE_CHOICE:
        chosen = clean_value(parent, expected, strict=False, owner=None, field="condition_value")
        question.condition_value = chosen if isinstance(expected, list) else chosen[0]
        return
    values = expected if isinstance(expected, list) else [expected]
    cleaned = [
        clean_value(parent, value, strict=False, owner=None, field="condition_value")
        for value in values
    ]
    question.condition_value = cleaned if isinstance(expected, list) else cleaned[0]


def _question_apply(question: Question, data: Mapping[str, Any]) -> None:
    for key in QUESTION_FIELDS:
        if key in data:
            setattr(question, key, data[key])
    purpose = question.questionnaire.purpose if question.questionnaire_id else None
    if question.kind not in QuestionKind.values:
        raise BridgesError(_("Choose a question kind from the list."), field="kind")
    if question.kind not in KINDS_BY_PURPOSE[purpose]:
        raise BridgesError(_("This kind of question cannot be used in this form."), field="kind")
    if question.kind in CHOICE_KINDS:
        _check_choices(
            question.choices, minimum=2, message=_("Give at least two different choices.")
        )
    elif question.kind == QuestionKind.LIKERT_MATRIX:
        _check_choices(
            question.choices, minimum=1, message=_("Give at least one statement, each different.")
        )
    else:
        question.choices = []
    if question.kind != QuestionKind.LONG_TEXT:
        question.min_words = question.max_words = None
    elif question.min_words is not None and question.max_words is not None:
        if question.min_words > question.max_words:
            raise BridgesError(_("The minimum must not exceed the maximum."), field="min_words")
    _apply_scale(question)
    if question.kind in NO_ANSWER_KINDS:
        question.required = False
    _apply_condition(question)
    if not str(question.label or "").strip():
        raise BridgesError(_("A question needs a label."), field="label")


def _next_order(event: Event, questionnaire: Questionnaire | None) -> int:
    last = (
        Question.objects.filter(event=event, questionnaire=questionnaire)
        .order_by("-order")
        .values_list("order", flat=True)
        .first()
    )
    return 0 if last is None else last + 10


@transaction.atomic
def question_create(
    *, event: Event, data: Mapping[str, Any], questionnaire: Questionnaire | None = None
) -> Question:
    """A new question at the end of the form (unless ``data`` gives its order)."""
    if questionnaire is not None and questionnaire.event_id != event.pk:
        raise BridgesError(_("This form belongs to another event."), field="questionnaire")
    question = Question(event=event, questionnaire=questionnaire)
    if "order" not in data:
        question.order = _next_order(event, questionnaire)
    _question_apply(question, data)
    question.full_clean(exclude=["event", "depends_on"])
    question.save()
    log_action(question, "participants.question.created", data={"label": question.label})
    return question


@transaction.atomic
def question_update(*, question: Question, data: Mapping[str, Any]) -> Question:
    question = (
        Question.objects.select_for_update(of=("self",))
        .select_related("questionnaire")
        .get(pk=question.pk)
    )
    before = snapshot(question, AUDITED_QUESTION_FIELDS)
    _question_apply(question, data)
    question.full_clean(exclude=["event", "depends_on"])
    question.save()
    log_action(question, "participants.question.changed", before=before)
    return question


# What the audit log records of a question's change.
AUDITED_QUESTION_FIELDS = (
    "label",
    "kind",
    "required",
    "choices",
    "order",
    "help_text",
    "hidden",
    "scale_points",
    "low_label",
    "high_label",
    "min_value",
    "max_value",
)


# Other apps that keep answers of their own (surveys/ keeps anonymous responses) add a
# function here: question ids -> the ids among them that have answers. Registered from
# their AppConfig.ready(), so participants imports nothing of theirs.
ANSWER_CHECKS: list[Callable[[Iterable[int]], set[int]]] = []


def register_answer_check(check: Callable[[Iterable[int]], set[int]]) -> None:
    if check not in ANSWER_CHECKS:
        ANSWER_CHECKS.append(check)


def answered_question_ids(question_ids: Iterable[int]) -> set[int]:
    """The questions among ``question_ids`` someone has sent an answer to (an
    application's draft does not count: it is the applicant's private work and goes
    with the question), in one query plus one per registered app."""
    ids = list(question_ids)
    if not ids:
        return set()
    answered = set(
        Answer.objects.filter(question_id__in=ids)
        .exclude(application__status=S.DRAFT)
        .values_list("question_id", flat=True)
        .distinct()
    )
    for check in ANSWER_CHECKS:
        answered |= set(check(ids))
    return answered


def question_has_answers(question: Question) -> bool:
    return bool(answered_question_ids([question.pk]))


@transaction.atomic
def question_delete(*, question: Question) -> None:
    """Delete a question nobody has answered; one with answers can only be hidden."""
    if question_has_answers(question):
        raise ConflictError(
            _(
                "People have already answered this question; it can no longer be deleted. "
                "Hide it instead: it leaves the form and its answers are kept."
            ),
            code="question_has_answers",
        )
    if question.dependents.exists():
        raise ConflictError(
            _("Other questions are shown depending on this one; change them first."),
            code="question_has_dependents",
        )
    changes = removed(question, ("label", "kind"))
    log_action(question, "participants.question.deleted", data={"changes": changes})
    question.delete()


def form_questions(
    event_id: int, questionnaire_id: int | None, *, include_hidden: bool = True
) -> list[Question]:
    """The questions of one form in order (the builder's view: hidden ones included)."""
    queryset = Question.objects.filter(event_id=event_id, questionnaire_id=questionnaire_id)
    if not include_hidden:
        queryset = queryset.filter(hidden=False)
    return list(queryset.order_by("order", "pk"))


@transaction.atomic
def questions_reorder(
    *, event: Event, questionnaire: Questionnaire | None, order: list[int]
) -> list[Question]:
    """Put a form's questions in the order of ``order`` (every question id of the form,
    once). A condition must still refer to an earlier question. Locks the form's rows."""
    questions = list(
        Question.objects.select_for_update()
        .filter(event=event, questionnaire=questionnaire)
        .order_by("order", "pk")
    )
    by_id = {q.pk: q for q in questions}
    if sorted(order) != sorted(by_id) or len(set(order)) != len(order):
        raise BridgesError(_("Give every question of the form once."), field="order")
    position = {qid: index for index, qid in enumerate(order)}
    for question in questions:
        if question.depends_on_id and position[question.depends_on_id] > position[question.pk]:
            raise BridgesError(
                _("“%(label)s” depends on an answer that would then come after it.")
                % {"label": question.label},
                field="order",
            )
    before = [q.pk for q in questions]
    for qid, index in position.items():
        by_id[qid].order = index * 10
    Question.objects.bulk_update(questions, ["order"])
    if before != order:
        log_action(
            event,
            "participants.questions.reordered",
            data={"questionnaire": questionnaire.pk if questionnaire else None, "order": order},
        )
    return sorted(questions, key=lambda q: q.order)


def question_move(*, question: Question, offset: int) -> list[Question]:
    """Move a question ``offset`` places up (negative) or down in its form."""
    ids = [q.pk for q in form_questions(question.event_id, question.questionnaire_id)]
    index = ids.index(question.pk)
    target = max(0, min(len(ids) - 1, index + offset))
    ids.insert(target, ids.pop(index))
    return questions_reorder(event=question.event, questionnaire=question.questionnaire, order=ids)


@transaction.atomic
def questionnaire_create(*, event: Event, purpose: str, title: str) -> Questionnaire:
    """A follow-up form (one per event) or a survey for ``event``."""
    if purpose not in (QuestionnairePurpose.FOLLOW_UP, QuestionnairePurpose.SURVEY):
        raise BridgesError(_("Choose what the form is for."), field="purpose")
    if not str(title or "").strip():
        raise BridgesError(_("Give the form a title."), field="title")
    if (
        purpose == QuestionnairePurpose.FOLLOW_UP
        and Questionnaire.objects.filter(event=event, purpose=purpose).exists()
    ):
        raise ConflictError(_("This event already has a follow-up form."), code="follow_up_exists")
    try:
        with transaction.atomic():
            questionnaire = Questionnaire.objects.create(
                event=event, purpose=purpose, title=title.strip()
            )
    except IntegrityError:  # another request made the event's follow-up form meanwhile
        raise ConflictError(
            _("This event already has a follow-up form."), code="follow_up_exists"
        ) from None
    log_action(questionnaire, "participants.questionnaire.created", data={"title": title})
    return questionnaire
