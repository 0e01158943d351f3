"""Attendance pages: my agenda with my pass, my calendar feed, the staff check-in page,
the attendance dashboard (and CSV), certificate download and public verification."""

from __future__ import annotations

import logging
import platform
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backend.content_language import column, content_languages
from backend.errors import BridgesError
from backend.files import private_file_response
from backend.throttling import CODES, FEEDS, throttle_page
from participants.filters import ApplicationFilter
from participants.forms import add_service_error
from participants.models import Application
from programmes.calendar import agenda_ical
from programmes.models import Event
from programmes.selectors import attach_event, event_agenda, event_sessions

from . import qr, selectors, services
from .appointments import personal_appointments
from .enums import CheckInWindow
from .filters import report_of
from .forms import CertificateTextsForm, ReportExportForm
from .models import Certificate, CheckIn, Pass
from .translation import CERTIFICATE_TEXTS

logger = logging.getLogger(__name__)


def _event_or_404(request, slug: str) -> Event:
    event = get_object_or_404(Event.objects.select_related("organisation"), slug=slug)
    if not request.user.has_perm("programmes.view_event", event):
        raise Http404
    return event


def _team_for(application) -> dict | None:
    """The participant's team and team-mates' names, if the scheduling app has teams."""
    try:
        from scheduling.selectors import team_for
    except ImportError:
        return None
    team = team_for(application.applicant, application.event)
    if team is None:
        return None
    members = [selectors.account_name(m.user) for m in team.members.all()]
    return {"name": team.name, "members": members}


@login_required
def my_agenda(request, slug: str):
    event = _event_or_404(request, slug)
    application = selectors.participant_application(event=event, user=request.user)
    if application is None:
        return render(request, "attendance/not_participant.html", {"event": event}, status=403)
    pass_ = services.pass_for_application(application=application)
    attended = set(
        CheckIn.objects.filter(application=application).values_list("session_id", flat=True)
    )
    certificate = Certificate.objects.filter(application=application).first()
    context = {
        "event": event,
        "application": application,
        "name": selectors.participant_name(application),
        "agenda": event_agenda(event),
        "appointments": personal_appointments(application),
        "attended": attended,
        "team": _team_for(application),
        "pass": pass_,
        "qr_svg": None if pass_.is_revoked else qr.qr_svg(pass_.code, title=_("Your pass")),
        "feed_url": request.build_absolute_uri(
            reverse("attendance:ical-feed", args=[pass_.feed_token])
        ),
        "certificate": certificate,
    }
    return render(request, "attendance/my_agenda.html", context)


