"""The form engine's fields: one question -> one form field, and ``QuestionsForm`` for a
form's questions (the application form, the follow-up form, surveys). How to use it is
told at the top of ``participants/forms.py``."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_countries import countries

from .enums import (
    SCALE_KINDS,
    QuestionKind,
)
from .models import Question
from .services.engine import scale_range


def _country_choices(blank_label) -> list[tuple[str, str]]:
    return [("", blank_label), *[(code, name) for code, name in countries]]


def question_field_name(question: Question) -> str:
    return f"q_{question.pk}"


def choice_labels(question: Question) -> list[str]:
    """What a reader sees for each of ``choices`` (a matrix's statements): the
    translated ``choice_labels`` where given, else the choice itself. Answers keep the
    ``choices`` values, so a translated label never changes an answer."""
    labels = list(getattr(question, "choice_labels", None) or [])
    return [
        labels[i] if i < len(labels) and str(labels[i] or "").strip() else choice
        for i, choice in enumerate(question.choices)
    ]


def _choice_pairs(question: Question) -> list[tuple[str, str]]:
    return list(zip(question.choices, choice_labels(question), strict=True))


def _words_help(question: Question, help_text: str) -> str:
    limits = {"min": question.min_words, "max": question.max_words}
    if question.min_words and question.max_words:
        words = _("Between %(min)s and %(max)s words.") % limits
    elif question.min_words:
        words = _("At least %(min)s words.") % limits
    else:
        words = _("At most %(max)s words.") % limits
    mentioned = all(str(n) in question.help_text for n in limits.values() if n)
    return help_text if mentioned else f"{help_text} {escape(words)}".strip()


def _scale_choices(question: Question) -> list[tuple[str, str]]:
    """The points of a Likert, NPS or rating question as radio choices. The end labels
    are part of the first and last option's own label, so a screen reader reads them
    with the point, and they wrap under their point on a phone."""
    points = list(scale_range(question))
    if question.kind == QuestionKind.RATING:
        return [(str(n), ngettext("%(n)s star", "%(n)s stars", n) % {"n": n}) for n in points]
    low = question.low_label or (
        _("Not at all likely") if question.kind == QuestionKind.NPS else ""
    )
    high = question.high_label or (
        _("Extremely likely") if question.kind == QuestionKind.NPS else ""
    )
    labels = {points[0]: low, points[-1]: high}
    return [(str(n), f"{n} – {labels[n]}" if labels.get(n) else str(n)) for n in points]


class ScaleRadioSelect(forms.RadioSelect):
    """Radio buttons in a row (wrapping on a phone); one fieldset, arrow keys move."""

    template_name = "participants/widgets/scale.html"

    def __init__(self, attrs=None, choices=(), *, kind: str = ""):
        super().__init__(attrs, choices)
        self.kind = kind

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["kind"] = self.kind
        return context


class LikertMatrixWidget(forms.Widget):
    """Statements sharing one scale: each statement is its own radio group (a fieldset
    with the statement as legend), so keyboard and screen reader users meet one
    question at a time; on a wide screen the points line up as columns."""

    template_name = "participants/widgets/likert_matrix.html"
    use_fieldset = True

    def __init__(self, attrs=None, *, rows: list[str], points: list[tuple[str, str]]):
        super().__init__(attrs)
        self.rows = rows
        self.points = points

    def value_from_datadict(self, data, files, name):
        return {
            str(index): data.get(f"{name}_{index}")
            for index in range(len(self.rows))
            if data.get(f"{name}_{index}") not in (None, "")
        }

    def value_omitted_from_data(self, data, files, name):
        return False

    def id_for_label(self, id_):
        return None

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        value = value if isinstance(value, dict) else {}
        base_id = context["widget"]["attrs"].get("id") or f"id_{name}"
        context["widget"]["rows"] = [
            {
                "index": index,
                "label": label,
                "name": f"{name}_{index}",
                "id": f"{base_id}_{index}",
                "options": [
                    {
                        "value": point,
                        "label": point_label,
                        "id": f"{base_id}_{index}_{point}",
                        "checked": str(value.get(str(index), "")) == point,
                    }
                    for point, point_label in self.points
                ],
            }
            for index, label in enumerate(self.rows)
        ]
        context["widget"]["points"] = self.points
        return context


class LikertMatrixField(forms.Field):
    """{row index: point} for the rows answered; the service checks the points."""

    widget = LikertMatrixWidget

    def to_python(self, value):
        if not value:
            return {}
        try:
            return {str(row): int(point) for row, point in dict(value).items()}
        except (TypeError, ValueError):
            raise forms.ValidationError(_("Choose a point for each statement.")) from None


def _field_for(question: Question) -> forms.Field | None:
    """A form field for one organiser-defined question (None for a section heading, which
    takes no answer); never required at the form level.

    Drafts save whatever is there: a missing required answer is reported by the submit
    service, and shown beside this field then.
    """
    help_text = escape(question.help_text)
    if question.kind == QuestionKind.LONG_TEXT and (question.min_words or question.max_words):
        help_text = _words_help(question, help_text)
    common = {"label": question.label, "required": False, "help_text": help_text}
    kind = question.kind
    if kind == QuestionKind.SECTION:
        return None
    if kind == QuestionKind.SHORT_TEXT:
        return forms.CharField(max_length=500, **common)
    if kind == QuestionKind.LONG_TEXT:
        limits = {
            "data-min-words": question.min_words or "",
            "data-max-words": question.max_words or "",
            "data-words-label": _("Words so far:"),
        }
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 8, **limits}), **common)
    if kind == QuestionKind.SINGLE_CHOICE:
        return forms.ChoiceField(
            choices=_choice_pairs(question), widget=forms.RadioSelect, **common
        )
    if kind == QuestionKind.MULTIPLE_CHOICE:
        return forms.MultipleChoiceField(
            choices=_choice_pairs(question), widget=forms.CheckboxSelectMultiple, **common
        )
    if kind == QuestionKind.YES_NO:
        return forms.ChoiceField(
            choices=[("yes", _("Yes")), ("no", _("No"))], widget=forms.RadioSelect, **common
        )
    if kind == QuestionKind.NUMBER:
        attrs = {"step": "any", "inputmode": "decimal"}
        if question.min_value is not None:
            attrs["min"] = question.min_value
        if question.max_value is not None:
            attrs["max"] = question.max_value
        return forms.DecimalField(widget=forms.NumberInput(attrs=attrs), **common)
    if kind == QuestionKind.DATE:
        return forms.DateField(
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), **common
        )
    if kind == QuestionKind.COUNTRY:
        return forms.ChoiceField(choices=_country_choices(_("Choose a country")), **common)
    if kind == QuestionKind.FILE:
        return forms.FileField(
            widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}), **common
        )
    if kind in SCALE_KINDS:
        choices = _scale_choices(question)
        return forms.TypedChoiceField(
            choices=choices,
            coerce=int,
            empty_value=None,
            widget=ScaleRadioSelect(choices=choices, kind=kind),
            **common,
        )
    if kind == QuestionKind.LIKERT_MATRIX:
        return LikertMatrixField(
            widget=LikertMatrixWidget(
                rows=choice_labels(question), points=_scale_choices(question)
            ),
            **common,
        )
    raise ValueError(kind)


def answer_to_initial(question: Question, value: Any) -> Any:
    """A stored answer as the form shows it."""
    if value is None:
        return None
    if question.kind == QuestionKind.YES_NO:
        return "yes" if value is True else "no" if value is False else None
    return value


def answer_display(value: Any, question: Question | None = None) -> str:
    """A stored answer as text (the review step, the applications desk); with its
    question, a matrix names its statements and a scale its end labels."""
    if value is None:
        return ""
    if value is True:
        return str(_("Yes"))
    if value is False:
        return str(_("No"))
    if question is not None and question.kind == QuestionKind.LIKERT_MATRIX:
        rows = choice_labels(question)
        top = max(scale_range(question))
        return "\n".join(
            f"{rows[int(row)] if int(row) < len(rows) else row}: {point}/{top}"
            for row, point in dict(value).items()
        )
    if question is not None and question.kind in SCALE_KINDS and isinstance(value, int):
        return f"{value}/{max(scale_range(question))}"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    return str(value)


def field_to_answer(question: Question, value: Any) -> Any:
    """A cleaned form value as the services take it (None clears the answer)."""
    if value in (None, "", [], {}):
        return None
    if question.kind == QuestionKind.YES_NO:
        return value == "yes"
    if question.kind == QuestionKind.NUMBER:
        return int(value) if value == value.to_integral_value() else float(value)
    if question.kind == QuestionKind.DATE:
        return value.isoformat()
    return value


def _raw_value(question: Question, raw: Any) -> Any:
    """A posted value as the engine compares it in conditions (before cleaning)."""
    if question.kind == QuestionKind.YES_NO and raw in ("yes", "no"):
        return raw == "yes"
    if question.kind in SCALE_KINDS or question.kind == QuestionKind.NUMBER:
        try:
            number = float(str(raw).replace(",", "."))
        except ValueError:
            return raw
        return int(number) if number.is_integer() else number
    return raw


class QuestionsForm(forms.Form):
    """One form of the engine (the application form, a follow-up form, a survey): its
    questions, the ones shown for the current answers, and the current answers.

    ``questions`` are all the form's questions in order; ``values`` the stored answers
    (question id -> value); ``shown`` the ids visible now (the engine's
    ``visible_question_ids``). Questions hidden by a condition are still rendered (with
    the ``hidden`` attribute) so the small script can reveal them at once; without the
    script the server shows them after the next save. Section headings have no field.
    Render it with ``participants/_questions.html``.
    """

    def __init__(
        self,
        *args,
        questions: list[Question],
        values: dict[int, Any],
        shown: set[int],
        documents=None,
        **kwargs,
    ):
        kwargs.setdefault(
            "initial",
            {question_field_name(q): answer_to_initial(q, values.get(q.pk)) for q in questions},
        )
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.shown = shown
        self.documents = documents or {}
        by_id = {q.pk: q for q in questions}
        self.conditions: dict[int, dict[str, str]] = {
            q.pk: {
                "parent": question_field_name(by_id[q.depends_on_id]),
                "value": json.dumps(q.condition_value),
            }
            for q in questions
            if q.depends_on_id in by_id
        }
        for question in questions:
            field = _field_for(question)
            if field is None:
                continue
            field.question = question
            if question.required and not getattr(field.widget, "use_fieldset", False):
                # Not required at the form level (drafts save partial answers), but announced.
                field.widget.attrs["aria-required"] = "true"
            self.fields[question_field_name(question)] = field

    def rows(self):
        """(question, bound field or None for a heading, shown, current file, condition)
        in order, for the template."""
        for question in self.questions:
            name = question_field_name(question)
            yield {
                "question": question,
                "field": self[name] if name in self.fields else None,
                "shown": question.pk in self.shown,
                "document": self.documents.get(question.pk),
                "condition": self.conditions.get(question.pk),
            }

    def raw_values(self) -> dict[int, Any]:
        """The posted answers as plain values (for deciding which questions show)."""
        values: dict[int, Any] = {}
        for question in self.questions:
            name = question_field_name(question)
            field = self.fields.get(name)
            if field is None or question.kind in (QuestionKind.FILE, QuestionKind.LIKERT_MATRIX):
                continue
            if isinstance(field, forms.MultipleChoiceField):
                raw = (
                    self.data.getlist(self.add_prefix(name))
                    if hasattr(self.data, "getlist")
                    else self.data.get(name, [])
                )
            else:
                raw = _raw_value(question, self.data.get(self.add_prefix(name)))
            values[question.pk] = raw
        return values

    def answers(self, *, include_files: bool = False) -> dict[int, Any]:
        """The cleaned answers of the questions shown, as the services take them; a
        question no longer shown gets None (its stored answer is removed). Call after
        ``is_valid()``. File questions are left to the caller (they need an upload)."""
        answers: dict[int, Any] = {}
        for question in self.questions:
            name = question_field_name(question)
            if name not in self.fields:
                continue
            if question.pk not in self.shown:
                answers[question.pk] = None
                continue
            if question.kind == QuestionKind.FILE and not include_files:
                continue
            answers[question.pk] = field_to_answer(question, self.cleaned_data.get(name))
        return answers


# --- the organisers' form builder ----------------------------------------------------
