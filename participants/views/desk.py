"""The applications desk (organisers): the event's applications with search, filters,
sort and saved views; bulk actions (assign a reviewer, decide, waiting list, message)
with a preview of who gets what before confirming; one application's page (answers,
documents shown in the browser, reviews, guardian consent, messages sent, history,
internal notes).

Thin: the named rule ``participants.manage_applications`` on the event (anyone else a
404), a FilterSet (participants.filters.ApplicationDeskFilter), the services
(participants.services.desk runs the bulk actions through review's and notifications'
services). A minor's application page and every document shown are written to the
audit log as sensitive views.
"""

from __future__ import annotations

import uuid
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.selectors import history_for
from audit.services import log_action
from backend.errors import BridgesError
from backend.files import private_file_response
from notifications.models import Message
from programmes.models import Event

from .. import selectors
from ..filters import ApplicationDeskFilter
from ..models import Document, SavedApplicationView
from ..question_forms import answer_display
from ..services.desk import (
    ACTIONS,
    application_note_add,
    applications_bulk,
    desk_reviewers,
    message_subject,
)

PAGE_SIZE = 50
# Query parameters that make a view (a saved view keeps these, not the page number).
VIEW_PARAMETERS = tuple(ApplicationDeskFilter.base_filters)


def _event(request: HttpRequest, slug: str) -> Event:
    event = get_object_or_404(Event.objects.select_related("organisation"), slug=slug)
    if not request.user.has_perm("participants.manage_applications", event):
        raise Http404
    return event


def _view_query(params) -> str:
    return urlencode(
        [(k, v) for k in VIEW_PARAMETERS for v in params.getlist(k) if v not in ("", None)]
    )


# The sortable columns: column -> the ``sort`` value that orders it ascending (the
# youngest first for the age: the latest date of birth).
SORTABLE_COLUMNS = {
    "name": "name",
    "status": "status",
    "country": "country",
    "age": "-born",
    "score": "score",
}


def _sort_headers(params) -> dict[str, dict[str, str]]:
    """Each sortable column's link (the filters kept, the order toggled) and its
    ``aria-sort`` when the list is ordered by it."""
    current = params.get("sort", "")
    headers = {}
    for column, ascending in SORTABLE_COLUMNS.items():
        descending = ascending[1:] if ascending.startswith("-") else f"-{ascending}"
        aria = {ascending: "ascending", descending: "descending"}.get(current, "")
        query = params.copy()
        query.pop("page", None)
        query["sort"] = descending if current == ascending else ascending
        headers[column] = {"query": query.urlencode(), "aria": aria}
    return headers


@login_required
def applications_desk(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug)
    reviewers = desk_reviewers(event)
    filters = ApplicationDeskFilter(
        request.GET or None, queryset=selectors.desk_applications(event), reviewers=reviewers
    )
    status = 200
    if filters.is_bound and not filters.is_valid():
        status = 400
        rows = selectors.desk_applications(event).none()
    else:
        rows = filters.qs
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    first_day = event.start_date
    for application in page:
        application.age = (
            None
            if application.date_of_birth is None
            else first_day.year
            - application.date_of_birth.year
            - (
                (first_day.month, first_day.day)
                < (application.date_of_birth.month, application.date_of_birth.day)
            )
        )
    query = _view_query(request.GET)
    return render(
        request,
        "participants/desk/applications.html",
        {
            "event": event,
            "filters": filters,
            "page": page,
            "query": query,
            "saved_views": selectors.desk_saved_views(request.user, event),
            "actions": ACTIONS,
            "reviewers": reviewers,
            "sort_headers": _sort_headers(request.GET),
        },
        status=status,
    )


