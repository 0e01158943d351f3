"""The dashboards and the export pages. Thin: the named rule, the selector, the template.

Pages answer 404 to anyone without the rule (as the other back-office pages do), so an
event's existence is not confirmed to outsiders.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backend.errors import BridgesError
from backend.files import signed_url
from programmes.models import Event, Organisation, Programme

from . import selectors, services
from .api.exports import file_response
from .dashboard import event_charts, programme_charts
from .exports import exports_for
from .forms import ExportOptionsForm, ScheduledExportForm, TokenForm, WebhookForm
from .models import ApiToken, ExportRun, ScheduledExport, WebhookDelivery, WebhookSubscription
from .selectors import cached_event_stats, programme_stats
from .services import webhooks


def _event_for(request: HttpRequest, slug: str, rule: str | None) -> Event:
    """The event, or a 404 for anyone who is not one of its organisation's members (or,
    with ``rule``, who lacks it)."""
    event = get_object_or_404(Event.objects.select_related("organisation", "programme"), slug=slug)
    if not request.user.has_perm("programmes.view_organisation", event.organisation):
        raise Http404
    if rule and not request.user.has_perm(rule, event):
        raise Http404
    return event


@login_required
def event_dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event_for(request, slug, "reports.view_dashboard")
    stats = cached_event_stats(event, translation.get_language())
    context = {"event": event, "stats": stats, "charts": event_charts(stats)}
    return render(request, "reports/event_dashboard.html", context)


@login_required
def programme_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_object_or_404(Programme.objects.select_related("organisation"), pk=pk)
    if not request.user.has_perm("reports.view_dashboard", programme):
        raise Http404
    stats = programme_stats(programme)
    context = {"programme": programme, "stats": stats, "charts": programme_charts(stats)}
    return render(request, "reports/programme_dashboard.html", context)


# --- exports ----------------------------------------------------------------------------


@login_required
def exports_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The lists this person may take out of the event, recent runs with their progress,
    and the scheduled exports."""
    event = _event_for(request, slug, "reports.run_export")
    available = exports_for(request.user, event)
    form = ScheduledExportForm(request.POST or None, event=event, exports=available)
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.scheduled_export_create(
                    event=event,
                    name=form.cleaned_data["export"],
                    fmt=form.cleaned_data["format"],
                    hour=form.cleaned_data["hour"],
                    minute=form.cleaned_data["minute"],
                    recipients=form.cleaned_data["recipients"],
                    by=request.user,
                )
            except BridgesError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
                status = exc.status
            else:
                messages.success(request, _("The export is scheduled."))
                return redirect("reports:exports", event.slug)
    else:
        status = 200
    context = {
        "event": event,
        "exports": available,
        "options": ExportOptionsForm(),
        "runs": selectors.recent_runs(event),
        "scheduled": selectors.scheduled_exports(event),
        "form": form,
    }
    return render(request, "reports/exports.html", context, status=status)


@login_required
def export_download(request: HttpRequest, slug: str, name: str, fmt: str) -> HttpResponse:
    """Stream a small export now; a large one is queued and its link mailed. The query
    string carries the export's filters (``?leg=3``, ``?country=VN``): 400 for a bad one."""
    # Members who lack the export's rule (reviewers, staff) get a 403 from the service.
    event = _event_for(request, slug, None)
    options = ExportOptionsForm(request.GET)
    sensitive = options.is_valid() and options.cleaned_data["sensitive"]
    try:
        result = services.export_stream(
            user=request.user,
            event=event,
            name=name,
            fmt=fmt,
            sensitive=sensitive,
            params=request.GET,
        )
    except BridgesError as exc:
        if exc.code == "unknown_export":
            raise Http404 from None
        return HttpResponse(
            exc.message, status=exc.status, content_type="text/plain; charset=utf-8"
        )
    if isinstance(result, ExportRun):
        messages.info(
            request,
            _("This list is large: it is being prepared and the link will be mailed to you."),
        )
        return redirect("reports:exports", event.slug)
    return file_response(result)


@login_required
def export_run_download(request: HttpRequest, pk: int) -> HttpResponse:
    """A finished background run: the rule asked again, then a short-lived signed link
    to the private file (backend.files)."""
    run = get_object_or_404(ExportRun.objects.select_related("event"), pk=pk)
    if not request.user.has_perm("reports.view_dashboard", run.event):
        raise Http404
    try:
        name = services.export_file_for(user=request.user, run=run)
    except BridgesError as exc:
        return HttpResponse(
            exc.message, status=exc.status, content_type="text/plain; charset=utf-8"
        )
    return redirect(signed_url(name))


