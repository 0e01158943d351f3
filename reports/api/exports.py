"""The export API: the same registry, rules, privacy and audit as the export page
(``reports.services.exports``), for an organisation's other systems.

``GET events/<slug>/exports/`` lists the exports the caller may run;
``GET events/<slug>/exports/<name>.<fmt>`` runs one: a small one streams at once (200,
the file), a large one becomes a background job (202, the job); its status and progress
are at ``events/<slug>/exports/jobs/<id>/`` and, once ready, its file at ``.../download/``.
An export that takes filters (the listing names them) reads them from the query string.
Running an export is a read (a read-only token may do it); each run is audited by the
service. Reviewers and staff get a 403 (the export's rule), outsiders a 404.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.errors import BridgesError
from backend.files import private_file_response
from backend.permissions import HasRule
from programmes.models import Event
from programmes.selectors import visible_events

from .. import services
from ..exports import REGISTRY, exports_for, get_export, writers
from ..models import ExportFormat, ExportRun, RunStatus

ERRORS = {
    400: OpenApiResponse(description="A format this export does not offer."),
    403: OpenApiResponse(description="Not allowed (not one of the event's organisers)."),
    404: OpenApiResponse(description="No such event, export or job."),
}


class FileOrJsonNegotiation(DefaultContentNegotiation):
    """A client that asks for the file's own type (``Accept: text/csv``) gets the file,
    not a 406: the renderers only write the JSON answers (the job, the errors)."""

    def select_renderer(self, request, renderers, format_suffix=None):
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except Exception:  # noqa: BLE001 - NotAcceptable: fall back to the first renderer
            return renderers[0], renderers[0].media_type


class ExportSerializer(serializers.Serializer):
    name = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
    formats = serializers.ListField(
        child=serializers.CharField(), help_text="Among csv, xlsx and pdf."
    )
    permission = serializers.CharField(help_text="The named rule the export needs.")
    params = serializers.ListField(
        child=serializers.CharField(),
        help_text="The filters it takes, as query parameters of its download.",
    )


class ExportJobSerializer(serializers.ModelSerializer):
    format = serializers.CharField(help_text="csv, xlsx or pdf.")
    status = serializers.CharField(help_text="queued, running, done or failed.")
    progress = serializers.IntegerField(help_text="Percent of the rows written.")
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ExportRun
        fields = [
            "id",
            "export",
            "format",
            "sensitive",
            "status",
            "rows_total",
            "rows_done",
            "progress",
            "error",
            "created_at",
            "finished_at",
            "download_url",
        ]

    def get_download_url(self, run: ExportRun) -> str | None:
        if run.status != RunStatus.DONE or not run.storage_name:
            return None
        return reverse("reports-export-job-download", args=[run.event.slug, run.pk])


class ExportOptionsSerializer(serializers.Serializer):
    sensitive = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Include the sensitive columns (never a protected minor's). Logged.",
    )


def _filter_parameters() -> list[OpenApiParameter]:
    """The exports' filters (registered when the apps are ready, before the URLs load)."""
    names = sorted({name for export in REGISTRY.values() for name in export.param_names})
    return [
        OpenApiParameter(
            name,
            str,
            OpenApiParameter.QUERY,
            description="A filter of the exports that list it in their params.",
        )
        for name in names
    ]


def _event(request, slug: str) -> Event:
    return get_object_or_404(visible_events(request.user, Event.objects.all()), slug=slug)


class EventExportsView(APIView):
    permission_classes = [HasRule]
    object_rules = {"GET": "reports.run_export"}

    @extend_schema(
        responses={200: ExportSerializer(many=True), 403: ERRORS[403], 404: ERRORS[404]},
        tags=["reports"],
    )
    def get(self, request, slug: str):
        event = _event(request, slug)
        self.check_object_permissions(request, event)
        rows = [
            {
                "name": e.name,
                "title": str(e.title),
                "description": str(e.description),
                "formats": list(e.formats),
                "permission": e.permission,
                "params": list(e.param_names),
            }
            for e in exports_for(request.user, event)
        ]
        return Response(ExportSerializer(rows, many=True).data)


