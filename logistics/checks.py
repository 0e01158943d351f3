"""System check: passport data needs its own encryption key wherever DEBUG is off.

Without ``BRIDGES_FIELD_KEYS`` the key is derived from the secret key (development only,
``logistics/crypto.py``): a production site would then hold passports under a key that
leaks with the secret key and cannot be rotated on its own. ``manage.py check`` (and
``migrate``, gunicorn's boot under the production profile) fails with this message.
"""

from __future__ import annotations

from cryptography.fernet import Fernet
from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security)
def field_keys_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    keys = list(settings.LOGISTICS_FIELD_KEYS)
    if not keys:
        if settings.DEBUG:
            return []
        return [
            checks.Error(
                "BRIDGES_FIELD_KEYS must be set when DEBUG is off: passport data is "
                "encrypted with it, and the development fallback derives the key from "
                "DJANGO_SECRET_KEY.",
                hint='Generate one with python -c "from cryptography.fernet import Fernet; '
                'print(Fernet.generate_key().decode())" and set BRIDGES_FIELD_KEYS '
                "(README, Passport data).",
                id="logistics.E001",
            )
        ]
    errors = []
    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key)
        except (ValueError, TypeError):
            errors.append(
                checks.Error(
                    f"BRIDGES_FIELD_KEYS: key {position} is not a Fernet key "
                    "(32 url-safe base64-encoded bytes).",
                    id="logistics.E002",
                )
            )
    return errors
