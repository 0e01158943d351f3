"""The organiser's survey form (the respondent's questions are participants' QuestionsForm)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from backend.content_forms import ContentLanguagesMixin
from backend.content_language import column, content_languages

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
    delegation = forms.ModelChoiceField(
        label=_("Only this delegation (its accredited delegates)"), queryset=None, required=False
    )
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
        _segment_choices(self, event)


def _segment_choices(form: forms.Form, event) -> None:
    from delegations.selectors import delegations_of_event

    form.fields["team"].queryset = event.teams.order_by("number")
    form.fields["delegation"].queryset = delegations_of_event(event)


_WINDOW = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class SurveyEditForm(ContentLanguagesMixin, forms.Form):
    """A survey after its creation: its texts in every working language side by side, its
    schedule, anonymity (while nobody has answered), segment and threshold. The questions
    are edited in participants' form builder."""

    content_fields = ("title", "intro")

    title = forms.CharField(label=_("Title"), max_length=200)
    intro = forms.CharField(label=_("Introduction"), required=False, widget=forms.Textarea)
    anonymous = forms.BooleanField(label=_("Anonymous"), required=False)
    opens_at = forms.DateTimeField(label=_("Opens at"), widget=_WINDOW)
    closes_at = forms.DateTimeField(label=_("Closes at"), widget=_WINDOW)
    second_opens_at = forms.DateTimeField(label=_("Second wave opens at"), widget=_WINDOW)
    second_closes_at = forms.DateTimeField(label=_("Second wave closes at"), widget=_WINDOW)
    min_sessions = forms.IntegerField(
        label=_("Only those who attended at least this many sessions"), min_value=0
    )
    team = forms.ModelChoiceField(label=_("Only this team"), queryset=None, required=False)
    delegation = forms.ModelChoiceField(
        label=_("Only this delegation (its accredited delegates)"), queryset=None, required=False
    )
    min_group_size = forms.IntegerField(
        label=_("Smallest group shown"), min_value=MIN_GROUP_SIZE_FLOOR
    )

    def __init__(self, *args, survey, **kwargs):
        kwargs.setdefault("initial", survey_initial(survey))
        super().__init__(*args, languages=survey.event.working_languages, **kwargs)
        _segment_choices(self, survey.event)
        if not survey.is_pair:
            del self.fields["second_opens_at"], self.fields["second_closes_at"]

    @property
    def other_fields(self) -> list:
        texts = {
            column(name, code) for name in self.content_fields for code in self.content_languages
        }
        return [self[name] for name in self.fields if name not in texts]

    def service_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.fields if name in _PLAIN}
        return data | self.content_data()


_PLAIN = (
    "anonymous",
    "opens_at",
    "closes_at",
    "second_opens_at",
    "second_closes_at",
    "min_sessions",
    "team",
    "delegation",
    "min_group_size",
)


def survey_initial(survey) -> dict:
    """The form's values now, windows in the event's own time zone."""
    zone = survey.event.zone
    waves = list(survey.waves.all())
    initial = {name: getattr(survey, name) for name in _PLAIN if hasattr(survey, name)}
    initial["team"], initial["delegation"] = survey.team_id, survey.delegation_id
    for wave, prefix in zip(waves, ("", "second_"), strict=False):
        initial[f"{prefix}opens_at"] = wave.opens_at.astimezone(zone).replace(tzinfo=None)
        initial[f"{prefix}closes_at"] = wave.closes_at.astimezone(zone).replace(tzinfo=None)
    for name in SurveyEditForm.content_fields:
        for code in content_languages():
            initial[column(name, code)] = getattr(survey, column(name, code), "") or ""
    return initial
