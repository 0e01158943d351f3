"""Organisers' texts in each working language (django-modeltranslation; the fallback
rule and helpers are in backend/content_language.py)."""

from backend.content_language import register_content

from .models import Event, Leg, Programme, Session, Venue

register_content(Programme, ["title", "description"])
register_content(Event, ["title", "theme", "summary", "description"])
register_content(Leg, ["city"])
register_content(Venue, ["name", "address"])
register_content(Session, ["title", "description"])
