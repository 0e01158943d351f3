"""The export page's forms (Django forms, never hand-parsed POST)."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from programmes.enums import MANAGING_ROLES, MemberRole
from programmes.models import Event

from .exports import REGISTRY
from .models import ExportFormat


class ExportOptionsForm(forms.Form):
    sensitive = forms.BooleanField(
        label=_("Include sensitive fields (birth date, phone, health needs)"),
        required=False,
        help_text=_("Never for a minor whose guardian has not consented. The choice is logged."),
    )


class ScheduledExportForm(forms.Form):
    export = forms.ChoiceField(label=_("List"))
    format = forms.ChoiceField(label=_("Format"), choices=ExportFormat.choices)
    hour = forms.IntegerField(label=_("Hour (event time)"), min_value=0, max_value=23)
    minute = forms.IntegerField(label=_("Minute"), min_value=0, max_value=59, initial=0)
    recipients = forms.ModelMultipleChoiceField(
        label=_("Send to"),
        queryset=get_user_model().objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, event: Event, exports, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["export"].choices = [(e.name, e.title) for e in exports if e.schedulable]
        # Recipients get the file itself: only the organisation's owners and organisers.
        self.fields["recipients"].queryset = (
            get_user_model()
            .objects.filter(
                memberships__organisation_id=event.organisation_id,
                memberships__role__in=MANAGING_ROLES,
            )
            .distinct()
            .order_by("email")
        )
        self.fields["recipients"].label_from_instance = lambda user: user.email

    def clean(self):
        data = super().clean()
        export = REGISTRY.get(data.get("export", ""))
        if export and data.get("format") and data["format"] not in export.formats:
            self.add_error(
                "format",
                _("This list is available as %(formats)s.")
                % {"formats": ", ".join(export.formats)},
            )
        return data


class WebhookForm(forms.Form):
    url = forms.URLField(label=_("URL"), max_length=500, assume_scheme="https")
    events = forms.MultipleChoiceField(
        label=_("Events"), choices=(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs):
        from .services.webhooks import WEBHOOK_EVENTS

        super().__init__(*args, **kwargs)
        self.fields["events"].choices = list(WEBHOOK_EVENTS.items())


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    role = forms.ChoiceField(
        label=_("Role"), choices=MemberRole.choices, initial=MemberRole.REVIEWER
    )
    event = forms.ModelChoiceField(
        label=_("Only this event"), queryset=Event.objects.none(), required=False
    )
    read_only = forms.BooleanField(label=_("Read only"), required=False, initial=True)
    expires_in_days = forms.IntegerField(
        label=_("Expires after (days)"), min_value=1, max_value=730, required=False, initial=90
    )

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisation is None:  # a personal token: the person's own access
            del self.fields["role"], self.fields["event"], self.fields["read_only"]
        else:
            self.fields["event"].queryset = Event.objects.filter(
                organisation=organisation
            ).order_by("-start_date")
