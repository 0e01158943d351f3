"""Pages: the inbox, notification preferences, one-click unsubscribe, and the
organiser's message templates and broadcasts. Thin: services do the work."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from backend.errors import BridgesError
from backend.throttling import CODES, throttle_page
from programmes.models import Event

from . import selectors, services
from .enums import OPTIONAL_KINDS, PLACEHOLDERS, MessageKind
from .filters import BroadcastFilter, InboxFilter
from .forms import BroadcastForm, FailedMessagesForm, PreferencesForm, TemplateOverrideForm
from .rendering import read_unsubscribe_token


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    # A bad filter value narrows nothing and shows its error beside the filter.
    filters = InboxFilter(request.GET or None, queryset=selectors.inbox_messages(user=request.user))
    page = Paginator(filters.qs, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/inbox.html",
        {
            "page": page,
            "filters": filters,
            "unread": selectors.inbox_unread_count(user=request.user),
        },
        status=400 if filters.errors else 200,
    )


@login_required
@require_POST
def inbox_read(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        services.inbox_mark_read(user=request.user, message_id=pk)
    except BridgesError:
        return HttpResponse(status=404)
    return redirect("notifications:inbox")


@login_required
@require_POST
def inbox_read_all(request: HttpRequest) -> HttpResponse:
    services.inbox_mark_all_read(user=request.user)
    return redirect("notifications:inbox")


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    disabled = selectors.user_opt_outs(user=request.user)
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            enabled = set(form.cleaned_data["enabled_kinds"])
            services.optouts_set(user=request.user, disabled_kinds=sorted(OPTIONAL_KINDS - enabled))
            messages.success(request, _("Your notification settings are saved."))
            return redirect("notifications:preferences")
    else:
        form = PreferencesForm(initial={"enabled_kinds": sorted(OPTIONAL_KINDS - disabled)})
    return render(request, "notifications/preferences.html", {"form": form})


# RFC 8058 one-click: mail clients POST here without a session or CSRF token; the
# signed token is the authorisation. GET only shows a confirmation button, so link
# scanners that follow URLs don't unsubscribe anyone.
@csrf_exempt
@throttle_page(CODES)
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    found = read_unsubscribe_token(token)
    if found is None:
        return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=400)
    user_id, kind = found
    done = False
    if request.method == "POST":
        services.optout_add(user_id=user_id, kind=kind)
        done = True
    return render(
        request,
        "notifications/unsubscribe.html",
        {"kind_label": MessageKind(kind).label, "done": done, "token": token},
    )


def _managed_event(request: HttpRequest, event_id: int) -> Event:
    event = get_object_or_404(Event, pk=event_id)
    if not request.user.has_perm("notifications.manage_messages", event):
        raise PermissionDenied
    return event


@login_required
def message_templates(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _managed_event(request, event_id)
    preview = None
    if request.method == "POST":
        form = TemplateOverrideForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if "save" in request.POST:
                    services.template_override_save(event=event, by=request.user, **data)
                    messages.success(request, _("The message template is saved."))
                    return redirect("notifications:message-templates", event_id=event.pk)
                preview = services.template_preview(event=event, user=request.user, **data)
            except BridgesError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    else:
        form = TemplateOverrideForm(
            initial={"kind": request.GET.get("kind", MessageKind.SESSION_REMINDER)}
        )
    return render(
        request,
        "notifications/message_templates.html",
        {
            "event": event,
            "form": form,
            "preview": preview,
            "overrides": selectors.event_template_overrides(event=event),
            "placeholders": PLACEHOLDERS,
            **_delivery_problems(event),
        },
    )


def _delivery_problems(event: Event) -> dict:
    failed = selectors.failed_messages(event=event)
    return {
        "failed_count": failed.count(),
        "failure_reasons": selectors.failure_reasons(messages=failed),
        "failed_messages": failed.order_by("-created_at", "-pk")[:FAILED_SHOWN],
    }


FAILED_SHOWN = 50


@login_required
@require_POST
def failed_messages(request: HttpRequest, event_id: int) -> HttpResponse:
    """Try the event's failed messages again, or mark them handled without sending."""
    event = _managed_event(request, event_id)
    form = FailedMessagesForm(request.POST)
    if form.is_valid():
        failed = selectors.failed_messages(event=event)
        if form.cleaned_data["action"] == "retry":
            count = services.messages_retry(messages=failed)
            text = ngettext(
                "%(count)d message will be sent again.",
                "%(count)d messages will be sent again.",
                count,
            )
        else:
            count = services.messages_give_up(messages=failed)
            text = ngettext(
                "%(count)d message will not be sent.",
                "%(count)d messages will not be sent.",
                count,
            )
        messages.success(request, text % {"count": count})
    else:
        messages.error(request, _("Choose what to do with the failed messages."))
    return redirect("notifications:message-templates", event_id=event.pk)


@login_required
def broadcast_new(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _managed_event(request, event_id)
    preview = None
    if request.method == "POST":
        form = BroadcastForm(request.POST)
        if form.is_valid():
            try:
                if "send" in request.POST:
                    broadcast = services.broadcast_send(
                        event=event, by=request.user, **form.cleaned_data
                    )
                    messages.success(
                        request,
                        _("Your message is on its way to %(count)d people.")
                        % {"count": broadcast.recipient_count},
                    )
                    return redirect("notifications:broadcasts", event_id=event.pk)
                preview = services.broadcast_preview(
                    event=event, user=request.user, **form.cleaned_data
                )
            except BridgesError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    else:
        form = BroadcastForm()
    filters = BroadcastFilter(request.GET or None, queryset=selectors.event_broadcasts(event=event))
    return render(
        request,
        "notifications/broadcasts.html",
        {
            "event": event,
            "form": form,
            "preview": preview,
            "filters": filters,
            "broadcasts": filters.qs[:BROADCASTS_SHOWN],
            "placeholders": PLACEHOLDERS,
        },
        status=400 if filters.errors else 200,
    )


BROADCASTS_SHOWN = 20
