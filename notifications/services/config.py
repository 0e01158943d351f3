"""The NOTIFICATIONS_* settings the services read: attempts, backoff, sweep delay,
Message-ID domain."""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings


def _setting(name: str, default: Any) -> Any:
    """A NOTIFICATIONS_* setting; the environment may set it when settings.py doesn't."""
    if hasattr(settings, name):
        return getattr(settings, name)
    raw = os.environ.get(name)
    return type(default)(raw) if raw is not None else default


def max_attempts() -> int:
    return _setting("NOTIFICATIONS_MAX_ATTEMPTS", 5)


def retry_delay(attempts: int) -> int:
    """Exponential backoff in seconds after ``attempts`` failed tries (30 s, 60 s, 2 min...)."""
    base = _setting("NOTIFICATIONS_RETRY_BASE_SECONDS", 30)
    return int(base * 2 ** max(attempts - 1, 0))
