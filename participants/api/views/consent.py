"""Guardian consent: the organisers correct the guardian; the guardian's public page
reads the request and gives consent.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from ... import services
from .. import serializers as s
from .common import (
    ERRORS,
    _application,
    _render_application,
)


class ApplicationGuardianView(APIView):
    @extend_schema(
        request=s.GuardianChangeInputSerializer,
        responses={200: s.OrganiserApplicationSerializer, **ERRORS},
        tags=["organisers"],
        description="The event's organisers correct a minor's parent or guardian while "
        "consent is awaited; a fresh consent link goes to the new address and earlier "
        "links stop working. The applicant cannot change these once consent is asked for.",
    )
    def post(self, request, pk: int):
        application = _application(request, pk)
        if not request.user.has_perm("participants.manage_applications", application.event):
            raise PermissionDenied(_("Only the event's organisers can do this."))
        serializer = s.GuardianChangeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        note = data.pop("note", "")
        services.application_guardian_change(
            application=application, by=request.user, guardian=data, note=note
        )
        return Response(_render_application(request, application))


class ConsentView(APIView):
    """The guardian's side: public, the signed expiring token is the credential."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_scope = "codes"  # a token look-up: guesses are limited per address

    @extend_schema(
        responses={
            200: s.ConsentRequestSerializer,
            404: ERRORS[404],
            410: OpenApiResponse(description="Expired."),
        },
        tags=["guardian consent"],
    )
    def get(self, request, token: str):
        return Response(
            s.ConsentRequestSerializer(services.guardian_consent_from_token(token=token)).data
        )

    @extend_schema(
        request=s.ConsentGiveInputSerializer,
        responses={
            200: s.ConsentRequestSerializer,
            **ERRORS,
            410: OpenApiResponse(description="Expired."),
        },
        tags=["guardian consent"],
        description="Record consent (who, when, from which address, which text version).",
    )
    def post(self, request, token: str):
        serializer = s.ConsentGiveInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        consent = services.guardian_consent_give(
            token=token,
            ip=request.META.get("REMOTE_ADDR"),
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
        )
        return Response(s.ConsentRequestSerializer(consent).data)
