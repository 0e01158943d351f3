"""The organisers' list of an event's applications (filtered by ApplicationFilter) and
its CSV and XLSX exports (run through the reports export registry).
"""

from __future__ import annotations

from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from ... import selectors
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


def _registry_download(request, slug: str, fmt: str):
    """The old export URLs (documented API) run the export registry's ``applications``
    list: its privacy rules (a minor awaiting a guardian's consent has no birth date or
    phone), its audit entry and its streaming. Sensitive columns stay in as before unless
    ``?sensitive=0``; past the registry's size limit the run is queued (202)."""
    from reports import services as reports  # reports depends on participants

    event = _managed_event(request, slug)
    sensitive = request.query_params.get("sensitive", "1").lower() not in ("0", "false", "off")
    result = reports.export_stream(
        user=request.user, event=event, name="applications", fmt=fmt, sensitive=sensitive
    )
    if not isinstance(result, reports.Download):
        return Response({"run": result.pk, "status": result.status}, status=202)
    response = StreamingHttpResponse(result.chunks, content_type=result.content_type)
    response["Content-Disposition"] = f'attachment; filename="{result.filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Export-Rows"] = str(result.run.rows_total)
    return response


class EventApplicationsCSVView(APIView):
    @extend_schema(
        responses={(200, "text/csv"): OpenApiTypes.BINARY, **ERRORS}, tags=["organisers"]
    )
    def get(self, request, slug: str):
        return _registry_download(request, slug, "csv")


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
        return _registry_download(request, slug, "xlsx")
