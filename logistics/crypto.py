"""Passport data encrypted at rest: a text field whose column holds a Fernet token.

Keys come from ``settings.LOGISTICS_FIELD_KEYS`` (``BRIDGES_FIELD_KEYS``), newest first:
``MultiFernet`` encrypts with the first and decrypts with any, so a key is rotated by
putting a new one in front and running ``manage.py rotate_passport_keys`` (README).
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models


@functools.cache
def _fernet_for(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key) for key in keys])


def fernet() -> MultiFernet:
    keys = tuple(settings.LOGISTICS_FIELD_KEYS)
    if not keys:
        # Development only (make run, tests): derived from the secret key.
        digest = hashlib.sha256(f"bridges-passport:{settings.SECRET_KEY}".encode()).digest()
        keys = (base64.urlsafe_b64encode(digest).decode(),)
    return _fernet_for(keys)


def encrypt(value: str) -> str:
    return fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ValueError("passport data cannot be decrypted with the configured keys") from exc


def rotate(token: str) -> str:
    """The same value encrypted with the newest key."""
    return fernet().rotate(token.encode()).decode()


class EncryptedTextField(models.TextField):
    """Stored as a Fernet token; reads give the plain text ('' stays '')."""

    def from_db_value(self, value, expression, connection):
        if not value:
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if not value:
            return ""  # nothing to hide, and the column stays NOT NULL
        return encrypt(str(value))


class EncryptedDateField(EncryptedTextField):
    """A date kept as an encrypted ISO string; reads give a ``datetime.date`` or None."""

    def from_db_value(self, value, expression, connection):
        text = super().from_db_value(value, expression, connection)
        return dt.date.fromisoformat(text) if text else None

    def to_python(self, value):
        if value in (None, "") or isinstance(value, dt.date):
            return value or None
        return dt.date.fromisoformat(str(value))

    def get_prep_value(self, value):
        if isinstance(value, dt.date):
            value = value.isoformat()
        return super().get_prep_value(value or "")
