from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from .enums import OPTIONAL_KINDS, OVERRIDABLE_KINDS, MessageKind, Segment


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
    segment = forms.ChoiceField(label=_("Recipients"), choices=Segment.choices)
    country = forms.ChoiceField(
        label=_("Country (for applicants from one country)"),
        choices=[("", "—")] + list(countries),
        required=False,
    )
    subject = forms.CharField(label=_("Subject"), max_length=300)
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 10}))


class FailedMessagesForm(forms.Form):
    """The organiser's answer to failed deliveries: send them again, or stop trying."""

    action = forms.ChoiceField(
        choices=[("retry", _("Try again")), ("give_up", _("Stop trying"))],
        widget=forms.HiddenInput,
    )
