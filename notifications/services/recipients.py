"""Who a message goes to: each recipient's language, time zone and profile (for names),
and who turned a kind of message off."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from participants.accounts import profile_or_none

from ..enums import OPTIONAL_KINDS
from ..models import OptOut

User = get_user_model()


@dataclass(frozen=True)
class RecipientPrefs:
    language: str
    time_zone: str
    # The profile the names come from (None: the person has none); loaded with the prefs.
    profile: Any = field(default=None, compare=False)


def _languages() -> set[str]:
    return {code for code, _name in settings.LANGUAGES}


def _prefs(language: str, zone: str, languages: set[str], profile=None) -> RecipientPrefs:
    return RecipientPrefs(
        language=language if language in languages else settings.LANGUAGE_CODE,
        time_zone=zone or "",
        profile=profile,
    )


def _profile_model():
    try:
        return apps.get_model("participants", "Profile")
    except LookupError:
        return None


def recipient_prefs(user_ids: list[int]) -> dict[int, RecipientPrefs]:
    """Each user's language, time zone and profile (for names), in one query."""
    languages = _languages()  # once: a reminder scan passes thousands of users
    prefs = dict.fromkeys(user_ids, _prefs("", "", languages))
    profile_model = _profile_model()
    if profile_model is None:
        return prefs
    rows = profile_model.objects.filter(user_id__in=user_ids).only(
        "user_id", "preferred_language", "time_zone", "full_name", "preferred_name"
    )
    for profile in rows:
        prefs[profile.user_id] = _prefs(
            profile.preferred_language, profile.time_zone, languages, profile
        )
    return prefs


def recipient_prefs_for(user) -> RecipientPrefs:
    """One user's language and time zone; no query when the caller has already loaded the
    profile with the user (``select_related("applicant__profile")``), as a submit has."""
    profile = profile_or_none(user)
    if profile is None:
        return _prefs("", "", _languages())
    return _prefs(profile.preferred_language, profile.time_zone, _languages(), profile)


def opted_out_user_ids(*, kind: str, user_ids: list[int]) -> set[int]:
    if kind not in OPTIONAL_KINDS:
        return set()
    return set(
        OptOut.objects.filter(kind=kind, user_id__in=user_ids).values_list("user_id", flat=True)
    )


def users_with_ids(ids: list[int]) -> QuerySet:
    return User.objects.filter(pk__in=ids)
