"""The team page's forms; the services' errors are added beside the field they name."""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from backend.content_forms import ContentLanguagesMixin
from backend.content_language import column
from programmes.enums import AttendanceMode, CoOrganiserAccess, EventKind, MemberRole

from .services import INVITABLE_ROLES


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    role = forms.ChoiceField(
        label=_("Role"), choices=[(role.value, role.label) for role in INVITABLE_ROLES]
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices)


class CoOrganiserAccessForm(forms.Form):
    access = forms.ChoiceField(label=_("Access"), choices=CoOrganiserAccess.choices)


class CoOrganiserAddForm(forms.Form):
    """Another organisation to co-organise the event (not its own, not one already in)."""

    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None)

    def __init__(self, *args, event, **kwargs):
        from programmes.models import Organisation

        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = (
            Organisation.objects.exclude(pk=event.organisation_id)
            .exclude(co_organised_events=event)
            .order_by("name")
        )


# --- the event wizard --------------------------------------------------------------------
# The forms parse and display; the rules are the services' (programmes, participants,
# review), whose errors the views put beside the field they name.


# Languages of the region Django's list lacks (working languages need not be UI ones).
EXTRA_WORKING_LANGUAGES = [("lo", _("Lao")), ("fil", _("Filipino"))]


def _working_language_choices() -> list[tuple[str, str]]:
    """Every language Django knows, regional and script variants kept (zh-hans, pt-br),
    and the region's languages it lacks, by name in the reader's language."""
    from django.conf import global_settings
    from django.utils.translation import gettext

    known = [(code, gettext(name)) for code, name in global_settings.LANGUAGES]
    return sorted(
        known + [(code, str(name)) for code, name in EXTRA_WORKING_LANGUAGES],
        key=lambda item: item[1],
    )


def _zone_choices() -> list[tuple[str, str]]:
    from participants.forms import ZONE_NAMES

    return [("", _("Choose a time zone")), *[(z, z.replace("_", " ")) for z in ZONE_NAMES]]


def _country_choices() -> list[tuple[str, str]]:
    from django_countries import countries

    return [("", _("Choose a country")), *list(countries)]


def _countries() -> list[tuple[str, str]]:
    from django_countries import countries

    return list(countries)


class _DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class _LocalDateTimeInput(forms.DateTimeInput):
    """A wall-clock time typed in the event's zone (``datetime-local``: no zone of its own)."""

    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class _EventBasicsFields(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=EventKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    theme = forms.CharField(label=_("Theme"), max_length=300, required=False)
    summary = forms.CharField(label=_("Summary"), max_length=500, required=False)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea)
    working_languages = forms.MultipleChoiceField(
        label=_("Working languages"),
        choices=_working_language_choices,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Hold Ctrl (or ⌘) to choose more than one."),
    )
    host_country = forms.ChoiceField(label=_("Host country"), choices=_country_choices)
    attendance_mode = forms.ChoiceField(label=_("Attendance mode"), choices=AttendanceMode.choices)
    online_url = forms.URLField(label=_("Online link"), required=False)


class EventBasicsForm(ContentLanguagesMixin, _EventBasicsFields):
    """The basics of an existing event: its texts in each working language side by side."""

    content_fields = ("title", "theme", "summary", "description")

    @property
    def other_fields(self) -> list:
        return _other_fields(self)


def _other_fields(form: ContentLanguagesMixin) -> list:
    """The form's fields that are not one language of a text, in their order."""
    texts = {column(name, code) for name in form.content_fields for code in form.content_languages}
    return [form[name] for name in form.fields if name not in texts]


class EventCreateForm(_EventBasicsFields):
    """The wizard's first page also asks for the dates and the home zone (an event has them
    from the start); legs and everything else come on the next pages."""

    start_date = forms.DateField(label=_("First day"), widget=_DateInput())
    end_date = forms.DateField(label=_("Last day"), widget=_DateInput())
    time_zone = forms.ChoiceField(label=_("Home time zone"), choices=_zone_choices)


class EventDatesForm(forms.Form):
    start_date = forms.DateField(label=_("First day"), widget=_DateInput())
    end_date = forms.DateField(label=_("Last day"), widget=_DateInput())
    time_zone = forms.ChoiceField(label=_("Home time zone"), choices=_zone_choices)


