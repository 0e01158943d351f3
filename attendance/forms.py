"""Page forms for the attendance pages. They parse and display; the rules live in services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from backend.content_forms import ContentLanguagesMixin


class ReportExportForm(forms.Form):
    """The dashboard's CSV links: ``?format=csv&by=participant`` or ``by=session``."""

    format = forms.ChoiceField(choices=[("csv", "CSV")])
    by = forms.ChoiceField(
        choices=[("participant", "participant"), ("session", "session")], required=False
    )

    def clean_by(self) -> str:
        return self.cleaned_data["by"] or "participant"


class CertificateTextsForm(ContentLanguagesMixin, forms.Form):
    """What the certificates say, in each working language side by side; empty keeps
    Bridges' own wording."""

    content_fields = ("certificate_heading", "certificate_body")

    certificate_heading = forms.CharField(
        label=_("Certificate heading"),
        max_length=120,
        required=False,
        help_text=_("Empty: “Certificate of participation”."),
    )
    certificate_body = forms.CharField(
        label=_("Certificate wording"),
        max_length=200,
        required=False,
        help_text=_("The line between the name and the event. Empty: “took part in”."),
    )
