"""Page forms. They parse and display; the rules live in services.

Every form here only turns posted text into the plain values a service takes, and
shows the service's BridgesError beside the field it names (``add_service_error``).

The form engine (one for the application form, the follow-up form and surveys; its fields and
``QuestionsForm`` are in ``participants/question_forms.py``):

- Questions: ``participants.Question`` rows of one form, read in order with
  ``selectors.application_questions(event_id)`` (the application form: questions
  without a questionnaire) or ``selectors.questionnaire_questions(questionnaire_id)``
  (a follow-up form or survey, ``participants.Questionnaire``). Hidden questions are
  left out of both unless ``include_hidden=True``.
- Showing: ``services.visible_question_ids(questions, values)`` (or
  ``visible_questions``) -> what shows for the answers so far (``values``: question id
  -> stored value). Then ``QuestionsForm(data, questions=..., values=..., shown=...)``,
  rendered inside your own ``<form>`` with ``{% include "participants/_questions.html" %}``
  and ``participants/questions.js`` (conditions shown at once, word counts).
- Saving: on POST build the form with the POST, set ``form.shown`` to
  ``visible_question_ids(questions, {**values, **form.raw_values()})``, then
  ``form.is_valid()`` and ``form.answers()`` -> {question id: value or None}.
  ``services.clean_answers(questions, answers, strict=..., owner=...)`` checks them
  (ApplicationInvalid, errors keyed ``answers.<id>``: map them with ``add_service_error(form,
  exc, {f"answers.{q.pk}": question_field_name(q) ...})``) and returns the values to store;
  ``services.check_complete(questions, values)`` -> (errors, ids answered but not shown)
  for a final submit. Answers kept on an application (the follow-up form) are stored with
  ``services.application_answers_save(application=..., questions=..., answers=...)``.
- Showing an answer: ``answer_display(value, question)``.
- Building: the organisers' builder at ``reverse("form-builder", args=[slug, key])``,
  key "application" or a questionnaire's id; ``services.questionnaire_create`` makes a
  follow-up form or survey; apps with answers of their own register
  ``services.register_answer_check`` so answered questions cannot be deleted.
"""

from __future__ import annotations

import hashlib
import zoneinfo
from typing import Any

from django import forms
from django.core.cache import cache
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from backend.errors import BridgesError

from .enums import (
    DocumentKind,
    Gender,
    PreferredLanguage,
    QuestionnairePurpose,
)
from .models import Profile

# The engine's fields live in question_forms.py (this module would be too long to read).
from .question_forms import _country_choices

NO_ANSWER = ""


# The zone names, read once when the module loads: listing them walks the zone database
# on disk (~50 ms), which the profile page did for every form it built.
ZONE_NAMES = tuple(
    sorted(
        z
        for z in zoneinfo.available_timezones()
        if "/" in z and not z.startswith(("Etc/", "SystemV/"))
    )
)


def _zone_choices() -> list[tuple[str, str]]:
    return [("", _("Choose your time zone")), *[(z, z.replace("_", " ")) for z in ZONE_NAMES]]


# Choices given as callables are read when the form is shown, in the visitor's language,
# and Django does not copy and normalise their ~1,100 entries for every form it builds.
def _nationality_choices() -> list[tuple[str, str]]:
    return list(countries)


def _residence_choices() -> list[tuple[str, str]]:
    return _country_choices(_("Choose a country"))


