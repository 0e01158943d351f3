"""Programmes API: parse input, check who may act, call a service, render the result.

Visibility: rows a user may not see answer 404 (another organisation's venues, people,
programmes, and draft events with everything under them); rows they may see but not
change answer 403 (a published event of another organisation, or any change by a
reviewer or staff member). Published and cancelled events, their legs, quotas and
sessions, the agenda and its .ics are public.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import IsAuthenticated, IsAuthenticatedOrReadOnly
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import selectors, services
from ..calendar import agenda_ical
from ..filters import (
    EventFilter,
    LegFilter,
    PersonFilter,
    ProgrammeFilter,
    QuotaFilter,
    SessionFilter,
    VenueFilter,
)
from ..models import (
    CountryQuota,
    Event,
    Leg,
    Membership,
    Organisation,
    Person,
    Programme,
    Session,
    Venue,
    event_list_version,
)
from ..permissions import (
    can_manage_event,
    can_manage_organisation,
    can_view_event,
    member_organisation_ids,
    visible_events,
)
from . import render as r
from . import serializers as s

logger = logging.getLogger(__name__)


class ErrorSerializer(serializers.Serializer):
    """Errors name the input at fault: ``{"end_date": ["..."], "code": "invalid"}``.

    Keys other than ``detail``, ``code`` and ``non_field_errors`` are field names,
    each with a list of messages.
    """

    detail = serializers.CharField(required=False)
    code = serializers.CharField(required=False)
    non_field_errors = serializers.ListField(child=serializers.CharField(), required=False)


E400 = OpenApiResponse(
    ErrorSerializer, description="Bad input; the body names each field at fault."
)
E403 = OpenApiResponse(
    ErrorSerializer, description="Not signed in, or not allowed to do this here."
)
E404 = OpenApiResponse(ErrorSerializer, description="No such object, or it is not visible to you.")
E409 = OpenApiResponse(ErrorSerializer, description="Conflicts with the current state.")
READ_ERRORS = {404: E404}
LIST_ERRORS = {400: E400, 403: E403}
WRITE_ERRORS = {400: E400, 403: E403, 404: E404, 409: E409}


class Pagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


class WriteViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """List/read with the output serializer; create/update/delete through services.

    Subclasses say which parent (organisation or event) a row hangs off, how to check
    that the user manages it, and which services to call.
    """

    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    pagination_class = Pagination
    output_serializer: type[serializers.Serializer]
    input_serializer: type[serializers.Serializer]
    parent_field: str

    def get_serializer_class(self):
        if self.action in ("create", "partial_update"):
            return self.input_serializer
        return self.output_serializer

    # -- hooks ---------------------------------------------------------------------------
    def check_parent(self, parent) -> None:
        raise NotImplementedError

    def check_manage(self, obj) -> None:
        raise NotImplementedError

    def service_create(self, parent, data: dict[str, Any]):
        raise NotImplementedError

    def service_update(self, obj, data: dict[str, Any]):
        raise NotImplementedError

    def service_delete(self, obj) -> None:
        raise NotImplementedError

    def render(self, obj) -> dict:
        return self.output_serializer(obj, context=self.get_serializer_context()).data

    # -- actions -------------------------------------------------------------------------
    def create(self, request: Request, *args, **kwargs) -> Response:
        serializer = self.input_serializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        parent = data.pop(self.parent_field)
        self.check_parent(parent)
        obj = self.service_create(parent, data)
        return Response(
            self.render(self.get_queryset().get(pk=obj.pk)), status=status.HTTP_201_CREATED
        )

    def partial_update(self, request: Request, *args, **kwargs) -> Response:
        obj = self.get_object()
        self.check_manage(obj)
        serializer = self.input_serializer(
            data=request.data, partial=True, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if self.parent_field in data:
            raise ValidationError({self.parent_field: [_("This cannot be changed.")]})
        obj = self.service_update(obj, data)
        return Response(self.render(self.get_queryset().get(pk=obj.pk)))

    def destroy(self, request: Request, *args, **kwargs) -> Response:
        obj = self.get_object()
        self.check_manage(obj)
        self.service_delete(obj)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _crud_schema(name: str, output, input_, *, public: bool = False):
    """The same documented error responses on every generic endpoint."""
    read_errors = READ_ERRORS if public else {403: E403, 404: E404}
    return extend_schema_view(
        list=extend_schema(
            summary=f"List {name}", responses={200: output(many=True), **LIST_ERRORS}
        ),
        retrieve=extend_schema(
            summary=f"Read one of {name}", responses={200: output, **read_errors}
        ),
        create=extend_schema(
            summary=f"Create in {name}", request=input_, responses={201: output, **WRITE_ERRORS}
        ),
        partial_update=extend_schema(
            summary=f"Change one of {name}", request=input_, responses={200: output, **WRITE_ERRORS}
        ),
        destroy=extend_schema(
            summary=f"Delete one of {name}", responses={204: None, **WRITE_ERRORS}
        ),
    )


# --- organisation-owned rows -------------------------------------------------------------------


class OrganisationOwnedViewSet(WriteViewSet):
    """Programmes, venues and people: visible to the organisation's members only."""

    permission_classes = [IsAuthenticated]
    parent_field = "organisation"
    model: type

    def get_queryset(self) -> QuerySet:
        return (
            self.model.objects.filter(
                organisation_id__in=member_organisation_ids(self.request.user)
            )
            .select_related("organisation")
            .order_by("pk")
        )

    def check_parent(self, organisation: Organisation) -> None:
        if not can_manage_organisation(self.request.user, organisation):
            raise PermissionDenied({"organisation": [_("You do not manage this organisation.")]})

    def check_manage(self, obj) -> None:
        if not can_manage_organisation(self.request.user, obj.organisation_id):
            raise PermissionDenied(_("Only owners and organisers can change this."))


