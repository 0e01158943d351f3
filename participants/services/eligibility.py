"""Who may apply and when: the call's window (in the event's and the applicant's
zones), age on the first day, nationality and residence, what a submit still lacks.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.utils import timezone
from django.utils.translation import gettext as _

from backend.errors import BridgesError
from programmes.enums import EventStatus
from programmes.models import Event

from ..enums import (
    DocumentKind,
)
from ..models import (
    Application,
    Profile,
    age_on,
)
from .calls import call_closed, call_settings_for
from .guardians import GUARDIAN_FIELDS, _check_guardian_address
from .profiles import ADULT_AGE, profile_missing_fields, quota_country


def _fmt(moment: dt.datetime, zone: zoneinfo.ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def _applicant_zone(profile: Profile) -> zoneinfo.ZoneInfo:
    if profile.time_zone:
        try:
            return zoneinfo.ZoneInfo(profile.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            pass
    return timezone.get_current_timezone()


def _check_window(event: Event, profile: Profile, now: dt.datetime) -> None:
    if event.status != EventStatus.PUBLISHED:
        raise BridgesError(_("This event is not accepting applications."), code="not_open")
    if event.applications_open_at is None or event.applications_close_at is None:
        raise BridgesError(_("Applications for this event have not opened."), code="not_open")
    zone = _applicant_zone(profile)
    params = {"event_zone": event.time_zone, "your_zone": str(zone)}
    if now < event.applications_open_at:
        raise BridgesError(
            _(
                "Applications open on %(event_time)s (%(event_zone)s), which is %(your_time)s in your "
                "time zone (%(your_zone)s)."
            )
            % {
                **params,
                "event_time": _fmt(event.applications_open_at, event.zone),
                "your_time": _fmt(event.applications_open_at, zone),
            },
            code="not_open_yet",
        )
    if now >= event.applications_close_at:
        raise BridgesError(
            _(
                "Applications closed on %(event_time)s (%(event_zone)s), which is %(your_time)s in your "
                "time zone (%(your_zone)s)."
            )
            % {
                **params,
                "event_time": _fmt(event.applications_close_at, event.zone),
                "your_time": _fmt(event.applications_close_at, zone),
            },
            code="applications_closed",
        )


def _names(countries) -> str:
    return ", ".join(sorted(str(c.name) for c in countries))


def _profile_eligibility(event: Event, profile: Profile) -> dict[str, list[str]]:
    """Age on the first day, nationality and residence, as far as the profile tells: a
    nationality in the event's eligible nationalities and residence in its eligible
    countries of residence (an empty list admits any)."""
    errors: dict[str, list[str]] = {}
    if profile.date_of_birth:
        age = age_on(profile.date_of_birth, event.start_date)
        first_day = event.start_date.isoformat()
        if event.min_age is not None and age < event.min_age:
            errors["profile.date_of_birth"] = [
                _("You must be at least %(min)s on the first day (%(day)s); you will be %(age)s.")
                % {"min": event.min_age, "day": first_day, "age": age}
            ]
        elif event.max_age is not None and age > event.max_age:
            errors["profile.date_of_birth"] = [
                _("You must be at most %(max)s on the first day (%(day)s); you will be %(age)s.")
                % {"max": event.max_age, "day": first_day, "age": age}
            ]
    if event.eligible_countries and profile.nationalities and not quota_country(profile, event):
        errors["profile.nationalities"] = [
            _("Your nationality is not eligible. Eligible nationalities: %(names)s.")
            % {"names": _names(event.eligible_countries)}
        ]
    residences = {str(c) for c in event.eligible_residence_countries or []}
    if residences and profile.country_of_residence:
        if str(profile.country_of_residence) not in residences:
            errors["profile.country_of_residence"] = [
                _(
                    "Your country of residence is not eligible. Eligible countries of "
                    "residence: %(names)s."
                )
                % {"names": _names(event.eligible_residence_countries)}
            ]
    return errors


def application_eligibility(
    *, event: Event, profile: Profile | None, now: dt.datetime | None = None
) -> dict[str, list[str]]:
    """What stops this person's application to ``event`` from being submitted, as far as
    it is known now: the call has closed (or is not open), age on the first day,
    nationality, residence. Empty when nothing does. Keys name the field at fault
    ("window", "profile.date_of_birth", "profile.nationalities",
    "profile.country_of_residence"). The same rules as
    the submit: the event page, the apply steps and My applications ask this before
    anyone does the work. Fields not yet filled in are not counted here."""
    errors: dict[str, list[str]] = {}
    try:
        _check_window(event, profile or Profile(), now or timezone.now())
    except BridgesError as exc:
        errors["window"] = [exc.message]
    if profile is not None:
        errors.update(_profile_eligibility(event, profile))
    return errors


def application_draft_problems(
    *, event: Event, profile: Profile | None, now: dt.datetime | None = None
) -> dict[str, list[str]]:
    """``application_eligibility`` for starting or continuing a draft: the same, except
    that a call not open yet still takes drafts (they can be sent once it opens)."""
    now = now or timezone.now()
    problems = application_eligibility(event=event, profile=profile, now=now)
    if not call_closed(event, now):
        problems.pop("window", None)
    return problems


def minor_on_first_day(*, event: Event, profile: Profile | None) -> bool | None:
    """Whether the person is under 18 on the event's first day (None: no date of birth)."""
    if profile is None or profile.date_of_birth is None:
        return None
    return age_on(profile.date_of_birth, event.start_date) < ADULT_AGE


def call_admits_minors(event: Event) -> bool:
    return event.min_age is None or event.min_age < ADULT_AGE


def _eligibility_errors(application: Application, profile: Profile) -> dict[str, list[str]]:
    event = application.event
    errors: dict[str, list[str]] = {}
    for name in profile_missing_fields(profile):
        errors[f"profile.{name}"] = [_("Complete this in your profile before submitting.")]
    errors.update(_profile_eligibility(event, profile))
    if application.is_minor:
        for key in GUARDIAN_FIELDS:
            if not getattr(application, key):
                errors[key] = [_("Applicants under 18 must name a parent or guardian.")]
        try:
            _check_guardian_address(application)
        except BridgesError as exc:
            errors[exc.field] = [exc.message]
    required_docs = call_settings_for(event).required_documents or []
    if required_docs:
        have = {document.kind for document in application.documents.all()}
        for kind in required_docs:
            if kind not in have:
                # Wording shared with the apply pages and their translations.
                errors[f"documents.{kind}"] = [
                    _("Upload your %(kind)s.") % {"kind": str(DocumentKind(kind).label).lower()}
                ]
    return errors
