"""The organiser's delegations pages in the back office, part two: meeting documents
(upload, new versions, languages, visibility), bilateral meetings (requests, the solver
that places the accepted ones, the result per slot and room) and badges (the print job
with its progress, one badge per delegate). Thin, as part one (``views_organiser``)."""

from __future__ import annotations

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from backend.content_language import content_languages
from backend.errors import BridgesError
from backend.pages import errors_as_messages

from . import services
from .enums import BatchStatus, BilateralStatus, NomineeStatus
from .models import BadgeBatch, Bilateral, MeetingDocument, Nominee
from .organiser_forms import BadgeBatchForm, DocumentChangeForm, DocumentForm, VersionForm
from .services import organiser as organiser_services
from .views_organiser import form_failed, languages_of, organiser_event

ACTIVE_BATCH = (BatchStatus.QUEUED, BatchStatus.RUNNING)

# ------------------------------------------------------------------ meeting documents


def _without_active(texts: dict, languages: list[str]) -> dict:
    """The title's columns, with the page's language's blanked when the event does not
    work in it: ``document_create`` writes the plain title there, and its readers should
    fall back like any other's."""
    active = get_language()
    if active in content_languages() and active not in languages:
        return texts | {f"title_{active}": ""}
    return texts


@login_required
@require_http_methods(["GET", "POST"])
def documents(request, slug: str):
    """Every document of the meeting with its versions, and the form that adds one with
    its first file. A new version tells those who may read it (the service)."""
    event = organiser_event(request, slug)
    languages = languages_of(event)
    form = DocumentForm(request.POST or None, request.FILES or None, languages=languages)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data, texts = form.cleaned_data, form.content_data()
            try:
                with transaction.atomic():  # no document without its first file
                    document = services.document_create(
                        event=event,
                        symbol=data["symbol"],
                        title=texts[f"title_{form.content_languages[0]}"],
                        kind=data["kind"],
                        visibility=data["visibility"],
                        by=request.user,
                        texts=_without_active(texts, form.content_languages),
                    )
                    services.document_version_add(
                        document=document,
                        uploaded=data["file"],
                        language=data["language"],
                        by=request.user,
                    )
            except BridgesError as exc:
                status = form_failed(form, exc)
            else:
                messages.success(
                    request, _("%(symbol)s is published.") % {"symbol": data["symbol"]}
                )
                return redirect("delegations:organise-documents", slug=event.slug)
    rows = (
        MeetingDocument.objects.filter(event=event).prefetch_related("versions").order_by("symbol")
    )
    return render(
        request,
        "delegations/organise/documents.html",
        {"event": event, "documents": rows, "form": form},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def document(request, slug: str, pk: int):
    """One document: its versions in each language, and the form for a new file."""
    event = organiser_event(request, slug)
    row = get_object_or_404(MeetingDocument, pk=pk, event=event)
    which = request.POST.get("form") if request.method == "POST" else None
    languages = languages_of(event)
    change = DocumentChangeForm(
        request.POST if which == "change" else None,
        prefix="change",
        initial={"kind": row.kind, "visibility": row.visibility}
        | {f"title_{code}": getattr(row, f"title_{code}", None) or "" for code in languages},
        languages=languages,
    )
    form = VersionForm(
        request.POST if which != "change" else None,
        request.FILES or None,
        languages=languages_of(event),
    )
    status = 200
    if which == "change":
        status = 400
        if change.is_valid():
            try:
                texts = change.content_data()
                organiser_services.document_update(
                    document=row,
                    by=request.user,
                    title=texts[f"title_{change.content_languages[0]}"],
                    kind=change.cleaned_data["kind"],
                    visibility=change.cleaned_data["visibility"],
                    texts=texts,
                )
            except BridgesError as exc:
                status = form_failed(change, exc)
            else:
                messages.success(request, _("%(symbol)s is saved.") % {"symbol": row.symbol})
                return redirect("delegations:organise-document", slug=event.slug, pk=row.pk)
    elif request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                version = services.document_version_add(
                    document=row,
                    uploaded=form.cleaned_data["file"],
                    language=form.cleaned_data["language"],
                    new_version=form.cleaned_data["new_version"],
                    by=request.user,
                )
            except BridgesError as exc:
                status = form_failed(form, exc)
            else:
                messages.success(
                    request,
                    _("Version %(number)s (%(language)s) is published.")
                    % {"number": version.number, "language": version.language},
                )
                return redirect("delegations:organise-document", slug=event.slug, pk=row.pk)
    return render(
        request,
        "delegations/organise/document.html",
        {
            "event": event,
            "document": row,
            "versions": row.versions.select_related("uploaded_by").order_by("-number", "language"),
            "form": form,
            "change": change,
        },
        status=status,
    )


# ------------------------------------------------------------------ bilaterals


@login_required
def bilaterals(request, slug: str):
    """Every bilateral request with its status, and the placed ones by day, time and room."""
    event = organiser_event(request, slug)
    rows = list(
        Bilateral.objects.filter(event=event)
        .select_related("requester__partner", "counterpart__partner", "venue")
        .order_by("starts_at", "venue__name", "pk")
    )
    for row in rows:
        row.event = event
        row.on_preferred_day = services.on_preferred_day(row, event.zone)
    placed = [r for r in rows if r.status == BilateralStatus.ACCEPTED and r.starts_at is not None]
    days = [
        (day, list(items))
        for day, items in groupby(placed, key=lambda r: r.starts_at.astimezone(event.zone).date())
    ]
    return render(
        request,
        "delegations/organise/bilaterals.html",
        {
            "event": event,
            "requests": sorted(rows, key=lambda r: (r.status, r.pk)),
            "days": days,
            "accepted": sum(1 for r in rows if r.status == BilateralStatus.ACCEPTED),
        },
    )


@login_required
@require_POST
def bilaterals_schedule(request, slug: str):
    """Run the timetable solver over the accepted requests (as the API does, in the
    request: a meeting's bilaterals solve in seconds)."""
    event = organiser_event(request, slug)
    with errors_as_messages(request):
        result = services.bilaterals_schedule(event=event, by=request.user, time_limit=20)
        if result.placements or not result.conflicts:
            messages.success(
                request,
                _("%(n)s bilateral meetings placed.") % {"n": len(result.placements)},
            )
        for conflict in result.conflicts:
            messages.error(request, conflict.message)
        if result.placements:
            for row in services.bilaterals_off_preference(event):
                messages.warning(
                    request,
                    _("%(meeting)s is not on a preferred day: none was free for both sides.")
                    % {"meeting": row},
                )
        if not result.placements and not result.conflicts and result.status != "optimal":
            messages.error(request, _("No timetable was found in the time allowed."))
    return redirect("delegations:organise-bilaterals", slug=event.slug)


# ------------------------------------------------------------------ badges


def _latest_batch(event) -> BadgeBatch | None:
    return BadgeBatch.objects.filter(event=event).order_by("-created_at", "-pk").first()


def _badges_page(request, event, form: BadgeBatchForm, status: int = 200):
    batch = _latest_batch(event)
    people = (
        Nominee.objects.filter(event=event, status=NomineeStatus.ACCREDITED)
        .select_related("delegation__partner")
        .order_by("delegation__partner__alphabetical_name", "delegation_id", "-is_head", "rank")
    )
    return render(
        request,
        "delegations/organise/badges.html",
        {
            "event": event,
            "batch": batch,
            "running": batch is not None and batch.status in ACTIVE_BATCH,
            "form": form,
            "people": people,
        },
        status=status,
    )


@login_required
def badges(request, slug: str):
    """The print job for every badge (its progress polled every 2 s), and each accredited
    delegate's own badge."""
    return _badges_page(request, organiser_event(request, slug), BadgeBatchForm())


@login_required
@require_POST
def badges_print(request, slug: str):
    event = organiser_event(request, slug)
    form = BadgeBatchForm(request.POST)
    if form.is_valid():
        try:
            services.badge_batch_create(
                event=event, format=form.cleaned_data["format"], by=request.user
            )
        except BridgesError as exc:
            return _badges_page(request, event, form, status=form_failed(form, exc))
        messages.success(request, _("The badges are being printed."))
        return redirect("delegations:organise-badges", slug=event.slug)
    return _badges_page(request, event, form, status=400)


@login_required
def badge_batch_status(request, slug: str, pk: int):
    """The print job's progress (the fragment htmx polls), with the link when done."""
    event = organiser_event(request, slug)
    batch = get_object_or_404(BadgeBatch, pk=pk, event=event)
    return render(
        request,
        "delegations/organise/_batch.html",
        {"event": event, "batch": batch, "running": batch.status in ACTIVE_BATCH},
    )
