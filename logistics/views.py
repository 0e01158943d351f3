"""Logistics pages: the organisers' (under /organise/events/<slug>/logistics/), the
participant's own travel page, and the public check of a visa letter. Thin: forms in,
services do the work, selectors read."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from backend.errors import BridgesError
from backend.files import private_file_response, signed_url
from backend.pages import errors_as_messages
from backend.throttling import CODES, throttle_page
from participants.enums import ApplicationStatus
from participants.forms import add_service_error
from participants.models import Application
from participants.question_forms import QuestionsForm, question_field_name
from participants.services import engine
from programmes.models import Event, Leg
from programmes.services.common import make_aware_in

from . import services
from .enums import Direction
from .forms import (
    BlockForm,
    ClaimForm,
    FlightForm,
    FollowUpSettingsForm,
    HotelForm,
    LetterSettingsForm,
    PassportForm,
    PickupPlanForm,
    VisaDeclareForm,
    VisaRulesForm,
    VisaStatusForm,
)
from .models import (
    Claim,
    FollowUp,
    FollowUpResponse,
    Grant,
    Hotel,
    LetterJob,
    LetterSettings,
    VisaCase,
    VisaLetter,
    VisaRule,
)


def _event_for(request, slug: str, perm: str = "logistics.manage_travel") -> Event:
    event = get_object_or_404(Event.objects.select_related("organisation"), slug=slug)
    if not request.user.has_perm(perm, event):
        raise Http404  # outsiders cannot probe which events exist
    return event


@login_required
def overview(request, slug: str):
    """Visas per person and leg, people at risk, the letter job."""
    event = _event_for(request, slug)
    return render(
        request,
        "logistics/overview.html",
        {
            "event": event,
            "rows": services.visa_overview(event=event),
            "legs": list(event.legs.all()),
            "at_risk": services.people_at_risk(
                event=event, today=timezone.localdate(timezone.now(), event.zone)
            ),
            "job": LetterJob.objects.filter(event=event).first(),
            "status_form": VisaStatusForm(),
            "settings_form": LetterSettingsForm(
                instance=LetterSettings.objects.filter(event=event).first()
            ),
            "can_see_passports": request.user.has_perm("logistics.view_passports", event),
        },
    )


@login_required
def visa_rules(request, slug: str):
    event = _event_for(request, slug)
    legs = list(event.legs.all())
    form = VisaRulesForm(request.POST or None, legs=legs)
    if request.method == "POST" and form.is_valid():
        with errors_as_messages(request) as outcome:
            services.visa_rules_set(
                event=event,
                country=form.cleaned_data["country"],
                nationalities=form.cleaned_data["nationalities"],
                by=request.user,
            )
            messages.success(request, _("Visa requirements saved."))
        if not outcome.error:
            return redirect("logistics:visa-rules", event.slug)
    table: dict[str, list[str]] = {}
    for rule in VisaRule.objects.filter(event=event):
        table.setdefault(rule.country.name, []).append(rule.nationality.name)
    return render(
        request, "logistics/visa_rules.html", {"event": event, "form": form, "table": table}
    )


@login_required
@require_POST
def visa_status(request, slug: str):
    event = _event_for(request, slug)
    form = VisaStatusForm(request.POST)
    if form.is_valid():
        case = get_object_or_404(VisaCase, pk=form.cleaned_data["case"], leg__event=event)
        with errors_as_messages(request):
            services.visa_status_set(case=case, status=form.cleaned_data["status"], by=request.user)
            messages.success(request, _("Visa status saved."))
    else:
        messages.error(request, _("Choose a visa status."))
    return redirect("logistics:overview", event.slug)


@login_required
@require_POST
def letter_settings(request, slug: str):
    event = _event_for(request, slug)
    form = LetterSettingsForm(request.POST)
    with errors_as_messages(request):
        if not form.is_valid():
            for field, errors in form.errors.items():
                messages.error(request, f"{form.fields[field].label}: {errors[0]}")
        else:
            services.letter_settings_save(event=event, data=form.cleaned_data, by=request.user)
            messages.success(request, _("Letter settings saved."))
    return redirect("logistics:overview", event.slug)


@login_required
@require_POST
def letters_start(request, slug: str):
    event = _event_for(request, slug)
    with errors_as_messages(request):
        job = services.letter_job_start(event=event, by=request.user)
        messages.success(request, _("Making %(count)s letters.") % {"count": job.total})
    return redirect("logistics:overview", event.slug)


@login_required
def letter_job(request, slug: str, pk: int):
    """The job's progress, polled by the overview page."""
    event = _event_for(request, slug)
    job = get_object_or_404(LetterJob, pk=pk, event=event)
    return JsonResponse(
        {"status": job.status, "done": job.done, "total": job.total, "percent": job.percent}
    )


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
def passports(request, slug: str):
    """Passport data of everyone attending: logistics organisers only (each view logged)."""
    event = _event_for(request, slug, perm="logistics.view_passports")
    applications = list(
        services.attending(event).select_related("applicant__profile").order_by("pk")
    )
    data = services.passports_view(
        event=event, applications=applications, user=request.user, where="page"
    )
    rows = [(a, data[a.pk]) for a in applications]
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="passports-{event.slug}.csv"'
        response["Cache-Control"] = "private, no-store"
        writer = csv.writer(response)
        writer.writerow([_("Name"), *(str(label) for label in PASSPORT_LABELS)])
        for application, values in rows:
            writer.writerow(
                [
                    application.applicant.get_full_name(),
                    *(values[name] or "" for name in services.PASSPORT_FIELDS),
                ]
            )
        return response
    return render(request, "logistics/passports.html", {"event": event, "rows": rows})


