"""Team invitations in the API (/api/v1/): the same services and rules as the team page.
Members themselves are the programmes API's (organisations/<slug>/members/)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from programmes.api.serializers.organisations import MembershipSerializer
from programmes.api.views.base import E403, E404, WRITE_ERRORS
from programmes.models import Organisation

from . import selectors, services
from .models import Invitation


class InvitationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Invitation
        fields = ["id", "email", "role", "created_at", "expires_at"]


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
