"""Which nationalities need a visa for which country, what each person says, and where
each visa stands per leg."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _
from django_countries import countries

from audit.services import log_action, snapshot
from backend.errors import BridgesError
from participants.models import Application
from programmes.models import Event, Leg

from ..enums import OPEN_VISA_STATUSES, VisaStatus
from ..models import VisaCase, VisaRule
from .attendees import attending


def visa_rules_set(*, event: Event, country: str, nationalities: Iterable[str], by) -> list[str]:
    """Replace the nationalities that need a visa for ``country`` (a country one of the
    event's legs is in). Returns the sorted list now in force."""
    country = (country or "").upper()
    if not event.legs.filter(country=country).exists():
        raise BridgesError(_("None of the event's legs is in this country."), field="country")
    wanted = sorted({(code or "").upper() for code in nationalities} - {""})
    bad = [code for code in wanted if code not in countries]
    if bad:
        raise BridgesError(
            _("Unknown country code: %(code)s.") % {"code": bad[0]}, field="nationalities"
        )
    with transaction.atomic():
        Event.objects.select_for_update().get(pk=event.pk)
        current = set(
            VisaRule.objects.filter(event=event, country=country).values_list(
                "nationality", flat=True
            )
        )
        if current == set(wanted):
            return wanted
        VisaRule.objects.filter(event=event, country=country).exclude(
            nationality__in=wanted
        ).delete()
        VisaRule.objects.bulk_create(
            [
                VisaRule(event=event, country=country, nationality=code)
                for code in wanted
                if code not in current
            ]
        )
        log_action(
            event,
            "logistics.visa_rules.changed",
            user=by,
            data={"country": country, "before": sorted(current), "after": wanted},
        )
    return wanted


def _nationality(application: Application) -> str:
    """The passport's nationality if given, else the first nationality of the profile."""
    profile = getattr(application, "travel_profile", None)
    if profile is not None and profile.nationality:
        return profile.nationality
    nationalities = getattr(getattr(application.applicant, "profile", None), "nationalities", None)
    return (nationalities or [application.country or ""])[0] or ""


def visa_needs(
    *, application: Application, legs: list[Leg] | None = None, rules: set | None = None
) -> dict[int, bool]:
    """For each leg id: does this person need a visa, by the organisers' table?"""
    event = application.event
    legs = legs if legs is not None else list(event.legs.all())
    if rules is None:
        rules = set(VisaRule.objects.filter(event=event).values_list("country", "nationality"))
    nationality = _nationality(application)
    return {leg.pk: (str(leg.country), nationality) in rules for leg in legs}


def visa_declare(*, application: Application, leg: Leg, needed: bool, by) -> VisaCase:
    """The person says whether they need a visa for ``leg``. Once the organisers have moved
    the case past 'needed' (letter sent, applied, ...) the person's word no longer resets it."""
    if leg.event_id != application.event_id:
        raise BridgesError(_("This leg is not part of the event."), field="leg")
    status = VisaStatus.NEEDED if needed else VisaStatus.NOT_NEEDED
    with transaction.atomic():
        case = VisaCase.objects.select_for_update().filter(application=application, leg=leg).first()
        if case is None:
            case = VisaCase.objects.create(application=application, leg=leg, status=status)
            log_action(
                case,
                "logistics.visa.changed",
                user=by,
                before={"status": None},
                event=application.event,
            )
            return case
        if case.status in (VisaStatus.NEEDED, VisaStatus.NOT_NEEDED) and case.status != status:
            before = snapshot(case, ["status"])
            case.status = status
            case.save(update_fields=["status", "updated_at"])
            log_action(
                case, "logistics.visa.changed", user=by, before=before, event=application.event
            )
    return case


def visa_status_set(*, case: VisaCase, status: str, by) -> VisaCase:
    """The organisers record where a visa stands (letter sent, applied, granted, refused)."""
    if status not in VisaStatus.values:
        raise BridgesError(_("Choose a visa status."), field="status")
    with transaction.atomic():
        case = VisaCase.objects.select_for_update().select_related("leg__event").get(pk=case.pk)
        before = snapshot(case, ["status"])
        case.status = status
        case.save(update_fields=["status", "updated_at"])
        log_action(case, "logistics.visa.changed", user=by, before=before, event=case.leg.event)
    return case


def people_at_risk(*, event: Event, today: dt.date, within_days: int = 30) -> list[VisaCase]:
    """Visa cases not granted for a leg that starts within ``within_days`` (refusals
    always), the soonest first."""
    horizon = today + dt.timedelta(days=within_days)
    return list(
        VisaCase.objects.filter(
            leg__event=event, status__in=sorted(OPEN_VISA_STATUSES), leg__start_date__lte=horizon
        )
        .select_related("leg", "application__applicant__profile")
        .order_by("leg__start_date", "application__applicant__last_name", "pk")
    )


def visa_overview(*, event: Event) -> list[dict]:
    """Per confirmed person: for each leg, whether the table says a visa is needed and the
    case's status. Constant queries."""
    legs = list(event.legs.all())
    rules = set(VisaRule.objects.filter(event=event).values_list("country", "nationality"))
    applications = list(
        attending(event).select_related("applicant__profile", "travel_profile", "event")
    )
    cases = {
        (c.application_id, c.leg_id): c
        for c in VisaCase.objects.filter(leg__event=event).select_related("leg")
    }
    rows = []
    for application in applications:
        needs = visa_needs(application=application, legs=legs, rules=rules)
        rows.append(
            {
                "application": application,
                "legs": [
                    {
                        "leg": leg,
                        "needed": needs[leg.pk],
                        "case": cases.get((application.pk, leg.pk)),
                    }
                    for leg in legs
                ],
            }
        )
    return rows
