"""Organisers' texts in each working language (django-modeltranslation, through
backend.content_language): what the visa letters say and the hotels' room types."""

from backend.content_language import register_content

from .models import LetterSettings, RoomBlock

register_content(LetterSettings, ("purpose", "costs_covered_by", "signatory_title"))
register_content(RoomBlock, ("room_type",))
