"""Organiser forms with every working language of a text side by side (issue 17).

Use ``ContentLanguagesMixin`` on a ``ModelForm`` (or plain ``Form``) of a model whose
fields are registered in ``<app>/translation.py``::

    class SessionForm(ContentLanguagesMixin, forms.ModelForm):
        content_fields = ("title", "description")

        class Meta:
            model = Session
            fields = ["title", "description", "starts_at", "ends_at"]

    form = SessionForm(request.POST or None, instance=session,
                       languages=event.working_languages)
    if form.is_valid():
        services.session_update(session=session, data=form.content_data() | {...})

Each field named in ``content_fields`` is replaced by one field per working language
(``title_en``, ``title_fr``, ...), in the event's order: the first language keeps the
field's ``required``, the others are optional (a reader of a missing language sees the
first one: ``backend.content_language.fallback_order``). ``content_data()`` gives those
columns for the services, which accept them (``EVENT_FIELDS | content_columns(...)``);
a ``ModelForm``'s ``save()`` also sets them on the instance.

In the template, ``{% include "content/language_fields.html" with group=group %}`` for
each ``group`` of ``form.content_groups`` renders the languages of one field next to each
other (one column each on a wide screen, stacked on a phone), each with its language's
``lang`` attribute, and marks the untranslated ones (a badge with their number on the
field, a note on each empty language). ``form.untranslated`` is ``{field: [languages]}``
for the page's own summary. All words come from here (backend's catalogue), so the
template has none to translate.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from django import forms
from django.conf import settings
from django.utils.translation import get_language_info, gettext, ngettext

from .content_language import column, content_languages, missing_languages


@dataclass
class LanguageItem:
    code: str
    name: str
    field: forms.BoundField
    first: bool
    missing: bool
    note: str = ""


@dataclass
class ContentGroup:
    name: str
    label: str
    items: list[LanguageItem] = field(default_factory=list)
    badge: str = ""
    help_text: str = ""

    @property
    def missing(self) -> list[str]:
        return [item.code for item in self.items if item.missing]


class ContentLanguagesMixin:
    """Replace each of ``content_fields`` by one field per working language (see module)."""

    content_fields: tuple[str, ...] = ()

    def __init__(self, *args, languages=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.content_languages = [
            code for code in (languages or []) if code in content_languages()
        ] or [settings.LANGUAGE_CODE]
        instance = getattr(self, "instance", None)
        for name in self.content_fields:
            base = self.fields.pop(name)
            for position, code in enumerate(self.content_languages):
                language_field = copy.deepcopy(base)
                language_field.required = base.required and position == 0
                language_field.label = f"{base.label} ({_language_name(code)})"
                language_field.widget.attrs.update({"lang": code})
                if instance is not None and instance.pk:
                    language_field.initial = getattr(instance, column(name, code), None) or ""
                self.fields[column(name, code)] = language_field

    @property
    def untranslated(self) -> dict[str, list[str]]:
        """For each field with a text in some language: the working languages without one
        (as submitted when the form is bound, else as stored)."""
        missing = {}
        for name in self.content_fields:
            values = {code: self._language_value(name, code) for code in self.content_languages}
            if any(values.values()):
                absent = [code for code, value in values.items() if not value]
                if absent:
                    missing[name] = absent
        return missing

    @property
    def content_groups(self) -> list[ContentGroup]:
        untranslated = self.untranslated
        groups = []
        for name in self.content_fields:
            first = self.fields[column(name, self.content_languages[0])]
            label = str(first.label).rsplit(" (", 1)[0]
            group = ContentGroup(name=name, label=label, help_text=first.help_text)
            for position, code in enumerate(self.content_languages):
                missing = code in untranslated.get(name, [])
                if missing:  # the note says why the field is marked, to screen readers too
                    widget = self.fields[column(name, code)].widget
                    widget.attrs["aria-describedby"] = f"{self[column(name, code)].auto_id}_note"
                group.items.append(
                    LanguageItem(
                        code=code,
                        name=_language_name(code),
                        field=self[column(name, code)],
                        first=position == 0,
                        missing=missing,
                        note=gettext("Not translated yet: readers see %(language)s.")
                        % {"language": _language_name(self.content_languages[0])}
                        if missing
                        else "",
                    )
                )
            if group.missing:
                group.badge = _badge(len(group.missing))
            groups.append(group)
        return groups

    def content_data(self) -> dict[str, object]:
        """The cleaned texts as columns (``{"title_en": ..., "title_fr": ...}``)."""
        return {
            column(name, code): self.cleaned_data.get(column(name, code)) or ""
            for name in self.content_fields
            for code in self.content_languages
        }

    def _post_clean(self):
        # A ModelForm validates its instance: give it the texts first (the untranslated
        # column follows the first language, as the services' writes do).
        instance = getattr(self, "instance", None)
        if instance is not None and hasattr(self, "cleaned_data"):
            for name in self.content_fields:
                for code in reversed(self.content_languages):
                    key = column(name, code)
                    if key in self.cleaned_data:
                        setattr(instance, key, self.cleaned_data[key])
                        if code == self.content_languages[0]:
                            instance.__dict__[name] = self.cleaned_data[key]
        super()._post_clean()

    def _language_value(self, name: str, code: str):
        bound = self[column(name, code)]
        value = bound.value() if self.is_bound else bound.initial
        return value.strip() if isinstance(value, str) else value


def untranslated_badge(instance, fields, languages) -> str:
    """The badge of a saved object (a row of a list): how many working languages lack
    one of its texts at least, or "" when none does."""
    languages = [code for code in languages or [] if code in content_languages()]
    absent = set()
    for codes in missing_languages(instance, fields, languages).values():
        absent.update(codes)
    return _badge(len(absent)) if absent else ""


def _badge(count: int) -> str:
    return ngettext(
        "%(count)d language untranslated", "%(count)d languages untranslated", count
    ) % {"count": count}


def _language_name(code: str) -> str:
    return str(get_language_info(code)["name_translated"])
