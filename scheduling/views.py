"""Organiser pages: schedule sessions (run, progress, proposal beside the agenda, accept)
and teams (form, adjust). Thin: each view checks access, calls a service or selector."""

from __future__ import annotations

from itertools import groupby

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backend.errors import BridgesError
from backend.pages import errors_as_messages
from participants.forms import add_service_error
from programmes.models import Event

from . import selectors, services
from .enums import ACTIVE_RUN_STATUSES, RunStatus
from .filters import TeamFilter
from .forms import ProposalAcceptForm, TeamMoveForm, TeamsForm
from .models import ProposedPlacement, ScheduleRun, TeamMember


def _managed_event(request: HttpRequest, slug: str) -> Event:
    event = get_object_or_404(Event.objects.select_related("organisation"), slug=slug)
    if not request.user.has_perm("programmes.view_event", event):
        raise Http404
    if not request.user.has_perm("scheduling.change_schedule", event):
        raise PermissionDenied
    return event


def schedule(request: HttpRequest, slug: str) -> HttpResponse:
    event = _managed_event(request, slug)
    run = selectors.schedule_runs(event).first()
    days = []
    if run is not None and run.status == RunStatus.SUCCEEDED:
        rows = selectors.run_proposal(run)
        for day, group in groupby(
            rows, key=lambda r: r.placement.starts_at.astimezone(r.placement.venue.zone).date()
        ):
            days.append((day, list(group)))
    return render(
        request,
        "scheduling/schedule.html",
        {
            "event": event,
            "requests": selectors.session_requests(event),
            "run": run,
            "active": run is not None and run.status in ACTIVE_RUN_STATUSES,
            "days": days,
            "pending": sum(1 for _day, rows in days for r in rows if not r.placement.accepted_at),
        },
    )


@require_POST
def schedule_start(request: HttpRequest, slug: str) -> HttpResponse:
    event = _managed_event(request, slug)
    with errors_as_messages(request):
        services.schedule_run_start(event=event, by=request.user)
        messages.success(request, _("Scheduling started. This page updates as it runs."))
    return redirect("scheduling:schedule", slug=slug)


@require_POST
def schedule_cancel(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = _managed_event(request, slug)
    run = get_object_or_404(ScheduleRun, pk=pk, event=event)
    with errors_as_messages(request):
        services.schedule_run_cancel(run=run, by=request.user)
        messages.success(request, _("Cancelling the scheduling run."))
    return redirect("scheduling:schedule", slug=slug)


@require_POST
def schedule_accept(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = _managed_event(request, slug)
    run = get_object_or_404(ScheduleRun, pk=pk, event=event)
    accept_proposal(request, run)
    return redirect("scheduling:schedule", slug=slug)


def accept_proposal(request: HttpRequest, run: ScheduleRun) -> None:
    """Accept the ticked sessions of ``run`` (or all of it); the outcome, or what is
    missing, is said atop the next page. Used by the schedule page and the agenda editor."""
    form = ProposalAcceptForm(
        request.POST,
        request_ids=ProposedPlacement.objects.filter(run=run).values_list("request_id", flat=True),
    )
    if not form.is_valid():
        # The ticks sit in the proposal's rows; what is missing is said atop the page.
        for error in form.errors.get("request", form.non_field_errors()):
            messages.error(request, error)
        return
    with errors_as_messages(request):
        counts = services.proposal_accept(run=run, by=request.user, request_ids=form.request_ids())
        messages.success(
            request,
            _("Agenda updated: %(created)s added, %(moved)s moved, %(unchanged)s unchanged.")
            % counts,
        )


def teams(request: HttpRequest, slug: str) -> HttpResponse:
    event = _managed_event(request, slug)
    team_list = list(selectors.event_teams(event))
    form = TeamsForm(initial={"count": len(team_list) or 8})
    status = 200
    if request.method == "POST":
        form = TeamsForm(request.POST)
        status = 400
        if form.is_valid():
            try:
                services.teams_form(event=event, by=request.user, **form.cleaned_data)
            except BridgesError as exc:
                add_service_error(form, exc)
                status = exc.status
            else:
                messages.success(request, _("Teams formed."))
                return redirect("scheduling:teams", slug=slug)
    move_targets = team_list
    filters = TeamFilter(request.GET or None, queryset=selectors.event_teams(event))
    if filters.data:
        team_list = list(filters.qs)
        status = 400 if filters.errors else status
    applications = {a.applicant_id: a for a in selectors.confirmed_applications(event)}
    for team in team_list:
        for member in team.members.all():
            member.application = applications.get(member.user_id)
    return render(
        request,
        "scheduling/teams.html",
        {
            "event": event,
            "teams": team_list,
            "form": form,
            "filters": filters,
            "move_targets": move_targets,
        },
        status=status,
    )


@require_POST
def team_move(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = _managed_event(request, slug)
    member = get_object_or_404(TeamMember, pk=pk, event=event)
    form = TeamMoveForm(request.POST, event=event)
    if form.is_valid():
        team = form.cleaned_data["team"]
        services.team_member_move(member=member, team=team, by=request.user)
        messages.success(request, _("Moved to %(team)s.") % {"team": team.name})
    else:
        # A tampered or stale choice: the page only offers this event's teams.
        messages.error(request, form.errors["team"][0])
    return redirect("scheduling:teams", slug=slug)
