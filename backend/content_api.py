"""Organisers' texts in every language through the API (issue 17).

A translated field (``title``) is read and written in the request's language (``?lang=``,
else the language cookie or ``Accept-Language``), with the fallback of
``backend.content_language.fallback_order``. Beside it:

- ``translations`` (read): each field's own text in each language that has one,
  ``{"title": {"en": "...", "fr": "..."}}``, and ``missing_translations``: for each field
  that has a text, the event's working languages still without one (what the organiser
  has left to translate);
- ``translations`` (write): the same shape, any languages at once; an empty string clears
  a language (it then falls back). The serializer flattens it into the model's columns
  (``title_fr``) for the services.

Their OpenAPI shapes are written by ``backend.schema`` (one object per field, one string
per language).
"""

from __future__ import annotations

from django.db.models import JSONField
from django.utils.translation import gettext as _
from rest_framework import serializers

from .content_language import (
    column,
    content_languages,
    missing_languages,
    translations,
    working_languages_of,
)

# A translated field whose value in each language is a list of texts.
LIST = "list"


class TranslationsField(serializers.Field):
    """Read-only: ``{field: {language: text}}`` for the instance's translated ``fields``."""

    def __init__(self, fields: tuple[str, ...], **kwargs):
        self.content_fields = tuple(fields)
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, instance):
        return {field: translations(instance, field) for field in self.content_fields}


class MissingTranslationsField(TranslationsField):
    """Read-only: ``{field: [language, ...]}``, the working languages a written field lacks."""

    def to_representation(self, instance):
        # The instance's event when loaded with it, else the view's event (context).
        event = self.context.get("event")
        if event is None and getattr(instance, "event_id", None):
            event = instance.event  # one object's answer: its event, read once
        languages = working_languages_of(instance) or (
            working_languages_of(event) if event is not None else []
        )
        return missing_languages(instance, self.content_fields, languages or ["en"])


class TranslationsInputField(serializers.Field):
    """Write-only ``{field: {language: text}}``; validated into ``{"title_fr": text}``.

    Each text is held to its model field's length; a JSON field (the labels of a
    question's choices) takes a list of texts.
    """

    def __init__(self, model, fields: tuple[str, ...], **kwargs):
        self.content_fields = {name: _limit(model._meta.get_field(name)) for name in fields}
        kwargs.setdefault("required", False)
        kwargs["write_only"] = True
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, dict):
            raise serializers.ValidationError(
                _("Give an object: each field with its texts by language.")
            )
        columns = {}
        for field, texts in data.items():
            if field not in self.content_fields:
                raise serializers.ValidationError(
                    _("“%(field)s” has no translations here.") % {"field": field}
                )
            if not isinstance(texts, dict):
                raise serializers.ValidationError(
                    _("“%(field)s”: give its texts by language.") % {"field": field}
                )
            for code, text in texts.items():
                if code not in content_languages():
                    raise serializers.ValidationError(
                        _("“%(field)s”: not a language this site has: %(code)s.")
                        % {"field": field, "code": code}
                    )
                columns[column(field, code)] = self._text(field, code, text)
        return columns

    def _text(self, field: str, code: str, text):
        limit = self.content_fields[field]
        if limit == LIST:
            if not isinstance(text, list) or not all(isinstance(item, str) for item in text):
                raise serializers.ValidationError(
                    _("“%(field)s” in %(code)s: give a list of texts.")
                    % {"field": field, "code": code}
                )
            return [item.strip() for item in text]
        if not isinstance(text, str):
            raise serializers.ValidationError(
                _("“%(field)s” in %(code)s: give a text.") % {"field": field, "code": code}
            )
        if limit is not None and len(text) > limit:
            raise serializers.ValidationError(
                _("“%(field)s” in %(code)s: at most %(limit)d characters.")
                % {"field": field, "code": code, "limit": limit}
            )
        return text.strip()


def _limit(field) -> int | str | None:
    if isinstance(field, JSONField):
        return LIST
    return field.max_length


class TranslationsInputMixin:
    """For input serializers with a ``translations`` field: its columns join the data."""

    def validate(self, attrs):
        attrs = super().validate(attrs)
        attrs.update(attrs.pop("translations", None) or {})
        return attrs
