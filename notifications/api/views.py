"""Thin API views: parse, check permission, call a service, render."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import GenericAPIView, ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from programmes.models import Event

from .. import selectors, services
from ..filters import BroadcastFilter, InboxFilter, TemplateOverrideFilter
from ..models import Message, TemplateOverride
from .serializers import (
    BroadcastInSerializer,
    BroadcastPreviewSerializer,
    BroadcastSerializer,
    InboxMessageSerializer,
    PreferencesSerializer,
    RenderedSerializer,
    TemplateOverrideInSerializer,
    TemplateOverrideSerializer,
)

ERRORS = {400: OpenApiResponse(description="Bad input; the body names the field.")}
ORGANISER_ERRORS = {
    **ERRORS,
    403: OpenApiResponse(description="Not an organiser of this event."),
    404: OpenApiResponse(description="No such event."),
}


class InboxView(ListAPIView):
    serializer_class = InboxMessageSerializer
    filterset_class = InboxFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return Message.objects.none()
        return selectors.inbox_messages(user=self.request.user)


class InboxReadView(APIView):
    @extend_schema(
        request=None,
        responses={200: InboxMessageSerializer, 404: OpenApiResponse(description="Not yours.")},
    )
    def post(self, request, pk: int):
        message = services.inbox_mark_read(user=request.user, message_id=pk)
        return Response(InboxMessageSerializer(message).data)


class InboxReadAllView(APIView):
    @extend_schema(
        request=None, responses={200: OpenApiResponse(description='{"marked": <count>}')}
    )
    def post(self, request):
        return Response({"marked": services.inbox_mark_all_read(user=request.user)})


class PreferencesView(APIView):
    @extend_schema(responses={200: PreferencesSerializer})
    def get(self, request):
        disabled = sorted(selectors.user_opt_outs(user=request.user))
        return Response(PreferencesSerializer({"disabled_kinds": disabled}).data)

    @extend_schema(request=PreferencesSerializer, responses={200: PreferencesSerializer, **ERRORS})
    def put(self, request):
        serializer = PreferencesSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        disabled = services.optouts_set(
            user=request.user, disabled_kinds=serializer.validated_data["disabled_kinds"]
        )
        return Response(PreferencesSerializer({"disabled_kinds": sorted(disabled)}).data)


class _EventManagerMixin:
    def managed_event(self, request, event_id: int) -> Event:
        event = get_object_or_404(Event, pk=event_id)
        if not request.user.has_perm("notifications.manage_messages", event):
            raise PermissionDenied("Only the event's organisers can do this.")
        return event


class _EventListMixin(_EventManagerMixin):
    """GET lists the event's rows (unpaginated), narrowed by ``filterset_class``."""

    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no event
            return self.filterset_class._meta.model.objects.none()
        event = self.managed_event(self.request, self.kwargs["event_id"])
        return self.event_rows(event=event)

    def get(self, request, event_id: int):
        rows = self.filter_queryset(self.get_queryset())
        return Response(self.get_serializer(rows, many=True).data)


class TemplateOverrideListView(_EventListMixin, GenericAPIView):
    serializer_class = TemplateOverrideSerializer
    filterset_class = TemplateOverrideFilter
    event_rows = staticmethod(selectors.event_template_overrides)

    @extend_schema(responses={200: TemplateOverrideSerializer(many=True), **ORGANISER_ERRORS})
    def get(self, request, event_id: int):
        return super().get(request, event_id)

    @extend_schema(
        request=TemplateOverrideInSerializer,
        responses={200: TemplateOverrideSerializer, **ORGANISER_ERRORS},
        description="Create or replace the override for (kind, language). Preview first with .../preview/.",
    )
    def post(self, request, event_id: int):
        event = self.managed_event(request, event_id)
        data = TemplateOverrideInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        override = services.template_override_save(
            event=event, by=request.user, **data.validated_data
        )
        return Response(TemplateOverrideSerializer(override).data)


class TemplateOverridePreviewView(_EventManagerMixin, APIView):
    @extend_schema(
        request=TemplateOverrideInSerializer,
        responses={200: RenderedSerializer, **ORGANISER_ERRORS},
    )
    def post(self, request, event_id: int):
        event = self.managed_event(request, event_id)
        data = TemplateOverrideInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(
            services.template_preview(event=event, user=request.user, **data.validated_data)
        )


class TemplateOverrideDetailView(_EventManagerMixin, APIView):
    @extend_schema(responses={204: None, **ORGANISER_ERRORS})
    def delete(self, request, event_id: int, pk: int):
        event = self.managed_event(request, event_id)
        override = get_object_or_404(TemplateOverride, pk=pk, event=event)
        services.template_override_delete(override=override)
        return Response(status=status.HTTP_204_NO_CONTENT)


class BroadcastListView(_EventListMixin, GenericAPIView):
    serializer_class = BroadcastSerializer
    filterset_class = BroadcastFilter
    event_rows = staticmethod(selectors.event_broadcasts)

    @extend_schema(responses={200: BroadcastSerializer(many=True), **ORGANISER_ERRORS})
    def get(self, request, event_id: int):
        return super().get(request, event_id)

    @extend_schema(
        request=BroadcastInSerializer,
        responses={201: BroadcastSerializer, **ORGANISER_ERRORS},
        description="Send now: one outbox row per recipient, delivered throttled.",
    )
    def post(self, request, event_id: int):
        event = self.managed_event(request, event_id)
        data = BroadcastInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        broadcast = services.broadcast_send(event=event, by=request.user, **data.validated_data)
        return Response(BroadcastSerializer(broadcast).data, status=status.HTTP_201_CREATED)


class BroadcastPreviewView(_EventManagerMixin, APIView):
    @extend_schema(
        request=BroadcastInSerializer,
        responses={200: BroadcastPreviewSerializer, **ORGANISER_ERRORS},
    )
    def post(self, request, event_id: int):
        event = self.managed_event(request, event_id)
        data = BroadcastInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(
            services.broadcast_preview(event=event, user=request.user, **data.validated_data)
        )
