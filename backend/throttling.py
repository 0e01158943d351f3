"""Rate limits for the API and for the pages that look up a secret code or token.

The API uses DRF's throttles (per account, per address, and named scopes such as
``codes`` for code and token look-ups and ``uploads``); pages that take a code in their
URL use the same scoped throttle through :func:`throttle_page`, so a guess counts
against one limit whichever door it comes through. The counters live in the default
cache (Redis when REDIS_URL is set, else this process's memory).
"""

from __future__ import annotations

import functools
import logging
import math
from types import SimpleNamespace

from django.shortcuts import render
from rest_framework import throttling
from rest_framework.settings import api_settings

# The scope for look-ups by a secret code or token: certificate codes, pass and calendar
# tokens, guardian consent links.
CODES = "codes"
# Pass images and calendar feeds: their tokens are long random secrets, but mail image
# proxies and calendar servers fetch many people's from one address, so a looser limit.
FEEDS = "feeds"
UPLOADS = "uploads"

logger = logging.getLogger(__name__)


class _Throttle:
    # DRF binds THROTTLE_RATES when its module is imported; read the settings on each
    # request instead so a deployment (or a test) that changes them is obeyed.
    @property
    def THROTTLE_RATES(self):  # noqa: N802 (DRF's attribute name)
        return api_settings.DEFAULT_THROTTLE_RATES

    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)
        except Exception:  # noqa: BLE001 - a cache outage must not take the API down with it
            logger.warning("Rate limit not checked: the cache is unavailable.", exc_info=True)
            return True


class AnonRateThrottle(_Throttle, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(_Throttle, throttling.UserRateThrottle):
    pass


class ScopedRateThrottle(_Throttle, throttling.ScopedRateThrottle):
    pass


def retry_after_seconds(throttle: throttling.SimpleRateThrottle) -> int:
    return max(1, math.ceil(throttle.wait() or 1))


def throttle_page(scope: str):
    """Decorate a page view with the API's scoped throttle ``scope``; over the limit it
    answers the 429 page with Retry-After."""

    def decorator(view_func):
        @functools.wraps(view_func)
        def wrapper(request, *args, **kwargs):
            throttle = ScopedRateThrottle()
            if not throttle.allow_request(request, SimpleNamespace(throttle_scope=scope)):
                response = render(request, "429.html", status=429)
                response["Retry-After"] = str(retry_after_seconds(throttle))
                return response
            return view_func(request, *args, **kwargs)

        return wrapper

    return decorator
