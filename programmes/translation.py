"""Organisers' texts in each working language (django-modeltranslation; the fallback
rule and helpers are in backend/content_language.py). The services accept each
language's column of these fields (``title_fr``) and the API reads and writes them."""

from backend.content_language import register_content

from .models import Event, Leg, Programme, Session, Venue

PROGRAMME_TEXTS = ("title", "description")
EVENT_TEXTS = ("title", "theme", "summary", "description")
LEG_TEXTS = ("city",)
VENUE_TEXTS = ("name", "address")
SESSION_TEXTS = ("title", "description")

register_content(Programme, PROGRAMME_TEXTS)
register_content(Event, EVENT_TEXTS)
register_content(Leg, LEG_TEXTS)
register_content(Venue, VENUE_TEXTS)
register_content(Session, SESSION_TEXTS)
