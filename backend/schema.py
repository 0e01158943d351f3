"""What the OpenAPI schema says beyond each view's own annotations (drf-spectacular).

Imported by backend/urls.py, so the extension is registered before any schema is built.
"""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiSerializerFieldExtension


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


def document_common_errors(result, generator, request, public):
    """Answers every operation can give whatever its view says: 429 when a rate limit is
    reached (backend.throttling), 404 for a page number past the end of a list, 400 for
    a filter value that can't be read."""
    for methods in result.get("paths", {}).values():
        for operation in methods.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
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
