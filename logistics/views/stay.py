"""Hotels, room blocks and the rooming list (solved by a job the page polls)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from backend.errors import BridgesError
from backend.pages import errors_as_messages
from programmes.models import Event, Leg

from .. import services
from ..enums import JobStatus
from ..forms import (
    BlockForm,
    HotelForm,
)
from ..models import Companion, Hotel, RoomBlock, RoomingJob
from ..organiser_forms import RoomAssignForm, SingleRoomForm
from .common import _event_for, _form_refused, member_event, registry_download


def _person(event: Event, value: str) -> dict:
    """``a<pk>`` (a confirmed participant) or ``c<pk>`` (a companion) of ``event``."""
    kind, pk = value[:1], value[1:]
    if pk.isdigit() and kind == "a":
        application = services.attending(event).filter(pk=pk).first()
        if application is not None:
            return {"application": application}
    if pk.isdigit() and kind == "c":
        companion = Companion.objects.filter(pk=pk, application__in=services.attending(event))
        if companion.exists():
            return {"companion": companion.get()}
    raise BridgesError(_("Choose a confirmed participant."), field="person")


def room_edit(request, event: Event, leg, action: str, form) -> None:
    """An organiser's room edit: a person into a room (kept at the next solve), or a
    single room for someone. Raises BridgesError naming the field."""
    data = form.cleaned_data
    if action == "single":
        application = services.attending(event).filter(pk=data["application"]).first()
        if application is None:
            raise BridgesError(_("Choose a confirmed participant."), field="application")
        services.single_room_set(application=application, single=data["single"], by=request.user)
        return
    block = RoomBlock.objects.filter(pk=data["block"], hotel__event=event).select_related("hotel")
    if not block.exists():
        raise BridgesError(_("This room block is not part of this stay."), field="block")
    services.room_assign(
        event=event,
        leg=leg,
        block=block.get(),
        room=data["room"],
        by=request.user,
        **_person(event, data["person"]),
    )


def _leg_of(event: Event, value) -> Leg | None:
    legs = {str(leg.pk): leg for leg in event.legs.all()}
    if not legs:
        return None
    return legs.get(str(value or "")) or next(iter(legs.values()))


@login_required
def rooms(request, slug: str):
    """Hotels and room blocks of a leg, the rooming list (solve, edits). Its downloads are
    the export registry's ``rooming`` list of the leg; ``?format=csv|xlsx`` (the old
    download addresses) lead there."""
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        event = member_event(request, slug)
        leg = _leg_of(event, request.GET.get("leg"))
        return registry_download(event, "rooming", fmt, {"leg": leg.pk if leg else ""})
    event = _event_for(request, slug)
    leg = _leg_of(event, request.GET.get("leg"))
    hotel_form, block_form = HotelForm(prefix="hotel"), BlockForm(prefix="block")
    edit_forms = {
        "assign": RoomAssignForm(prefix="assign"),
        "single": SingleRoomForm(prefix="single"),
    }
    action = request.POST.get("action") if request.method == "POST" else None
    status = 200
    if action in edit_forms:
        form_class = RoomAssignForm if action == "assign" else SingleRoomForm
        form = edit_forms[action] = form_class(request.POST, prefix=action)
        if form.is_valid():
            try:
                room_edit(request, event, leg, action, form)
            except BridgesError as exc:
                _form_refused(form, exc)
        if not form.errors:
            messages.success(request, _("Saved."))
            return redirect(f"{request.path}?leg={leg.pk if leg else ''}")
        status = 400
    elif action:
        with errors_as_messages(request) as outcome:
            if action == "solve":  # a Celery job; the page polls its progress
                services.rooming_job_start(event=event, leg=leg, by=request.user)
                messages.success(request, _("The rooming list is being made."))
            elif action == "hotel":
                hotel_form = HotelForm(request.POST, prefix="hotel")
                if hotel_form.is_valid():
                    services.hotel_add(
                        event=event, leg=leg, by=request.user, **hotel_form.cleaned_data
                    )
            elif action == "block":
                block_form = BlockForm(request.POST, prefix="block")
                if block_form.is_valid():
                    data = dict(block_form.cleaned_data)
                    hotel = get_object_or_404(Hotel, pk=data.pop("hotel"), event=event)
                    services.block_add(hotel=hotel, by=request.user, **data)
        if not outcome.error and not hotel_form.errors and not block_form.errors:
            return redirect(f"{request.path}?leg={leg.pk if leg else ''}")
    rows = services.rooming_list(event=event, leg=leg)
    stays, nights = services.nights_by_person(event=event)
    return render(
        request,
        "logistics/rooms.html",
        {
            "event": event,
            "leg": leg,
            "legs": list(event.legs.all()),
            "hotels": Hotel.objects.filter(event=event, leg=leg).prefetch_related("blocks"),
            "rows": rows,
            "stays": stays,
            "nights": nights,
            "hotel_form": hotel_form,
            "block_form": block_form,
            "job": RoomingJob.objects.filter(event=event, leg=leg).first(),
            "assign_form": edit_forms["assign"],
            "single_form": edit_forms["single"],
            "blocks": RoomBlock.objects.filter(hotel__event=event, hotel__leg=leg).select_related(
                "hotel"
            ),
            "people": services.attending(event)
            .select_related("applicant", "travel_profile")
            .prefetch_related("companions")
            .order_by("applicant__last_name", "applicant__first_name", "pk"),
        },
        status=status,
    )


@login_required
def rooming_job(request, slug: str, pk: int):
    """A rooming job's progress and outcome, polled by the rooms page (htmx)."""
    event = _event_for(request, slug)
    job = get_object_or_404(RoomingJob.objects.select_related("leg"), pk=pk, event=event)
    summary = ""
    if job.status == JobStatus.DONE:
        summary = _("%(count)s people have a room.") % {"count": job.result.get("placed", 0)}
    return render(
        request,
        "logistics/_job_progress.html",
        {
            "job": job,
            "label": _("Rooming list"),
            "poll_url": request.path,
            "summary": summary,
            "done_url": f"{reverse('logistics:rooms', args=[event.slug])}?leg={job.leg_id or ''}",
            "done_text": _("Show the new rooming list"),
        },
    )
