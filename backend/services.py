"""Steps every app's services share when they change a model from a dict of fields."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .errors import BridgesError, ConflictError


def set_fields(instance, data: dict[str, Any], allowed: frozenset[str]) -> list[str]:
    """Copy ``data`` onto ``instance``; returns the names that changed. A name outside
    ``allowed`` is refused with a 400 naming it, before anything is set."""
    unknown = set(data) - allowed
    if unknown:
        field = sorted(unknown)[0]
        raise BridgesError(_("This field cannot be set here."), code="unknown_field", field=field)
    changed = []
    for name, value in data.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    return changed


def save_checked(instance, *, update_fields: list[str] | None = None) -> None:
    """Validate and save; a constraint hit by a concurrent write becomes a 409."""
    instance.full_clean()
    try:
        # A savepoint, so a constraint caught here does not poison the caller's transaction.
        with transaction.atomic():
            if update_fields is None:
                instance.save()
            else:
                instance.save(update_fields=[*update_fields, *_auto_now_fields(instance)])
    except IntegrityError as exc:
        # full_clean checks constraints first; this is a race with a concurrent write.
        raise ConflictError(
            _("This conflicts with a change made at the same time. Please retry.")
        ) from exc


def _auto_now_fields(instance) -> list[str]:
    return [f.name for f in instance._meta.concrete_fields if getattr(f, "auto_now", False)]
