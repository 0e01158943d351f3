"""The signed-in person's own things: profile, photo, data export, account deletion,
their applications.
"""

from __future__ import annotations

from django.contrib.auth import logout
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from ... import selectors, services
from ...filters import MyApplicationFilter
from ...models import Application
from .. import serializers as s
from ..parsers import RawNameMultiPartParser
from .common import (
    ERRORS,
)


class MeProfileView(APIView):
    @extend_schema(responses={200: s.ProfileSerializer}, tags=["me"])
    def get(self, request):
        return Response(s.ProfileSerializer(services.profile_for(request.user)).data)

    @extend_schema(
        request=s.ProfileInputSerializer,
        responses={200: s.ProfileSerializer, **ERRORS},
        tags=["me"],
    )
    def put(self, request):
        return self._update(request)

    @extend_schema(
        request=s.ProfileInputSerializer,
        responses={200: s.ProfileSerializer, **ERRORS},
        tags=["me"],
    )
    def patch(self, request):
        return self._update(request)

    def _update(self, request):
        serializer = s.ProfileInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        profile = services.profile_update(user=request.user, data=serializer.validated_data)
        return Response(s.ProfileSerializer(profile).data)


class MeProfilePhotoView(APIView):
    parser_classes = [RawNameMultiPartParser]

    @extend_schema(
        request={"multipart/form-data": s.PhotoUploadSerializer},
        responses={200: s.ProfileSerializer, **ERRORS},
        tags=["me"],
        description="Set the profile photo: JPEG or PNG (type checked by content; size "
        "limit PHOTO_MAX_BYTES), re-encoded as a thumbnail. Served only through "
        "photo_url, to the owner and to the organisations whose events they applied to.",
    )
    def post(self, request):
        unknown = sorted(set(request.data.keys()) - {"photo"})
        if unknown:
            raise ValidationError({name: [_("This field cannot be set here.")] for name in unknown})
        profile = services.profile_photo_set(user=request.user, uploaded=request.FILES.get("photo"))
        return Response(s.ProfileSerializer(profile).data)

    @extend_schema(request=None, responses={204: None}, tags=["me"])
    def delete(self, request):
        services.profile_photo_delete(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(APIView):
    @extend_schema(
        request=s.AccountDeleteInputSerializer,
        responses={204: None, 400: ERRORS[400]},
        tags=["me"],
        description="Delete the account: personal data erased, applications anonymised. "
        "Requires the current password.",
    )
    def delete(self, request):
        serializer = s.AccountDeleteInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.account_delete(user=request.user, password=serializer.validated_data["password"])
        if hasattr(request, "session"):
            logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeExportView(APIView):
    @extend_schema(
        responses={200: OpenApiTypes.OBJECT},
        tags=["me"],
        description="All personal data held about you, as JSON.",
    )
    def get(self, request):
        response = Response(services.my_data_export(request.user))
        response["Content-Disposition"] = 'attachment; filename="bridges-my-data.json"'
        return response


class MyApplicationsView(ListAPIView):
    serializer_class = s.MyApplicationSerializer
    filterset_class = MyApplicationFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Application.objects.none()
        return selectors.my_applications(self.request.user)

    @extend_schema(tags=["me"])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