class CachedOptionsMixin:
    """A long, flat choice list (countries, time zones) whose options are rendered by
    ``options_template_name`` once per language and kept in Django's cache; a request only
    picks each option's rendered piece, chosen or not. Rendering the ~1,000 options through
    the template engine was most of the profile page's time.

    ``source`` is the field's choices function: read as it is, since the field's own
    iterator normalises every entry on each pass (3 ms for the zones). The key holds a
    digest of what it returns, so new zone data or country names make a new entry."""

    options_template_name: str
    chosen_first = False  # the chosen options first, in the order of the value

    def __init__(self, attrs=None, *, source):
        super().__init__(attrs)
        self.source = source

    def optgroups(self, name, value, attrs=None):
        return []  # the options come from options_html()

    def use_required_attribute(self, initial):
        if self.allow_multiple_selected:
            return super().use_required_attribute(initial)
        # Select's rule (required only with an empty first choice), on the first entry only.
        first = next(iter(self.source()), None)
        return forms.Widget.use_required_attribute(self, initial) and (
            first is not None and self._choice_has_empty_value(first)
        )

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["options_html"] = self.options_html(context["widget"])
        return context

    def _pieces(self, widget: dict) -> tuple[list[str], list[str], list[str]]:
        choices = [(str(v), str(label)) for v, label in self.source()]
        digest = hashlib.sha256(repr(choices).encode()).hexdigest()[:16]
        key = (
            f"options:{self.options_template_name}:{widget['name']}:"
            f"{widget['attrs'].get('id')}:{get_language()}:{digest}"
        )
        if cached := cache.get(key):
            return cached
        options = [{"value": v, "label": label} for v, label in choices]
        off, on = (
            str(
                self._render(
                    self.options_template_name,
                    {"widget": widget, "options": options, "chosen": chosen},
                )
            )
            .rstrip("\n")
            .split("\n")
            for chosen in (False, True)
        )
        if not len(off) == len(on) == len(choices):
            raise ValueError(f"{self.options_template_name} must write one option per line")
        pieces = ([v for v, _label in choices], off, on)
        cache.set(key, pieces, timeout=24 * 3600)
        return pieces

    def options_html(self, widget: dict) -> str:
        values, off, on = self._pieces(widget)
        known = set(values)
        chosen = [v for v in widget["value"] if v in known]
        if self.chosen_first:
            index = {v: i for i, v in enumerate(values)}
            picked = set(chosen)
            html = [on[index[v]] for v in dict.fromkeys(chosen)]
            html += [off[i] for i, v in enumerate(values) if v not in picked]
        else:
            # A single select marks only the first match (Django's Select does the same).
            picked = set(chosen if self.allow_multiple_selected else chosen[:1])
            html = [on[i] if v in picked else off[i] for i, v in enumerate(values)]
        return mark_safe("\n".join(html))  # noqa: S308 - pieces the template engine escaped


class CachedOptionsSelect(CachedOptionsMixin, forms.Select):
    template_name = "participants/widgets/long_select.html"
    options_template_name = "participants/widgets/long_select_options.html"


class CountryCheckboxes(CachedOptionsMixin, forms.CheckboxSelectMultiple):
    """Countries to tick, with a box that filters them (a multi-select needs Ctrl, which a
    phone does not have). The ticked ones come first, in the order given: the first
    eligible nationality is the one that counts for quotas."""

    template_name = "participants/widgets/country_checkboxes.html"
    options_template_name = "participants/widgets/country_checkbox_options.html"
    chosen_first = True


def add_service_error(
    form: forms.Form,
    exc: BridgesError,
    field_map: dict[str, str] | None = None,
    *,
    only_fields: bool = False,
) -> None:
    """Put a service error (one field, or several for ApplicationInvalid) beside its field.

    An error naming no field of this form goes to the top of the form, unless
    ``only_fields`` (errors that belong to another step are shown there instead).
    """
    errors: dict[str, list[str]] = getattr(exc, "errors", None) or {exc.field or "": [exc.message]}
    for key, messages in errors.items():
        name = (field_map or {}).get(key, key)
        if name not in form.fields:
            if only_fields:
                continue
            name = None
        for message in messages:
            form.add_error(name, message)


def show_errors(
    form: forms.Form, errors: dict[str, list[str]], field_map: dict[str, str] | None = None
) -> None:
    """Show errors kept from an earlier submit on a fresh (unbound) form, beside their fields."""
    if not errors:
        return
    if form.is_bound:
        add_service_error(form, _Errors(errors), field_map)
        return
    form.errors  # noqa: B018 - creates the (empty) error dict of an unbound form
    form.cleaned_data = {}
    add_service_error(form, _Errors(errors), field_map, only_fields=True)


class _Errors(BridgesError):
    def __init__(self, errors: dict[str, list[str]]):
        super().__init__("", code="invalid")
        self.errors = errors


