"""Page forms for the organisers' scheduling and teams pages. They parse and display;
the rules live in services.py."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backend.content_forms import ContentLanguagesMixin
from backend.content_language import column, translations
from programmes.enums import SessionType
from programmes.models import Person, Session, Venue

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


class WallClockField(forms.DateTimeField):
    """A date and time as the clock at the venue shows it (naive): the sessions service
    reads it in the venue's zone and stores UTC, so no zone is applied here."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]

    def to_python(self, value):
        # DateTimeField would make the value aware in the request's zone; read it in UTC
        # (no daylight-saving gaps there) and drop the zone again.
        with timezone.override(dt.UTC):
            value = super().to_python(value)
        return value.replace(tzinfo=None) if value is not None else None


class _SessionTimesForm(forms.Form):
    starts_at = WallClockField(label=_("Starts (local time)"))
    ends_at = WallClockField(label=_("Ends (local time)"))
    venue = forms.ModelChoiceField(
        label=_("Venue"),
        queryset=Venue.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Choose a venue of this organisation.")},
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["venue"].queryset = Venue.objects.filter(organisation_id=event.organisation_id)

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The session must end after it starts."))
        return data


class SessionMoveForm(_SessionTimesForm):
    """Where a drag or a resize in the agenda grid put a session."""


class AgendaSessionForm(ContentLanguagesMixin, _SessionTimesForm):
    """Add or edit a session from the agenda editor, by keyboard or on a phone; its title
    and description in each of the event's working languages side by side (the first
    one required), whatever the page's language."""

    content_fields = ("title", "description")

    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Type"), choices=SessionType.choices)
    speakers = forms.ModelMultipleChoiceField(
        label=_("Speakers"),
        queryset=Person.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Choose speakers of this organisation.")},
    )
    capacity = forms.IntegerField(
        label=_("Capacity"),
        min_value=1,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    field_order = [
        "title",
        "kind",
        "starts_at",
        "ends_at",
        "venue",
        "speakers",
        "capacity",
        "description",
    ]

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, event=event, languages=event.working_languages, **kwargs)
        self.fields["speakers"].queryset = Person.objects.filter(
            organisation_id=event.organisation_id
        ).order_by("name")

    @property
    def other_fields(self) -> list:
        """The fields that are not one language of a text, in their order."""
        texts = {column(n, code) for n in self.content_fields for code in self.content_languages}
        return [self[name] for name in self.fields if name not in texts]

    @classmethod
    def initial_for(cls, session: Session) -> dict:
        """The session's values, its times on the venue's clock."""
        return {
            "kind": session.kind,
            "starts_at": session.local_starts_at.replace(tzinfo=None),
            "ends_at": session.local_ends_at.replace(tzinfo=None),
            "venue": session.venue_id,
            "speakers": [p.pk for p in session.speakers.all()],
            "capacity": session.capacity,
            **{
                column(name, code): text
                for name in ("title", "description")
                for code, text in translations(session, name).items()
            },
        }

    def session_data(self) -> dict:
        """The fields the sessions service takes (speakers apart): each text by language
        (``title_en``, ``title_fr``), never the plain name, which would write the page's
        language's column."""
        fields = {b.name: self.cleaned_data[b.name] for b in self.other_fields}
        fields.pop("speakers", None)
        return fields | self.content_data()

    def create_data(self) -> dict:
        """``session_data`` for a new session: the service also takes the plain title and
        description, the first language's (it keeps them out of a language the event does
        not use: backend.content_writing)."""
        first = self.content_languages[0]
        data = self.session_data()
        for name in self.content_fields:
            data[name] = data[column(name, first)]
        return data
