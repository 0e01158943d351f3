"""Legs, country quotas and sessions: as visible as their event, changed by its managers."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticatedOrReadOnly
from rest_framework.request import Request
from rest_framework.response import Response

from ... import services
from ...filters import GenderQuotaFilter, LegFilter, QuotaFilter, SessionFilter
from ...models import CountryQuota, Event, GenderQuota, Leg, Person, Session
from ...selectors import visible_events
from .. import serializers as s
from .base import WRITE_ERRORS, WriteViewSet, crud_schema


class EventOwnedViewSet(WriteViewSet):
    """Legs, quotas and sessions: as visible as their event, changed by its managers."""

    permission_classes = [IsAuthenticatedOrReadOnly]
    parent_field = "event"
    model: type

    def get_queryset(self) -> QuerySet:
        events = visible_events(self.request.user).values("pk")
        return self.model.objects.filter(event_id__in=events).select_related("event").order_by("pk")

    def check_parent(self, event: Event) -> None:
        if not self.request.user.has_perm("programmes.view_event", event):
            raise ValidationError({"event": [_("No such event.")]})
        if not self.request.user.has_perm("programmes.change_event", event):
            raise PermissionDenied({"event": [_("You do not manage this event.")]})

    def check_manage(self, obj) -> None:
        if not self.request.user.has_perm("programmes.change_event", obj.event):
            raise PermissionDenied(_("Only the event's owners and organisers can change this."))


@crud_schema("legs", s.LegSerializer, s.LegInputSerializer, public=True)
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


@crud_schema("country quotas", s.QuotaSerializer, s.QuotaInputSerializer, public=True)
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


@crud_schema("seats per gender", s.GenderQuotaSerializer, s.GenderQuotaInputSerializer, public=True)
class GenderQuotaViewSet(EventOwnedViewSet):
    model = GenderQuota
    output_serializer = s.GenderQuotaSerializer
    input_serializer = s.GenderQuotaInputSerializer
    filterset_class = GenderQuotaFilter
    queryset = GenderQuota.objects.none()

    def service_create(self, parent, data):
        return services.gender_quota_create(event=parent, **data)

    def service_update(self, obj, data):
        return services.gender_quota_update(quota=obj, data=data)

    def service_delete(self, obj):
        services.gender_quota_delete(quota=obj)


@crud_schema("sessions", s.SessionSerializer, s.SessionInputSerializer, public=True)
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
