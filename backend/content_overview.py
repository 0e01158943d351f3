"""What an event's organisers have not translated yet, per working language, and where to
fix it (issue 17): the back office's event overview shows it.

``untranslated_summary(event)`` counts the texts (one field of one row) of the event, of
every registered model with an ``event`` (sessions, legs, questions, ...), of the venues
its sessions use, and of its message templates, that have a text in some language but not
in a working language (``content_language.missing_languages``, the rule the editors mark
with). One query per model whatever the number of rows (the caller asserts it).

The pages that fix each model are named here by URL name, reversed lazily (backend
imports no app); a model with no page of its own, or an app not installed, shows its
count without a link.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from modeltranslation.translator import translator

from .content_forms import _language_name
from .content_language import (
    _columns,
    _has_event,
    content_languages,
    missing_languages,
    translated_fields,
)

# model label -> URL name of the page that edits its texts (args: the event's slug).
FIX_PAGES = {
    "programmes.Event": "backoffice:event-basics",
    "programmes.Leg": "backoffice:event-dates",
    "programmes.Venue": "backoffice:event-venues",
    "programmes.Session": "scheduling:agenda-editor",
    "participants.Question": "application-form-builder",
    "participants.Questionnaire": "form-builder",
    "delegations.Partner": "delegations:organise-partners",
    "delegations.DelegationSettings": "delegations:organise-letter",
    "delegations.MeetingDocument": "delegations:organise-documents",
    "logistics.LetterSettings": "logistics:letter-settings",
    "logistics.RoomBlock": "logistics:rooms",
    "surveys.Survey": "surveys:list",
    "notifications.TemplateOverride": "notifications:message-template-languages",
}

# model label -> the attribute naming the form a row belongs to (None: the application form).
FORM_KEYS = {"participants.Question": "questionnaire_id", "participants.Questionnaire": "pk"}


@dataclass
class Place:
    label: str
    count: int
    url: str = ""


@dataclass
class LanguageSummary:
    code: str
    name: str
    count: int = 0
    places: list[Place] = field(default_factory=list)

    @property
    def text(self) -> str:
        if not self.count:
            return gettext("%(language)s: every text is translated.") % {"language": self.name}
        return ngettext(
            "%(language)s: %(count)d text not translated yet",
            "%(language)s: %(count)d texts not translated yet",
            self.count,
        ) % {"language": self.name, "count": self.count}


@dataclass
class Summary:
    """What the overview shows (its words come from here: backend's catalogue)."""

    languages: list[LanguageSummary]
    heading: str = field(default_factory=lambda: gettext("Translations"))
    intro: str = field(
        default_factory=lambda: gettext(
            "Texts without a working language show readers of that language the first "
            "language's text. Follow a link to write them."
        )
    )


def untranslated_summary(event) -> Summary | None:
    """For each working language of ``event``: how many texts lack it, and where (None
    for an event with one working language)."""
    languages = [code for code in (event.working_languages or []) if code in content_languages()]
    if len(languages) < 2:
        return None
    # (model label, form key) -> language -> count
    counts: dict[tuple[str, object], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    models = {}

    def add(row, fields, key):
        label = row._meta.label
        models[label] = type(row)
        for absent in missing_languages(row, fields, languages).values():
            for code in absent:
                counts[(label, key)][code] += 1

    event_model = type(event)
    add(event, translated_fields(event_model), None)
    for model in translator.get_registered_models(abstract=False):
        fields = translated_fields(model)
        if model is event_model or not fields:
            continue
        if _has_event(model):
            rows = model._base_manager.filter(event_id=event.pk)
        elif model._meta.label == "programmes.Venue":
            rows = model._base_manager.filter(sessions__event_id=event.pk).distinct()
        else:
            continue
        # A follow-up form's or survey's questions are fixed in that form's builder.
        key = FORM_KEYS.get(model._meta.label)
        extra = [key] if key else []
        for row in rows.order_by().only("pk", *extra, *_columns(fields)):
            add(row, fields, getattr(row, key) if key else None)
    _count_templates(event, languages, counts, models)
    return _summaries(event, languages, counts, models)


def _count_templates(event, languages, counts, models) -> None:
    """Message templates are rows per language (notifications.TemplateOverride): a kind
    with a template in some working language lacks the others."""
    try:
        model = apps.get_model("notifications", "TemplateOverride")
    except LookupError:
        return
    models[model._meta.label] = model
    given = defaultdict(set)
    for kind, language in model.objects.filter(event_id=event.pk).values_list("kind", "language"):
        given[kind].add(language)
    for languages_given in given.values():
        if not languages_given & set(languages):
            continue
        for code in languages:
            if code not in languages_given:
                counts[(model._meta.label, None)][code] += 1


def _summaries(event, languages, counts, models) -> Summary:
    summaries = []
    for code in languages:
        summary = LanguageSummary(code=code, name=_language_name(code))
        for (label, key), by_language in sorted(counts.items(), key=lambda item: str(item[0])):
            count = by_language.get(code, 0)
            if not count:
                continue
            summary.count += count
            summary.places.append(
                Place(_place_label(models[label], key), count, _fix_url(event, label, key))
            )
        summaries.append(summary)
    return Summary(summaries)


def _place_label(model, key) -> str:
    meta = model._meta
    name = capfirst(
        meta.verbose_name if meta.label == "programmes.Event" else meta.verbose_name_plural
    )
    if key is not None:  # a follow-up form's or survey's questions
        return gettext("%(things)s (form %(number)s)") % {"things": name, "number": key}
    return name


def _fix_url(event, label: str, key) -> str:
    name = FIX_PAGES.get(label)
    if name is None:
        return ""
    if label == "notifications.TemplateOverride":
        args = [event.pk]
    elif key is not None:  # a follow-up form's or survey's own builder
        name, args = "form-builder", [event.slug, key]
    else:
        args = [event.slug]
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""