def file_response(download: services.Download) -> StreamingHttpResponse:
    """The streamed file of a run made at once, private and with its row count."""
    response = StreamingHttpResponse(download.chunks, content_type=download.content_type)
    response["Content-Disposition"] = f'attachment; filename="{download.filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Export-Rows"] = str(download.run.rows_total)
    return response


def registry_download(request, event: Event, name: str, fmt: str, **options):
    """The registry's export ``name`` for an API address another app keeps (its rule,
    privacy, audit entry and streaming): the file, or 202 with the job when it is
    large. BridgesError and PermissionDenied go to DRF's handlers (400, 403)."""
    result = services.export_stream(user=request.user, event=event, name=name, fmt=fmt, **options)
    if isinstance(result, ExportRun):
        data = ExportJobSerializer(result).data
        headers = {"Location": reverse("reports-export-job", args=[event.slug, result.pk])}
        return Response(data, status=status.HTTP_202_ACCEPTED, headers=headers)
    return file_response(result)


class EventExportRunView(APIView):
    # The export's own rule is asked by the service (a 403 for reviewers and staff).
    permission_classes = [HasRule]
    object_rules: dict[str, str] = {}
    content_negotiation_class = FileOrJsonNegotiation

    @extend_schema(
        operation_id="events_exports_run",
        parameters=[
            ExportOptionsSerializer,
            OpenApiParameter("fmt", str, OpenApiParameter.PATH, enum=ExportFormat.values),
            *_filter_parameters(),
        ],
        responses={
            **{
                (200, writers.CONTENT_TYPES[f].split(";")[0]): OpenApiTypes.BINARY
                for f in "csv xlsx pdf".split()
            },
            202: OpenApiResponse(
                ExportJobSerializer, description="Large: running in the background."
            ),
            **ERRORS,
        },
        tags=["reports"],
    )
    def get(self, request, slug: str, name: str, fmt: str):
        event = _event(request, slug)
        options = ExportOptionsSerializer(data=request.query_params)
        options.is_valid(raise_exception=True)
        try:
            return registry_download(
                request,
                event,
                name,
                fmt,
                sensitive=options.validated_data["sensitive"],
                params=request.query_params,
            )
        except BridgesError as exc:
            if exc.code == "unknown_export":
                raise NotFound(exc.message) from None
            raise


def _job(request, slug: str, pk: int) -> ExportRun:
    """The event's run, for someone who may run that export now (asked again, as the
    page's link does); 404 for an unknown run, 403 for a member without the rule."""
    event = _event(request, slug)
    run = get_object_or_404(ExportRun.objects.select_related("event"), pk=pk, event=event)
    export = get_export(run.export)
    if export is None or not request.user.has_perm(export.permission, event):
        raise PermissionDenied
    return run


class ExportJobView(APIView):
    permission_classes = [HasRule]
    object_rules: dict[str, str] = {}

    @extend_schema(
        responses={200: ExportJobSerializer, 403: ERRORS[403], 404: ERRORS[404]},
        tags=["reports"],
    )
    def get(self, request, slug: str, pk: int):
        return Response(ExportJobSerializer(_job(request, slug, pk)).data)


class ExportJobDownloadView(APIView):
    permission_classes = [HasRule]
    object_rules: dict[str, str] = {}
    content_negotiation_class = FileOrJsonNegotiation

    @extend_schema(
        responses={
            **{
                (200, writers.CONTENT_TYPES[f].split(";")[0]): OpenApiTypes.BINARY
                for f in "csv xlsx pdf".split()
            },
            409: OpenApiResponse(description="The job is not finished."),
            403: ERRORS[403],
            404: ERRORS[404],
        },
        tags=["reports"],
    )
    def get(self, request, slug: str, pk: int):
        run = _job(request, slug, pk)
        name = services.export_file_for(user=request.user, run=run)
        return private_file_response(
            name,
            content_type=writers.CONTENT_TYPES.get(run.format),
            filename=f"{run.event.slug}-{run.export}.{run.format}",
            as_attachment=True,
        )