@login_required
@require_POST
def applications_bulk_action(request: HttpRequest, slug: str) -> HttpResponse:
    """Preview a bulk action (the default), or apply it with ``confirm``."""
    event = _event(request, slug)
    try:
        ids = [int(v) for v in request.POST.getlist("applications")]
    except ValueError:
        ids = []
    action = request.POST.get("action", "")
    reviewer = None
    reviewer_id = request.POST.get("reviewer", "")
    if action == "assign" and reviewer_id:
        allowed = {pk for pk, _name in desk_reviewers(event)}
        if reviewer_id.isdigit() and int(reviewer_id) in allowed:
            reviewer = get_user_model().objects.get(pk=int(reviewer_id))
    confirm = request.POST.get("confirm") == "1"
    try:
        submit_token = uuid.UUID(request.POST.get("submit_token", ""))
    except ValueError:
        submit_token = None
    data = {
        "event": event,
        "application_ids": ids,
        "action": action,
        "by": request.user,
        "reviewer": reviewer,
        "subject": request.POST.get("subject", ""),
        "body": request.POST.get("body", ""),
    }
    back = reverse("applications-desk", args=[slug])
    query = request.POST.get("query", "")
    try:
        result = applications_bulk(**data, preview=not confirm, submit_token=submit_token)
    except BridgesError as exc:
        messages.error(request, exc.message)
        if request.htmx or not confirm:
            return render(
                request,
                "participants/desk/bulk_preview.html",
                {"event": event, "error": exc.message, "back": f"{back}?{query}"},
                status=exc.status,
            )
        return redirect(f"{back}?{query}")
    if confirm and result.repeated:  # a second click on Confirm: already done
        return redirect(f"{back}?{query}")
    if confirm:
        messages.success(
            request,
            _("%(action)s: done for %(n)s applications.")
            % {"action": ACTIONS[action], "n": len(result.outcomes)},
        )
        return redirect(f"{back}?{query}")
    return render(
        request,
        "participants/desk/bulk_preview.html",
        {
            "event": event,
            "result": result,
            "action": action,
            "action_label": ACTIONS.get(action, ""),
            "posted": request.POST,
            "ids": ids,
            "back": f"{back}?{query}",
            "submit_token": uuid.uuid4(),
        },
    )


@login_required
@require_POST
def saved_view_save(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug)
    name = request.POST.get("name", "").strip()[:100]
    query = request.POST.get("query", "")[:2000]
    back = reverse("applications-desk", args=[slug])
    if not name:
        messages.error(request, _("Give the view a name."))
        return redirect(f"{back}?{query}")
    try:
        with transaction.atomic():
            SavedApplicationView.objects.update_or_create(
                user=request.user, event=event, name=name, defaults={"query": query}
            )
    except IntegrityError:  # the same name saved twice at once: the other one won
        pass
    messages.success(request, _("View “%(name)s” saved.") % {"name": name})
    return redirect(f"{back}?{query}")


@login_required
@require_POST
def saved_view_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = _event(request, slug)
    SavedApplicationView.objects.filter(user=request.user, event=event, pk=pk).delete()
    return redirect("applications-desk", slug=slug)


@login_required
def desk_application(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = _event(request, slug)
    application = selectors.desk_application(event, pk)
    if application is None:
        raise Http404
    status = 200
    note_error = ""
    if request.method == "POST":
        try:
            application_note_add(
                application=application, text=request.POST.get("text", ""), by=request.user
            )
        except BridgesError as exc:
            note_error, status = exc.message, exc.status
        else:
            messages.success(request, _("Note added."))
            return redirect("applications-desk-application", slug=slug, pk=pk)
    if application.is_minor:
        # A minor's data: every look is on the record.
        log_action(application, "participants.application.viewed", sensitive=True)
    answers = [
        {
            "question": a.question,
            "display": answer_display(a.value, a.question),
            "file": a.file,
        }
        for a in sorted(application.answers.all(), key=lambda a: (a.question.order, a.question_id))
    ]
    reviews = (
        application.reviews.filter(submitted_at__isnull=False)
        .select_related("reviewer")
        .order_by("submitted_at")
    )
    sent = list(
        Message.objects.filter(recipient_id=application.applicant_id, event=event).order_by(
            "-created_at"
        )[:50]
    )
    for message in sent:  # a template's subject is rendered on delivery: say it here too
        message.shown_subject = message_subject(message)
    return render(
        request,
        "participants/desk/application.html",
        {
            "event": event,
            "application": application,
            "profile": getattr(application.applicant, "profile", None),
            "answers": answers,
            "reviews": reviews,
            "sent": sent,
            "history": history_for(application, include_sensitive=False),
            "note_error": note_error,
        },
        status=status,
    )


@login_required
def desk_document(request: HttpRequest, slug: str, pk: int, document_pk: int) -> HttpResponse:
    """A document of the application shown in the browser (inline), logged as a view."""
    event = _event(request, slug)
    document = get_object_or_404(
        Document.objects.select_related("application"),
        pk=document_pk,
        application_id=pk,
        application__event=event,
    )
    if document.application.status == "draft":
        raise Http404
    log_action(
        document.application,
        "participants.application.viewed",
        sensitive=True,
        data={"document": document.pk, "kind": document.kind},
    )
    return private_file_response(
        document.storage_name,
        content_type=document.content_type,
        filename=document.original_name,
        as_attachment=False,
    )
