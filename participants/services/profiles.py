"""A person's profile: its fields checked and saved, what a submit needs from it, the
copy an application keeps of it, and the profile photo.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries

from backend.errors import BridgesError
from programmes.models import Event, Organisation
from programmes.validators import validate_time_zone

from .. import documents as storage
from ..enums import (
    Gender,
    PreferredLanguage,
)
from ..models import (
    Application,
    Profile,
    age_on,
)

ADULT_AGE = 18


PROFILE_FIELDS = (
    "full_name",
    "preferred_name",
    "latin_name",
    "date_of_birth",
    "gender",
    "gender_self_description",
    "nationalities",
    "country_of_residence",
    "affiliation",
    "organisation",
    "languages",
    "phone",
    "dietary_needs",
    "accessibility_needs",
    "emergency_contact_name",
    "emergency_contact_phone",
    "emergency_contact_relation",
    "time_zone",
    "preferred_language",
)


def profile_for(user) -> Profile:
    """The user's profile, created empty on first use."""
    try:
        return user.profile
    except Profile.DoesNotExist:
        profile, _created = Profile.objects.get_or_create(user=user)
        return profile


@transaction.atomic
def profile_update(*, user, data: Mapping[str, Any]) -> Profile:
    """Update the fields present in ``data``; unknown keys are a 400 naming the field."""
    unknown = set(data) - set(PROFILE_FIELDS)
    if unknown:
        raise BridgesError(
            _("This field cannot be changed here."), code="unknown_field", field=sorted(unknown)[0]
        )
    profile = profile_for(user)
    profile = Profile.objects.select_for_update().get(pk=profile.pk)
    for key, value in data.items():
        if key == "organisation" and value is not None and not isinstance(value, Organisation):
            value = Organisation.objects.filter(pk=value).first()
            if value is None:
                raise BridgesError(_("Unknown organisation."), field="organisation")
        setattr(profile, key, value)
    _profile_validate(profile)
    profile.save()
    user.profile = profile  # later reads through this user object (eligibility) see the change
    return profile


def _profile_validate(profile: Profile) -> None:
    today = timezone.now().date()
    dob = profile.date_of_birth
    if dob is not None and (dob >= today or dob.year < 1900):
        raise BridgesError(_("Enter your real date of birth."), field="date_of_birth")
    if profile.gender and profile.gender not in Gender.values:
        raise BridgesError(_("Choose an option from the list."), field="gender")
    if profile.gender == Gender.SELF_DESCRIBED and not profile.gender_self_description.strip():
        raise BridgesError(
            _("Describe your gender in your own words."), field="gender_self_description"
        )
    if profile.gender != Gender.SELF_DESCRIBED:
        profile.gender_self_description = ""
    codes = [str(c.code if hasattr(c, "code") else c) for c in (profile.nationalities or [])]
    if any(code not in countries for code in codes):
        raise BridgesError(_("Choose countries from the list."), field="nationalities")
    if len(set(codes)) != len(codes):
        raise BridgesError(_("A nationality is listed twice."), field="nationalities")
    residence = str(profile.country_of_residence or "")
    if residence and residence not in countries:
        raise BridgesError(_("Choose a country from the list."), field="country_of_residence")
    if not isinstance(profile.languages, list) or any(
        not isinstance(x, str) or not x.strip() or len(x) > 60 for x in profile.languages
    ):
        raise BridgesError(_("List languages as short names."), field="languages")
    if profile.time_zone:
        try:
            validate_time_zone(profile.time_zone)
        except DjangoValidationError as exc:
            raise BridgesError(exc.messages[0], field="time_zone") from exc
    if profile.preferred_language not in PreferredLanguage.values:
        raise BridgesError(_("Choose a language from the list."), field="preferred_language")
    try:
        profile.full_clean(exclude=["user", "organisation", "nationalities"])
    except DjangoValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise BridgesError(messages[0], field=field) from exc


PROFILE_REQUIRED_FOR_SUBMIT = (
    ("full_name", lambda p: bool(p.full_name.strip())),
    ("date_of_birth", lambda p: p.date_of_birth is not None),
    ("gender", lambda p: bool(p.gender)),
    ("nationalities", lambda p: bool(p.nationalities)),
    ("country_of_residence", lambda p: bool(p.country_of_residence)),
)


def profile_missing_fields(profile: Profile) -> list[str]:
    return [name for name, present in PROFILE_REQUIRED_FOR_SUBMIT if not present(profile)]


def quota_country(profile: Profile, event: Event) -> str:
    """The country an application counts under for quotas.

    The first of the applicant's nationalities (in their order) that the event accepts
    (its eligible nationalities, ``Event.eligible_countries``); "" when none does. With no
    list of eligible nationalities, simply the first nationality.
    """
    nationalities = [
        str(c.code if hasattr(c, "code") else c) for c in (profile.nationalities or [])
    ]
    eligible = {str(c.code if hasattr(c, "code") else c) for c in (event.eligible_countries or [])}
    if not eligible:
        return nationalities[0] if nationalities else ""
    for code in nationalities:
        if code in eligible:
            return code
    return ""


SNAPSHOT_FIELDS = ["country", "gender", "date_of_birth", "is_minor"]


def _snapshot_profile(application: Application, profile: Profile) -> None:
    application.country = quota_country(profile, application.event)
    application.gender = profile.gender
    application.date_of_birth = profile.date_of_birth
    application.is_minor = bool(
        profile.date_of_birth
        and age_on(profile.date_of_birth, application.event.start_date) < ADULT_AGE
    )


def profile_photo_set(*, user, uploaded) -> Profile:
    """Store a new profile photo (checked and re-encoded) in place of any previous one.

    Raises BridgesError (400, field "photo") for a refused file; nothing is stored then.
    """
    stored = storage.store_photo(uploaded)
    try:
        with transaction.atomic():
            profile_for(user)
            profile = Profile.objects.select_for_update().get(user=user)
            previous = profile.photo_storage_name
            profile.photo_storage_name = stored.storage_name
            profile.photo_content_type = stored.content_type
            profile.photo_updated_at = timezone.now()
            profile.save(
                update_fields=[
                    "photo_storage_name",
                    "photo_content_type",
                    "photo_updated_at",
                    "updated_at",
                ]
            )
            if previous:
                transaction.on_commit(lambda: storage.delete_stored(previous))
    except BaseException:
        storage.delete_stored(stored.storage_name)
        raise
    user.profile = profile  # later reads through this user object see the new photo
    return profile


@transaction.atomic
def profile_photo_delete(*, user) -> None:
    """Remove the user's photo (row fields now, file once committed); quiet if none."""
    profile = Profile.objects.select_for_update().filter(user=user).first()
    if profile is None or not profile.photo_storage_name:
        return
    name = profile.photo_storage_name
    profile.photo_storage_name = ""
    profile.photo_content_type = ""
    profile.photo_updated_at = None
    profile.save(
        update_fields=["photo_storage_name", "photo_content_type", "photo_updated_at", "updated_at"]
    )
    user.profile = profile
    transaction.on_commit(lambda: storage.delete_stored(name))
