"""``/api/v1/events/<slug>/delegation-settings/``: the event's protocol and deadline
settings (substitution cut-off, reply-by date, letter drawn by lot, host and chair
placement, seating layout), read and changed by its organisers through
``services.delegation_settings_update``. Times without an offset are read in the event's
zone; answers give them in that zone, with its name."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from programmes.models import Event

from .. import services
from ..enums import ChairPlacement, SeatingLayout
from ..models import DelegationSettings, EventPartner
from .views import ERRORS

ZONED = ("nomination_cutoff", "reply_by")


def _zoned(serializer: serializers.Serializer, event: Event | None) -> None:
    if event is not None:
        for name in ZONED:
            serializer.fields[name].timezone = event.zone


class DelegationSettingsSerializer(serializers.ModelSerializer):
    time_zone = serializers.CharField(source="event.time_zone", read_only=True)

    class Meta:
        model = DelegationSettings
        fields = [
            "nomination_cutoff",
            "reply_by",
            "time_zone",
            "drawn_letter",
            "host_first",
            "chair",
            "chair_placement",
            "seating_layout",
            "meeting_language",
        ]
        read_only_fields = fields

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _zoned(self, self.context.get("event"))


class DelegationSettingsInputSerializer(serializers.Serializer):
    """Every field optional (PATCH). ``chair``: one of the event's delegations, or null."""

    nomination_cutoff = serializers.DateTimeField(required=False, allow_null=True)
    reply_by = serializers.DateTimeField(required=False, allow_null=True)
    drawn_letter = serializers.CharField(max_length=1, required=False, allow_blank=True)
    host_first = serializers.BooleanField(required=False)
    chair = serializers.PrimaryKeyRelatedField(
        queryset=EventPartner.objects.none(), required=False, allow_null=True
    )
    chair_placement = serializers.ChoiceField(choices=ChairPlacement.choices, required=False)
    seating_layout = serializers.ChoiceField(choices=SeatingLayout.choices, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        event = self.context.get("event")
        _zoned(self, event)
        if event is not None:
            self.fields["chair"].queryset = EventPartner.objects.filter(event=event)

    def validate(self, attrs):
        unknown = sorted(set(getattr(self, "initial_data", {}) or {}) - set(self.fields))
        if unknown:
            raise serializers.ValidationError(
                {unknown[0]: [_("This field cannot be changed here.")]}, code="unknown_field"
            )
        return attrs


class DelegationSettingsView(APIView):
    permission_classes = [IsAuthenticated]

    def _event(self, request, slug: str) -> Event:
        event = get_object_or_404(Event, slug=slug)
        if not request.user.has_perm("delegations.manage_delegations", event):
            raise PermissionDenied
        return event

    @extend_schema(responses={200: DelegationSettingsSerializer, **ERRORS})
    def get(self, request, slug):
        event = self._event(request, slug)
        row = services.settings_for(event)
        return Response(DelegationSettingsSerializer(row, context={"event": event}).data)

    @extend_schema(
        request=DelegationSettingsInputSerializer,
        responses={200: DelegationSettingsSerializer, **ERRORS},
    )
    def patch(self, request, slug):
        event = self._event(request, slug)
        data = DelegationSettingsInputSerializer(data=request.data, context={"event": event})
        data.is_valid(raise_exception=True)
        row = services.delegation_settings_update(
            event=event, data=dict(data.validated_data), by=request.user
        )
        return Response(DelegationSettingsSerializer(row, context={"event": event}).data)