class LegForm(ContentLanguagesMixin, forms.Form):
    """A leg; its city in each working language side by side (``city_en``, ``city_fr``)."""

    content_fields = ("city",)

    city = forms.CharField(label=_("City"), max_length=120)
    country = forms.ChoiceField(label=_("Country"), choices=_country_choices)
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=_zone_choices)
    start_date = forms.DateField(label=_("First day"), widget=_DateInput())
    end_date = forms.DateField(label=_("Last day"), widget=_DateInput())

    @property
    def other_fields(self) -> list:
        return _other_fields(self)


class VenueForm(ContentLanguagesMixin, forms.Form):
    """A venue; its name and address in each working language side by side."""

    content_fields = ("name", "address")

    name = forms.CharField(label=_("Name of the venue"), max_length=200)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    city = forms.CharField(label=_("City"), max_length=120)
    country = forms.ChoiceField(label=_("Country"), choices=_country_choices)
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=_zone_choices)
    capacity = forms.IntegerField(label=_("Capacity"), min_value=1)

    @property
    def other_fields(self) -> list:
        return _other_fields(self)


class CallForm(forms.Form):
    """The call: its window in the event's zone, capacity and who is eligible."""

    applications_open_at = forms.DateTimeField(
        label=_("Applications open at"), required=False, widget=_LocalDateTimeInput()
    )
    applications_close_at = forms.DateTimeField(
        label=_("Applications close at"), required=False, widget=_LocalDateTimeInput()
    )
    capacity = forms.IntegerField(label=_("Number of places"), min_value=1, required=False)
    min_age = forms.IntegerField(label=_("Minimum age"), min_value=0, required=False)
    max_age = forms.IntegerField(label=_("Maximum age"), min_value=0, required=False)
    eligible_countries = forms.MultipleChoiceField(
        label=_("Eligible nationalities"),
        choices=_countries,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Applicants must hold one of these nationalities; none chosen means any."),
    )
    eligible_residence_countries = forms.MultipleChoiceField(
        label=_("Eligible countries of residence"),
        choices=_countries,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Applicants must live in one of these countries; none chosen means any."),
    )
    confirmation_days = forms.IntegerField(
        label=_("Days to confirm an offer"), min_value=1, max_value=60
    )
    allow_edits_after_submit = forms.BooleanField(
        label=_("Allow edits after submitting"), required=False
    )


class QuotaForm(forms.Form):
    country = forms.ChoiceField(label=_("Country"), choices=_country_choices)
    minimum = forms.IntegerField(label=_("Minimum"), min_value=0, initial=0)
    maximum = forms.IntegerField(label=_("Maximum"), min_value=0, required=False)


class GenderQuotasForm(forms.Form):
    """The quotas step's gender part: the balance target and, per gender, at least and at
    most so many seats (fields ``<gender>_minimum`` and ``<gender>``, so a refusal naming
    either lands beside it)."""

    def __init__(self, *args, share_field: forms.Field, **kwargs):
        from participants.enums import Gender
        from programmes.services import gender_quota_codes

        super().__init__(*args, **kwargs)
        self.fields["gender_max_share"] = share_field
        labels = dict(Gender.choices)
        self.codes = gender_quota_codes()
        for code in self.codes:
            gender = {"gender": labels.get(code, code)}
            self.fields[f"{code}_minimum"] = forms.IntegerField(
                label=_("Seats for %(gender)s at least") % gender,
                min_value=0,
                required=False,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
                help_text=_("Empty for no minimum."),
            )
            self.fields[code] = forms.IntegerField(
                label=_("Seats for %(gender)s at most") % gender,
                min_value=0,
                required=False,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
                help_text=_("Empty for no limit."),
            )

    def maximums(self) -> dict[str, int | None]:
        return {code: self.cleaned_data.get(code) for code in self.codes}

    def minimums(self) -> dict[str, int | None]:
        return {code: self.cleaned_data.get(f"{code}_minimum") for code in self.codes}


class CopyEventForm(forms.Form):
    """Copy an earlier event of the organisation to new dates."""

    source = forms.ModelChoiceField(label=_("Copy from"), queryset=None)
    title = forms.CharField(label=_("Title of the new event"), max_length=200)
    start_date = forms.DateField(label=_("First day of the new event"), widget=_DateInput())
    # One-time token of this form: confirming it twice makes one copy.
    submit_token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4, required=False)

    def __init__(self, *args, organisation, **kwargs):
        from programmes.models import Event

        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = Event.objects.filter(organisation=organisation).order_by(
            "-start_date"
        )
