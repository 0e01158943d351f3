"""Events by slug, their agenda (JSON, kept whole per agenda version) and .ics, and
conflicts; the anonymous event list is kept whole per list version."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import condition
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated, IsAuthenticatedOrReadOnly
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ... import selectors, services
from ...caching import (
    AGENDA_CACHE_SECONDS,
    AGENDA_EVENT_FIELDS,
    agenda_version,
    cached,
    event_list_version,
)
from ...calendar import agenda_ical
from ...filters import EventFilter
from ...models import Event, Organisation
from ...selectors import visible_events
from .. import serializers as s
from .base import E403, E404, READ_ERRORS, WRITE_ERRORS, WriteViewSet, crud_schema


@crud_schema("events", s.EventSerializer, s.EventInputSerializer, public=True)
class EventViewSet(WriteViewSet):
    """Events by slug. Anyone reads published and cancelled events; members also drafts."""

    permission_classes = [IsAuthenticatedOrReadOnly]
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    output_serializer = s.EventSerializer
    input_serializer = s.EventInputSerializer
    filterset_class = EventFilter
    parent_field = "organisation"
    queryset = Event.objects.none()

    def get_queryset(self) -> QuerySet[Event]:
        return selectors.with_event_relations(visible_events(self.request.user)).order_by(
            "start_date", "title", "pk"
        )

    def check_parent(self, organisation: Organisation) -> None:
        if not self.request.user.has_perm("programmes.change_organisation", organisation):
            raise PermissionDenied({"organisation": [_("You do not manage this organisation.")]})

    def check_manage(self, obj: Event) -> None:
        if not self.request.user.has_perm("programmes.change_event", obj):
            raise PermissionDenied(_("Only the event's owners and organisers can change it."))

    def list(self, request: Request, *args, **kwargs) -> HttpResponse:
        """Anonymous JSON pages are kept whole per list version, language and query, until
        a row's phase or application window changes with the clock (at most a minute);
        the signed-in (who may see drafts), other formats and clock-bound filters are not."""
        if (
            request.user.is_authenticated
            or request.accepted_renderer.format != "json"
            or _UNCACHED_LIST_PARAMS & set(request.query_params)
        ):
            return super().list(request, *args, **kwargs)
        now = timezone.now()

        def build():
            data = super(EventViewSet, self).list(request, *args, **kwargs).data
            body = self._render_json(request, data)
            return (body, _etag(body)), _next_change(data["results"], now)

        query = "&".join(sorted(request.query_params.urlencode().split("&")))
        # Hashed: a long text search must not make an over-long key. The host is in the
        # key because the page links (next, previous) are absolute.
        where = _digest(f"{request.build_absolute_uri('/')}?{query}:{request.accepted_media_type}")
        key = f"programmes:event-list-api:1:{event_list_version()}:{get_language()}:{where}"
        body, etag = cached(key, build)
        return self._json_response(request, body, etag)

    def _render_json(self, request: Request, data) -> bytes:
        return request.accepted_renderer.render(
            data, request.accepted_media_type, self.get_renderer_context()
        )

    def _json_response(self, request: Request, body: bytes, etag: str) -> HttpResponse:
        """``body`` as DRF would send it, or 304 when the reader already holds ``etag``."""

        @condition(etag_func=lambda request: etag)
        def respond(request) -> HttpResponse:
            return HttpResponse(body, content_type=request.accepted_renderer.media_type)

        return respond(request)

    def service_create(self, parent, data):
        return services.event_create(organisation=parent, **data)

    def service_update(self, obj, data):
        return services.event_update(event=obj, data=data)

    def service_delete(self, obj):
        services.event_delete(event=obj)

    @extend_schema(
        summary="Publish a draft event",
        request=None,
        responses={200: s.EventSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, slug=None) -> Response:
        event = self.get_object()
        self.check_manage(event)
        services.event_publish(event=event)
        return Response(self.render(self.get_queryset().get(pk=event.pk)))

    @extend_schema(
        summary="Cancel an event", request=None, responses={200: s.EventSerializer, **WRITE_ERRORS}
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, slug=None) -> Response:
        event = self.get_object()
        self.check_manage(event)
        services.event_cancel(event=event)
        return Response(self.render(self.get_queryset().get(pk=event.pk)))

    @extend_schema(
        summary="The event's agenda by local day",
        description="Sessions (cancelled ones included, with their status) grouped by the local day they "
        "start on in their own zone (the venue's, else the event's).",
        responses={200: s.AgendaSerializer, **READ_ERRORS},
    )
    @action(
        detail=True,
        methods=["get"],
        permission_classes=[IsAuthenticatedOrReadOnly],
        pagination_class=None,
    )
    def agenda(self, request: Request, slug=None) -> HttpResponse:
        """The same for everyone who may see the event, so its JSON is kept whole per
        agenda version (bumped by the services) and language; its ETag is that version."""
        event = get_object_or_404(
            visible_events(request.user).only(*AGENDA_EVENT_FIELDS), slug=slug
        )

        def data() -> dict:
            agenda = {
                "event": event.slug,
                "time_zone": event.time_zone,
                "days": selectors.event_agenda(event),
            }
            return s.AgendaSerializer(agenda, context=self.get_serializer_context()).data

        if request.accepted_renderer.format != "json":
            return Response(data())
        version = f"{agenda_version(event)}:{get_language()}"
        key = f"programmes:agenda-api:1:{version}:{_digest(request.accepted_media_type)}"
        body = cached(key, lambda: (self._render_json(request, data()), AGENDA_CACHE_SECONDS))
        return self._json_response(request, body, f'"agenda-{version}"')

    @extend_schema(
        summary="Double bookings and venues away from the day's leg",
        responses={200: s.ConflictSerializer(many=True), 403: E403, 404: E404},
    )
    @action(
        detail=True, methods=["get"], permission_classes=[IsAuthenticated], pagination_class=None
    )
    def conflicts(self, request: Request, slug=None) -> Response:
        event = get_object_or_404(visible_events(request.user), slug=slug)
        self.check_manage(event)
        return Response(s.ConflictSerializer(selectors.event_conflicts(event), many=True).data)


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def _etag(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'


# Filters whose result moves with the clock are not cached; ``format`` picks a renderer.
_UNCACHED_LIST_PARAMS = frozenset({"open_now", "format"})
EVENT_LIST_CACHE_SECONDS = 60


def _next_change(results: list[dict], now: dt.datetime) -> float:
    """Seconds until a row's ``phase`` or ``applications_open`` could change."""

    def moment(value: str | None) -> dt.datetime | None:
        return dt.datetime.fromisoformat(value) if value else None

    return selectors.next_listing_change(
        (
            (
                moment(row["applications_open_at"]),
                moment(row["applications_close_at"]),
                dt.date.fromisoformat(row["start_date"]),
                dt.date.fromisoformat(row["end_date"]),
                row["time_zone"],
            )
            for row in results
        ),
        now,
        at_most=EVENT_LIST_CACHE_SECONDS,
    )


class EventAgendaICalView(APIView):
    """The agenda as an iCalendar file; public for published and cancelled events."""

    permission_classes = [IsAuthenticatedOrReadOnly]

    @extend_schema(
        summary="The event's agenda as iCalendar (.ics)",
        description="One VEVENT per session with TZID-qualified DTSTART/DTEND and a VTIMEZONE per zone.",
        responses={
            (200, "text/calendar"): OpenApiResponse(
                OpenApiTypes.BINARY, description="text/calendar"
            ),
            404: E404,
        },
    )
    def get(self, request: Request, slug: str) -> HttpResponse:
        event = get_object_or_404(visible_events(request.user), slug=slug)
        body = agenda_ical(event, selectors.event_sessions(event))
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
        return response
