"""Scheduling API: parse input, check who may act, call a service, render the result.

Everything hangs off an event: an event the user may not see answers 404, one they may
see but not manage answers 403.
"""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.errors import BridgesError
from programmes.api.views import E400, E403, E404, E409
from programmes.models import Event, Person, Session, Venue

from .. import selectors, services
from ..filters import AvailabilityFilter, RequestFilter, RunFilter, TeamFilter
from ..models import ScheduleRun, SessionRequest, SpeakerAvailability, Team, TeamMember
from . import serializers as s

# One error shape for the whole API (drf-spectacular component "Error").
ERRORS = {400: E400, 403: E403, 404: E404, 409: E409}


class EventScopedView(APIView):
    permission_classes = [IsAuthenticated]
    manage = True

    def get_event(self) -> Event:
        event = Event.objects.filter(pk=self.kwargs["event_id"]).first()
        if event is None or not self.request.user.has_perm("programmes.view_event", event):
            raise NotFound(_("No such event."))
        if self.manage and not self.request.user.has_perm("scheduling.change_schedule", event):
            raise PermissionDenied(_("Only the event's owners and organisers can schedule it."))
        return event


def _resolve_request_input(
    event: Event, data: dict[str, Any]
) -> tuple[dict, list | None, list | None]:
    """Turn ids into objects of this event (or its organisation); unknown ids name their field."""
    data = dict(data)
    speakers = after = None
    if "speakers" in data:
        ids = set(data.pop("speakers"))
        speakers = list(Person.objects.filter(pk__in=ids, organisation_id=event.organisation_id))
        if len(speakers) != len(ids):
            raise BridgesError(
                _("Choose speakers of your organisation."), code="unknown_speaker", field="speakers"
            )
    if "after" in data:
        ids = set(data.pop("after"))
        after = list(SessionRequest.objects.filter(pk__in=ids, event=event))
        if len(after) != len(ids):
            raise BridgesError(
                _("Choose sessions of this event."), code="unknown_request", field="after"
            )
    lookups = {
        "venue": Venue.objects.filter(organisation_id=event.organisation_id),
        "team": Team.objects.filter(event=event),
        "session": Session.objects.filter(event=event),
    }
    for name, queryset in lookups.items():
        if data.get(name) is not None:
            obj = queryset.filter(pk=data[name]).first()
            if obj is None:
                raise BridgesError(_("Not found here."), code="not_found", field=name)
            data[name] = obj
    return data, speakers, after


def _slot(venue, starts_at, ends_at) -> dict:
    return {
        "venue": venue.pk,
        "venue_name": venue.name,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "local_starts_at": starts_at.astimezone(venue.zone),
        "time_zone": venue.time_zone,
    }


def proposal_rows(run: ScheduleRun) -> list[dict]:
    rows = []
    for row in selectors.run_proposal(run):
        p, current = row.placement, row.current
        rows.append(
            {
                "request": p.request_id,
                "title": p.request.title,
                "proposed": _slot(p.venue, p.starts_at, p.ends_at),
                "current": _slot(current.venue, current.starts_at, current.ends_at)
                if current is not None and current.venue_id
                else None,
                "moves": row.moves,
                "accepted": p.accepted_at is not None,
            }
        )
    return rows


class RulesView(EventScopedView):
    @extend_schema(responses={200: s.RulesSerializer, **ERRORS})
    def get(self, request: Request, event_id: int) -> Response:
        return Response(s.RulesSerializer(selectors.rules_for(self.get_event())).data)

    @extend_schema(request=s.RulesInputSerializer, responses={200: s.RulesSerializer, **ERRORS})
    def put(self, request: Request, event_id: int) -> Response:
        event = self.get_event()
        data = s.RulesInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        rules = services.rules_update(event=event, data=dict(data.validated_data))
        return Response(s.RulesSerializer(rules).data)


class EventListView(EventScopedView, GenericAPIView):
    """GET lists the event's rows from ``event_rows`` (unpaginated), narrowed by ``filterset_class``."""

    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no event
            return self.filterset_class._meta.model.objects.none()
        return self.event_rows(self.get_event())

    def list_response(self) -> Response:
        rows = self.filter_queryset(self.get_queryset())
        return Response(self.get_serializer(rows, many=True).data)


