"""Team invitations in the API (/api/v1/): the same services and rules as the team page.
Members themselves are the programmes API's (organisations/<slug>/members/)."""

from __future__ import annotations

import zoneinfo

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from backend.permissions import HasRule
from programmes.api.serializers import EventSerializer
from programmes.api.serializers.organisations import MembershipSerializer
from programmes.api.views.base import E403, E404, WRITE_ERRORS
from programmes.enums import CoOrganiserAccess
from programmes.models import Event, Organisation
from programmes.selectors import with_event_relations
from programmes.services import event_roles

from . import copying, selectors, services
from .models import Invitation


class InvitationSerializer(serializers.ModelSerializer):
    event = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Invitation
        fields = ["id", "email", "role", "event", "created_at", "expires_at"]


class InvitationCreateSerializer(serializers.Serializer):
    email = serializers.EmailField()
    role = serializers.ChoiceField(choices=[(r.value, r.label) for r in services.INVITABLE_ROLES])


class InvitationAcceptSerializer(serializers.Serializer):
    token = serializers.CharField(help_text=_("The token at the end of the invitation link."))


class OrganisationInvitationsView(GenericAPIView):
    """Pending invitations of an organisation (owners and organisers); owners invite."""

    permission_classes = [IsAuthenticated]
    serializer_class = InvitationSerializer
    pagination_class = None
    # Only for the schema: the path's slug is an organisation's.
    queryset = Organisation.objects.none()

    def _organisation(self, request: Request, slug: str) -> Organisation:
        organisation = get_object_or_404(Organisation, slug=slug)
        if not request.user.has_perm("programmes.change_organisation", organisation):
            raise Http404
        return organisation

    @extend_schema(responses={200: InvitationSerializer(many=True), 403: E403, 404: E404})
    def get(self, request: Request, slug: str) -> Response:
        invitations = selectors.pending_invitations(self._organisation(request, slug))
        return Response(InvitationSerializer(invitations, many=True).data)

    @extend_schema(
        request=InvitationCreateSerializer, responses={201: InvitationSerializer, **WRITE_ERRORS}
    )
    def post(self, request: Request, slug: str) -> Response:
        organisation = self._organisation(request, slug)
        serializer = InvitationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        invitation = services.invitation_send(
            organisation=organisation, by=request.user, **serializer.validated_data
        )
        return Response(InvitationSerializer(invitation).data, status=status.HTTP_201_CREATED)


class InvitationAcceptView(GenericAPIView):
    """Accept an invitation as the signed-in person (the invited address)."""

    permission_classes = [IsAuthenticated]
    serializer_class = InvitationAcceptSerializer

    @extend_schema(
        request=InvitationAcceptSerializer, responses={201: MembershipSerializer, **WRITE_ERRORS}
    )
    def post(self, request: Request) -> Response:
        serializer = InvitationAcceptSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        invitation = services.invitation_for_token(serializer.validated_data["token"])
        membership = services.invitation_accept(invitation=invitation, user=request.user)
        return Response(MembershipSerializer(membership).data, status=status.HTTP_201_CREATED)


class EventCopySerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    start_date = serializers.DateField(help_text=_("The new event's first day."))
    preview = serializers.BooleanField(
        default=False, help_text=_("Only say what the copy would hold; nothing is written.")
    )


class SessionCopyPreviewSerializer(serializers.Serializer):
    """A session of the copy: its new local time in its zone, with that zone's offset."""

    title = serializers.CharField(source="session.title")
    time_zone = serializers.CharField(source="zone_name")
    starts_at = serializers.SerializerMethodField()
    ends_at = serializers.SerializerMethodField()

    def _local(self, value, row) -> str:
        return value.replace(tzinfo=zoneinfo.ZoneInfo(row.zone_name)).isoformat()

    def get_starts_at(self, row) -> str:
        return self._local(row.starts_at, row)

    def get_ends_at(self, row) -> str:
        return self._local(row.ends_at, row)


class LegCopyPreviewSerializer(serializers.Serializer):
    city = serializers.CharField()
    start_date = serializers.DateField()
    end_date = serializers.DateField()


