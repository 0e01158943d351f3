"""Changing a leg or a venue of an event after it was added (the wizard's dates and venues
steps add and remove them): every working language side by side, through the same
services as the API, errors beside the fields."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backend.content_language import column
from backend.errors import BridgesError
from backend.pages import errors_as_messages
from programmes import services as programmes_services
from programmes.models import Leg, Venue

from .event_views import _event, _refused, _step_page
from .forms import LegForm, VenueForm


def _initial(instance, form_class, languages) -> dict:
    """The form's starting values: each text in each language's column, the rest as is."""
    initial = {
        column(name, code): getattr(instance, column(name, code), "") or ""
        for name in form_class.content_fields
        for code in languages
    }
    for name in form_class.base_fields:
        if name not in form_class.content_fields:
            initial[name] = getattr(instance, name)
    return initial


def _changes(form) -> dict:
    """What the services take: the texts by their language columns (never the plain name,
    which would write the page's language) and the other fields."""
    data = form.content_data()
    data.update({bound.name: form.cleaned_data[bound.name] for bound in form.other_fields})
    return data


def _edit(request, event, *, instance, form_class, update, step, heading, delete_url=None):
    languages = event.working_languages
    form = form_class(
        request.POST or None, languages=languages, initial=_initial(instance, form_class, languages)
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                update(_changes(form))
            except (BridgesError, ValidationError) as exc:
                status = _refused(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect(f"backoffice:event-{step}", slug=event.slug)
    context = {"form": form, "heading": heading, "delete_url": delete_url, "back": step}
    return _step_page(request, event, step, "place_edit.html", context, status)


@login_required
def leg_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = _event(request, slug)
    leg = get_object_or_404(Leg, event=event, pk=pk)
    return _edit(
        request,
        event,
        instance=leg,
        form_class=LegForm,
        update=lambda data: programmes_services.leg_update(leg=leg, data=data),
        step="dates",
        heading=_("Change the leg"),
    )


def _venue(event, pk: int) -> Venue:
    return get_object_or_404(Venue, organisation_id=event.organisation_id, pk=pk)


@login_required
def venue_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = _event(request, slug)
    venue = _venue(event, pk)
    return _edit(
        request,
        event,
        instance=venue,
        form_class=VenueForm,
        update=lambda data: programmes_services.venue_update(
            venue=venue, data=data, languages=event.working_languages
        ),
        step="venues",
        heading=_("Change the venue"),
        delete_url="backoffice:event-venue-delete",
    )


@login_required
@require_POST
def venue_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = _event(request, slug)
    with errors_as_messages(request):
        programmes_services.venue_delete(venue=_venue(event, pk))
        messages.success(request, _("Venue removed."))
    return redirect("backoffice:event-venues", slug=event.slug)