PASSPORT_LABELS = (
    gettext_lazy("Name in the passport"),
    gettext_lazy("Passport number"),
    gettext_lazy("Nationality"),
    gettext_lazy("Passport expiry"),
    gettext_lazy("Date of birth"),
)


@login_required
def letter_download(request, pk: int):
    """A visa letter's PDF (it prints the passport number): its person, or a logistics
    organiser; the organiser's download is logged as a view of passport data."""
    letter = get_object_or_404(VisaLetter.objects.select_related("application__event"), pk=pk)
    application = letter.application
    if not request.user.has_perm("logistics.view_passport", application) or not letter.storage_name:
        raise Http404
    if application.applicant_id != request.user.pk:
        services.passport_view(application=application, user=request.user, where="letter")
    return private_file_response(
        letter.storage_name,
        content_type="application/pdf",
        as_attachment=True,
        filename=f"visa-letter-{letter.reference}.pdf",
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
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "passport":
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
            .prefetch_related("claims")
            .first(),
            "claim_form": claim_form,
        },
    )


@throttle_page(CODES)
def letter_verify(request, reference: str):
    """Public: an embassy checks a letter by its reference. Shows the reference, the event,
    the dates and a masked name; never the passport number. 404 when unknown."""
    letter = services.letter_by_reference(reference)
    return render(
        request,
        "logistics/letter_verify.html",
        {"letter": letter, "reference": reference},
        status=200 if letter else 404,
    )


def _leg_of(event: Event, value) -> Leg | None:
    legs = {str(leg.pk): leg for leg in event.legs.all()}
    if not legs:
        return None
    return legs.get(str(value or "")) or next(iter(legs.values()))


