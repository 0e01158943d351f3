"""Helpers for page tests: find the part of the page that belongs to one form field."""

from __future__ import annotations

from django.test import Client

_CONTAINERS = {
    '<div class="field': "</div>",
    '<p class="field': "</p>",
    "<fieldset": "</fieldset>",
    "<td": "</td>",
}


def browser(user) -> Client:
    """A logged-in browser (no API token): pages check the session."""
    client = Client()
    client.force_login(user)
    return client


def field_container(html: str, field_id: str) -> str:
    """The markup around the input (or fieldset) with ``id=field_id``: the nearest
    ``div.field``, ``p.field``, ``fieldset`` or table cell holding it, with its label and errors.

    Fails the test when the page has no such field."""
    at = html.find(f'id="{field_id}"')
    assert at >= 0, f"no field with id {field_id!r} on the page"
    start, opening = max((html.rfind(o, 0, at), o) for o in _CONTAINERS)
    assert start >= 0, f"the field {field_id!r} is not inside a field container"
    end = html.index(_CONTAINERS[opening], at)
    return html[start : end + len(_CONTAINERS[opening])]