class RequestListView(EventListView):
    serializer_class = s.SessionRequestSerializer
    filterset_class = RequestFilter
    event_rows = staticmethod(selectors.session_requests)

    @extend_schema(responses={200: s.SessionRequestSerializer(many=True), **ERRORS})
    def get(self, request: Request, event_id: int) -> Response:
        return self.list_response()

    @extend_schema(
        request=s.SessionRequestInputSerializer,
        responses={201: s.SessionRequestSerializer, **ERRORS},
    )
    def post(self, request: Request, event_id: int) -> Response:
        event = self.get_event()
        data = s.SessionRequestInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields, speakers, after = _resolve_request_input(event, data.validated_data)
        created = services.session_request_create(
            event=event, data=fields, speakers=speakers or (), after=after or ()
        )
        return Response(
            s.SessionRequestSerializer(selectors.session_requests(event).get(pk=created.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class RequestDetailView(EventScopedView):
    def get_request(self, event: Event) -> SessionRequest:
        return get_object_or_404(selectors.session_requests(event), pk=self.kwargs["pk"])

    @extend_schema(responses={200: s.SessionRequestSerializer, **ERRORS})
    def get(self, request: Request, event_id: int, pk: int) -> Response:
        return Response(s.SessionRequestSerializer(self.get_request(self.get_event())).data)

    @extend_schema(
        request=s.SessionRequestInputSerializer,
        responses={200: s.SessionRequestSerializer, **ERRORS},
    )
    def patch(self, request: Request, event_id: int, pk: int) -> Response:
        event = self.get_event()
        obj = self.get_request(event)
        data = s.SessionRequestInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        fields, speakers, after = _resolve_request_input(event, data.validated_data)
        services.session_request_update(request=obj, data=fields, speakers=speakers, after=after)
        return Response(s.SessionRequestSerializer(self.get_request(event)).data)

    @extend_schema(responses={204: None, **ERRORS})
    def delete(self, request: Request, event_id: int, pk: int) -> Response:
        services.session_request_delete(request=self.get_request(self.get_event()))
        return Response(status=status.HTTP_204_NO_CONTENT)


class AvailabilityListView(EventListView):
    serializer_class = s.AvailabilitySerializer
    filterset_class = AvailabilityFilter
    event_rows = staticmethod(selectors.speaker_availability)

    @extend_schema(responses={200: s.AvailabilitySerializer(many=True), **ERRORS})
    def get(self, request: Request, event_id: int) -> Response:
        return self.list_response()

    @extend_schema(
        request=s.AvailabilityInputSerializer, responses={201: s.AvailabilitySerializer, **ERRORS}
    )
    def post(self, request: Request, event_id: int) -> Response:
        event = self.get_event()
        data = s.AvailabilityInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        person = Person.objects.filter(
            pk=data.validated_data["person"], organisation_id=event.organisation_id
        ).first()
        if person is None:
            raise BridgesError(
                _("Choose speakers of your organisation."), code="unknown_speaker", field="person"
            )
        window = services.availability_add(
            event=event,
            person=person,
            starts_at=data.validated_data["starts_at"],
            ends_at=data.validated_data["ends_at"],
        )
        return Response(s.AvailabilitySerializer(window).data, status=status.HTTP_201_CREATED)


class AvailabilityDetailView(EventScopedView):
    @extend_schema(responses={204: None, **ERRORS})
    def delete(self, request: Request, event_id: int, pk: int) -> Response:
        window = get_object_or_404(SpeakerAvailability, pk=pk, event=self.get_event())
        services.availability_delete(window=window)
        return Response(status=status.HTTP_204_NO_CONTENT)


class RunListView(EventScopedView, GenericAPIView):
    filterset_class = RunFilter
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no event
            return ScheduleRun.objects.none()
        return selectors.schedule_runs(self.get_event())

    @extend_schema(responses={200: s.RunSerializer(many=True), **ERRORS})
    def get(self, request: Request, event_id: int) -> Response:
        runs = self.filter_queryset(self.get_queryset())[:50]
        return Response(s.RunSerializer(runs, many=True).data)

    @extend_schema(
        request=None,
        responses={202: s.RunSerializer, **ERRORS},
        description="Queue a solver run (Celery task scheduling.solve); poll the run for progress.",
    )
    def post(self, request: Request, event_id: int) -> Response:
        run = services.schedule_run_start(event=self.get_event(), by=request.user)
        return Response(s.RunSerializer(run).data, status=status.HTTP_202_ACCEPTED)


class RunDetailView(EventScopedView):
    def get_run(self) -> ScheduleRun:
        return get_object_or_404(ScheduleRun, pk=self.kwargs["pk"], event=self.get_event())

    @extend_schema(
        responses={200: s.RunDetailSerializer, **ERRORS},
        description="The run with its proposal beside the current agenda.",
    )
    def get(self, request: Request, event_id: int, pk: int) -> Response:
        run = self.get_run()
        return Response(s.RunDetailSerializer(run, context={"proposal": proposal_rows(run)}).data)


class RunCancelView(RunDetailView):
    @extend_schema(request=None, responses={200: s.RunSerializer, **ERRORS})
    def post(self, request: Request, event_id: int, pk: int) -> Response:
        run = services.schedule_run_cancel(run=self.get_run(), by=request.user)
        return Response(s.RunSerializer(run).data)


class RunAcceptView(RunDetailView):
    @extend_schema(
        request=s.AcceptInputSerializer,
        responses={200: s.AcceptResultSerializer, **ERRORS},
        description="Accept the whole proposal, or only `request_ids`.",
    )
    def post(self, request: Request, event_id: int, pk: int) -> Response:
        run = self.get_run()
        data = s.AcceptInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        counts = services.proposal_accept(
            run=run, by=request.user, request_ids=data.validated_data.get("request_ids")
        )
        return Response(counts)


class LiveView(EventScopedView):
    permission_classes = [AllowAny]
    manage = False

    @extend_schema(
        responses={200: s.LiveSerializer, 404: ERRORS[404]},
        description="Public for visible events: sessions on now and next, phases derived from the clock.",
    )
    def get(self, request: Request, event_id: int) -> Response:
        live = selectors.live_agenda(self.get_event())

        def rows(sessions, phase):
            return [
                {
                    "id": x.pk,
                    "title": x.title,
                    "starts_at": x.starts_at,
                    "ends_at": x.ends_at,
                    "phase": phase,
                }
                for x in sessions
            ]

        return Response(
            {
                "now": rows(live.now, "in_progress"),
                "next": rows(live.next, "upcoming"),
                "finished_count": live.finished_count,
            }
        )


class TeamListView(EventListView):
    serializer_class = s.TeamSerializer
    filterset_class = TeamFilter
    event_rows = staticmethod(selectors.event_teams)

    @extend_schema(responses={200: s.TeamSerializer(many=True), **ERRORS})
    def get(self, request: Request, event_id: int) -> Response:
        return self.list_response()


class TeamsFormView(EventScopedView):
    @extend_schema(
        request=s.TeamsFormInputSerializer,
        responses={200: s.TeamSerializer(many=True), **ERRORS},
        description="Replace team membership with balanced teams of the confirmed participants.",
    )
    def post(self, request: Request, event_id: int) -> Response:
        event = self.get_event()
        data = s.TeamsFormInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.teams_form(event=event, count=data.validated_data["count"], by=request.user)
        return Response(s.TeamSerializer(selectors.event_teams(event), many=True).data)


class TeamMemberMoveView(EventScopedView):
    @extend_schema(
        request=s.MoveInputSerializer, responses={200: s.TeamSerializer(many=True), **ERRORS}
    )
    def post(self, request: Request, event_id: int, pk: int) -> Response:
        event = self.get_event()
        member = get_object_or_404(TeamMember, pk=pk, event=event)
        data = s.MoveInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        team = Team.objects.filter(pk=data.validated_data["team"], event=event).first()
        if team is None:
            raise BridgesError(_("Choose a team of this event."), code="unknown_team", field="team")
        services.team_member_move(member=member, team=team, by=request.user)
        return Response(s.TeamSerializer(selectors.event_teams(event), many=True).data)


class MyTeamView(EventScopedView):
    manage = False

    @extend_schema(responses={200: s.TeamSerializer, 404: ERRORS[404]})
    def get(self, request: Request, event_id: int) -> Response:
        team = selectors.team_for(request.user, self.get_event())
        if team is None:
            raise NotFound(_("You are not in a team for this event."))
        return Response(s.TeamSerializer(team).data)
