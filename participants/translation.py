"""Questions (of every form) in each working language: the label, the help, the labels
of the choices (the choices' values, which answers keep, are not translated) and a
scale's end labels; a follow-up form's or survey's title."""

from backend.content_language import register_content

from .models import Question, Questionnaire

QUESTION_TEXTS = ("label", "help_text", "choice_labels", "low_label", "high_label")
QUESTIONNAIRE_TEXTS = ("title",)

register_content(Question, QUESTION_TEXTS)
register_content(Questionnaire, QUESTIONNAIRE_TEXTS)
