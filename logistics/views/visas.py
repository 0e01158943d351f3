"""Visas, visa support letters (the job and its progress, downloads, the public check) and the passport list."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backend.content_language import column
from backend.errors import BridgesError
from backend.files import private_file_response
from backend.pages import errors_as_messages
from backend.throttling import CODES, throttle_page
from participants.forms import add_service_error

from .. import services
from ..exports import passport_list
from ..forms import (
    LetterSettingsForm,
    VisaRulesForm,
    VisaStatusForm,
)
from ..models import (
    LetterJob,
    LetterSettings,
    VisaCase,
    VisaLetter,
    VisaRule,
)
from .common import _event_for, member_event, registry_download


@login_required
def overview(request, slug: str):
    """Visas per person and leg, people at risk, the letter job."""
    return _overview(request, _event_for(request, slug))


def _overview(request, event, settings_form=None, status=200):
    settings_form = settings_form or LetterSettingsForm(
        instance=LetterSettings.objects.filter(event=event).first(),
        languages=event.working_languages,
    )
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
            "settings_form": settings_form,
            "can_see_passports": request.user.has_perm("logistics.view_passports", event),
        },
        status=status,
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
    """Save what the letters say; a refusal shows the page again, beside the field (400)."""
    event = _event_for(request, slug)
    form = LetterSettingsForm(
        request.POST,
        instance=LetterSettings.objects.filter(event=event).first(),
        languages=event.working_languages,
    )
    if not form.is_valid():
        return _overview(request, event, form, 400)
    try:
        services.letter_settings_save(event=event, data=form.settings_data(), by=request.user)
    except BridgesError as exc:
        first = form.content_languages[0]
        add_service_error(form, exc, {n: column(n, first) for n in form.content_fields})
        return _overview(request, event, form, exc.status)
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
    """The letter job's progress, polled by the overview page (htmx)."""
    event = _event_for(request, slug)
    job = get_object_or_404(LetterJob, pk=pk, event=event)
    return render(
        request,
        "logistics/_job_progress.html",
        {"job": job, "label": _("Visa support letters"), "poll_url": request.path},
    )


@login_required
def passports(request, slug: str):
    """Passport data of everyone attending: logistics organisers only (each view logged).
    ``?format=csv`` (the old download) is the export registry's ``passports`` list."""
    if request.GET.get("format") == "csv":
        return registry_download(member_event(request, slug), "passports", "csv")
    event = _event_for(request, slug, perm="logistics.view_passports")
    rows = passport_list(event=event, user=request.user, where="page")
    return render(request, "logistics/passports.html", {"event": event, "rows": rows})


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
