"""The pages' forms; the rules themselves are in the services."""

from __future__ import annotations

import zoneinfo

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from backend.content_forms import ContentLanguagesMixin
from backend.content_language import column

from .enums import Direction, VisaStatus
from .models import LetterSettings


class PassportForm(forms.Form):
    passport_name = forms.CharField(label=_("Name in the passport"), max_length=200)
    passport_number = forms.CharField(label=_("Passport number"), max_length=20)
    nationality = forms.ChoiceField(label=_("Nationality (passport)"), choices=[])
    passport_expiry = forms.DateField(
        label=_("Passport expiry"), widget=forms.DateInput(attrs={"type": "date"})
    )
    date_of_birth = forms.DateField(
        label=_("Date of birth"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nationality"].choices = [("", "---------"), *countries]
        for field in self.fields.values():
            field.widget.attrs.setdefault("autocomplete", "off")


class VisaDeclareForm(forms.Form):
    leg = forms.IntegerField(widget=forms.HiddenInput)
    needed = forms.TypedChoiceField(
        label=_("Do you need a visa?"),
        choices=[("yes", _("Yes, I need a visa")), ("no", _("No visa needed"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )


class FlightForm(forms.Form):
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices)
    flight_number = forms.CharField(label=_("Flight"), max_length=12)
    airport = forms.CharField(label=_("Airport (IATA)"), max_length=3)
    airport_zone = forms.ChoiceField(label=_("Airport time zone"), choices=[])
    at = forms.DateTimeField(
        label=_("Local time of landing or take-off"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def __init__(self, *args, zones: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        names = zones or sorted(zoneinfo.available_timezones())
        self.fields["airport_zone"].choices = [(z, z) for z in names]

    def clean_at(self):
        # Read as the airport's wall clock by the service, not the server's zone.
        value = self.cleaned_data["at"]
        return value.replace(tzinfo=None) if value else value


class VisaRulesForm(forms.Form):
    country = forms.ChoiceField(label=_("Country visited"), choices=[])
    nationalities = forms.MultipleChoiceField(
        label=_("Nationalities that need a visa"),
        choices=[],
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 12}),
    )

    def __init__(self, *args, legs=(), **kwargs):
        super().__init__(*args, **kwargs)
        seen = {str(leg.country): leg.country.name for leg in legs}
        self.fields["country"].choices = sorted(seen.items())
        self.fields["nationalities"].choices = list(countries)


class VisaStatusForm(forms.Form):
    case = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Visa status"), choices=VisaStatus.choices)


class LetterSettingsForm(ContentLanguagesMixin, forms.ModelForm):
    """What the visa letters say; their texts in each working language side by side."""

    content_fields = ("purpose", "costs_covered_by", "signatory_title")

    class Meta:
        model = LetterSettings
        fields = ["letterhead", "purpose", "costs_covered_by", "signatory_name", "signatory_title"]

    @property
    def other_fields(self) -> list:
        texts = {column(n, code) for n in self.content_fields for code in self.content_languages}
        return [self[name] for name in self.fields if name not in texts]

    def settings_data(self) -> dict:
        """What ``letter_settings_save`` takes: the plain fields and each text by language."""
        return {b.name: self.cleaned_data[b.name] for b in self.other_fields} | self.content_data()


class PickupPlanForm(forms.Form):
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices)
    window_minutes = forms.IntegerField(
        label=_("Window (minutes)"), min_value=0, max_value=1440, initial=90
    )
    capacity = forms.IntegerField(
        label=_("Seats per vehicle"), min_value=1, max_value=80, initial=12
    )


class HotelForm(forms.Form):
    name = forms.CharField(label=_("Hotel"), max_length=200)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)


class BlockForm(forms.Form):
    hotel = forms.IntegerField(widget=forms.HiddenInput)
    room_type = forms.CharField(label=_("Room type"), max_length=100)
    beds = forms.IntegerField(label=_("Beds per room"), min_value=1, max_value=8)
    rooms = forms.IntegerField(label=_("Rooms"), min_value=1, max_value=1000)
    first_night = forms.DateField(
        label=_("First night"), widget=forms.DateInput(attrs={"type": "date"})
    )
    last_night = forms.DateField(
        label=_("Last night"), widget=forms.DateInput(attrs={"type": "date"})
    )


class FollowUpSettingsForm(forms.Form):
    deadline = forms.DateTimeField(
        label=_("Answers due by (event's time zone)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


class ClaimForm(forms.Form):
    description = forms.CharField(label=_("What for"), max_length=200)
    amount = forms.DecimalField(label=_("Amount"), min_value=0.01, max_digits=10, decimal_places=2)
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="USD")
    receipt = forms.FileField(label=_("Receipt"))
