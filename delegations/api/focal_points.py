"""A partner's focal points through the API: list them (with the pending invitations) and
name one by name and address through ``services.focal_point_add``, as the organiser's
partner page does. Organisers of the partner's organisation only; anyone else gets a 404
(the partner's existence is not confirmed)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import services
from ..models import Partner
from ..services.focal_points import pending_invitations
from .views import ERRORS


class FocalPointInputSerializer(serializers.Serializer):
    # Checked by the service, which names the field (one path for the page and the API).
    name = serializers.CharField(allow_blank=True, trim_whitespace=False)
    email = serializers.CharField(allow_blank=True)


class FocalPointUserSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.EmailField()


class PendingFocalPointSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    email = serializers.EmailField()
    created_at = serializers.DateTimeField()


class FocalPointsSerializer(serializers.Serializer):
    focal_points = FocalPointUserSerializer(many=True)
    pending = PendingFocalPointSerializer(many=True)


class FocalPointAddedSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["linked", "invited"])
    created = serializers.BooleanField()
    user = serializers.IntegerField(allow_null=True)
    invitation = serializers.IntegerField(allow_null=True)


def _partner(request, pk: int) -> Partner:
    partner = get_object_or_404(Partner.objects.select_related("organisation"), pk=pk)
    if not request.user.has_perm("delegations.manage_partner", partner):
        raise NotFound
    return partner


class PartnerFocalPointsView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: FocalPointsSerializer, **ERRORS})
    def get(self, request, pk):
        partner = _partner(request, pk)
        data = {
            "focal_points": partner.focal_points.order_by("pk"),
            "pending": pending_invitations(partner),
        }
        return Response(FocalPointsSerializer(data).data)

    @extend_schema(
        request=FocalPointInputSerializer,
        responses={201: FocalPointAddedSerializer, 200: FocalPointAddedSerializer, **ERRORS},
        description="Link the account whose address is verified, or invite the address by "
        "mail; 201 when something was new, 200 when it was already so (no second mail).",
    )
    def post(self, request, pk):
        partner = _partner(request, pk)
        data = FocalPointInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        added = services.focal_point_add(partner=partner, by=request.user, **data.validated_data)
        body = {
            "status": added.status,
            "created": added.created,
            "user": added.user.pk if added.user is not None else None,
            "invitation": added.invitation.pk if added.invitation is not None else None,
        }
        return Response(
            FocalPointAddedSerializer(body).data,
            status=status.HTTP_201_CREATED if added.created else status.HTTP_200_OK,
        )


class PartnerFocalPointInvitationView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=None,
        responses={204: None, **ERRORS},
        description="Withdraw a pending focal-point invitation: its link no longer works. "
        "An accepted invitation is a 409; an unknown, expired or withdrawn one a 404.",
    )
    def delete(self, request, pk, invitation_pk):
        partner = _partner(request, pk)
        invitation = pending_invitations(partner).filter(pk=invitation_pk).first()
        if invitation is None:
            accepted = partner.focal_point_invitations.filter(
                pk=invitation_pk, accepted_at__isnull=False
            ).first()
            if accepted is None:
                raise NotFound
            invitation = accepted  # the service refuses it (409)
        services.focal_point_invitation_withdraw(invitation=invitation, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