@login_required
def rooms(request, slug: str):
    """Hotels and room blocks of a leg, the rooming list (solve, exports)."""
    event = _event_for(request, slug)
    leg = _leg_of(event, request.GET.get("leg"))
    hotel_form, block_form = HotelForm(prefix="hotel"), BlockForm(prefix="block")
    action = request.POST.get("action") if request.method == "POST" else None
    if action:
        with errors_as_messages(request) as outcome:
            if action == "solve":
                done = services.rooming_solve(event=event, leg=leg, by=request.user)
                messages.success(
                    request, _("%(count)s people have a room.") % {"count": done["placed"]}
                )
            elif action == "hotel":
                hotel_form = HotelForm(request.POST, prefix="hotel")
                if hotel_form.is_valid():
                    services.hotel_add(
                        event=event, leg=leg, by=request.user, **hotel_form.cleaned_data
                    )
            elif action == "block":
                block_form = BlockForm(request.POST, prefix="block")
                if block_form.is_valid():
                    data = dict(block_form.cleaned_data)
                    hotel = get_object_or_404(Hotel, pk=data.pop("hotel"), event=event)
                    services.block_add(hotel=hotel, by=request.user, **data)
        if not outcome.error and not hotel_form.errors and not block_form.errors:
            return redirect(f"{request.path}?leg={leg.pk if leg else ''}")
    rows = services.rooming_list(event=event, leg=leg)
    export = request.GET.get("format")
    if export in ("csv", "xlsx"):
        name = f"rooming-{event.slug}-{leg.city if leg else 'all'}".lower().replace(" ", "-")
        if export == "csv":
            response = HttpResponse(
                services.rooming_csv(rows), content_type="text/csv; charset=utf-8"
            )
        else:
            response = HttpResponse(services.rooming_xlsx(rows), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{name}.{export}"'
        return response
    return render(
        request,
        "logistics/rooms.html",
        {
            "event": event,
            "leg": leg,
            "legs": list(event.legs.all()),
            "hotels": Hotel.objects.filter(event=event, leg=leg).prefetch_related("blocks"),
            "rows": rows,
            "hotel_form": hotel_form,
            "block_form": block_form,
        },
    )


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def follow_up(request, slug: str):
    """The participant's follow-up form (the one form engine), phone-friendly."""
    event = get_object_or_404(Event, slug=slug)
    application = (
        Application.objects.filter(
            event=event, applicant=request.user, status=ApplicationStatus.CONFIRMED
        )
        .select_related("event")
        .first()
    )
    follow_up_row = FollowUp.objects.filter(event=event).select_related("questionnaire").first()
    if application is None or follow_up_row is None:
        raise Http404
    questions = services.follow_up_questions(follow_up_row)
    values = {a.question_id: a.value for a in application.answers.filter(question__in=questions)}
    shown = engine.visible_question_ids(questions, values)
    field_map = {f"answers.{q.pk}": question_field_name(q) for q in questions}
    form = QuestionsForm(request.POST or None, questions=questions, values=values, shown=shown)
    if request.method == "POST":
        form.shown = engine.visible_question_ids(questions, {**values, **form.raw_values()})
        if form.is_valid():
            try:
                services.follow_up_answer(
                    application=application,
                    follow_up=follow_up_row,
                    answers=form.answers(),
                    by=request.user,
                )
            except BridgesError as exc:
                add_service_error(form, exc, field_map)
            else:
                messages.success(request, _("Thank you: your answers are saved."))
                return redirect("logistics:follow-up", slug)
    return render(
        request,
        "logistics/follow_up.html",
        {
            "event": event,
            "form": form,
            "follow_up": follow_up_row,
            "answered": FollowUpResponse.objects.filter(application=application).first(),
        },
    )


@login_required
def follow_up_admin(request, slug: str):
    """The organisers' side: deadline, lock, who has and has not answered."""
    event = _event_for(request, slug)
    follow_up_row = FollowUp.objects.filter(event=event).first()
    form = FollowUpSettingsForm(
        request.POST if request.POST.get("action") == "deadline" else None,
        initial={
            "deadline": timezone.localtime(follow_up_row.deadline, event.zone).replace(tzinfo=None)
        }
        if follow_up_row
        else None,
    )
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "deadline" and form.is_valid():
        deadline = form.cleaned_data["deadline"].replace(tzinfo=None)
        with errors_as_messages(request) as outcome:
            services.follow_up_setup(
                event=event,
                deadline=make_aware_in(deadline, event.time_zone, field="deadline"),
                by=request.user,
            )
            messages.success(request, _("Follow-up form saved."))
        if not outcome.error:
            return redirect("logistics:follow-up-admin", slug)
    elif action in ("lock", "unlock") and follow_up_row:
        services.follow_up_lock(follow_up=follow_up_row, locked=action == "lock", by=request.user)
        return redirect("logistics:follow-up-admin", slug)
    people = list(
        services.attending(event)
        .select_related("applicant", "follow_up_response")
        .order_by("applicant__last_name", "pk")
    )
    return render(
        request,
        "logistics/follow_up_admin.html",
        {
            "event": event,
            "follow_up": follow_up_row,
            "form": form,
            "answered": [p for p in people if hasattr(p, "follow_up_response")],
            "missing": [p for p in people if not hasattr(p, "follow_up_response")],
        },
    )


@login_required
def grants(request, slug: str):
    """Grants, claims to review (receipts by signed link), totals per budget line, and
    the finance export (?format=csv)."""
    event = _event_for(request, slug)
    if request.method == "POST":
        claim = get_object_or_404(
            Claim, pk=request.POST.get("claim"), grant__application__event=event
        )
        with errors_as_messages(request):
            services.claim_review(
                claim=claim, approve=request.POST.get("action") == "approve", by=request.user
            )
            messages.success(request, _("Claim reviewed."))
        return redirect("logistics:grants", slug)
    if request.GET.get("format") == "csv":
        response = HttpResponse(
            services.finance_csv(event=event), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="grants-{event.slug}.csv"'
        return response
    rows = list(
        Grant.objects.filter(application__event=event)
        .select_related("application__applicant", "per_diem")
        .prefetch_related("claims")
        .order_by("budget_line", "pk")
    )
    for grant in rows:
        for claim in grant.claims.all():  # the prefetched rows the template reads
            claim.receipt_link = signed_url(claim.receipt_storage_name)
    return render(
        request,
        "logistics/grants.html",
        {
            "event": event,
            "grants": rows,
            "totals": services.grant_totals(event=event),
        },
    )
