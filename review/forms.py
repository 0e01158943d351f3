"""Page forms for reviewers and organisers. They parse and display; the rules live in
services.py, whose BridgesError is shown beside the field it names (``show_refusal``)."""

from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from backend.errors import BridgesError
from participants.forms import add_service_error
from participants.models import Application

from .enums import DecisionOutcome
from .models import Criterion


class ReviewSettingsForm(forms.Form):
    """The event's review settings; ranges are checked by ``review_settings_update``."""

    reviews_needed = forms.IntegerField(
        label=_("Reviews per application"),
        widget=forms.NumberInput(attrs={"min": 1, "max": 20, "inputmode": "numeric"}),
    )
    blind = forms.BooleanField(
        label=_("Blind review"),
        required=False,
        help_text=_("Hide name, photo, organisation and email from reviewers."),
    )
    avoid_same_nationality = forms.BooleanField(
        label=_("Avoid reviewers of the same nationality"), required=False
    )
    disagreement_threshold = forms.DecimalField(
        label=_("Disagreement threshold"),
        help_text=_(
            "Flag an application when its reviewers' standardised scores differ by more "
            "than this many standard deviations."
        ),
        widget=forms.NumberInput(
            attrs={"min": "0.1", "max": 10, "step": "0.01", "inputmode": "decimal"}
        ),
    )
    # Empty means no target: the service stores None.
    gender_max_share = forms.DecimalField(
        label=_("Gender balance target"),
        required=False,
        help_text=_(
            "At most this share of the seats for any one gender (e.g. 0.60); empty for no target."
        ),
        widget=forms.NumberInput(
            attrs={"min": "0.1", "max": 1, "step": "0.01", "inputmode": "decimal"}
        ),
    )


class CriterionForm(forms.Form):
    """One rubric criterion; the scale and name rules are ``criterion_create``/``_update``'s."""

    name = forms.CharField(label=pgettext_lazy("criterion", "Name"), required=False)
    guidance = forms.CharField(
        label=_("Guidance for reviewers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    weight = forms.IntegerField(
        label=_("Weight"), widget=forms.NumberInput(attrs={"min": 1, "max": 100})
    )
    scale_min = forms.IntegerField(label=_("Lowest score"))
    scale_max = forms.IntegerField(label=_("Highest score"))
    order = forms.IntegerField(label=_("Order"), widget=forms.NumberInput(attrs={"min": 0}))


def criterion_form(criterion: Criterion, *, data=None) -> CriterionForm:
    """A criterion's form, its ids kept apart from the other criteria's on the same page."""
    initial = {name: getattr(criterion, name) for name in CriterionForm.base_fields}
    prefix = f"criterion-{criterion.pk}" if criterion.pk else "new"
    return CriterionForm(data, initial=initial, auto_id=f"{prefix}-%s")


class CriterionPickForm(forms.Form):
    """Which of the event's criteria a change or removal is for (a hidden field)."""

    criterion = forms.TypedChoiceField(coerce=int)

    def __init__(self, *args, criteria: Iterable[Criterion], **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = {c.pk: c for c in criteria}
        self.fields["criterion"].choices = [(pk, pk) for pk in self.criteria]

    def clean_criterion(self) -> Criterion:
        return self.criteria[self.cleaned_data["criterion"]]


class ReviewForm(forms.Form):
    """A score per criterion (``score-<id>``, a choice on its scale) and a comment.

    A score left out is not the form's to refuse: ``review_submit`` names the criterion.
    """

    comment = forms.CharField(
        label=_("Comment"), required=False, strip=False, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args, criteria: Iterable[Criterion], **kwargs):
        super().__init__(*args, auto_id="%s", **kwargs)
        scores = {}
        for criterion in criteria:
            options = [
                (str(v), str(v)) for v in range(criterion.scale_min, criterion.scale_max + 1)
            ]
            scores[f"score-{criterion.pk}"] = forms.ChoiceField(
                label=criterion.name,
                help_text=criterion.guidance,
                choices=options,
                required=False,
                widget=forms.RadioSelect,
            )
            scores[f"score-{criterion.pk}"].criterion = criterion
        # The scores come first, in the rubric's order; the comment last.
        self.fields = {**scores, "comment": self.fields["comment"]}

    def score_fields(self):
        return [self[name] for name in self.fields if name.startswith("score-")]

    def scores(self) -> dict[str, str]:
        """The given scores by criterion id, as ``review_submit`` takes them."""
        return {
            name.removeprefix("score-"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("score-") and value != ""
        }

    def show_refusal(self, exc: BridgesError) -> None:
        # The service names a score "scores.<criterion id>".
        field_map = {f"scores.{name.removeprefix('score-')}": name for name in self.fields}
        add_service_error(self, exc, field_map)


class ConflictForm(forms.Form):
    reason = forms.CharField(
        label=_("Why you should not review this applicant (optional)"),
        required=False,
        max_length=300,
    )


class ManualAssignmentForm(forms.Form):
    """One application and one reviewer; whether they may be paired is ``assignment_create``'s."""

    application = forms.ModelChoiceField(
        label=_("Application"),
        queryset=Application.objects.none(),
        error_messages={"invalid_choice": _("Choose an application of this event.")},
    )
    reviewer = forms.ModelChoiceField(
        label=_("Reviewer"),
        queryset=get_user_model().objects.all(),
        error_messages={"invalid_choice": _("Choose a reviewer.")},
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, auto_id="assign-%s", **kwargs)
        # Only this event's applications can be reached from its page.
        self.fields["application"].queryset = Application.objects.filter(event=event)


class DecisionsForm(forms.Form):
    """A decision (or "no change") per application proposed on the selection page.

    The fields are named ``decision-<application id>``; the service checks seats, quotas
    and statuses for the whole batch and names the item it refuses.
    """

    def __init__(self, *args, application_ids: Iterable[int], **kwargs):
        super().__init__(*args, auto_id="%s", **kwargs)
        choices = [("", _("no change")), *DecisionOutcome.choices]
        for app_id in application_ids:
            self.fields[f"decision-{app_id}"] = forms.ChoiceField(choices=choices, required=False)

    def decisions(self) -> list[dict]:
        """The chosen decisions, in the order ``selection_apply`` reports refusals by."""
        return [
            {"application": int(name.removeprefix("decision-")), "outcome": value}
            for name, value in self.cleaned_data.items()
            if value
        ]

    def show_refusal(self, exc: BridgesError, decisions: list[dict]) -> None:
        # The service names a decision "decisions.<index>.<part>"; show it on that row.
        field_map = {
            f"decisions.{index}.{part}": f"decision-{item['application']}"
            for index, item in enumerate(decisions)
            for part in ("application", "outcome")
        }
        add_service_error(self, exc, field_map)
