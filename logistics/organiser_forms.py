"""Forms of the organisers' logistics pages: the logistics role, airfare caps, per-diem
rates, approved grants, room edits and companions. Each one feeds one service."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import CompanionRole


class AccessForm(forms.Form):
    user = forms.IntegerField(widget=forms.HiddenInput)


class AirfareCapForm(forms.Form):
    region = forms.CharField(label=_("Region"), max_length=100)
    countries = forms.CharField(
        label=_("Countries (ISO codes, comma-separated)"),
        max_length=800,
        help_text=_("For example: VN, TH, KH"),
    )
    amount = forms.DecimalField(label=_("Cap"), min_value=0, max_digits=10, decimal_places=2)
    currency = forms.RegexField(label=_("Currency"), regex=r"^[A-Za-z]{3}$", initial="USD")

    def clean_countries(self) -> list[str]:
        codes = [c.strip().upper() for c in self.cleaned_data["countries"].split(",") if c.strip()]
        if not codes or any(len(c) != 2 or not c.isalpha() for c in codes):
            raise forms.ValidationError(_("Enter two-letter country codes separated by commas."))
        return codes


class PerDiemForm(forms.Form):
    city = forms.CharField(label=_("City"), max_length=120)
    amount = forms.DecimalField(label=_("Per day"), min_value=0, max_digits=10, decimal_places=2)
    currency = forms.RegexField(label=_("Currency"), regex=r"^[A-Za-z]{3}$", initial="USD")


class GrantForm(forms.Form):
    application = forms.IntegerField(label=_("Person"))
    budget_line = forms.CharField(label=_("Budget line"), max_length=100)
    airfare = forms.DecimalField(
        label=_("Airfare approved"), min_value=0, max_digits=10, decimal_places=2
    )
    # Where the lines' errors show; the rows come as ``line_rate``/``line_days`` pairs.
    per_diem_lines = forms.CharField(label=_("Per diem by city"), required=False)

    def per_diem_pairs(self) -> list[tuple]:
        """The (rate id, days) rows posted (a row with no city is left out: removed);
        unreadable values pass as they are, for the service to refuse by field."""
        rates = self.data.getlist(f"{self.prefix}-line_rate")
        days = self.data.getlist(f"{self.prefix}-line_days")
        pairs = []
        for index, rate in enumerate(rates):
            if not rate.strip():
                continue
            count = days[index].strip() if index < len(days) else ""
            pairs.append(
                (
                    int(rate) if rate.strip().isdigit() else rate,
                    int(count) if count.isdigit() else (0 if not count else count),
                )
            )
        return pairs


class RoomAssignForm(forms.Form):
    person = forms.CharField(label=_("Person"), max_length=20)  # "a<pk>" or "c<pk>"
    block = forms.IntegerField(label=_("Rooms"))
    room = forms.IntegerField(label=_("Room number"), min_value=1)


class SingleRoomForm(forms.Form):
    application = forms.IntegerField(label=_("Person"))
    single = forms.BooleanField(label=_("Single room"), required=False)


class CompanionForm(forms.Form):
    application = forms.IntegerField(label=_("Person"), required=False)
    name = forms.CharField(label=_("Name"), max_length=200)
    role = forms.ChoiceField(label=_("Role"), choices=CompanionRole.choices)
    gender = forms.ChoiceField(label=_("Gender"), choices=(), required=False)
    is_minor = forms.BooleanField(label=_("Under 18"), required=False)

    def __init__(self, *args, **kwargs):
        from .models import Companion

        super().__init__(*args, **kwargs)
        self.fields["gender"].choices = [("", "—"), *Companion._meta.get_field("gender").choices]
