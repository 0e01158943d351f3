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
from programmes.models import Event

from . import selectors, services
from .enums import ACTIVE_RUN_STATUSES, RunStatus
from .models import ScheduleRun, Team, TeamMember


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
    request_ids = None
    if "all" not in request.POST:
        try:
            request_ids = [int(v) for v in request.POST.getlist("request")]
        except ValueError:
            request_ids = []
        if not request_ids:
            messages.error(request, _("Tick the sessions to accept, or accept them all."))
            return redirect("scheduling:schedule", slug=slug)
    with errors_as_messages(request):
        counts = services.proposal_accept(run=run, by=request.user, request_ids=request_ids)
        messages.success(
            request,
            _("Agenda updated: %(created)s added, %(moved)s moved, %(unchanged)s unchanged.")
            % counts,
        )
    return redirect("scheduling:schedule", slug=slug)


def teams(request: HttpRequest, slug: str) -> HttpResponse:
    event = _managed_event(request, slug)
    errors: dict[str, str] = {}
    count_value = request.POST.get("count", "")
    if request.method == "POST":
        try:
            count = int(count_value)
        except ValueError:
            errors["count"] = _("Enter a whole number.")
        else:
            try:
                services.teams_form(event=event, count=count, by=request.user)
                messages.success(request, _("Teams formed."))
                return redirect("scheduling:teams", slug=slug)
            except BridgesError as exc:
                errors[exc.field or "count"] = exc.message
    team_list = list(selectors.event_teams(event))
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
            "errors": errors,
            "count_value": count_value or len(team_list) or 8,
        },
        status=400 if errors else 200,
    )


@require_POST
def team_move(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = _managed_event(request, slug)
    member = get_object_or_404(TeamMember, pk=pk, event=event)
    team_id = request.POST.get("team", "")
    team = Team.objects.filter(pk=int(team_id), event=event).first() if team_id.isdigit() else None
    if team is None:
        messages.error(request, _("Choose a team of this event."))
    else:
        services.team_member_move(member=member, team=team, by=request.user)
        messages.success(request, _("Moved to %(team)s.") % {"team": team.name})
    return redirect("scheduling:teams", slug=slug)
