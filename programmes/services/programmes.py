"""Programmes: an organisation's series of events."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from audit.services import log_action, removed, snapshot
from backend.content_language import content_columns
from backend.services import save_checked as _save
from backend.services import set_fields as _set_fields

from ..caching import event_list_bump_version
from ..models import Organisation, Programme
from ..translation import PROGRAMME_TEXTS
from .common import unique_slug

PROGRAMME_FIELDS = frozenset({"title", "slug", "description"}) | content_columns(*PROGRAMME_TEXTS)


@transaction.atomic
def programme_create(
    *,
    organisation: Organisation,
    title: str,
    slug: str = "",
    description: str = "",
    **texts: str,
) -> Programme:
    """``texts``: the title and description in other languages (``title_fr=...``)."""
    programme = Programme(
        organisation=organisation,
        title=title,
        description=description,
        slug=slug or unique_slug(Programme, title, organisation=organisation),
    )
    _set_fields(programme, texts, content_columns(*PROGRAMME_TEXTS))
    _save(programme)
    log_action(programme, "programmes.programme.created", before=dict.fromkeys(PROGRAMME_FIELDS))
    return programme


@transaction.atomic
def programme_update(*, programme: Programme, data: dict[str, Any]) -> Programme:
    before = snapshot(programme, data.keys() & PROGRAMME_FIELDS)
    changed = _set_fields(programme, data, PROGRAMME_FIELDS)
    if changed:
        _save(programme, update_fields=changed)
        log_action(programme, "programmes.programme.changed", before=before)
        event_list_bump_version()  # event rows name their programme
    return programme


@transaction.atomic
def programme_delete(*, programme: Programme) -> None:
    """Delete a programme; its events stay and lose the link (``SET_NULL``)."""
    changes = removed(programme, ("title", "slug"))
    log_action(programme, "programmes.programme.deleted", data={"changes": changes})
    programme.delete()
    event_list_bump_version()
