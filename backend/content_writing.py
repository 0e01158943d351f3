"""Which languages a service writes an event's texts in (issue 17): the rule the create
and update services apply, so that the API, the back-office pages and the admin store the
same thing.

- A text in a language the event does not use (``title_th`` for an English and French
  event) is refused, 400 naming that column, as ``set_fields`` refuses an unknown field.
  Emptying such a column is allowed, and a text already stored in it (written before the
  language was dropped) may be sent back unchanged, as the admin's forms do.
- A plain text (``title``, which modeltranslation writes in the active language's column)
  given while the active language is not one the event uses is the event's first
  language's text: a French page or ``Accept-Language: fr`` never writes French into an
  event without French (its readers fall back, as every other reader does).

An event that names no working languages restricts nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from .content_language import column, content_languages
from .errors import BridgesError


def used_languages(languages: Iterable[str] | None) -> list[str]:
    """The event's working languages that texts can be written in, in their order."""
    known = content_languages()
    return [code for code in (languages or ()) if code in known]


def plain_text_language(languages: Iterable[str] | None) -> str:
    """The language whose column a plain text (``title``) goes to: the active language
    when the event uses it (or names none), else the event's first working language."""
    used = used_languages(languages)
    active = translation.get_language() or ""
    if not used or active in used:
        return active
    return used[0]


def texts_in_languages(
    data: Mapping[str, Any],
    fields: Sequence[str],
    languages: Iterable[str] | None,
    *,
    instance=None,
) -> dict[str, Any]:
    """``data`` held to the event's working ``languages`` (see the module's rule).

    ``fields``: the model's translated fields; ``instance``: the object being changed
    (None when creating). Returns a new dict; raises ``BridgesError`` naming the column.
    """
    used = used_languages(languages)
    data = dict(data)
    if not used:
        return data
    if translation.get_language() not in used:
        for name in fields:
            if name in data:
                # An explicit first-language column wins over the plain text.
                data.setdefault(column(name, used[0]), data.pop(name))
    for name in fields:
        for code in content_languages():
            key = column(name, code)
            if code in used or key not in data or not _has_text(data[key]):
                continue
            if instance is not None and getattr(instance, key, None) == data[key]:
                continue
            raise BridgesError(
                _("The event does not use this language: add it to its working languages first."),
                code="unused_language",
                field=key,
            )
    return data


def _has_text(value) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    return value not in (None, [], {})