class ProfileForm(forms.Form):
    """The reusable profile. Field names are the service's field names."""

    full_name = forms.CharField(
        label=_("Full name (as in your passport)"), max_length=200, required=False
    )
    preferred_name = forms.CharField(label=_("Preferred name"), max_length=100, required=False)
    latin_name = forms.CharField(
        label=_("Name in Latin letters"),
        max_length=200,
        required=False,
        help_text=_("For badges and visa letters, if your name is written in another script."),
    )
    date_of_birth = forms.DateField(
        label=_("Date of birth"),
        required=False,
        # The browser's date picker shows the date in the visitor's own format and sends
        # it as YYYY-MM-DD; the help text says so rather than naming one format.
        widget=forms.DateInput(attrs={"type": "date", "min": "1900-01-01"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
        help_text=_("Pick the day in the calendar, or type it as the field shows it."),
    )
    gender = forms.ChoiceField(
        label=_("Gender"), choices=[("", "—"), *Gender.choices], required=False
    )
    gender_self_description = forms.CharField(
        label=_("Gender, in your own words"),
        max_length=100,
        required=False,
        help_text=_("Only if you chose “Self-described”."),
    )
    nationalities = forms.MultipleChoiceField(
        label=_("Nationalities"),
        choices=_nationality_choices,
        required=False,
        widget=CountryCheckboxes(source=_nationality_choices),
        help_text=_("Tick each country whose passport you hold. Type a name to find it."),
    )
    country_of_residence = forms.ChoiceField(
        label=_("Country of residence"),
        choices=_residence_choices,
        required=False,
        widget=CachedOptionsSelect(source=_residence_choices),
    )
    affiliation = forms.CharField(
        label=_("Organisation or university"), max_length=200, required=False
    )
    languages = forms.CharField(
        label=_("Languages you speak"),
        max_length=400,
        required=False,
        help_text=_("Separate them with commas, for example: Vietnamese, English."),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    dietary_needs = forms.CharField(label=_("Dietary needs"), max_length=300, required=False)
    accessibility_needs = forms.CharField(
        label=_("Accessibility needs"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    emergency_contact_name = forms.CharField(
        label=_("Emergency contact: name"), max_length=200, required=False
    )
    emergency_contact_phone = forms.CharField(
        label=_("Emergency contact: phone"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel"}),
    )
    emergency_contact_relation = forms.CharField(
        label=_("Emergency contact: relation to you"), max_length=100, required=False
    )
    time_zone = forms.ChoiceField(
        label=_("Your time zone"),
        choices=_zone_choices,
        required=False,
        widget=CachedOptionsSelect(source=_zone_choices),
        help_text=_("Deadlines are also shown in this zone."),
    )
    preferred_language = forms.ChoiceField(
        label=_("Preferred language for messages"),
        choices=PreferredLanguage.choices,
        required=False,
    )

    # The fields asked on the first step of an application (the rest stay on /me/profile/).
    APPLY_FIELDS = (
        "full_name",
        "preferred_name",
        "date_of_birth",
        "gender",
        "gender_self_description",
        "nationalities",
        "country_of_residence",
        "affiliation",
        "phone",
        "time_zone",
    )

    def __init__(
        self, *args, profile: Profile | None = None, only: tuple[str, ...] | None = None, **kwargs
    ):
        if profile is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_from(profile)
        super().__init__(*args, **kwargs)
        self.fields["date_of_birth"].widget.attrs["autocomplete"] = "bday"
        self.fields["full_name"].widget.attrs["autocomplete"] = "name"
        if only:
            for name in list(self.fields):
                if name not in only:
                    del self.fields[name]

    @staticmethod
    def initial_from(profile: Profile) -> dict[str, Any]:
        return {
            "full_name": profile.full_name,
            "preferred_name": profile.preferred_name,
            "latin_name": profile.latin_name,
            "date_of_birth": profile.date_of_birth,
            "gender": profile.gender,
            "gender_self_description": profile.gender_self_description,
            "nationalities": [str(c.code) for c in profile.nationalities],
            "country_of_residence": str(profile.country_of_residence or ""),
            "affiliation": profile.affiliation,
            "languages": ", ".join(profile.languages or []),
            "phone": profile.phone,
            "dietary_needs": profile.dietary_needs,
            "accessibility_needs": profile.accessibility_needs,
            "emergency_contact_name": profile.emergency_contact_name,
            "emergency_contact_phone": profile.emergency_contact_phone,
            "emergency_contact_relation": profile.emergency_contact_relation,
            "time_zone": profile.time_zone,
            "preferred_language": profile.preferred_language,
        }

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        if "languages" in data:
            data["languages"] = [
                part.strip() for part in data["languages"].split(",") if part.strip()
            ]
        if "preferred_language" in data and not data["preferred_language"]:
            data.pop("preferred_language")
        return data


class GuardianForm(forms.Form):
    guardian_name = forms.CharField(label=_("Parent or guardian: full name"), max_length=200)
    guardian_email = forms.EmailField(
        label=_("Parent or guardian: email"),
        help_text=_("We will send them a link to give their consent."),
    )
    guardian_relation = forms.CharField(
        label=_("Their relation to you"),
        max_length=100,
        help_text=_("For example: mother, father, legal guardian."),
    )


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of document"), choices=DocumentKind.choices)
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, JPEG or PNG, up to %(mb)s MB.") % {"mb": 10},
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}
        ),
    )

    def __init__(self, *args, max_mb: int = 10, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("PDF, JPEG or PNG, up to %(mb)s MB.") % {"mb": max_mb}


class ConsentForm(forms.Form):
    agree = forms.BooleanField(
        label=_("I have read the text above and I agree to it."),
        error_messages={"required": _("Tick the box to give consent.")},
    )


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(label=_("I understand that this cannot be undone."))


# The form builder's question editor is in builder_forms.py (every working language).


class QuestionnaireForm(forms.Form):
    purpose = forms.ChoiceField(
        label=_("What is the form for?"),
        choices=[
            c for c in QuestionnairePurpose.choices if c[0] != QuestionnairePurpose.APPLICATION
        ],
    )
    title = forms.CharField(label=_("Title"), max_length=200)