@throttle_page(FEEDS)
def ical_feed(request, token: str):
    """The participant's own agenda; the secret URL is the credential (calendar apps
    cannot log in), so it stops working when the pass is revoked or reissued."""
    pass_ = selectors.pass_by_feed_token(token)
    if pass_ is None or pass_.application.status != "confirmed":
        raise Http404
    event = pass_.event
    sessions = attach_event(event, event_sessions(event))
    appointments = personal_appointments(pass_.application)
    response = HttpResponse(
        agenda_ical(event, sessions, appointments=appointments),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'inline; filename="{event.slug}.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response


@throttle_page(FEEDS)
def pass_qr_png(request, token: str):
    """The pass as a PNG behind the same secret as the calendar feed, so a message
    ("the event starts in 7 days") can show the code without the reader logging in."""
    pass_ = selectors.pass_by_feed_token(token)
    if pass_ is None or pass_.application.status != "confirmed":
        raise Http404
    response = HttpResponse(qr.qr_png(pass_.code), content_type="image/png")
    response["Cache-Control"] = "private, max-age=300"
    return response


@throttle_page(FEEDS)
def pass_card_pdf(request, token: str):
    """The pass as a wallet-sized PDF card, behind the same secret as its image."""
    pass_ = selectors.pass_by_feed_token(token)
    if pass_ is None or pass_.application.status != "confirmed":
        raise Http404
    response = HttpResponse(services.pass_card_pdf(pass_=pass_), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="pass-{pass_.event.slug}.pdf"'
    response["Cache-Control"] = "private, max-age=300"
    return response


@login_required
def check_in_page(request, slug: str):
    event = _event_or_404(request, slug)
    if not request.user.has_perm("attendance.scan_event", event):
        raise PermissionDenied
    sessions = list(attach_event(event, event_sessions(event, include_cancelled=False)))
    # The window state as the periodic scan recorded it; sessions open for check-in first.
    states = selectors.check_in_window_states(event)
    for session in sessions:
        session.check_in_window = states.get(session.pk, CheckInWindow.NOT_YET)
    sessions.sort(key=lambda s: s.check_in_window != CheckInWindow.OPEN)
    now = timezone.now()
    # Preselect an open session, else the one running now, else the next one to start.
    current = (
        next((s for s in sessions if s.check_in_window == CheckInWindow.OPEN), None)
        or next((s for s in sessions if s.starts_at <= now < s.ends_at), None)
        or next((s for s in sessions if s.starts_at >= now), None)
    )
    text = {
        "checkedIn": _("Checked in"),
        "already": _("Already checked in"),
        "checkedOut": _("Checked out"),
        "alreadyOut": _("Already checked out"),
        "refused": _("Not checked in"),
        "late": _("Late arrival"),
        "failed": _("Something went wrong. Try again."),
        "queued": _("%(count)s scans waiting to be sent"),
        "queuedTitle": _("Saved on this device"),
        "willSync": _("No connection. The scan is kept and sent when the network returns."),
        "offline": _("Offline"),
        "chooseSession": _("Choose a session first."),
        "noMatch": _("Nobody with that name."),
        "checkInPerson": _("Check in %(name)s"),
        "noCamera": _("The camera is not available. Search by name instead."),
        "startScan": _("Scan a pass"),
        "stopScan": _("Stop scanning"),
        "unreadable": _("No pass code found in that photo."),
        "signIn": _("You are signed out. Sign in again; the scans on this device are kept."),
    }
    context = {
        "event": event,
        "sessions": sessions,
        "current": current,
        "text": text,
        "csrf": get_token(request),
        "device": (request.META.get("HTTP_USER_AGENT") or platform.node())[:100],
    }
    return render(request, "attendance/check_in.html", context)


@login_required
def dashboard(request, slug: str):
    event = _event_or_404(request, slug)
    if not request.user.has_perm("attendance.view_attendance", event):
        raise PermissionDenied
    return _dashboard(request, event)


def _dashboard(request, event: Event, *, texts_form=None, status: int | None = None):
    report = selectors.attendance_report(event)
    # The participant filters narrow the page and its CSV alike; a bad value narrows
    # nothing and shows its error beside the filter.
    filters = ApplicationFilter(
        request.GET or None, queryset=Application.objects.filter(event=event)
    )
    if filters.data and filters.is_valid():
        report = report_of(report, filters.qs.values_list("pk", flat=True))
    # The filters as the registry's download takes them (``?country=VN``): the page's
    # CSV links carry them, so the file lists the rows the page shows.
    shown = {name: request.GET.get(name, "") for name in ApplicationFilter.base_filters}
    filter_query = urlencode({k: v for k, v in shown.items() if v})
    export = ReportExportForm(request.GET)
    if "format" in request.GET and export.is_valid() and not filters.errors:
        return _registry_csv(event, by=export.cleaned_data["by"], query=filter_query)
    passes = {p.application_id: p for p in Pass.objects.filter(event=event)}
    for row in report.participants:
        row.pass_ = passes.get(row.application.pk)
    policy = selectors.policy_for(event)
    if texts_form is None and request.user.has_perm("attendance.manage_passes", event):
        texts_form = _texts_form(event, policy)
    return render(
        request,
        "attendance/dashboard.html",
        {
            "event": event,
            "report": report,
            "filters": filters,
            "filter_query": filter_query,
            "export": export,
            "policy": policy,
            "texts_form": texts_form,
        },
        status=status or (400 if filters.errors or "format" in request.GET else 200),
    )


def _texts_form(event: Event, policy, data=None) -> CertificateTextsForm:
    initial = {
        column(name, code): getattr(policy, column(name, code), None) or ""
        for name in CERTIFICATE_TEXTS
        for code in content_languages()
    }
    return CertificateTextsForm(data, initial=initial, languages=event.working_languages)


@login_required
@require_POST
def certificate_texts(request, slug: str):
    """What the certificates say, in each working language (organisers); a refusal shows
    the dashboard again with the error beside its field."""
    event = _event_or_404(request, slug)
    if not request.user.has_perm("attendance.manage_passes", event):
        raise PermissionDenied
    form = _texts_form(event, selectors.policy_for(event), request.POST)
    if form.is_valid():
        try:
            services.certificate_texts_update(
                event=event, texts=form.content_data(), by=request.user
            )
        except BridgesError as exc:
            add_service_error(form, exc)
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(name if name in form.fields else None, error)
        else:
            messages.success(request, _("The certificate's wording is saved."))
            return redirect(reverse("attendance:dashboard", args=[event.slug]) + "#certificate")
    return _dashboard(request, event, texts_form=form, status=400)


def _registry_csv(event: Event, *, by: str, query: str) -> HttpResponse:
    """The dashboard's old CSV address (``?format=csv&by=participant|session``): the export
    registry's list, which asks its rule (organisers; 403 for staff and reviewers), writes
    the audit entry with the row count and streams the rows. The participant filters
    narrow the list per participant; the totals per session are the whole event's, as the
    page shows them."""
    if by == "session":
        return redirect(
            reverse("reports:export-download-now", args=[event.slug, "attendance-sessions", "csv"])
        )
    url = reverse(
        "reports:export-download-now", args=[event.slug, "attendance-participants", "csv"]
    )
    return redirect(f"{url}?{query}" if query else url)


@login_required
@require_POST
def pass_action(request, slug: str, pk: int, action: str):
    event = _event_or_404(request, slug)
    if not request.user.has_perm("attendance.manage_passes", event):
        raise PermissionDenied
    pass_ = get_object_or_404(Pass, pk=pk, event=event)
    if action == "revoke":
        services.pass_revoke(pass_=pass_, by=request.user)
        messages.success(
            request, _("The pass was revoked; its QR code and calendar link no longer work.")
        )
    else:
        services.pass_reissue(pass_=pass_, by=request.user)
        messages.success(request, _("A new pass was issued; the old QR code no longer works."))
    return redirect("attendance:dashboard", slug=event.slug)


@login_required
def certificate_download(request, code: str):
    certificate = selectors.certificate_by_code(code)
    if certificate is None or not request.user.has_perm(
        "attendance.download_certificate", certificate
    ):
        raise Http404
    if not certificate.pdf:
        services.certificate_render(certificate=certificate)
    return private_file_response(
        certificate.pdf.name,
        content_type="application/pdf",
        as_attachment=True,
        filename=f"certificate-{certificate.code}.pdf",
    )


@throttle_page(CODES)
def certificate_verify(request, code: str):
    """Public: anyone holding a certificate's code can check it is genuine."""
    certificate = selectors.certificate_by_code(code)
    return render(
        request,
        "attendance/certificate_verify.html",
        {"certificate": certificate, "code": code},
        status=200 if certificate else 404,
    )