@_crud_schema("programmes", s.ProgrammeSerializer, s.ProgrammeInputSerializer)
class ProgrammeViewSet(OrganisationOwnedViewSet):
    model = Programme
    output_serializer = s.ProgrammeSerializer
    input_serializer = s.ProgrammeInputSerializer
    filterset_class = ProgrammeFilter
    queryset = Programme.objects.none()

    def service_create(self, parent, data):
        return services.programme_create(organisation=parent, **data)

    def service_update(self, obj, data):
        return services.programme_update(programme=obj, data=data)

    def service_delete(self, obj):
        services.programme_delete(programme=obj)


@_crud_schema("venues", s.VenueSerializer, s.VenueInputSerializer)
class VenueViewSet(OrganisationOwnedViewSet):
    model = Venue
    output_serializer = s.VenueSerializer
    input_serializer = s.VenueInputSerializer
    filterset_class = VenueFilter
    queryset = Venue.objects.none()

    def service_create(self, parent, data):
        return services.venue_create(organisation=parent, **data)

    def service_update(self, obj, data):
        return services.venue_update(venue=obj, data=data)

    def service_delete(self, obj):
        services.venue_delete(venue=obj)


@_crud_schema("people", s.PersonSerializer, s.PersonInputSerializer)
class PersonViewSet(OrganisationOwnedViewSet):
    model = Person
    output_serializer = s.PersonSerializer
    input_serializer = s.PersonInputSerializer
    filterset_class = PersonFilter
    queryset = Person.objects.none()

    def service_create(self, parent, data):
        return services.person_create(organisation=parent, **data)

    def service_update(self, obj, data):
        return services.person_update(person=obj, data=data)

    def service_delete(self, obj):
        services.person_delete(person=obj)


# --- event-owned rows --------------------------------------------------------------------------


class EventOwnedViewSet(WriteViewSet):
    """Legs, quotas and sessions: as visible as their event, changed by its managers."""

    permission_classes = [IsAuthenticatedOrReadOnly]
    parent_field = "event"
    model: type

    def get_queryset(self) -> QuerySet:
        events = visible_events(self.request.user).values("pk")
        return self.model.objects.filter(event_id__in=events).select_related("event").order_by("pk")

    def check_parent(self, event: Event) -> None:
        if not can_view_event(self.request.user, event):
            raise ValidationError({"event": [_("No such event.")]})
        if not can_manage_event(self.request.user, event):
            raise PermissionDenied({"event": [_("You do not manage this event.")]})

    def check_manage(self, obj) -> None:
        if not can_manage_event(self.request.user, obj.event):
            raise PermissionDenied(_("Only the event's owners and organisers can change this."))


