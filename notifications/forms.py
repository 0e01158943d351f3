import uuid

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from backend.content_forms import ContentLanguagesMixin
from backend.content_language import column
from participants.models import Application

from .enums import COMPOSABLE_SEGMENTS, OPTIONAL_KINDS, OVERRIDABLE_KINDS, MessageKind

User = get_user_model()


class PreferencesForm(forms.Form):
    enabled_kinds = forms.MultipleChoiceField(
        label=_("Send me these messages"),
        choices=[(k, label) for k, label in MessageKind.choices if k in OPTIONAL_KINDS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Messages about your applications and schedule changes are always sent."),
    )


class TemplateOverrideForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Message"),
        choices=[k for k in MessageKind.choices if k[0] in OVERRIDABLE_KINDS],
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=[("", _("Every language"))] + list(settings.LANGUAGES),
        required=False,
    )
    subject = forms.CharField(label=_("Subject"), max_length=300)
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 10}))


class BroadcastForm(forms.Form):
    segment = forms.ChoiceField(label=_("Recipients"), choices=COMPOSABLE_SEGMENTS)
    country = forms.ChoiceField(
        label=_("Country (for applicants from one country)"),
        choices=[("", "—")] + list(countries),
        required=False,
    )
    subject = forms.CharField(label=_("Subject"), max_length=300)
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 10}))
    # One-time token of this compose form: sending it twice sends once.
    submit_token = forms.UUIDField(widget=forms.HiddenInput, required=False, initial=uuid.uuid4)


class FailedMessagesForm(forms.Form):
    """The organiser's answer to failed deliveries: send them again, or stop trying."""

    action = forms.ChoiceField(
        choices=[("retry", _("Try again")), ("give_up", _("Stop trying"))],
        widget=forms.HiddenInput,
    )


class TemplateEditForm(TemplateOverrideForm):
    """A template override with the person the preview is written for."""

    recipient = forms.ModelChoiceField(
        label=_("Preview for"),
        queryset=None,
        required=False,
        empty_label=_("Me"),
        help_text=_("One of the event's applicants: the preview uses their name and language."),
        error_messages={"invalid_choice": _("Choose one of this event's applicants.")},
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        applicants = Application.objects.filter(event=event).exclude(status="draft")
        self.fields["recipient"].queryset = User.objects.filter(
            pk__in=applicants.values("applicant_id"), is_active=True
        ).order_by("first_name", "last_name", "email")
        self.fields["recipient"].label_from_instance = _person_label

    def override_data(self) -> dict:
        """What the template services take (the preview's recipient apart)."""
        return {k: v for k, v in self.cleaned_data.items() if k != "recipient"}


def _person_label(user) -> str:
    name = user.get_full_name().strip()
    return f"{name} <{user.email}>" if name else user.email


class TemplateKindForm(forms.Form):
    """Which kind of message the side-by-side page shows."""

    kind = forms.ChoiceField(
        label=_("Message"),
        choices=[k for k in MessageKind.choices if k[0] in OVERRIDABLE_KINDS],
    )


class TemplateLanguagesForm(ContentLanguagesMixin, forms.Form):
    """One kind's subject and message in every working language of the event, side by
    side; what a language lacks is marked (backend/content_forms.py). A language left
    empty has no template of its own."""

    content_fields = ("subject", "body")

    subject = forms.CharField(label=_("Subject"), max_length=300, required=False)
    body = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 10}), required=False
    )

    def __init__(self, *args, overrides, **kwargs):
        # overrides: this kind's templates, by language ("" for every language).
        initial = {}
        for language, override in overrides.items():
            if language:
                initial[column("subject", language)] = override.subject
                initial[column("body", language)] = override.body
        self.for_every_language = "" in overrides
        super().__init__(*args, initial=initial, **kwargs)

    @property
    def content_groups(self):
        groups = super().content_groups
        if self.for_every_language:  # delivery reads that one before the first language's
            for group in groups:
                for item in group.items:
                    if item.missing:
                        item.note = gettext(
                            "Not translated yet: readers see the template for every language."
                        )
        return groups

    def texts(self) -> dict[str, tuple[str, str]]:
        """{language: (subject, body)} for ``template_overrides_save_languages``."""
        data = self.content_data()
        return {
            code: (data[column("subject", code)], data[column("body", code)])
            for code in self.content_languages
        }