@login_required
@require_POST
def scheduled_export_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = _event_for(request, slug, "reports.run_export")
    scheduled = get_object_or_404(ScheduledExport, pk=pk, event=event)
    services.scheduled_export_delete(scheduled=scheduled, by=request.user)
    messages.success(request, _("The scheduled export is deleted."))
    return redirect("reports:exports", event.slug)


# --- integrations -----------------------------------------------------------------------


def _integrations_organisation(request: HttpRequest, slug: str) -> Organisation:
    organisation = get_object_or_404(Organisation, slug=slug)
    if not request.user.has_perm("reports.manage_integrations", organisation):
        raise Http404
    return organisation


@login_required
def integrations(request: HttpRequest, slug: str) -> HttpResponse:
    """An organisation's webhooks with their recent deliveries (owners only)."""
    organisation = _integrations_organisation(request, slug)
    form = WebhookForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                subscription = webhooks.webhook_create(
                    organisation=organisation,
                    url=form.cleaned_data["url"],
                    events=form.cleaned_data["events"],
                    by=request.user,
                )
            except BridgesError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
                status = exc.status
            else:
                messages.success(
                    request,
                    _("Webhook added. Its signing secret (shown once): %(secret)s")
                    % {"secret": subscription.secret},
                )
                return redirect("reports:integrations", organisation.slug)
    context = {
        "organisation": organisation,
        "form": form,
        "token_form": TokenForm(organisation=organisation),
        "tokens": selectors.organisation_tokens(organisation),
        "webhooks": selectors.organisation_webhooks(organisation),
        "deliveries": selectors.recent_deliveries(organisation),
    }
    return render(request, "reports/integrations.html", context, status=status)


@login_required
@require_POST
def webhook_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = _integrations_organisation(request, slug)
    subscription = get_object_or_404(WebhookSubscription, pk=pk, organisation=organisation)
    webhooks.webhook_delete(subscription=subscription, by=request.user)
    return redirect("reports:integrations", organisation.slug)


@login_required
@require_POST
def webhook_replay(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = _integrations_organisation(request, slug)
    delivery = get_object_or_404(
        WebhookDelivery.objects.select_related("subscription"),
        pk=pk,
        subscription__organisation=organisation,
    )
    webhooks.webhook_replay(delivery=delivery, by=request.user)
    messages.success(request, _("The delivery is being sent again."))
    return redirect("reports:integrations", organisation.slug)


# --- API tokens -------------------------------------------------------------------------


def _token_from(form: TokenForm, request: HttpRequest, organisation: Organisation | None):
    """Make the token the valid ``form`` describes; its key is shown once as a message."""
    days = form.cleaned_data.get("expires_in_days")
    token, key = services.token_create(
        by=request.user,
        name=form.cleaned_data["name"],
        organisation=organisation,
        role=form.cleaned_data.get("role", ""),
        event=form.cleaned_data.get("event"),
        read_only=form.cleaned_data.get("read_only", False) if organisation else False,
        expires_at=timezone.now() + dt.timedelta(days=days) if days else None,
    )
    messages.success(
        request,
        _("Token %(name)s made. Its key (shown once): %(key)s") % {"name": token.name, "key": key},
    )


@login_required
@require_POST
def organisation_token_create(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _integrations_organisation(request, slug)
    form = TokenForm(request.POST, organisation=organisation)
    if form.is_valid():
        try:
            _token_from(form, request, organisation)
        except BridgesError as exc:
            messages.error(request, exc.message)
            return redirect("reports:integrations", organisation.slug)
        return redirect("reports:integrations", organisation.slug)
    messages.error(request, "; ".join(f"{f}: {' '.join(e)}" for f, e in form.errors.items()))
    return redirect("reports:integrations", organisation.slug)


@login_required
@require_POST
def organisation_token_revoke(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = _integrations_organisation(request, slug)
    token = get_object_or_404(ApiToken, pk=pk, organisation=organisation)
    services.token_revoke(token=token, by=request.user)
    return redirect("reports:integrations", organisation.slug)


@login_required
def my_tokens(request: HttpRequest) -> HttpResponse:
    """A member's own tokens (a staff member's scanner): their own access, nothing more."""
    if not request.user.has_perm("reports.have_personal_tokens"):
        raise Http404
    form = TokenForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                _token_from(form, request, None)
            except BridgesError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
                status = exc.status
            else:
                return redirect("reports:my-tokens")
    context = {"form": form, "tokens": selectors.personal_tokens(request.user)}
    return render(request, "reports/my_tokens.html", context, status=status)


@login_required
@require_POST
def my_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user, organisation=None)
    services.token_revoke(token=token, by=request.user)
    return redirect("reports:my-tokens")
