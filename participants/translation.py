"""Questions (of every form) in each working language: the label, the help, the labels
of the choices (the choices' values, which answers keep, are not translated) and a
scale's end labels; a follow-up form's or survey's title."""

from backend.content_language import register_content

from .models import Question, Questionnaire

register_content(Question, ["label", "help_text", "choice_labels", "low_label", "high_label"])
register_content(Questionnaire, ["title"])
