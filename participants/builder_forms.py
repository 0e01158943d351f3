"""The form builder's editor of one question (participants/views/form_builder.py).

Every text of a question is written in each of the event's working languages side by
side (``backend.content_forms.ContentLanguagesMixin``): the question, its help, a
scale's end labels and the options. Options are one per line; the first language's lines
are the options themselves (the values answers keep), the other languages' lines are
their labels in that language, in the same order (``Question.choice_labels``, one column
per language). A language left empty reads the first language's (``fallback_order``).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from backend.content_forms import ContentLanguagesMixin
from backend.content_language import column, content_languages

from .enums import CHOICE_KINDS, QuestionKind
from .models import Question


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class QuestionBuilderForm(ContentLanguagesMixin, forms.Form):
    """One question as the organiser writes it. Every kind's settings are here; the
    builder shows the ones of the chosen kind, and the service keeps only those."""

    content_fields = ("label", "help_text", "choice_labels", "low_label", "high_label")

    kind = forms.ChoiceField(label=_("Kind of question"), choices=QuestionKind.choices)
    label = forms.CharField(label=_("Question"), max_length=300)
    help_text = forms.CharField(
        label=_("Help text"),
        max_length=500,
        required=False,
        help_text=_("Shown under the question, for example what a good answer holds."),
    )
    required = forms.BooleanField(label=_("An answer is required"), required=False)
    choice_labels = forms.CharField(
        label=_("Options (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "For single and multiple choice: the options; for a Likert matrix: the statements."
            " Other languages give the same lines in the same order."
        ),
    )
    scale_points = forms.TypedChoiceField(
        label=_("Points on the scale"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—"), *[(str(n), str(n)) for n in range(3, 11)]],
        help_text=_("Likert: 5 or 7. Rating: 3 to 10 stars."),
    )
    low_label = forms.CharField(
        label=_("Label of the lowest point"), max_length=100, required=False
    )
    high_label = forms.CharField(
        label=_("Label of the highest point"), max_length=100, required=False
    )
    min_value = forms.FloatField(label=_("Smallest number accepted"), required=False)
    max_value = forms.FloatField(label=_("Largest number accepted"), required=False)
    min_words = forms.IntegerField(label=_("Minimum words"), required=False, min_value=0)
    max_words = forms.IntegerField(label=_("Maximum words"), required=False, min_value=1)
    depends_on = forms.TypedChoiceField(
        label=_("Show only when an earlier question is answered with"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[],
    )
    condition_value = forms.CharField(
        label=_("…this answer (one per line for any of several)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "For yes/no write yes or no; for a scale, the point (for example 0 to 6 on separate lines)."
        ),
    )

    # Which settings each kind uses (the builder's script hides the others).
    KIND_FIELDS = {
        "choice_labels": [*CHOICE_KINDS, QuestionKind.LIKERT_MATRIX],
        "scale_points": [QuestionKind.LIKERT, QuestionKind.LIKERT_MATRIX, QuestionKind.RATING],
        "low_label": [QuestionKind.LIKERT, QuestionKind.LIKERT_MATRIX, QuestionKind.NPS],
        "high_label": [QuestionKind.LIKERT, QuestionKind.LIKERT_MATRIX, QuestionKind.NPS],
        "min_value": [QuestionKind.NUMBER],
        "max_value": [QuestionKind.NUMBER],
        "min_words": [QuestionKind.LONG_TEXT],
        "max_words": [QuestionKind.LONG_TEXT],
    }

    def __init__(
        self,
        *args,
        earlier: list[Question] = (),
        kinds: list[tuple[str, str]] | None = None,
        question: Question | None = None,
        languages=None,
        **kwargs,
    ):
        if question is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_from(question)
        super().__init__(*args, languages=languages, **kwargs)
        self.question = question
        if kinds is not None:
            self.fields["kind"].choices = kinds
        self.earlier = {q.pk: q for q in earlier}
        self.fields["depends_on"].choices = [
            ("", _("Always shown")),
            *[(str(q.pk), q.label) for q in earlier],
        ]
        for name, kinds_of in self.KIND_FIELDS.items():
            names = [column(name, code) for code in self.content_languages]
            for key in names if name in self.content_fields else [name]:
                self.fields[key].widget.attrs["data-kinds"] = " ".join(str(k) for k in kinds_of)
        self.fields["condition_value"].widget.attrs["data-needs"] = "depends_on"

    @staticmethod
    def initial_from(question: Question) -> dict[str, Any]:
        expected = question.condition_value
        if expected is True or expected is False:
            expected = "yes" if expected else "no"
        values = expected if isinstance(expected, list) else [] if expected is None else [expected]
        initial = {
            "kind": question.kind,
            "required": question.required,
            "scale_points": question.scale_points,
            "min_value": question.min_value,
            "max_value": question.max_value,
            "min_words": question.min_words,
            "max_words": question.max_words,
            "depends_on": question.depends_on_id,
            "condition_value": "\n".join(str(v) for v in values),
        }
        for code in content_languages():
            for name in ("label", "help_text", "low_label", "high_label"):
                initial[column(name, code)] = getattr(question, column(name, code), "") or ""
            labels = getattr(question, column("choice_labels", code), None) or []
            initial[column("choice_labels", code)] = "\n".join(str(label) for label in labels)
        return initial

    def initial_for_field(self, field, field_name):
        value = super().initial_for_field(field, field_name)
        # The first language's options are the options themselves when it has no labels
        # of its own (a question written before issue 17, or through the API).
        first = column("choice_labels", self.content_languages[0])
        if field_name == first and not value and self.question is not None:
            value = "\n".join(self.question.choices)
        return value

    @property
    def parts(self) -> list[dict]:
        """The editor in field order: a language group for each text, else the field."""
        groups = {group.name: group for group in self.content_groups}
        texts = {column(name, code): name for name in groups for code in self.content_languages}
        parts, seen = [], set()
        for key in self.fields:
            name = texts.get(key)
            if name is None:
                parts.append({"field": self[key]})
            elif name not in seen:
                seen.add(name)
                parts.append({"group": groups[name]})
        return parts

    @property
    def field_map(self) -> dict[str, str]:
        """The service's field names -> this form's (for ``add_service_error``)."""
        first = self.content_languages[0]
        return {name: column(name, first) for name in self.content_fields} | {
            "choices": column("choice_labels", first)
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") not in self.KIND_FIELDS["choice_labels"]:
            return cleaned
        first, *others = self.content_languages
        count = len(_lines(cleaned.get(column("choice_labels", first), "")))
        for code in others:
            key = column("choice_labels", code)
            lines = _lines(cleaned.get(key, ""))
            if lines and len(lines) != count:
                self.add_error(
                    key,
                    gettext("Give one line for each of the %(count)d options, in the same order.")
                    % {"count": count},
                )
        return cleaned

    def service_data(self) -> dict[str, Any]:
        """What ``question_create``/``question_update`` take (the service checks it):
        every working language's column of the texts, not the untranslated fields."""
        data = {
            key: value
            for key, value in self.cleaned_data.items()
            if key not in self.content_fields and not key.startswith("choice_labels")
        }
        data.update(self.content_data())
        first = self.content_languages[0]
        options = _lines(data[column("choice_labels", first)])
        for code in self.content_languages:
            data[column("choice_labels", code)] = _lines(data[column("choice_labels", code)])
        data["choices"] = options
        if data.get("kind") not in self.KIND_FIELDS["choice_labels"]:
            for code in self.content_languages:
                data[column("choice_labels", code)] = []
        question = self.question
        if question is not None and question.choices:
            stored = getattr(question, column("choice_labels", first), None) or question.choices
            if list(stored) == options and len(options) == len(question.choices):
                data["choices"] = list(question.choices)  # labels unchanged: answers keep theirs
        parent = self.earlier.get(data.get("depends_on"))
        data["depends_on"] = parent
        values = _lines(data.get("condition_value", ""))
        if parent is None or not values:
            data["condition_value"] = None
        elif len(values) == 1:
            data["condition_value"] = values[0]
        else:
            data["condition_value"] = values
        return data
