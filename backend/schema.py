"""What the OpenAPI schema says beyond each view's own annotations (drf-spectacular).

Imported by backend/urls.py, so the extension is registered before any schema is built.
"""

from __future__ import annotations

from django.conf import settings
from drf_spectacular.extensions import OpenApiSerializerFieldExtension

from .content_language import content_languages
from .i18n import LANGUAGE_PARAMETER


class LocalTimeFieldExtension(OpenApiSerializerFieldExtension):
    """A time of day is local to its venue or event and has no offset ("09:00:00");
    OpenAPI's ``format: time`` is RFC 3339's full-time, which requires one."""

    target_class = "rest_framework.fields.TimeField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        return {
            "type": "string",
            "pattern": r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?$",
            "example": "09:00:00",
        }


def _texts_by_language(field_schema: dict) -> dict:
    return {
        "type": "object",
        "properties": {code: dict(field_schema) for code in content_languages()},
        "additionalProperties": False,
    }


def _text_schema(limit) -> dict:
    if limit == "list":
        return {"type": "array", "items": {"type": "string"}}
    return {"type": "string", **({"maxLength": limit} if limit is not None else {})}


class TranslationsFieldExtension(OpenApiSerializerFieldExtension):
    """``translations`` (read): each translated field's own text in each language."""

    target_class = "backend.content_api.TranslationsField"

    def map_serializer_field(self, auto_schema, direction):
        return {
            "type": "object",
            "description": "Each field's own text in each language that has one (no fallback).",
            "properties": {field: _texts_by_language({}) for field in self.target.content_fields},
        }


class MissingTranslationsFieldExtension(OpenApiSerializerFieldExtension):
    """``missing_translations``: the working languages each written field still lacks."""

    target_class = "backend.content_api.MissingTranslationsField"

    def map_serializer_field(self, auto_schema, direction):
        languages = {"type": "array", "items": {"type": "string", "enum": content_languages()}}
        return {
            "type": "object",
            "description": "For each field that has a text: the event's working languages "
            "without one (readers of those languages see the fallback).",
            "properties": {field: languages for field in self.target.content_fields},
        }


class TranslationsInputFieldExtension(OpenApiSerializerFieldExtension):
    """``translations`` (write): any fields, any languages; an empty text clears one."""

    target_class = "backend.content_api.TranslationsInputField"

    def map_serializer_field(self, auto_schema, direction):
        return {
            "type": "object",
            "description": "Texts by field and language, e.g. "
            '{"title": {"fr": "..."}}; an empty text clears that language.',
            "properties": {
                field: _texts_by_language(_text_schema(limit))
                for field, limit in self.target.content_fields.items()
            },
            "additionalProperties": False,
        }


def _document_languages(operation: dict) -> None:
    """Every answer is in the language asked for: ``?lang=`` first, then the language
    cookie, then ``Accept-Language`` (backend.i18n); organisers' texts fall back to the
    event's first working language (backend.content_language)."""
    languages = [code for code, _name in settings.LANGUAGES]
    parameters = operation.setdefault("parameters", [])
    names = {(p.get("in"), p.get("name")) for p in parameters}
    if ("query", LANGUAGE_PARAMETER) not in names:
        parameters.append(
            {
                "in": "query",
                "name": LANGUAGE_PARAMETER,
                "required": False,
                "schema": {"type": "string", "enum": languages},
                "description": "The language of the answer (texts, messages); wins over "
                "Accept-Language. Organisers' texts missing in it fall back to the event's "
                "first working language.",
            }
        )
    if ("header", "Accept-Language") not in names:
        parameters.append(
            {
                "in": "header",
                "name": "Accept-Language",
                "required": False,
                "schema": {"type": "string", "example": "fr"},
                "description": f"The language of the answer when there is no ?lang= "
                f"({', '.join(languages)}; others give {settings.LANGUAGE_CODE}).",
            }
        )


def document_common_errors(result, generator, request, public):
    """Answers every operation can give whatever its view says: 429 when a rate limit is
    reached (backend.throttling), 404 for a page number past the end of a list, 400 for
    a filter value that can't be read."""
    for methods in result.get("paths", {}).values():
        for operation in methods.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            _document_languages(operation)
            responses = operation["responses"]
            query = {p["name"] for p in operation.get("parameters", []) if p.get("in") == "query"}
            if "page" in query:
                responses.setdefault("404", {"description": "No such page."})
            if query - {"page", "page_size"}:
                # django-filter refuses a filter value it cannot read.
                responses.setdefault(
                    "400", {"description": "Invalid query; the body names each parameter at fault."}
                )
            responses.setdefault(
                "429", {"description": "Too many requests; Retry-After says when to retry."}
            )
    return result
