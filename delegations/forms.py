"""Forms of the delegations pages (Django forms; the rules stay in services)."""

from __future__ import annotations

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _


class NominationForm(forms.Form):
    full_name = forms.CharField(label=_("Name as in passport"), max_length=200)
    honorific = forms.CharField(label=_("Title (H.E., Dr, Ms)"), max_length=60, required=False)
    function = forms.CharField(label=_("Function"), max_length=200, required=False)
    organisation_name = forms.CharField(
        label=_("Ministry or organisation"), max_length=200, required=False
    )
    email = forms.EmailField(label=_("Email"))
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    rank = forms.IntegerField(
        label=_("Rank (1 is the most senior)"), min_value=0, max_value=999, initial=10
    )
    is_head = forms.BooleanField(label=_("Head of delegation"), required=False)
    is_adviser = forms.BooleanField(label=_("Adviser beyond the seats"), required=False)
    is_media = forms.BooleanField(label=_("Media (press, journalist)"), required=False)
    # Checked (JPEG or PNG by content, size) by the service, which names this field.
    photo = forms.FileField(label=_("Photo (JPEG or PNG)"), required=False)


class SeatRequestForm(forms.Form):
    seats = forms.IntegerField(label=_("Extra seats"), min_value=1, max_value=20, initial=1)
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)


class RefusalForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)


class NomineeProfileForm(forms.Form):
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    dietary_needs = forms.CharField(label=_("Dietary needs"), max_length=300, required=False)
    accessibility_needs = forms.CharField(label=_("Access needs"), max_length=500, required=False)


class PhotoForm(forms.Form):
    photo = forms.FileField(label=_("Photo (JPEG or PNG)"))


class ReplacementForm(NominationForm):
    """The person who takes a nominee's seat (head role and rank kept unless changed)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("photo", "is_head", "is_adviser", "is_media", "rank"):
            del self.fields[name]


class BilateralRequestForm(forms.Form):
    counterpart = forms.TypedChoiceField(label=_("With the delegation of"), coerce=int)
    duration_minutes = forms.TypedChoiceField(
        label=_("Duration"),
        coerce=int,
        initial=30,
        choices=[(m, _("%(n)s minutes") % {"n": m}) for m in (15, 30, 45, 60, 90)],
    )
    preferred_days = forms.MultipleChoiceField(
        label=_("Preferred days"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The meeting is placed on one of them when it can; none ticked: any day."),
    )
    note = forms.CharField(label=_("Subject"), max_length=500, required=False)

    def __init__(self, *args, delegations=(), days=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["counterpart"].choices = [(d.pk, d.partner.official_name) for d in delegations]
        self.fields["preferred_days"].choices = [
            (day.isoformat(), date_format(day, "l j F Y")) for day in days
        ]
