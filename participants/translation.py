"""Application questions in each working language: the label, the help and the labels
of the choices (the choices' values, which answers keep, are not translated)."""

from backend.content_language import register_content

from .models import Question

register_content(Question, ["label", "help_text", "choice_labels"])
