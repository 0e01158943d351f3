"""People's names in every script: stored as written, found without regard to accents
and case, sorted for the language of the list.

- ``name_contains``: PostgreSQL's ``unaccent`` (the extension is created by the
  participants migration) through Django's ``__unaccent__icontains``; on SQLite
  (``make run``) the same SQL function is supplied by Python (``fold``), so one lookup
  serves both;
- ``name_order``: an ICU collation for the list's language on PostgreSQL
  (``Collate("name", "bg-x-icu")``), the plain order on SQLite.
"""

from __future__ import annotations

import unicodedata

from django.conf import settings
from django.db import connection
from django.db.backends.signals import connection_created
from django.db.models import F, Q
from django.db.models.functions import Collate
from django.utils import translation

# Letters that are not a base letter plus a combining mark (unaccent maps them too).
_STROKES = str.maketrans({"đ": "d", "Đ": "D", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L"})


def fold(text: str) -> str:
    """``Nguyễn Đức`` -> ``nguyen duc``: no accents, no case. Only the Latin-style marks
    (U+0300-036F) go, as with unaccent: Thai vowels and Hangul stay as written."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_STROKES))
    bare = "".join(ch for ch in decomposed if not "\u0300" <= ch <= "\u036f")
    return unicodedata.normalize("NFC", bare).casefold()


def name_contains(field: str, text: str) -> Q:
    return Q(**{f"{field}__unaccent__icontains": text})


def name_order(field: str, language: str | None = None):
    """``field`` in the order of ``language`` (default: the active one)."""
    language = (language or translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    if connection.vendor == "postgresql":
        # PostgreSQL built with ICU ships "<language>-x-icu" for every language it knows.
        return Collate(F(field), f"{language}-x-icu")
    return F(field)


def _sqlite_unaccent(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "unaccent", 1, lambda text: None if text is None else fold(text), deterministic=True
        )


connection_created.connect(_sqlite_unaccent, dispatch_uid="backend.names.sqlite_unaccent")
