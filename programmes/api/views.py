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
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import condition
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
from ..caching import (
    AGENDA_CACHE_SECONDS,
    AGENDA_EVENT_FIELDS,
    agenda_version,
    cached,
    event_list_version,
)
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
)
from ..permissions import (
    can_manage_event,
    can_manage_organisation,
    can_view_event,
    member_organisation_ids,
    visible_events,
)
from . import serializers as s


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
