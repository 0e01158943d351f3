"""Organiser-written text in each of an event's working languages (issue 17).

Texts are stored per language by django-modeltranslation: a registered field ``title``
gets one column per interface language (``title_en``, ``title_fr``, ``title_ko``,
``title_th``, ``title_vi``) and ``event.title`` reads the active language's column.
Each app registers its own fields in ``<app>/translation.py`` with ``register_content``.

The one rule of what a reader sees lives here, in ``fallback_order``: the language asked
for, then the event's working languages in their order (the first one is the language the
organiser writes in first), then English, then any other language that has a text. So a
text given only in the event's first language shows in every language, and nothing shows
empty while some language has it. Pages, the API, PDFs and mails all read the fields
through the same descriptor (``ContentFieldDescriptor``), so they cannot disagree; a mail
or PDF in another language than the request's reads them under
``translation.override(language)``.

Which event's languages: an ``Event`` uses its own ``working_languages``; a session, leg or
question uses its event's when that event is already loaded on it (``select_related`` or
an assignment), never with a query of its own, so lists keep their number of queries.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q
from django.utils import translation
from modeltranslation import settings as mt_settings
from modeltranslation.fields import TranslationFieldDescriptor
from modeltranslation.translator import TranslationOptions, translator
from modeltranslation.utils import build_localized_fieldname, get_language


def content_languages() -> list[str]:
    """Every language a text can be written in (the interface languages)."""
    return list(mt_settings.AVAILABLE_LANGUAGES)


def fallback_order(
    language: str | None, working_languages: Sequence[str] = (), *, any_language: bool = True
) -> list[str]:
    """The languages to try, in order, for a reader of ``language``.

    >>> fallback_order("vi", ["fr", "en"])
    ['vi', 'fr', 'en', 'ko', 'th']

    Without ``any_language`` the order stops at English (a choice's label then falls
    back to the choice's own value rather than to a language the event does not use).
    """
    available = content_languages()
    rest = available if any_language else ()
    order = [language or "", *working_languages, settings.LANGUAGE_CODE, *rest]
    seen: list[str] = []
    for code in order:
        if code in available and code not in seen:
            seen.append(code)
    return seen


def working_languages_of(instance: models.Model) -> list[str]:
    """The event's working languages for an event, or for an object whose event is loaded."""
    own = instance.__dict__.get("working_languages")
    if own is not None:
        return list(own)
    event = _loaded_event(instance)
    if event is not None:
        return list(event.__dict__.get("working_languages") or ())
    return []


def _loaded_event(instance: models.Model):
    """The object's event when it is already loaded (never a query of its own)."""
    # values()/values_list() read through a stand-in object that is no model instance.
    meta = getattr(instance, "_meta", None)
    if meta is None:
        return None
    try:
        field = meta.get_field("event")
    except FieldDoesNotExist:
        return None
    return field.get_cached_value(instance, default=None) if field.is_relation else None


def first_language(instance: models.Model) -> str:
    """The language an organiser writes the event in first (English when none is set)."""
    languages = [code for code in working_languages_of(instance) if code in content_languages()]
    return languages[0] if languages else settings.LANGUAGE_CODE


def _has_text(value) -> bool:
    return value not in (None, "", [], {})


class ContentFieldDescriptor(TranslationFieldDescriptor):
    """modeltranslation's descriptor with the fallback of ``fallback_order``.

    Writing (``event.title = "..."``) still sets the active language's column, as
    modeltranslation does; reading falls back by the event's working languages.

    A list of labels (a question's ``choice_labels``: one label per stored choice) falls
    back label by label, through the reader's language, the event's working languages and
    English only; a label none of them gives reads "" and the form shows the choice's
    value, never a label in a language the reader did not ask for and the event does not
    use.
    """

    def __get__(self, instance, owner):
        if instance is None:
            return self
        name = self.field.name
        labels = isinstance(self.field, models.JSONField)
        order = fallback_order(
            get_language(), working_languages_of(instance), any_language=not labels
        )
        values = [getattr(instance, build_localized_fieldname(name, code), None) for code in order]
        if labels:
            return _labels_by_position(values) or self.field.get_default()
        for value in values:
            if _has_text(value):
                return value
        return self.field.get_default()


def _labels_by_position(lists: Sequence[object]) -> list:
    """Each position's first label with a text, in the order of ``lists`` ("" for none)."""
    lists = [value for value in lists if isinstance(value, list)]
    size = max((len(value) for value in lists), default=0)
    return [
        next((value[i] for value in lists if i < len(value) and str(value[i] or "").strip()), "")
        for i in range(size)
    ]


def register_content(model: type[models.Model], fields: Iterable[str]) -> None:
    """Register ``fields`` of ``model`` for per-language columns, read with our fallback.

    Called from each app's ``translation.py`` (modeltranslation imports those modules
    when Django starts).
    """
    fields = tuple(fields)
    options = type(f"{model.__name__}ContentTranslation", (TranslationOptions,), {"fields": fields})
    translator.register(model, options)
    for name in fields:
        setattr(model, name, ContentFieldDescriptor(model._meta.get_field(name)))


def translated_fields(model: type[models.Model]) -> tuple[str, ...]:
    """The registered fields of ``model`` (empty when it has none)."""
    if model not in translator.get_registered_models(abstract=False):
        return ()
    return tuple(translator.get_options_for_model(model).fields)


def column(field: str, language: str) -> str:
    """``column("title", "fr")`` -> ``"title_fr"``."""
    return build_localized_fieldname(field, language)


def content_columns(*fields: str) -> frozenset[str]:
    """Every language's column of ``fields``: what a service may set beside the fields
    (``EVENT_FIELDS | content_columns("title", ...)``)."""
    return frozenset(column(field, code) for field in fields for code in content_languages())


def in_every_language(field: str, text) -> dict[str, str]:
    """An interface text (``gettext_lazy``) as the columns of ``field`` in every language:
    ``{"label_en": "Why ...", "label_fr": "Pourquoi ...", ...}``, for texts Bridges writes
    for the organiser (a default question), which the organiser may then edit."""
    columns = {}
    for code in content_languages():
        with translation.override(code):
            columns[column(field, code)] = str(text)
    return columns


def contains_in_any_language(field: str, word: str) -> Q:
    """A text search in every language's column of ``field`` (``programme__title`` too):
    a reader finds an event by the words of any of its languages, and modeltranslation's
    own lookup would search only the active language's column, without fallback."""
    condition = Q()
    for code in content_languages():
        condition |= Q(**{f"{column(field, code)}__icontains": word})
    return condition


def translations(instance: models.Model, field: str) -> dict[str, object]:
    """Every language's own text of one field, without fallback (empty ones left out)."""
    result = {}
    for code in content_languages():
        value = getattr(instance, column(field, code), None)
        if _has_text(value):
            result[code] = value
    return result


def set_translations(instance: models.Model, field: str, values: dict[str, object]) -> None:
    """Set the given languages' texts of one field (not saved); others are kept.

    An empty value clears that language (it then falls back)."""
    empty = instance._meta.get_field(field).get_default()
    for code, value in values.items():
        if code not in content_languages():
            raise ValueError(code)
        setattr(instance, column(field, code), value if _has_text(value) else empty)
    # The untranslated column follows the first language, so ordering by it and the
    # admin's lists show the text the organiser wrote first.
    first = getattr(instance, column(field, first_language(instance)), None)
    if _has_text(first):
        instance.__dict__[field] = first


def missing_languages(
    instance: models.Model, fields: Iterable[str], languages: Sequence[str]
) -> dict[str, list[str]]:
    """For each field that has a text in some language: the working languages without one.

    A field empty in every language (an optional description nobody wrote) is not
    counted as untranslated.
    """
    missing = {}
    for field in fields:
        given = translations(instance, field)
        if not given:
            continue
        absent = [code for code in languages if code in content_languages() and code not in given]
        if absent:
            missing[field] = absent
    return missing


def untranslated_counts(event_ids: Iterable[int]) -> dict[int, int]:
    """How many texts of each event lack a working language: the event's own and those
    of every registered model with an ``event`` (sessions, legs, questions, ...).

    One query for the events and one per registered model, whatever the number of events:
    the back office's event lists call it with all their events' ids. A text counts once
    per language it lacks.
    """
    from django.apps import apps

    event_model = apps.get_model("programmes", "Event")
    event_ids = list(event_ids)
    counts = dict.fromkeys(event_ids, 0)
    if not event_ids:
        return counts
    event_fields = translated_fields(event_model)
    languages: dict[int, list[str]] = {}
    for event in event_model.objects.filter(pk__in=event_ids).only(
        "pk", "working_languages", *_columns(event_fields)
    ):
        languages[event.pk] = list(event.working_languages or []) or [settings.LANGUAGE_CODE]
        counts[event.pk] += _count(event, event_fields, languages[event.pk])
    for model in translator.get_registered_models(abstract=False):
        fields = translated_fields(model)
        if model is event_model or not fields or not _has_event(model):
            continue
        rows = (
            model._base_manager.filter(event_id__in=event_ids)
            .order_by()
            .only("pk", "event_id", *_columns(fields))
        )
        for row in rows:
            counts[row.event_id] += _count(row, fields, languages.get(row.event_id, []))
    return counts


def _has_event(model: type[models.Model]) -> bool:
    try:
        field = model._meta.get_field("event")
    except Exception:  # noqa: BLE001 - FieldDoesNotExist: the model belongs to no event
        return False
    return field.is_relation and field.related_model._meta.label == "programmes.Event"


def _columns(fields: Iterable[str]) -> list[str]:
    return [column(field, code) for field in fields for code in content_languages()]


def _count(instance: models.Model, fields: Iterable[str], languages: Sequence[str]) -> int:
    return sum(len(absent) for absent in missing_languages(instance, fields, languages).values())
