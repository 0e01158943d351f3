"""A multipart parser that hands the client's file name over unchanged.

Django trims directories from upload names ("../../x.pdf" -> "x.pdf"). For
applicants' documents we want to refuse such a name with a 400 instead, so the
service sees what the client really sent; the name is only ever kept as metadata
(files are stored under a random name), so nothing here reaches the file system.
"""

from __future__ import annotations

import html

from django.http.multipartparser import MultiPartParser as DjangoMultiPartParser
from django.http.multipartparser import MultiPartParserError
from rest_framework.exceptions import ParseError
from rest_framework.parsers import DataAndFiles
from rest_framework.parsers import MultiPartParser as DRFMultiPartParser
from rest_framework.settings import api_settings


class _RawNameMultiPartParser(DjangoMultiPartParser):
    def sanitize_file_name(self, file_name):
        file_name = html.unescape(file_name)
        file_name = "".join(ch for ch in file_name if ch.isprintable())
        return file_name or None


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
            return DataAndFiles(data, files)
        except MultiPartParserError as exc:
            raise ParseError(f"Multipart form parse error - {exc}") from exc
