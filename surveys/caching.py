"""A survey's results are computed once per version and kept in Django's cache; the
services bump the version whenever something they show changes (a submission, the
summary published)."""

from __future__ import annotations

from django.core.cache import cache

TIMEOUT = 60 * 60 * 24


def _version_key(survey_id: int) -> str:
    return f"surveys:version:{survey_id}"


def version(survey_id: int) -> int:
    return cache.get_or_set(_version_key(survey_id), 1, TIMEOUT)


def bump(survey_id: int) -> None:
    try:
        cache.incr(_version_key(survey_id))
    except ValueError:
        cache.set(_version_key(survey_id), 2, TIMEOUT)


def key(survey_id: int, name: str, *parts: object) -> str:
    suffix = ":".join(str(p) for p in parts)
    return f"surveys:{name}:{survey_id}:v{version(survey_id)}:{suffix}"
