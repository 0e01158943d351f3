"""The API's JSON parser: refuses what the database or Python cannot hold, as a 400."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError, ValidationError

# Deeper than any body we accept; the limit keeps serializers and JSON fields from
# recursing into a body built to exhaust the stack.
MAX_DEPTH = 32


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, refusing bodies nested deeper than MAX_DEPTH and strings with a
    NUL character (PostgreSQL's text cannot store one: it was a DataError, a 500)."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise ParseError(_("JSON nested too deeply.")) from exc
        check_json(data)
        return data


def check_json(data) -> None:
    """Raise a 400 naming the field that holds a NUL character, nested as DRF nests a
    serializer's errors (``{"answers": {"17": [...]}}``), or a ParseError when ``data``
    nests deeper than MAX_DEPTH. Iterative, so the check itself never recurses."""
    pending: list[tuple[object, tuple[str, ...]]] = [(data, ())]
    while pending:
        value, path = pending.pop()
        if len(path) > MAX_DEPTH:
            raise ParseError(_("JSON nested too deeply."))
        if isinstance(value, dict):
            items = value.items()
        elif isinstance(value, list):
            items = enumerate(value)
        else:
            if isinstance(value, str) and "\x00" in value:
                raise _nul_error(path)
            continue
        for key, item in items:
            if isinstance(key, str) and "\x00" in key:
                raise _nul_error(path)
            pending.append((item, (*path, str(key))))


def _nul_error(path: tuple[str, ...]) -> ValidationError:
    # The house error format (backend.errors.BridgesError.as_dict); BridgesError itself
    # can't be raised here: DRF imports this parser before backend.errors is loaded.
    detail: object = [_("Text may not contain a NUL character (\\u0000).")]
    for key in reversed(path[1:]):
        detail = {key: detail}
    return ValidationError(
        {path[0] if path else "non_field_errors": detail, "code": "null_character"}
    )
