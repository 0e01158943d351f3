"""A survey's own texts in each working language (django-modeltranslation, through
backend.content_language); its questions are participants' registrations."""

from backend.content_language import register_content

from .models import Survey

SURVEY_TEXTS = ("title", "intro")

register_content(Survey, SURVEY_TEXTS)
