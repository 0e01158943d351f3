"""Rate limits for the API and for the pages that look up a secret code or token.

The API uses DRF's throttles (per account, per address, and named scopes such as
``codes`` for code and token look-ups and ``uploads``); pages that take a code in their
URL use the same scoped throttle through :func:`throttle_page`, so a guess counts
against one limit whichever door it comes through. The counters live in the default
cache (Redis when REDIS_URL is set, else this process's memory).

Each limit is a fixed-window counter: one integer per window, raised with the cache's
atomic ``incr``, instead of DRF's list of every timestamp in the window (read and
written whole on every request, growing with the rate). A fixed window lets up to twice
the rate through across a window's edge; the limits are set with that in mind.
"""

from __future__ import annotations

import functools
import logging
import math
from types import SimpleNamespace

from django.core.cache import cache
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


def _count_hit(key: str, timeout: int) -> int:
    """Add one to the counter under ``key`` and answer its new value.

    ``incr`` first: in the common case the window's counter exists. ``add`` creates it
    only if no other request did in between; both are atomic in Redis and LocMem.
    """
    try:
        return cache.incr(key)
    except ValueError:  # no counter yet in this window
        if cache.add(key, 1, timeout=timeout):
            return 1
        return cache.incr(key)


class FixedWindowThrottle(throttling.SimpleRateThrottle):
    """DRF's rate throttle, counted per fixed window (see the module's docstring).

    Listed after DRF's Anon/User/Scoped class in the bases, so that their scope and key
    (and ScopedRateThrottle's reading of the view's scope) run before this counting.
    """

    # DRF binds THROTTLE_RATES when its module is imported; read the settings on each
    # request instead so a deployment (or a test) that changes them is obeyed.
    @property
    def THROTTLE_RATES(self):  # noqa: N802 (DRF's attribute name)
        return api_settings.DEFAULT_THROTTLE_RATES

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        window = int(self.now // self.duration)
        self.window_ends = (window + 1) * self.duration
        # The counter outlives its window by a second, so it never expires between the
        # incr's existence check and the increment.
        timeout = math.ceil(self.window_ends - self.now) + 1
        try:
            count = _count_hit(f"{self.key}:{self.duration}:{window}", timeout)
        except Exception:  # noqa: BLE001 - a cache outage must not take the site down with it
            logger.warning("Rate limit not checked: the cache is unavailable.", exc_info=True)
            return True
        return count <= self.num_requests

    def wait(self):
        """Seconds until this window ends and the counter starts again."""
        return max(0.0, self.window_ends - self.timer())


class AnonRateThrottle(throttling.AnonRateThrottle, FixedWindowThrottle):
    pass


class UserRateThrottle(throttling.UserRateThrottle, FixedWindowThrottle):
    def get_cache_key(self, request, view):
        # Accounts only: DRF would count a visitor who is not signed in here too, by
        # address, a second counter beside the stricter ``anon`` one.
        if not (request.user and request.user.is_authenticated):
            return None
        return super().get_cache_key(request, view)


class ScopedRateThrottle(throttling.ScopedRateThrottle, FixedWindowThrottle):
    pass


def retry_after_seconds(throttle: FixedWindowThrottle) -> int:
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