class CopyPlanSerializer(serializers.Serializer):
    title = serializers.CharField()
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    days = serializers.IntegerField(help_text=_("How many days later the copy is."))
    legs = serializers.SerializerMethodField()
    sessions = SessionCopyPreviewSerializer(many=True)
    venues = serializers.ListField(child=serializers.CharField())
    questions = serializers.ListField(child=serializers.CharField())
    templates = serializers.ListField(child=serializers.CharField())
    quotas = serializers.ListField(child=serializers.CharField())

    def get_legs(self, plan) -> list[dict]:
        rows = [{"city": c, "start_date": s, "end_date": e} for c, s, e in plan.legs]
        return LegCopyPreviewSerializer(rows, many=True).data


class EventCopyView(GenericAPIView):
    """Copy an event of a series to new dates (the organisation's owners and organisers):
    the same service as the back office's copy page, with its preview."""

    permission_classes = [HasRule]
    object_rules = {"POST": "backoffice.copy_event"}
    serializer_class = EventCopySerializer
    queryset = Event.objects.none()

    @extend_schema(
        request=EventCopySerializer,
        responses={200: CopyPlanSerializer, 201: EventSerializer, **WRITE_ERRORS},
    )
    def post(self, request: Request, slug: str) -> Response:
        source = get_object_or_404(Event.objects.select_related("organisation"), slug=slug)
        if not request.user.has_perm("programmes.view_event", source):
            raise Http404
        self.check_object_permissions(request, source)
        serializer = EventCopySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if data.pop("preview"):
            plan = copying.event_copy_plan(source=source, **data)
            return Response(CopyPlanSerializer(plan).data)
        event = copying.event_copy(source=source, by=request.user, **data)
        event = with_event_relations(Event.objects.filter(pk=event.pk)).get()
        body = EventSerializer(event, context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED)


def _event_for(request: Request, view: GenericAPIView, slug: str) -> Event:
    """The event by slug: a 404 to whoever may not see it, then the view's rule (403)."""
    event = get_object_or_404(Event.objects.select_related("organisation"), slug=slug)
    if not request.user.has_perm("programmes.view_event", event):
        raise Http404
    view.check_object_permissions(request, event)
    return event


class EventInvitationsView(GenericAPIView):
    """Pending invitations to one event; its organisers invite people to it as organiser,
    reviewer or staff (the role holds on this event only)."""

    permission_classes = [HasRule]
    object_rules = {"GET": "programmes.change_event", "POST": "programmes.change_event"}
    serializer_class = InvitationSerializer
    pagination_class = None
    queryset = Event.objects.none()

    @extend_schema(responses={200: InvitationSerializer(many=True), 403: E403, 404: E404})
    def get(self, request: Request, slug: str) -> Response:
        event = _event_for(request, self, slug)
        invitations = selectors.pending_invitations(event.organisation, event=event)
        return Response(InvitationSerializer(invitations, many=True).data)

    @extend_schema(
        request=InvitationCreateSerializer, responses={201: InvitationSerializer, **WRITE_ERRORS}
    )
    def post(self, request: Request, slug: str) -> Response:
        event = _event_for(request, self, slug)
        serializer = InvitationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        invitation = services.invitation_send(
            organisation=event.organisation,
            event=event,
            by=request.user,
            **serializer.validated_data,
        )
        return Response(InvitationSerializer(invitation).data, status=status.HTTP_201_CREATED)


class CoOrganiserAccessSerializer(serializers.Serializer):
    access = serializers.ChoiceField(choices=CoOrganiserAccess.choices)


class CoOrganiserAccessView(GenericAPIView):
    """What a co-organising organisation's members may do on the event (its organisers set it)."""

    permission_classes = [HasRule]
    object_rules = {"PUT": "programmes.change_event"}
    serializer_class = CoOrganiserAccessSerializer
    queryset = Event.objects.none()

    @extend_schema(
        request=CoOrganiserAccessSerializer,
        responses={200: CoOrganiserAccessSerializer, **WRITE_ERRORS},
    )
    def put(self, request: Request, slug: str, organisation: str) -> Response:
        event = _event_for(request, self, slug)
        partner = get_object_or_404(Organisation, slug=organisation)
        serializer = CoOrganiserAccessSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        grant = event_roles.co_organiser_access_set(
            event=event, organisation=partner, by=request.user, **serializer.validated_data
        )
        return Response({"access": grant.access})
