"""Forms of the public pages (the API has its own serializers and filters)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from .enums import EventKind


class EventFilterForm(forms.Form):
    """The GET filters of the public event listings; every field optional."""

    q = forms.CharField(
        label=_("Search"), required=False, max_length=100, widget=forms.SearchInput()
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    starts_after = forms.DateField(
        label=_("Starting from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    starts_before = forms.DateField(
        label=_("Starting until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, country_codes=None, **kwargs):
        """``country_codes``: offer only these countries (those with events); all when None."""
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Any kind")), *EventKind.choices]
        if country_codes is None:
            country_choices = list(countries)
        else:
            wanted = {code.upper() for code in country_codes if code}
            country_choices = [(code, name) for code, name in countries if code in wanted]
        self.fields["country"].choices = [("", _("Any country")), *country_choices]
        self.fields["q"].widget.attrs["placeholder"] = _("Title, theme or organiser")

    def clean(self):
        data = super().clean()
        after, before = data.get("starts_after"), data.get("starts_before")
        if after and before and before < after:
            self.add_error("starts_before", _("This date must not be before “Starting from”."))
        return data

    def selector_kwargs(self) -> dict:
        """The valid filters as keyword arguments of ``selectors.published_events``."""
        if not self.is_bound:
            return {}
        data = (
            self.cleaned_data
            if self.is_valid()
            else {
                name: value
                for name, value in getattr(self, "cleaned_data", {}).items()
                if name not in self.errors
            }
        )
        return {name: value for name, value in data.items() if value}

    def is_filtered(self) -> bool:
        return bool(self.selector_kwargs())
