"""Page forms for the attendance pages. They parse and display; the rules live in services."""

from __future__ import annotations

from django import forms


class ReportExportForm(forms.Form):
    """The dashboard's CSV links: ``?format=csv&by=participant`` or ``by=session``."""

    format = forms.ChoiceField(choices=[("csv", "CSV")])
    by = forms.ChoiceField(
        choices=[("participant", "participant"), ("session", "session")], required=False
    )

    def clean_by(self) -> str:
        return self.cleaned_data["by"] or "participant"
