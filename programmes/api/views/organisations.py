"""Organisations with their members, and the rows they own: programmes, venues, people
(visible to the organisation's members only)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from ... import services
from ...filters import OrganisationFilter, PersonFilter, ProgrammeFilter, VenueFilter
from ...models import Membership, Organisation, Person, Programme, Venue
from ...selectors import member_organisation_ids
from .. import serializers as s
from .base import E400, E403, E404, WRITE_ERRORS, Pagination, WriteViewSet, crud_schema


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
        if not self.request.user.has_perm("programmes.change_organisation", organisation):
            raise PermissionDenied({"organisation": [_("You do not manage this organisation.")]})

    def check_manage(self, obj) -> None:
        if not self.request.user.has_perm("programmes.change_organisation", obj):
            raise PermissionDenied(_("Only owners and organisers can change this."))


@crud_schema("programmes", s.ProgrammeSerializer, s.ProgrammeInputSerializer)
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


@crud_schema("venues", s.VenueSerializer, s.VenueInputSerializer)
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


@crud_schema("people", s.PersonSerializer, s.PersonInputSerializer)
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
    filterset_class = OrganisationFilter

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
        if not request.user.has_perm("programmes.change_organisation", organisation):
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
