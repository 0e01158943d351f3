"""Passport data: saved by the person (or a logistics organiser), read only through
``passport_view`` / ``passports_view``, which check the rule and write the audit entry,
and erased a set number of days after the event."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries

from audit.services import log_action, log_actions
from backend.errors import BridgesError
from backend.files import private_storage
from participants.enums import ApplicationStatus
from participants.models import Application

from ..models import TravelProfile, VisaLetter
from .follow_up import travel_changed

PASSPORT_FIELDS = (
    "passport_name",
    "passport_number",
    "nationality",
    "passport_expiry",
    "date_of_birth",
)
_PASSPORT_NUMBER = re.compile(r"^[A-Z0-9]{5,20}$")


def _check_attending(application: Application) -> None:
    if application.status != ApplicationStatus.CONFIRMED:
        raise BridgesError(
            _("Travel details are for confirmed participants."), code="not_confirmed", status=409
        )


def _clean(application: Application, data: dict[str, Any]) -> dict[str, Any]:
    unknown = set(data) - set(PASSPORT_FIELDS)
    if unknown:
        raise BridgesError(
            _("This field cannot be set here."), code="unknown_field", field=sorted(unknown)[0]
        )
    clean: dict[str, Any] = {}
    for name, value in data.items():
        if name in ("passport_expiry", "date_of_birth"):
            if isinstance(value, str) and value:
                try:
                    value = dt.date.fromisoformat(value)
                except ValueError:
                    raise BridgesError(_("Enter a date as YYYY-MM-DD."), field=name) from None
            value = value or None
        else:
            value = " ".join(str(value or "").split())
        clean[name] = value
    number = clean.get("passport_number")
    if number:
        number = number.replace(" ", "").upper()
        if not _PASSPORT_NUMBER.match(number):
            raise BridgesError(
                _("A passport number has 5 to 20 letters and digits."), field="passport_number"
            )
        clean["passport_number"] = number
    nationality = clean.get("nationality")
    if nationality:
        nationality = nationality.upper()
        if nationality not in countries:
            raise BridgesError(_("Choose a country."), field="nationality")
        clean["nationality"] = nationality
    expiry = clean.get("passport_expiry")
    if expiry and expiry <= application.event.end_date:
        raise BridgesError(
            _("The passport must still be valid after the event's last day."),
            field="passport_expiry",
        )
    return clean


def passport_save(*, application: Application, data: dict[str, Any], by) -> TravelProfile:
    """Save passport fields (the person themselves, or a logistics organiser); logs which
    fields changed, never their values."""
    if not by.has_perm("logistics.view_passport", application):
        raise PermissionDenied
    _check_attending(application)
    clean = _clean(application, data)
    with transaction.atomic():
        profile, _created = TravelProfile.objects.select_for_update().get_or_create(
            application=application
        )
        changed = [n for n, v in clean.items() if (getattr(profile, n) or None) != (v or None)]
        for name in changed:
            setattr(profile, name, clean[name] or "")
        if changed:
            profile.passport_erased_at = None
            profile.save()
            log_action(
                profile,
                "logistics.passport.changed",
                user=by,
                data={"fields": sorted(changed)},
                sensitive=True,
                event=application.event,
            )
            travel_changed(application=application, by=by, what="passport")
    return profile


def _values(profile: TravelProfile | None) -> dict[str, Any]:
    if profile is None:
        return dict.fromkeys(PASSPORT_FIELDS, None)
    return {name: getattr(profile, name) or None for name in PASSPORT_FIELDS}


def passport_view(*, application: Application, user, where: str) -> dict[str, Any]:
    """One person's passport data for someone allowed (``logistics.view_passport``);
    writes an audit entry saying who read it and where. PermissionDenied otherwise."""
    if not user.has_perm("logistics.view_passport", application):
        raise PermissionDenied
    profile = TravelProfile.objects.filter(application=application).first()
    log_action(
        profile or application,
        "logistics.passport.viewed",
        user=user,
        data={"where": where, "application": application.pk},
        sensitive=True,
        event=application.event,
    )
    return _values(profile)


def passports_view(*, event, applications: list[Application], user, where: str) -> dict[int, dict]:
    """Passport data of many people of ``event`` for a logistics organiser (lists,
    exports): one audit entry per person, written in one insert."""
    if not user.has_perm("logistics.view_passports", event):
        raise PermissionDenied
    for application in applications:  # the audit entries read it: no query per person
        if application.event_id == event.pk:
            application.event = event
    profiles = {
        p.application_id: p
        for p in TravelProfile.objects.filter(application__in=[a.pk for a in applications])
    }
    log_actions(
        applications,
        "logistics.passport.viewed",
        user=user,
        data={"where": where},
        event=event,
    )
    return {a.pk: _values(profiles.get(a.pk)) for a in applications}


def passports_erase_due(*, now: dt.datetime | None = None) -> int:
    """Erase the passport data (and the letters that print it) of every event whose last
    day is more than LOGISTICS_PASSPORT_RETENTION_DAYS behind. Idempotent; returns how
    many people's data was erased."""
    now = now or timezone.now()
    cutoff = now.date() - dt.timedelta(days=settings.LOGISTICS_PASSPORT_RETENTION_DAYS)
    due = TravelProfile.objects.filter(
        application__event__end_date__lt=cutoff, passport_erased_at__isnull=True
    )
    erased = 0
    for pk in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            profile = (
                TravelProfile.objects.select_for_update()
                .select_related("application__event")
                .filter(pk=pk, passport_erased_at__isnull=True)
                .first()
            )
            if profile is None:
                continue
            for name in PASSPORT_FIELDS:
                setattr(profile, name, "")
            profile.passport_erased_at = now
            profile.save()
            letters = list(VisaLetter.objects.filter(application_id=profile.application_id))
            for letter in letters:
                if letter.storage_name:
                    name = letter.storage_name
                    transaction.on_commit(lambda name=name: private_storage.delete(name))
            VisaLetter.objects.filter(pk__in=[x.pk for x in letters]).update(storage_name="")
            log_action(
                profile,
                "logistics.passport.erased",
                user=None,
                event=profile.application.event,
            )
            erased += 1
    return erased