@_crud_schema("legs", s.LegSerializer, s.LegInputSerializer, public=True)
class LegViewSet(EventOwnedViewSet):
    model = Leg
    output_serializer = s.LegSerializer
    input_serializer = s.LegInputSerializer
    filterset_class = LegFilter
    queryset = Leg.objects.none()

    def service_create(self, parent, data):
        return services.leg_create(event=parent, **data)

    def service_update(self, obj, data):
        return services.leg_update(leg=obj, data=data)

    def service_delete(self, obj):
        services.leg_delete(leg=obj)


@_crud_schema("country quotas", s.QuotaSerializer, s.QuotaInputSerializer, public=True)
class QuotaViewSet(EventOwnedViewSet):
    model = CountryQuota
    output_serializer = s.QuotaSerializer
    input_serializer = s.QuotaInputSerializer
    filterset_class = QuotaFilter
    queryset = CountryQuota.objects.none()

    def service_create(self, parent, data):
        return services.quota_create(event=parent, **data)

    def service_update(self, obj, data):
        return services.quota_update(quota=obj, data=data)

    def service_delete(self, obj):
        services.quota_delete(quota=obj)


@_crud_schema("sessions", s.SessionSerializer, s.SessionInputSerializer, public=True)
class SessionViewSet(EventOwnedViewSet):
    model = Session
    output_serializer = s.SessionSerializer
    input_serializer = s.SessionInputSerializer
    filterset_class = SessionFilter
    queryset = Session.objects.none()

    def get_queryset(self) -> QuerySet:
        return (
            super()
            .get_queryset()
            .select_related("venue")
            .prefetch_related(Prefetch("speakers", queryset=Person.objects.order_by("name")))
            .order_by("starts_at", "title", "pk")
        )

    def render(self, obj) -> dict:
        return r.session_json(obj, obj.event)

    def list(self, request: Request, *args, **kwargs) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response([r.session_json(obj, obj.event) for obj in page])

    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        return Response(self.render(self.get_object()))

    def service_create(self, parent, data):
        return services.session_create(event=parent, **data)

    def service_update(self, obj, data):
        speakers = data.pop("speakers", None)
        if "status" in data:
            raise ValidationError({"status": [_("Use the cancel and confirm actions.")]})
        return services.session_update(session=obj, data=data, speakers=speakers)

    def service_delete(self, obj):
        services.session_delete(session=obj)

    @extend_schema(
        summary="Cancel a session",
        request=None,
        responses={200: s.SessionSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk=None) -> Response:
        session = self.get_object()
        self.check_manage(session)
        services.session_cancel(session=session)
        return Response(self.render(self.get_queryset().get(pk=session.pk)))

    @extend_schema(
        summary="Confirm a tentative session",
        request=None,
        responses={200: s.SessionSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk=None) -> Response:
        session = self.get_object()
        self.check_manage(session)
        services.session_confirm(session=session)
        return Response(self.render(self.get_queryset().get(pk=session.pk)))


# --- events ------------------------------------------------------------------------------------


@_crud_schema("events", s.EventSerializer, s.EventInputSerializer, public=True)
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
        if not can_manage_organisation(self.request.user, organisation):
            raise PermissionDenied({"organisation": [_("You do not manage this organisation.")]})

    def check_manage(self, obj: Event) -> None:
        if not can_manage_event(self.request.user, obj):
            raise PermissionDenied(_("Only the event's owners and organisers can change it."))

    def render(self, obj) -> dict:
        return r.event_json(obj)

    def list(self, request: Request, *args, **kwargs) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        now = timezone.now()
        return self.get_paginated_response([r.event_json(event, now) for event in page])

    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        return Response(self.render(self.get_object()))

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
    def agenda(self, request: Request, slug=None) -> Response:
        events = visible_events(request.user).only(*r.AGENDA_EVENT_FIELDS)
        event = get_object_or_404(events, slug=slug)
        body = r.cached_agenda_body(event)
        etag = r.agenda_etag(body)
        r.remember_agenda_entry(event, body, etag)
        return r.agenda_response(request, body, etag)

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


def public_agenda_view(drf_view):
    """Wrap the DRF agenda action with a path that serves public agendas from the cache.

    A published or cancelled event's agenda is the same for everyone, so when the cache
    holds it (``render.remember_agenda_entry``) a plain GET is answered without SQL and
    without DRF's per-request work, with the headers DRF would add. Anything else (a
    miss, a draft, a request carrying credentials DRF must check, another method) goes
    to the DRF action, which keeps the schema entry and the permission semantics.
    """
    allow = ", ".join(
        m.upper() for m in ("get", "head", "options") if m in EventViewSet.http_method_names
    )

    @csrf_exempt
    def view(request: HttpRequest, slug: str) -> HttpResponse:
        if request.method in ("GET", "HEAD") and "HTTP_AUTHORIZATION" not in request.META:
            hit = r.public_agenda_entry(slug)
            if hit is not None:
                response = r.agenda_response(request, *hit)
                response["Allow"] = allow
                patch_vary_headers(response, ("Accept",))
                return response
        return drf_view(request, slug=slug)

    return view


def _anonymous_json_get(request: HttpRequest) -> bool:
    """A GET whose answer cannot depend on who asks: no credentials, JSON wanted."""
    return (
        request.method in ("GET", "HEAD")
        and "HTTP_AUTHORIZATION" not in request.META
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and request.META.get("HTTP_ACCEPT", "*/*") in ("*/*", "application/json", "")
        # DRF's test client authenticates by marking the request instead.
        and getattr(request, "_force_auth_user", None) is None
    )


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


# Pages this process has seen, by key (which holds the list version, so they cannot go
# stale by more than the version read does: models.AGENDA_LOCAL_SECONDS).
_LOCAL_LISTS: dict[str, tuple] = {}


def _keep_list(key: str, entry: tuple) -> None:
    if len(_LOCAL_LISTS) >= 256:
        _LOCAL_LISTS.clear()
    _LOCAL_LISTS[key] = entry


def public_event_list_view(drf_view):
    """Wrap the DRF event list with a cache of the anonymous answers.

    Anonymous readers all get the same page for the same query and host, so it is
    kept under the global event list version (``models.bump_event_list_version``) for
    at most a minute, and never past the next moment a row's phase or application
    window changes. Signed-in readers (who may also see drafts), writes, other formats
    and clock-bound filters go to DRF as before.
    """

    @csrf_exempt
    def view(request: HttpRequest) -> HttpResponse:
        if not _anonymous_json_get(request) or _UNCACHED_LIST_PARAMS & set(request.GET):
            return drf_view(request)
        try:
            query = "&".join(sorted(request.GET.urlencode().split("&")))
            # Hashed: a long text search must not make an over-long key.
            where = hashlib.blake2b(
                f"{request.scheme}://{request.get_host()}?{query}".encode(), digest_size=16
            ).hexdigest()
            key = f"programmes:event-list:1:{event_list_version()}:{where}"
            entry = _LOCAL_LISTS.get(key)
            if entry is None:
                entry = cache.get(key)
                if entry is not None:
                    _keep_list(key, entry)
        except DisallowedHost:
            raise
        except Exception:  # noqa: BLE001 - a cache outage only costs the rendering
            logger.warning("event list cache read failed", exc_info=True)
            return drf_view(request)
        now = timezone.now()
        if entry is not None and now < entry[2]:  # the expiry is checked here too: clocks jump
            body, headers, _until = entry
            response = HttpResponse(body)
            for name, value in headers:
                response[name] = value
            return response
        response = drf_view(request)
        if response.status_code == 200 and isinstance(response, Response):
            response.render()
            timeout = _next_change(response.data["results"], now)
            headers = [(h, response[h]) for h in ("Content-Type", "Allow", "Vary") if h in response]
            if timeout >= 1:
                try:
                    until = now + dt.timedelta(seconds=timeout)
                    entry = (response.content, headers, until)
                    _keep_list(key, entry)
                    cache.set(key, entry, timeout=int(timeout))
                except Exception:  # noqa: BLE001 - as above
                    logger.warning("event list cache write failed", exc_info=True)
        return response

    return view


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


# --- organisations -----------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Organisations you belong to",
        responses={200: s.OrganisationSerializer(many=True), 403: E403},
    ),
    retrieve=extend_schema(
        summary="One of your organisations",
        responses={200: s.OrganisationSerializer, 403: E403, 404: E404},
    ),
    create=extend_schema(
        summary="Create an organisation (you become its owner)",
        request=s.OrganisationInputSerializer,
        responses={201: s.OrganisationSerializer, 400: E400, 403: E403},
    ),
    partial_update=extend_schema(
        summary="Change an organisation",
        request=s.OrganisationInputSerializer,
        responses={200: s.OrganisationSerializer, **WRITE_ERRORS},
    ),
)
class OrganisationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = [IsAuthenticated]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    serializer_class = s.OrganisationSerializer
    pagination_class = Pagination
    queryset = Organisation.objects.none()

    def get_queryset(self) -> QuerySet[Organisation]:
        return Organisation.objects.filter(
            pk__in=member_organisation_ids(self.request.user)
        ).order_by("name", "pk")

    def create(self, request: Request) -> Response:
        serializer = s.OrganisationInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        organisation = services.organisation_create(owner=request.user, **serializer.validated_data)
        return Response(self.get_serializer(organisation).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, slug=None) -> Response:
        organisation = self.get_object()
        if not can_manage_organisation(request.user, organisation):
            raise PermissionDenied(_("Only owners and organisers can change this."))
        serializer = s.OrganisationInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if "slug" in data:
            raise ValidationError({"slug": [_("This cannot be changed.")]})
        services.organisation_update(organisation=organisation, data=data)
        return Response(self.get_serializer(organisation).data)

    @extend_schema(
        methods=["GET"],
        summary="Members of an organisation",
        responses={200: s.MembershipSerializer(many=True), 403: E403, 404: E404},
    )
    @extend_schema(
        methods=["POST"],
        summary="Add a member (owners only)",
        request=s.MembershipCreateSerializer,
        responses={201: s.MembershipSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def members(self, request: Request, slug=None) -> Response:
        organisation = self.get_object()
        if request.method == "GET":
            rows = organisation.memberships.select_related("user").order_by("pk")
            return Response(s.MembershipSerializer(rows, many=True).data)
        serializer = s.MembershipCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        membership = services.membership_add(
            organisation=organisation,
            user=serializer.validated_data["email"],
            role=serializer.validated_data["role"],
            by=request.user,
        )
        return Response(s.MembershipSerializer(membership).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        methods=["PATCH"],
        summary="Change a member's role (owners only)",
        request=s.MembershipChangeSerializer,
        responses={200: s.MembershipSerializer, **WRITE_ERRORS},
    )
    @extend_schema(
        methods=["DELETE"],
        summary="Remove a member (owners only)",
        responses={204: None, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["patch", "delete"], url_path=r"members/(?P<membership_id>[0-9]+)")
    def member(self, request: Request, slug=None, membership_id=None) -> Response:
        organisation = self.get_object()
        membership = get_object_or_404(
            Membership.objects.select_related("user", "organisation"),
            pk=membership_id,
            organisation=organisation,
        )
        if request.method == "DELETE":
            services.membership_remove(membership=membership, by=request.user)
            return Response(status=status.HTTP_204_NO_CONTENT)
        serializer = s.MembershipChangeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        membership = services.membership_change(
            membership=membership, role=serializer.validated_data["role"], by=request.user
        )
        return Response(s.MembershipSerializer(membership).data)
