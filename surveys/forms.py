"""The organiser's survey form (the respondent's questions are participants' QuestionsForm)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import DEFAULT_MIN_GROUP_SIZE, MIN_GROUP_SIZE_FLOOR, SurveyKind


class SurveyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=SurveyKind.choices)
    questionnaire = forms.ModelChoiceField(
        label=_("Questions"), queryset=None, required=False, empty_label=None
    )
    session = forms.ModelChoiceField(
        label=_("Session (feedback on a session)"), queryset=None, required=False
    )
    anonymous = forms.BooleanField(label=_("Anonymous"), required=False, initial=True)
    opens_at = forms.DateTimeField(
        label=_("Opens at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    closes_at = forms.DateTimeField(
        label=_("Closes at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    second_opens_at = forms.DateTimeField(
        label=_("Second wave opens at (before/after)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    second_closes_at = forms.DateTimeField(
        label=_("Second wave closes at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    remind_after_days = forms.IntegerField(
        label=_("Remind those who have not answered after (days)"),
        min_value=1,
        max_value=60,
        required=False,
    )
    min_sessions = forms.IntegerField(
        label=_("Only those who attended at least this many sessions"), min_value=0, initial=0
    )
    team = forms.ModelChoiceField(label=_("Only this team"), queryset=None, required=False)
    min_group_size = forms.IntegerField(
        label=_("Smallest group shown"),
        min_value=MIN_GROUP_SIZE_FLOOR,
        initial=DEFAULT_MIN_GROUP_SIZE,
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        from .questions import survey_questionnaires

        self.fields["questionnaire"].queryset = survey_questionnaires(event)
        self.fields["session"].queryset = event.sessions.order_by("starts_at")
        self.fields["team"].queryset = event.teams.order_by("number")
