"""An application's documents: upload, download (permission-checked), delete."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.errors import BridgesError
from backend.files import private_file_response

from ... import selectors, services
from .. import serializers as s
from ..parsers import RawNameMultiPartParser
from .common import (
    ERRORS,
    _own_application,
)


class ApplicationDocumentsView(APIView):
    parser_classes = [RawNameMultiPartParser]
    throttle_scope = "uploads"

    @extend_schema(
        request={"multipart/form-data": s.DocumentUploadSerializer},
        responses={201: s.DocumentSerializer, **ERRORS},
        tags=["documents"],
        description="Upload a PDF, JPEG or PNG (type checked by content; size limit "
        "UPLOAD_MAX_BYTES). Names with a folder path are refused.",
    )
    def post(self, request, pk: int):
        application = _own_application(request, pk)
        unknown = sorted(set(request.data.keys()) - {"file", "kind"})
        if unknown:
            raise ValidationError({name: [_("This field cannot be set here.")] for name in unknown})
        uploaded = request.FILES.get("file")
        if uploaded is None:
            raise BridgesError(_("Choose a file to upload."), code="required", field="file")
        kind = request.data.get("kind") or "other"
        document = services.document_upload(
            owner=request.user, uploaded=uploaded, kind=kind, application=application
        )
        return Response(s.DocumentSerializer(document).data, status=status.HTTP_201_CREATED)


class DocumentDownloadView(APIView):
    @extend_schema(
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY, 404: ERRORS[404]},
        tags=["documents"],
        description="The file, to its owner and to the event's organisers and reviewers.",
    )
    def get(self, request, pk: int):
        document = selectors.document_for_download(pk)
        if document is None or not request.user.has_perm(
            "participants.download_document", document
        ):
            raise NotFound()
        return private_file_response(
            document.storage_name,
            content_type=document.content_type,
            filename=document.original_name,
            as_attachment=True,
        )


class DocumentDetailView(APIView):
    @extend_schema(
        responses={204: None, **ERRORS}, tags=["documents"], description="Delete your document."
    )
    def delete(self, request, pk: int):
        document = selectors.document_for_download(pk)
        if document is None or document.owner_id != request.user.pk:
            raise NotFound()
        services.document_delete(document=document, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
