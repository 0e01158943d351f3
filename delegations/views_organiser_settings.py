"""The organiser's "Protocol & deadlines" page in the back office: the substitution
cut-off and reply-by date (in the event's zone), the letter drawn by lot, host and chair
placement and the seating layout, saved through ``services.delegation_settings_update``;
and the printable speakers' list in protocol order."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from backend.errors import BridgesError

from . import selectors, services
from .settings_forms import ProtocolSettingsForm
from .views_organiser import form_failed, organiser_event


@login_required
@require_http_methods(["GET", "POST"])
def protocol_settings(request, slug: str):
    event = organiser_event(request, slug)
    config = services.settings_for(event)
    form = ProtocolSettingsForm(
        request.POST or None,
        event=event,
        delegations=selectors.delegations_of_event(event),
        initial=ProtocolSettingsForm.initial_for(config, event.zone),
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.delegation_settings_update(
                    event=event, data=dict(form.cleaned_data), by=request.user
                )
            except BridgesError as exc:
                status = form_failed(form, exc)
            else:
                messages.success(request, _("The protocol settings are saved."))
                return redirect("delegations:organise-settings", slug=event.slug)
    return render(
        request,
        "delegations/organise/settings.html",
        {"event": event, "form": form, "zone": str(event.time_zone).replace("_", " ")},
        status=status,
    )


@login_required
def speakers(request, slug: str):
    """The speakers' list in protocol order, for the screen and for printing."""
    event = organiser_event(request, slug)
    return render(
        request,
        "delegations/organise/speakers.html",
        {"event": event, "rows": services.speakers_list(event)},
    )
