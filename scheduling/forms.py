"""Page forms for the organisers' scheduling and teams pages. They parse and display;
the rules live in services.py."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Team


class TeamsForm(forms.Form):
    count = forms.IntegerField(
        label=_("Number of teams"),
        help_text=_(
            "Confirmed participants are spread by country and gender, keeping people of one "
            "organisation apart where possible. Forming again replaces the current teams."
        ),
        widget=forms.NumberInput(attrs={"min": 1, "inputmode": "numeric"}),
    )


class TeamMoveForm(forms.Form):
    team = forms.ModelChoiceField(
        queryset=Team.objects.none(),
        error_messages={"invalid_choice": _("Choose a team of this event.")},
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.filter(event=event)


class ProposalAcceptForm(forms.Form):
    """The ticked sessions of a proposal, or all of them (the "Accept all" button)."""

    all = forms.BooleanField(required=False)
    request = forms.TypedMultipleChoiceField(coerce=int, required=False)

    def __init__(self, *args, request_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["request"].choices = [(pk, pk) for pk in request_ids]

    def clean(self):
        data = super().clean()
        if not data.get("all") and not data.get("request"):
            raise forms.ValidationError(_("Tick the sessions to accept, or accept them all."))
        return data

    def request_ids(self) -> list[int] | None:
        """The ticked requests, or None for all of them."""
        return None if self.cleaned_data["all"] else self.cleaned_data["request"]
