"""Versions of what the public reads show, and the one cache-or-build helper they use.

Every cached public answer (the agenda API, the event list API, the event page's agenda
and the listing cards) is keyed by a version: one per event for its agenda
(``Event.agenda_version``, a column bumped in the writing transaction) and one for the
event lists (kept in the cache). The services that change what those reads show bump
the version themselves (``programmes.services``), so a reader of a service sees every
effect of its write there; nothing is invalidated from afar.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Iterable
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import Event

logger = logging.getLogger(__name__)

# An agenda only changes through a bump, so its entries may live long; the cache evicts.
AGENDA_CACHE_SECONDS = 6 * 3600
EVENT_LIST_VERSION_KEY = "programmes:event-list-version:2"
# The event columns an agenda's version and body need.
AGENDA_EVENT_FIELDS = (
    "pk",
    "slug",
    "time_zone",
    "status",
    "organisation_id",
    "agenda_version",
    "created_at",
)


def cached(key: str, build: Callable[[], tuple[Any, float]]) -> Any:
    """The value kept under ``key``, else ``build()`` -> (value, seconds it holds), kept.

    The expiry travels with the value and is checked here too (clocks jump; a cache's
    own timeout does not). A cache outage only costs the building.
    """
    now = timezone.now()
    try:
        entry = cache.get(key)
    except Exception:  # noqa: BLE001 - any cache backend error: build instead of failing
        logger.warning("cache read failed (%s)", key, exc_info=True)
        entry = None
    if entry is not None and now < entry[1]:
        return entry[0]
    value, seconds = build()
    if seconds >= 1:
        try:
            cache.set(key, (value, now + dt.timedelta(seconds=seconds)), timeout=int(seconds))
        except Exception:  # noqa: BLE001 - as above
            logger.warning("cache write failed (%s)", key, exc_info=True)
    return value


def agenda_version(event: Event) -> str:
    """The version of ``event``'s agenda, for cache keys and ETags.

    ``created_at`` keeps two events apart when a database is rebuilt under a cache that
    survives it (primary keys are reused).
    """
    return f"{event.pk}.{event.created_at.timestamp()}.{event.agenda_version}"


def agenda_bump_version(*, event_ids: Iterable[int]) -> None:
    """Give the agendas of ``event_ids`` a new version, in the caller's transaction.

    Call it after the writes it covers: a reader that sees the new version then sees them.
    """
    ids = sorted({pk for pk in event_ids if pk is not None})
    if ids:
        Event.objects.filter(pk__in=ids).update(agenda_version=F("agenda_version") + 1)


def event_list_version() -> str:
    """The current version of the public event lists (created on first use).

    During a cache outage every call answers a new version: nothing is found, all is built.
    """
    try:
        version = cache.get(EVENT_LIST_VERSION_KEY)
        if version is None:
            version = str(time.time_ns())
            if not cache.add(EVENT_LIST_VERSION_KEY, version, timeout=None):
                version = cache.get(EVENT_LIST_VERSION_KEY) or version
    except Exception:  # noqa: BLE001 - any cache backend error: build instead of failing
        logger.warning("event list version read failed", exc_info=True)
        version = f"outage-{time.time_ns()}"
    return version


def event_list_bump_version() -> None:
    """Give the event lists a new version now and again once the transaction commits.

    Now, so the writer's next read shows its change; on commit, because another process
    may have filled the new version from the rows as they were before the commit.
    """

    def bump() -> None:
        try:
            cache.set(EVENT_LIST_VERSION_KEY, str(time.time_ns()), timeout=None)
        except Exception:  # noqa: BLE001 - a cache outage must not fail the write
            logger.warning("event list version bump failed", exc_info=True)

    bump()
    transaction.on_commit(bump)
