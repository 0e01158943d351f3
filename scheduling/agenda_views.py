"""The agenda editor: an event's day as a grid per venue in local time (drag to move,
drag the lower edge to resize), a form for keyboard and phone, conflicts beside each
session and the solver's proposal beside the agenda.

Thin: sessions change through ``programmes.services`` (which tells the people concerned
when a published session moves), conflicts come from ``programmes.selectors`` as in the
API, and the proposal is accepted through ``scheduling.services.proposal_accept``.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backend.errors import BridgesError
from participants.forms import add_service_error
from programmes import services as programme_services
from programmes.models import Event, Session

from . import editor
from .forms import AgendaSessionForm, SessionMoveForm
from .models import ScheduleRun
from .views import _managed_event, accept_proposal


def _chosen_day(event: Event, value: str | None) -> dt.date:
    """The day asked for, else today when the event is running, else its first day."""
    days = editor.event_days(event)
    try:
        day = dt.date.fromisoformat(value or "")
    except ValueError:
        day = event.local_today()
    return day if day in days else days[0]


def _editor_url(event: Event, day: dt.date, anchor: str = "") -> str:
    url = f"{reverse('scheduling:agenda-editor', args=[event.slug])}?day={day.isoformat()}"
    return f"{url}#{anchor}" if anchor else url


def _grid_context(event: Event, day: dt.date) -> dict:
    return {"event": event, "grid": editor.agenda_grid(event, day), "day": day}


def agenda_editor(request: HttpRequest, slug: str) -> HttpResponse:
    event = _managed_event(request, slug)
    day = _chosen_day(event, request.GET.get("day"))
    context = _grid_context(event, day)
    if request.htmx and request.htmx.target == "agenda-grid":
        return render(request, "scheduling/_agenda_grid.html", context)
    run, proposal = editor.latest_proposal(event, day)
    return render(
        request,
        "scheduling/agenda_editor.html",
        {
            **context,
            "days": editor.event_days(event),
            "run": run,
            "proposal": proposal,
            "pending": [r for r in proposal if not r.placement.accepted_at],
        },
    )


def _show_service_error(form, exc: BridgesError | ValidationError) -> int:
    """Put a refusal beside its field; returns the status to answer with."""
    if isinstance(exc, BridgesError):
        add_service_error(form, exc)
        return exc.status
    for name, errors in exc.message_dict.items():
        for error in errors:
            form.add_error(name if name in form.fields else None, error)
    return 400


def agenda_session(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    """Add a session (no ``pk``) or edit one; times are typed on the venue's clock."""
    event = _managed_event(request, slug)
    session = None
    if pk is not None:
        session = get_object_or_404(
            Session.objects.select_related("venue").prefetch_related("speakers"), pk=pk, event=event
        )
        session.event = event
    status = 200
    if request.method == "POST":
        form = AgendaSessionForm(request.POST, event=event)
        status = 400
        if form.is_valid():
            try:
                session = _save(event, session, form)
            except (BridgesError, ValidationError) as exc:
                status = _show_service_error(form, exc)
            else:
                messages.success(request, _("“%(title)s” is saved.") % {"title": session.title})
                day = session.local_starts_at.date()
                return redirect(_editor_url(event, day, f"session-{session.pk}"))
    elif session is not None:
        form = AgendaSessionForm(initial=AgendaSessionForm.initial_for(session), event=event)
    else:
        form = AgendaSessionForm(initial=_new_session_initial(event, request.GET), event=event)
    conflicts = editor.conflicts_by_session(event).get(session.pk, []) if session else []
    template = (
        "scheduling/_agenda_session_form.html" if request.htmx else "scheduling/agenda_session.html"
    )
    return render(
        request,
        template,
        {"event": event, "session": session, "form": form, "conflicts": conflicts},
        status=status,
    )


def _save(event: Event, session: Session | None, form: AgendaSessionForm) -> Session:
    speakers = form.cleaned_data["speakers"]
    if session is None:
        return programme_services.session_create(
            event=event, speakers=speakers, **form.create_data()
        )
    return programme_services.session_update(
        session=session, data=form.session_data(), speakers=speakers
    )


def _new_session_initial(event: Event, query) -> dict:
    """A new session's form, filled from the grid cell it was asked from (an hour long)."""
    day = _chosen_day(event, query.get("day"))
    try:
        start = dt.time.fromisoformat(query.get("start") or "09:00")
    except ValueError:
        start = dt.time(9, 0)
    starts = dt.datetime.combine(day, start)
    return {
        "starts_at": starts,
        "ends_at": starts + dt.timedelta(hours=1),
        "venue": query.get("venue") or None,
        "kind": "lecture",
    }


@require_POST
def agenda_session_move(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Where a drag or resize put a session: new local start and end, maybe a new venue.
    Answers with the day's grid (htmx swaps it in) showing the change or the refusal."""
    event = _managed_event(request, slug)
    session = get_object_or_404(Session.objects.select_related("venue"), pk=pk, event=event)
    session.event = event
    form = SessionMoveForm(request.POST, event=event)
    status = 400
    if form.is_valid():
        try:
            session = programme_services.session_update(session=session, data=form.cleaned_data)
        except (BridgesError, ValidationError) as exc:
            status = _show_service_error(form, exc)
        else:
            day = session.local_starts_at.date()
            if not request.htmx:
                return redirect(_editor_url(event, day, f"session-{session.pk}"))
            return render(request, "scheduling/_agenda_grid.html", _grid_context(event, day))
    day = session.local_starts_at.date()
    errors = [
        f"{form.fields[name].label if name in form.fields else ''} {e}".strip()
        for name, errs in form.errors.items()
        for e in errs
    ]
    return render(
        request,
        "scheduling/_agenda_grid.html",
        {**_grid_context(event, day), "move_errors": errors, "moved": session},
        status=status,
    )


@require_POST
def agenda_accept(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Accept the solver's proposal beside the agenda, whole or one session."""
    event = _managed_event(request, slug)
    run = get_object_or_404(ScheduleRun, pk=pk, event=event)
    accept_proposal(request, run)
    day = _chosen_day(event, request.POST.get("day"))
    return redirect(_editor_url(event, day, "proposal"))
