"""Forms of the organiser's delegations pages in the back office (Django forms; the rules
stay in the services). Texts in every working language come side by side through
``backend.content_forms.ContentLanguagesMixin``."""

from __future__ import annotations

from django import forms
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from backend.content_forms import ContentLanguagesMixin

from .enums import BadgeFormat, DocumentKind, Participation, PartnerKind, Visibility


def language_choices(languages) -> list[tuple[str, str]]:
    return [(code, str(get_language_info(code)["name_translated"])) for code in languages]


class PartnerForm(ContentLanguagesMixin, forms.Form):
    content_fields = ("official_name", "alphabetical_name")

    key = forms.SlugField(
        label=_("Short key"),
        max_length=60,
        help_text=_("Letters, digits and hyphens, unique in the directory (e.g. bg, asean)."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=PartnerKind.choices)
    country = forms.ChoiceField(label=_("Country"), required=False)
    official_name = forms.CharField(label=_("Official name"), max_length=200)
    alphabetical_name = forms.CharField(
        label=_("Alphabetical as"),
        max_length=200,
        required=False,
        help_text=_('The name protocol order sorts by ("Korea" for "Republic of Korea").'),
    )

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "—"), *countries]
        if editing:
            self.fields["key"].disabled = True


class FocalPointForm(forms.Form):
    """A focal point by name and address: linked if their account is verified, else
    invited by mail (``services.focal_point_add``)."""

    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("Email"))


class WithdrawFocalPointForm(forms.Form):
    """Which pending focal-point invitation the organiser withdraws."""

    invitation = forms.IntegerField(min_value=1)


class InviteForm(forms.Form):
    participation = forms.ChoiceField(label=_("Participation"), choices=Participation.choices)
    seats = forms.IntegerField(label=_("Seats"), min_value=1, max_value=50, initial=3)
    advisers_allowed = forms.BooleanField(label=_("Advisers beyond the seats"), required=False)
    max_advisers = forms.IntegerField(
        label=_("Advisers at most"),
        min_value=0,
        max_value=50,
        required=False,
        help_text=_("Empty: no limit."),
    )
    media_seats = forms.IntegerField(
        label=_("Media places"), min_value=0, max_value=50, initial=0, required=False
    )

    def clean_media_seats(self) -> int:
        return self.cleaned_data.get("media_seats") or 0


class LetterForm(ContentLanguagesMixin, forms.Form):
    content_fields = ("letter_subject", "letter_template")

    meeting_language = forms.ChoiceField(label=_("Letters are sent in"))
    letter_subject = forms.CharField(label=_("Letter subject"), max_length=200, required=False)
    letter_template = forms.CharField(
        label=_("Letter text"),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
    )
    reminder_days = forms.IntegerField(
        label=_("Remind after days"), min_value=1, max_value=60, initial=7
    )

    def __init__(self, *args, languages=None, **kwargs):
        super().__init__(*args, languages=languages, **kwargs)
        self.fields["meeting_language"].choices = language_choices(self.content_languages)


class DocumentForm(ContentLanguagesMixin, forms.Form):
    """A new document; its title in each working language side by side."""

    content_fields = ("title",)

    symbol = forms.CharField(label=_("Symbol"), max_length=60, help_text=_("e.g. CMM8/INF.1"))
    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=DocumentKind.choices)
    visibility = forms.ChoiceField(
        label=_("Visibility"), choices=Visibility.choices, initial=Visibility.ACCREDITED
    )
    language = forms.ChoiceField(label=_("Language"))
    file = forms.FileField(label=_("File"))

    def __init__(self, *args, languages=(), **kwargs):
        super().__init__(*args, languages=list(languages), **kwargs)
        self.fields["language"].choices = language_choices(languages)

    @property
    def other_fields(self) -> list:
        return _other_fields(self)


class DocumentChangeForm(ContentLanguagesMixin, forms.Form):
    """A document's title in each working language side by side, its kind, visibility."""

    content_fields = ("title",)

    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=DocumentKind.choices)
    visibility = forms.ChoiceField(label=_("Visibility"), choices=Visibility.choices)

    @property
    def other_fields(self) -> list:
        return _other_fields(self)


def _other_fields(form) -> list:
    """The fields that are not one language of a text, in their order."""
    texts = {f"{name}_{code}" for name in form.content_fields for code in form.content_languages}
    return [form[name] for name in form.fields if name not in texts]


class VersionForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"))
    file = forms.FileField(label=_("File"))
    new_version = forms.BooleanField(
        label=_("A new version (untick to add a language to the latest one)"),
        required=False,
        initial=True,
    )

    def __init__(self, *args, languages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = language_choices(languages)


class BadgeBatchForm(forms.Form):
    format = forms.ChoiceField(label=_("Format"), choices=BadgeFormat.choices)
