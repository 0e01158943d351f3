"""The organiser's "Protocol & deadlines" form: the cut-off and reply-by date typed in the
event's zone, the drawn letter, host and chair placement, the seating layout. The rules
stay in ``services.delegation_settings_update``."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import ChairPlacement, SeatingLayout


class _LocalDateTimeInput(forms.DateTimeInput):
    """A wall-clock time in the event's zone (``datetime-local`` has no zone of its own)."""

    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class ProtocolSettingsForm(forms.Form):
    nomination_cutoff = forms.DateTimeField(
        label=_("Substitutions close"),
        required=False,
        widget=_LocalDateTimeInput(),
        help_text=_("After it, only organisers change a delegation."),
    )
    reply_by = forms.DateTimeField(
        label=_("Reply by"), required=False, widget=_LocalDateTimeInput()
    )
    drawn_letter = forms.CharField(
        label=_("Letter drawn by lot"),
        max_length=1,
        required=False,
        help_text=_("Protocol order starts at the first name from this letter; empty for A."),
    )
    host_first = forms.BooleanField(label=_("Host delegation first"), required=False)
    chair = forms.TypedChoiceField(label=_("Chair"), required=False, coerce=int, empty_value=None)
    chair_placement = forms.ChoiceField(label=_("Chair placed"), choices=ChairPlacement.choices)
    seating_layout = forms.ChoiceField(label=_("Seating layout"), choices=SeatingLayout.choices)

    def __init__(self, *args, event, delegations, **kwargs):
        self.event = event
        self.delegations = {d.pk: d for d in delegations}
        super().__init__(*args, **kwargs)
        self.fields["chair"].choices = [("", "—")] + [
            (d.pk, d.partner.official_name) for d in self.delegations.values()
        ]
        zone_name = str(event.time_zone).replace("_", " ")
        for name in ("nomination_cutoff", "reply_by"):
            self.fields[name].help_text = " ".join(
                filter(
                    None,
                    [
                        str(self.fields[name].help_text or ""),
                        str(_("Time in %(zone)s.") % {"zone": zone_name}),
                    ],
                )
            )

    def _in_event_zone(self, name: str):
        value = self.cleaned_data.get(name)
        if value is None:
            return None
        # Django made it aware in the visitor's zone: read the wall clock in the event's.
        naive = timezone.make_naive(value) if timezone.is_aware(value) else value
        return timezone.make_aware(naive, self.event.zone)

    def clean_nomination_cutoff(self):
        return self._in_event_zone("nomination_cutoff")

    def clean_reply_by(self):
        return self._in_event_zone("reply_by")

    def clean_chair(self):
        pk = self.cleaned_data.get("chair")
        return self.delegations.get(pk) if pk is not None else None

    @staticmethod
    def initial_for(config, zone) -> dict:
        def local(value):
            return value.astimezone(zone).replace(tzinfo=None) if value else None

        return {
            "nomination_cutoff": local(config.nomination_cutoff),
            "reply_by": local(config.reply_by),
            "drawn_letter": config.drawn_letter,
            "host_first": config.host_first,
            "chair": config.chair_id,
            "chair_placement": config.chair_placement,
            "seating_layout": config.seating_layout,
        }
