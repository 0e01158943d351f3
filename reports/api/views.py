"""The stats API: the dashboards' figures as JSON, for organisers (others a 403, and a
404 for an event they cannot see at all)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils import translation
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.permissions import HasRule
from programmes.models import Event, Programme
from programmes.selectors import visible_events

from ..selectors import cached_event_stats, programme_stats
from . import serializers as s

ERRORS = {
    403: OpenApiResponse(description="Not allowed (not the event's organiser)."),
    404: OpenApiResponse(description="Not found."),
}


class EventStatsView(APIView):
    permission_classes = [HasRule]
    object_rules = {"GET": "reports.view_dashboard"}

    @extend_schema(responses={200: s.EventStatsSerializer, **ERRORS}, tags=["reports"])
    def get(self, request, slug: str):
        event = get_object_or_404(visible_events(request.user, Event.objects.all()), slug=slug)
        self.check_object_permissions(request, event)
        stats = cached_event_stats(event, translation.get_language())
        return Response(s.EventStatsSerializer(stats).data)


class ProgrammeStatsView(APIView):
    permission_classes = [HasRule]
    object_rules = {"GET": "reports.view_dashboard"}

    @extend_schema(responses={200: s.ProgrammeStatsSerializer, **ERRORS}, tags=["reports"])
    def get(self, request, pk: int):
        programme = get_object_or_404(Programme, pk=pk)
        self.check_object_permissions(request, programme)
        return Response(s.ProgrammeStatsSerializer(programme_stats(programme)).data)
