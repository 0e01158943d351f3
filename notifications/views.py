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
from .enums import OPTIONAL_KINDS, PLACEHOLDERS, MessageKind, MessageStatus
from .filters import BroadcastFilter, InboxFilter, OutboxFilter
from .forms import (
    BroadcastForm,
    FailedMessagesForm,
    PreferencesForm,
    TemplateEditForm,
    TemplateKindForm,
    TemplateLanguagesForm,
)
from .models import Message
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
    """Templates with a preview for a chosen applicant; htmx asks for the preview alone
    as the organiser types."""
    event = _managed_event(request, event_id)
    preview = None
    status = 200
    if request.method == "POST":
        form = TemplateEditForm(request.POST, event=event)
        if form.is_valid():
            data = form.override_data()
            try:
                if "save" in request.POST:
                    services.template_override_save(event=event, by=request.user, **data)
                    messages.success(request, _("The message template is saved."))
                    return redirect("notifications:message-templates", event_id=event.pk)
                recipient = form.cleaned_data["recipient"] or request.user
                # "Every language" previews in the recipient's own language.
                data["language"] = (
                    data["language"] or services.recipient_prefs_for(recipient).language
                )
                preview = services.template_preview(event=event, user=recipient, **data)
            except BridgesError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        status = 200 if form.is_valid() else 400
        if request.htmx:
            return render(
                request,
                "notifications/_template_preview.html",
                {"preview": preview, "form": form},
                status=status,
            )
    else:
        form = TemplateEditForm(
            initial={"kind": request.GET.get("kind", MessageKind.SESSION_REMINDER)}, event=event
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
        status=status,
    )


@login_required
def message_template_languages(request: HttpRequest, event_id: int) -> HttpResponse:
    """One kind of message in every working language of the event side by side, what a
    language lacks marked, all saved in one form (``?kind=``; all or nothing)."""
    event = _managed_event(request, event_id)
    chooser = TemplateKindForm(request.GET or {"kind": MessageKind.SESSION_REMINDER})
    context = {"event": event, "chooser": chooser, "placeholders": PLACEHOLDERS}
    if not chooser.is_valid():
        return render(request, "notifications/message_template_languages.html", context, status=400)
    kind = chooser.cleaned_data["kind"]
    overrides = {
        row.language: row
        for row in selectors.event_template_overrides(event=event).filter(kind=kind)
    }
    form = TemplateLanguagesForm(
        request.POST or None, overrides=overrides, languages=event.working_languages
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.template_overrides_save_languages(
                    event=event, kind=kind, texts=form.texts(), by=request.user
                )
            except BridgesError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
                status = exc.status
            else:
                messages.success(request, _("The message templates are saved."))
                return redirect(request.get_full_path())
    context |= {
        "form": form,
        "kind": kind,
        "kind_label": MessageKind(kind).label,
        "own_templates": bool(overrides),
        "for_every_language": overrides.get(""),
    }
    return render(request, "notifications/message_template_languages.html", context, status=status)


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
    """Compose to a segment: the preview names who receives it before anything is sent."""
    event = _managed_event(request, event_id)
    preview = None
    recipients = []
    status = 200
    if request.method == "POST":
        form = BroadcastForm(request.POST)
        if form.is_valid():
            try:
                data = dict(form.cleaned_data)
                submit_token = data.pop("submit_token")
                if "send" in request.POST:
                    broadcast = services.broadcast_send(
                        event=event, by=request.user, submit_token=submit_token, **data
                    )
                    # A repeat of the same form sent nothing: it shows the first result.
                    if not broadcast.repeated:
                        messages.success(
                            request,
                            _("Your message is on its way to %(count)d people.")
                            % {"count": broadcast.recipient_count},
                        )
                    return redirect("notifications:broadcasts", event_id=event.pk)
                preview = services.broadcast_preview(event=event, user=request.user, **data)
                recipients = list(
                    selectors.broadcast_recipients(
                        event=event,
                        segment=form.cleaned_data["segment"],
                        country=form.cleaned_data["country"],
                    )[:RECIPIENTS_SHOWN]
                )
            except BridgesError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        status = 200 if form.is_valid() else 400
        if request.htmx:
            return render(
                request,
                "notifications/_broadcast_preview.html",
                {"preview": preview, "recipients": recipients, "form": form},
                status=status,
            )
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
            "recipients": recipients,
            "filters": filters,
            "broadcasts": filters.qs[:BROADCASTS_SHOWN],
            "placeholders": PLACEHOLDERS,
        },
        status=400 if filters.errors else status,
    )


BROADCASTS_SHOWN = 20
# The preview lists this many recipients by name, then says how many more.
RECIPIENTS_SHOWN = 50

# What the outbox list reads of each message (not its rendered bodies).
OUTBOX_FIELDS = (
    "id",
    "kind",
    "to_email",
    "to_name",
    "status",
    "attempts",
    "last_error",
    "created_at",
    "sent_at",
    "next_attempt_at",
    "event_id",
)
OUTBOX_PAGE_SIZE = 50


@login_required
def outbox(request: HttpRequest, event_id: int) -> HttpResponse:
    """Every message of the event with its status and, for failures, the reason;
    filtered (django-filter) and paged; the reasons of the failures counted above it.
    A fixed number of queries whatever the outbox's size."""
    event = _managed_event(request, event_id)
    messages_qs = (
        Message.objects.filter(event=event).only(*OUTBOX_FIELDS).order_by("-created_at", "-pk")
    )
    filters = OutboxFilter(request.GET or None, queryset=messages_qs)
    rows = filters.qs if filters.is_bound and filters.is_valid() else messages_qs
    page = Paginator(rows, OUTBOX_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "event": event,
        "filters": filters,
        "page": page,
        "query": query.urlencode(),
        "failure_reasons": selectors.failure_reasons(
            messages=selectors.failed_messages(event=event)
        ),
    }
    if request.htmx and request.htmx.target == "outbox-list":
        return render(request, "notifications/_outbox_list.html", context)
    return render(
        request,
        "notifications/outbox.html",
        context,
        status=400 if filters.errors else 200,
    )


@login_required
@require_POST
def outbox_resend(request: HttpRequest, event_id: int, pk: int) -> HttpResponse:
    """Send a failed message again through the outbox. A second click finds it no longer
    failed and queues nothing (the delivery itself sends each row once)."""
    event = _managed_event(request, event_id)
    message = get_object_or_404(Message.objects.only(*OUTBOX_FIELDS), pk=pk, event=event)
    queued = services.messages_retry(
        messages=Message.objects.filter(pk=message.pk, status=MessageStatus.FAILED)
    )
    if queued:
        text = _("The message to %(to)s will be sent again.") % {"to": message.to_email}
    else:
        text = _("The message to %(to)s is not a failed one: nothing to send again.") % {
            "to": message.to_email
        }
    if request.htmx:
        message = Message.objects.only(*OUTBOX_FIELDS).get(pk=message.pk)
        return render(
            request,
            "notifications/_outbox_row.html",
            {"event": event, "m": message, "notice": text},
        )
    (messages.success if queued else messages.info)(request, text)
    return redirect("notifications:outbox", event_id=event.pk)
