"""A multipart parser that tells the view which file name the client really sent.

Django trims directories from upload names ("../../x.pdf" -> "x.pdf"). For
applicants' documents we want to refuse such a name with a 400 instead, so the
service sees it as ``uploaded.client_name``; the name is only ever kept as metadata
(files are stored under a random name), so nothing here reaches the file system.
"""

from __future__ import annotations

import html
import os

from django.http.multipartparser import MultiPartParser as DjangoMultiPartParser
from django.http.multipartparser import MultiPartParserError
from rest_framework.exceptions import ParseError
from rest_framework.parsers import DataAndFiles
from rest_framework.parsers import MultiPartParser as DRFMultiPartParser
from rest_framework.settings import api_settings


class _RawNameMultiPartParser(DjangoMultiPartParser):
    """Records each name as sent; UploadedFile itself keeps only the basename."""

    def sanitize_file_name(self, file_name):
        raw = "".join(ch for ch in html.unescape(file_name) if ch.isprintable())
        self.raw_names = [*getattr(self, "raw_names", []), raw]
        return super().sanitize_file_name(file_name)


def _attach_client_names(files, raw_names: list[str]) -> None:
    remaining = list(raw_names)
    for uploaded in (f for _key, values in files.lists() for f in values):
        for raw in remaining:
            if os.path.basename(raw.replace("\\", "/")) == uploaded.name or raw.endswith(
                uploaded.name
            ):
                uploaded.client_name = raw
                remaining.remove(raw)
                break


class RawNameMultiPartParser(DRFMultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        request = parser_context["request"]
        encoding = parser_context.get("encoding", api_settings.UNICODE_JSON and "utf-8")
        meta = request.META.copy()
        meta["CONTENT_TYPE"] = media_type
        try:
            parser = _RawNameMultiPartParser(meta, stream, request.upload_handlers, encoding)
            data, files = parser.parse()
            _attach_client_names(files, getattr(parser, "raw_names", []))
            return DataAndFiles(data, files)
        except MultiPartParserError as exc:
            raise ParseError(f"Multipart form parse error - {exc}") from exc
