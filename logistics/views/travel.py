"""Flights and pickups (organisers), and the participant's own travel page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from backend.pages import errors_as_messages
from participants.enums import ApplicationStatus
from participants.models import Application
from programmes.models import Event

from .. import services
from ..enums import Direction
from ..forms import (
    ClaimForm,
    FlightForm,
    PassportForm,
    PickupPlanForm,
    VisaDeclareForm,
)
from ..models import (
    Grant,
    VisaCase,
    VisaLetter,
)
from ..organiser_forms import CompanionForm
from .common import _event_for
from .people import companion_save, companion_unregister


@login_required
def transport(request, slug: str):
    """The manifest per day and airport, and the pickup groups, for one direction."""
    event = _event_for(request, slug)
    direction = request.GET.get("direction") or Direction.ARRIVAL
    if direction not in Direction.values:
        direction = Direction.ARRIVAL
    form = PickupPlanForm(request.POST or None, initial={"direction": direction})
    if request.method == "POST" and form.is_valid():
        with errors_as_messages(request) as outcome:
            groups = services.pickups_plan(event=event, by=request.user, **form.cleaned_data)
            messages.success(request, _("%(count)s vehicles planned.") % {"count": len(groups)})
        if not outcome.error:
            return redirect(f"{request.path}?direction={form.cleaned_data['direction']}")
    groups = services.pickup_groups(event=event, direction=direction)
    return render(
        request,
        "logistics/transport.html",
        {
            "event": event,
            "direction": direction,
            "directions": Direction.choices,
            "manifest": services.manifest(event=event, direction=direction),
            "groups": groups,
            "form": form,
        },
    )


@login_required
def my_travel(request, slug: str):
    """The participant's travel page: passport, visa per leg, letters, flights."""
    event = get_object_or_404(Event, slug=slug)
    application = (
        Application.objects.filter(
            event=event, applicant=request.user, status=ApplicationStatus.CONFIRMED
        )
        .select_related("event", "applicant__profile")
        .first()
    )
    if application is None:
        raise Http404
    legs = list(event.legs.all())
    passport_form = PassportForm(prefix="passport")
    flight_form = FlightForm(prefix="flight")
    claim_form = ClaimForm(prefix="claim")
    companion_form = CompanionForm(prefix="companion")
    action = request.POST.get("action") if request.method == "POST" else None
    status = 200
    if action == "companion_remove":
        companion_unregister(request, [application], request.POST.get("companion"))
        return redirect("logistics:my-travel", slug)
    if action == "companion":
        companion_form = CompanionForm(request.POST, prefix="companion")
        if companion_save(request, companion_form, application):
            return redirect("logistics:my-travel", slug)
        status = 400
    elif action == "passport":
        passport_form = PassportForm(request.POST, prefix="passport")
        if passport_form.is_valid():
            with errors_as_messages(request) as outcome:
                services.passport_save(
                    application=application, data=passport_form.cleaned_data, by=request.user
                )
                messages.success(request, _("Passport details saved."))
            if not outcome.error:
                return redirect("logistics:my-travel", slug)
    elif action == "visa":
        form = VisaDeclareForm(request.POST)
        leg = next((x for x in legs if form.is_valid() and x.pk == form.cleaned_data["leg"]), None)
        if leg is None:
            messages.error(request, _("Say whether you need a visa."))
        else:
            services.visa_declare(
                application=application,
                leg=leg,
                needed=form.cleaned_data["needed"],
                by=request.user,
            )
            messages.success(request, _("Saved."))
            return redirect("logistics:my-travel", slug)
    elif action == "claim":
        claim_form = ClaimForm(request.POST, request.FILES, prefix="claim")
        grant = Grant.objects.filter(application=application).first()
        if grant is not None and claim_form.is_valid():
            data = claim_form.cleaned_data
            with errors_as_messages(request) as outcome:
                services.claim_submit(
                    grant=grant,
                    amount=data["amount"],
                    currency=data["currency"],
                    description=data["description"],
                    receipt=data["receipt"],
                    by=request.user,
                )
                messages.success(request, _("Claim sent."))
            if not outcome.error:
                return redirect("logistics:my-travel", slug)
    elif action == "flight":
        flight_form = FlightForm(request.POST, prefix="flight")
        if flight_form.is_valid():
            with errors_as_messages(request) as outcome:
                services.flight_save(
                    application=application, by=request.user, **flight_form.cleaned_data
                )
                messages.success(request, _("Flight saved."))
            if not outcome.error:
                return redirect("logistics:my-travel", slug)
    else:
        values = services.passport_view(
            application=application, user=request.user, where="own page"
        )
        if any(values.values()):
            passport_form = PassportForm(initial=values, prefix="passport")
    needs = services.visa_needs(application=application, legs=legs)
    cases = {c.leg_id: c for c in VisaCase.objects.filter(application=application)}
    return render(
        request,
        "logistics/my_travel.html",
        {
            "event": event,
            "application": application,
            "passport_form": passport_form,
            "flight_form": flight_form,
            "legs": [
                {"leg": leg, "needed": needs[leg.pk], "case": cases.get(leg.pk)} for leg in legs
            ],
            "letters": VisaLetter.objects.filter(application=application).exclude(storage_name=""),
            "flights": [(services.local_time(f), f) for f in application.flights.all()],
            "grant": Grant.objects.filter(application=application)
            .prefetch_related("claims", "per_diem_lines__rate")
            .first(),
            "claim_form": claim_form,
            "companion_form": companion_form,
            "companions": application.companions.all(),
        },
        status=status,
    )
