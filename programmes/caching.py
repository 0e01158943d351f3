"""Versions of what the public reads show, and the one cache-or-build helper they use.

Every cached public answer (the agenda API, the event list API, the event page's agenda,
the listing cards, the whole anonymous pages) is keyed by a version: one per event for
its agenda (``Event.agenda_version``, a column bumped in the writing transaction), one
for the event lists and one bumped with any agenda (both kept in the cache, so that a
whole page is found without a query). The services that change what those reads show bump
the version themselves (``programmes.services``), so a reader of a service sees every
effect of its write there; nothing is invalidated from afar.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import uuid
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.contrib import messages
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import has_vary_header
from django.views.decorators.http import condition

from .models import Event

logger = logging.getLogger(__name__)

# An agenda only changes through a bump, so its entries may live long; the cache evicts.
AGENDA_CACHE_SECONDS = 6 * 3600
EVENT_LIST_VERSION_KEY = "programmes:event-list-version:2"
# Bumped with any agenda: the event pages read their version from the cache alone.
AGENDAS_VERSION_KEY = "programmes:agendas-version:1"
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


def cached(
    key: str, build: Callable[[], tuple[Any, float]], *, versions: Sequence[str] = ()
) -> Any:
    """The value kept under ``key``, else ``build()`` -> (value, seconds it holds), kept.

    The expiry travels with the value and is checked here too (clocks jump; a cache's
    own timeout does not). ``versions`` names version keys (``EVENT_LIST_VERSION_KEY``,
    ``AGENDAS_VERSION_KEY``): the entry is read together with them in one round trip and
    holds while they are the ones it was built under. A cache outage only costs the building.
    """
    now = timezone.now()
    try:
        found = cache.get_many([key, *versions]) if versions else {key: cache.get(key)}
        current = tuple(found.get(name) or _version(name) for name in versions)
    except Exception:  # noqa: BLE001 - any cache backend error: build instead of failing
        logger.warning("cache read failed (%s)", key, exc_info=True)
        found, current = {}, (f"outage-{uuid.uuid4().hex}",)
    entry = found.get(key)
    if entry is not None and len(entry) == 3 and now < entry[1] and entry[2] == current:
        return entry[0]
    value, seconds = build()
    if seconds >= 1:
        try:
            cache.set(
                key, (value, now + dt.timedelta(seconds=seconds), current), timeout=int(seconds)
            )
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
        _bump_now_and_on_commit(AGENDAS_VERSION_KEY)


def _version(key: str) -> str:
    """The version kept under ``key`` (created on first use).

    During a cache outage every call answers a new version: nothing is found, all is built.
    """
    try:
        version = cache.get(key)
        if version is None:
            version = uuid.uuid4().hex
            if not cache.add(key, version, timeout=None):
                version = cache.get(key) or version
    except Exception:  # noqa: BLE001 - any cache backend error: build instead of failing
        logger.warning("version read failed (%s)", key, exc_info=True)
        version = f"outage-{uuid.uuid4().hex}"
    return version


def _bump_now_and_on_commit(key: str) -> None:
    """Give ``key`` a new version now and again once the transaction commits.

    Now, so the writer's next read shows its change; on commit, because another process
    may have filled the new version from the rows as they were before the commit.
    """

    def bump() -> None:
        try:
            # Random rather than a clock reading: two bumps in one clock tick (or under a
            # test's frozen clock) must still give two versions.
            cache.set(key, uuid.uuid4().hex, timeout=None)
        except Exception:  # noqa: BLE001 - a cache outage must not fail the write
            logger.warning("version bump failed (%s)", key, exc_info=True)

    bump()
    transaction.on_commit(bump)


def bump_version(key: str) -> None:
    """Give the version kept under ``key`` a new value, for versions other apps keep and
    read through :func:`cached` (see :func:`_bump_now_and_on_commit`)."""
    _bump_now_and_on_commit(key)


def event_list_version() -> str:
    """The current version of the public event lists (rows, cards, what an event shows)."""
    return _version(EVENT_LIST_VERSION_KEY)


def event_list_bump_version() -> None:
    """Give the event lists a new version (see :func:`_bump_now_and_on_commit`)."""
    _bump_now_and_on_commit(EVENT_LIST_VERSION_KEY)


# The version keys of the public event pages (read with the page in one round trip): the
# event lists' version (an event's own row, legs, quotas) and the agendas' (any bump).
EVENT_PAGE_VERSIONS = (EVENT_LIST_VERSION_KEY, AGENDAS_VERSION_KEY)
EVENT_LIST_VERSIONS = (EVENT_LIST_VERSION_KEY,)


def shared_page(
    request: HttpRequest,
    key: Callable[[], str],
    render_page: Callable[[], tuple[HttpResponse, float]],
    *,
    versions: Sequence[str],
) -> HttpResponse:
    """A page for visitors who are not signed in, kept whole under ``key()`` with its ETag.

    ``key()`` names the page's language and whatever else it is built from, ``versions``
    the version keys it holds under (see ``cached``: a hit is one cache round trip);
    ``render_page()`` -> (response, seconds it holds). Only a response that is the same
    for every visitor is kept: a 200 that sets no cookie, does not vary by cookie and
    holds no CSRF token; a visitor with messages waiting gets the page built for them.
    Answers 304 when the reader already holds the page's ETag.
    """
    if (
        request.method not in ("GET", "HEAD")
        or request.user.is_authenticated
        or len(messages.get_messages(request))
    ):
        return render_page()[0]
    built: list[HttpResponse] = []

    def build() -> tuple[Any, float]:
        response, seconds = render_page()
        built.append(response)
        if not _same_for_everyone(response):
            return None, 0
        body = response.content
        etag = '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'
        return (body, response["Content-Type"], etag), seconds

    entry = cached(key(), build, versions=versions)
    if entry is None:
        return built[0]
    body, content_type, etag = entry

    @condition(etag_func=lambda request: etag)
    def respond(request: HttpRequest) -> HttpResponse:
        return built[0] if built else HttpResponse(body, content_type=content_type)

    return respond(request)


def _same_for_everyone(response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.cookies
        and not has_vary_header(response, "Cookie")
        and b'name="csrfmiddlewaretoken"' not in response.content
    )
