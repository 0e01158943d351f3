"""The organisers' list of an event's applications (filtered by ApplicationFilter) and
its CSV and XLSX exports.
"""

from __future__ import annotations

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.generics import ListAPIView
from rest_framework.views import APIView

from ... import exports, selectors
from ...filters import ApplicationFilter
from ...models import Application
from .. import serializers as s
from .common import (
    ERRORS,
    _managed_event,
)


class EventApplicationsView(ListAPIView):
    serializer_class = s.OrganiserApplicationListSerializer
    filterset_class = ApplicationFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Application.objects.none()
        event = _managed_event(self.request, self.kwargs["slug"])
        return selectors.event_applications(event).select_related("event")

    @extend_schema(tags=["organisers"])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class EventApplicationsCSVView(APIView):
    @extend_schema(
        responses={(200, "text/csv"): OpenApiTypes.BINARY, **ERRORS}, tags=["organisers"]
    )
    def get(self, request, slug: str):
        event = _managed_event(request, slug)
        response = HttpResponse(
            exports.applications_csv(event), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{event.slug}-applications.csv"'
        return response


class EventApplicationsXLSXView(APIView):
    @extend_schema(
        responses={
            (
                200,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ): OpenApiTypes.BINARY,
            **ERRORS,
        },
        tags=["organisers"],
    )
    def get(self, request, slug: str):
        event = _managed_event(request, slug)
        response = HttpResponse(
            exports.applications_xlsx(event),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{event.slug}-applications.xlsx"'
        return response
