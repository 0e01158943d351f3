"""Delegations pages: the focal point's delegation (phone first), the nominee's own
profile link, the meeting's documents, and the organiser's delegations in the back
office. Thin: forms, a named rule, a service, a redirect."""

from __future__ import annotations

import datetime as dt

from allauth.account.forms import SetPasswordForm
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from backend.errors import BridgesError
from backend.files import private_file_response
from backend.pages import errors_as_messages
from participants.documents import photo_max_mb
from participants.forms import add_service_error
from programmes.models import Event

from . import selectors, services
from .enums import BilateralStatus, InvitationStatus, NomineeStatus, SeatRequestStatus
from .forms import (
    BilateralRequestForm,
    NominationForm,
    NomineeProfileForm,
    PhotoForm,
    RefusalForm,
    ReplacementForm,
    SeatRequestForm,
)
from .models import Nominee, SeatRequest


def _delegation(request, pk: int):
    delegation = selectors.delegation_detail(pk)
    if delegation is None or not request.user.has_perm("delegations.view_delegation", delegation):
        raise Http404
    return delegation


@require_http_methods(["GET", "POST"])
def invitation_link(request, token: str):
    """The link in the invitation mail. Signed in as its focal point: on to the
    delegation. Not signed in: an account with a password signs in first; one made for
    them sets its password here (allauth's password form; the address is verified by the
    link) and is signed in. A tampered or stale link: a clear page, nothing else."""
    link = services.invitation_from_token(token)
    if link is None:
        return render(request, "delegations/invitation_invalid.html", status=400)
    target = reverse("delegations:delegation", args=[link.delegation.pk])
    if request.user.is_authenticated:
        if request.user.pk == link.user.pk or request.user.has_perm(
            "delegations.view_delegation", link.delegation
        ):
            return redirect(target)
        return render(
            request,
            "delegations/invitation_other_account.html",
            {"link": link, "event": link.delegation.event},
            status=403,
        )
    if not link.needs_account:
        return redirect(f"{reverse('account_login')}?{urlencode({'next': target})}")
    form = SetPasswordForm(user=link.user, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = services.focal_point_account_set_up(
            link=link, password=form.cleaned_data["password1"]
        )
        auth_login(request, user, backend="allauth.account.auth_backends.AuthenticationBackend")
        messages.success(request, _("Your account is ready."))
        return redirect(target)
    return render(
        request,
        "delegations/invitation_account.html",
        {"link": link, "event": link.delegation.event, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def my_delegations(request):
    """The delegations a focal point answers for, each with its seats (often only one)."""
    return render(
        request,
        "delegations/my_delegations.html",
        {"delegations": list(selectors.delegations_of_focal_point(request.user))},
    )


@login_required
@require_http_methods(["GET", "POST"])
def delegation_page(request, pk: int):
    delegation = _delegation(request, pk)
    form = NominationForm(request.POST or None, request.FILES or None, prefix="nominee")
    if request.method == "POST":
        if not request.user.has_perm("delegations.change_delegation", delegation):
            raise Http404
        if form.is_valid():
            data = dict(form.cleaned_data)
            photo = data.pop("photo", None)
            try:
                nominee = services.nominee_nominate(
                    delegation=delegation, data=data, by=request.user, photo=photo
                )
            except BridgesError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("%(name)s is nominated.") % {"name": nominee.full_name})
                return redirect("delegations:delegation", pk=delegation.pk)
        return _delegation_page(request, delegation, form=form, status=400)
    return _delegation_page(request, delegation, form=form)


def bilateral_form(delegation, data=None) -> BilateralRequestForm:
    event = delegation.event
    others = [d for d in selectors.delegations_of_event(event) if d.pk != delegation.pk]
    days = [
        event.start_date + dt.timedelta(days=i)
        for i in range((event.end_date - event.start_date).days + 1)
    ]
    return BilateralRequestForm(data, prefix="bilateral", delegations=others, days=days)


def _delegation_page(request, delegation, *, form=None, status: int = 200):
    active = [
        n
        for n in delegation.nominees.all()
        if n.status in (NomineeStatus.NOMINATED, NomineeStatus.ACCREDITED)
    ]
    event = delegation.event
    cutoff_passed = services.cutoff_passed(event)
    # After the cut-off only organisers change the delegation (the services say so too).
    can_change = not cutoff_passed or services.by_organiser(request.user, event)
    for nominee in active:
        nominee.has_photo = selectors.nominee_has_photo(nominee)
        nominee.replace_form = ReplacementForm(prefix=f"replace-{nominee.pk}")
    bilaterals = list(selectors.bilaterals_of(delegation))
    for b in bilaterals:
        b.on_preferred_day = services.on_preferred_day(b, event.zone)
    return render(
        request,
        "delegations/delegation.html",
        {
            "delegation": delegation,
            "event": delegation.event,
            "form": form or NominationForm(prefix="nominee"),
            "seat_form": SeatRequestForm(prefix="seats"),
            "photo_max_mb": photo_max_mb(),
            "active": active,
            "others": [n for n in delegation.nominees.all() if n not in active],
            "seats_taken": services.seats_taken(delegation),
            "cutoff_passed": cutoff_passed,
            "can_change": can_change,
            "awaiting_reply": delegation.invitation_status
            in (InvitationStatus.INVITED, InvitationStatus.NO_REPLY),
            "bilaterals": bilaterals,
            "incoming": [
                b
                for b in bilaterals
                if b.counterpart_id == delegation.pk and b.status == BilateralStatus.REQUESTED
            ],
            "bilateral_form": bilateral_form(delegation),
        },
        status=status,
    )


@login_required
@require_POST
def nominee_photo_upload(request, pk: int):
    """A focal point (or organiser) sets a nominee's photo from the delegation page; a
    refused file is a 400 with the reason beside the nominee."""
    nominee = get_object_or_404(
        Nominee.objects.select_related("delegation__partner", "event", "user"), pk=pk
    )
    if not request.user.has_perm("delegations.change_nominee_photo", nominee):
        raise Http404
    try:
        services.nominee_photo_set(
            nominee=nominee, uploaded=request.FILES.get("photo"), by=request.user
        )
    except BridgesError as exc:
        messages.error(request, exc.message)
        delegation = _delegation(request, nominee.delegation_id)
        return _delegation_page(request, delegation, status=400)
    messages.success(request, _("The photo of %(name)s is saved.") % {"name": nominee.full_name})
    return redirect("delegations:delegation", pk=nominee.delegation_id)


def _photo_response(nominee: Nominee):
    found = services.nominee_photo_file(nominee)
    if found is None:
        raise Http404
    name, content_type = found
    return private_file_response(
        name, content_type=content_type, filename="photo", cache_control="private, no-store"
    )


@login_required
def nominee_photo(request, pk: int):
    """The photo, to the delegation's focal points, the organisers and the nominee; the
    same 404 for anyone else as for a photo that does not exist."""
    nominee = get_object_or_404(
        Nominee.objects.select_related("delegation__partner", "event"), pk=pk
    )
    if not request.user.has_perm("delegations.view_nominee_photo", nominee):
        raise Http404
    return _photo_response(nominee)


@login_required
@require_POST
def delegation_answer(request, pk: int):
    delegation = _delegation(request, pk)
    if not request.user.has_perm("delegations.change_delegation", delegation):
        raise Http404
    with errors_as_messages(request):
        services.invitation_answer(
            delegation=delegation, answer=request.POST.get("answer", ""), by=request.user
        )
        messages.success(request, _("Your answer is recorded."))
    return redirect("delegations:delegation", pk=delegation.pk)


@login_required
@require_POST
def seat_request(request, pk: int):
    delegation = _delegation(request, pk)
    if not request.user.has_perm("delegations.change_delegation", delegation):
        raise Http404
    form = SeatRequestForm(request.POST, prefix="seats")
    if form.is_valid():
        with errors_as_messages(request):
            services.seat_request_create(
                delegation=delegation, by=request.user, **form.cleaned_data
            )
            messages.success(request, _("Your request is sent to the organisers."))
    else:
        messages.error(request, _("Give between 1 and 20 seats."))
    return redirect("delegations:delegation", pk=delegation.pk)


@login_required
def letter(request, pk: int):
    delegation = _delegation(request, pk)
    response = HttpResponse(
        services.invitation_letter_pdf(delegation=delegation), content_type="application/pdf"
    )
    response["Content-Disposition"] = 'inline; filename="invitation.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def bilaterals_calendar(request, pk: int):
    """The delegation's bilaterals for a calendar app (focal points and organisers)."""
    delegation = _delegation(request, pk)
    response = HttpResponse(
        services.bilaterals_ical(delegation), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="bilaterals.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
def nominee_profile(request, token: str):
    """The nominee's own link (no account needed): their needs for the meeting and
    their photo."""
    nominee = services.nominee_from_token(token)
    if nominee is None:
        raise Http404
    form = NomineeProfileForm(request.POST or None)
    photo_form = PhotoForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST" and request.POST.get("action") == "photo":
        try:
            services.nominee_photo_set(
                nominee=nominee, uploaded=request.FILES.get("photo"), by=nominee.user
            )
        except BridgesError as exc:
            add_service_error(photo_form, exc)
            status = 400
        else:
            messages.success(request, _("Your photo is saved."))
            return redirect("delegations:nominee-profile", token=token)
        form = NomineeProfileForm()
    elif request.method == "POST":
        photo_form = PhotoForm()
        if form.is_valid():
            with errors_as_messages(request) as outcome:
                services.nominee_profile_update(nominee=nominee, data=form.cleaned_data)
                messages.success(request, _("Thank you; your details are saved."))
            if not outcome.error:
                return redirect("delegations:nominee-profile", token=token)
        status = 400
    return render(
        request,
        "delegations/nominee_profile.html",
        {
            "nominee": nominee,
            "event": nominee.event,
            "form": form,
            "photo_form": photo_form,
            "photo_max_mb": photo_max_mb(),
            "has_photo": services.nominee_photo_file(nominee) is not None,
            "token": token,
        },
        status=status,
    )


def nominee_profile_photo(request, token: str):
    """The nominee's photo behind their own link (the link is the credential)."""
    nominee = services.nominee_from_token(token)
    if nominee is None:
        raise Http404
    return _photo_response(nominee)


def documents(request, slug: str):
    event = get_object_or_404(Event, slug=slug)
    return render(
        request,
        "delegations/documents.html",
        {
            "event": event,
            "documents": services.documents_visible(request.user, event),
        },
    )


# ------------------------------------------------------------------ back office


def _managed_event(request, slug: str) -> Event:
    event = get_object_or_404(Event, slug=slug)
    if not request.user.has_perm("delegations.manage_delegations", event):
        raise Http404
    return event


@login_required
def organise_delegations(request, slug: str):
    event = _managed_event(request, slug)
    rows = list(selectors.delegations_of_event(event))
    pending = (
        Nominee.objects.filter(event=event, status=NomineeStatus.NOMINATED)
        .select_related("delegation__partner")
        .order_by("delegation__partner__official_name", "-is_head", "rank")
    )
    requests = SeatRequest.objects.filter(
        delegation__event=event, status=SeatRequestStatus.PENDING
    ).select_related("delegation__partner")
    return render(
        request,
        "delegations/organise.html",
        {
            "event": event,
            "rows": rows,
            "pending": pending,
            "seat_requests": requests,
            "refusal_form": RefusalForm(),
        },
    )


@login_required
@require_POST
def organise_invite_all(request, slug: str):
    event = _managed_event(request, slug)
    count = services.invitations_send(event=event, by=request.user)
    messages.success(request, _("%(n)s invitations sent.") % {"n": count})
    return redirect("delegations:organise", slug=slug)


@login_required
@require_POST
def organise_decide(request, slug: str, pk: int):
    event = _managed_event(request, slug)
    nominee = get_object_or_404(
        Nominee.objects.select_related("delegation__partner"), pk=pk, event=event
    )
    with errors_as_messages(request):
        if request.POST.get("decision") == "accredit":
            services.nominee_accredit(nominee=nominee, by=request.user)
            messages.success(request, _("%(name)s is accredited.") % {"name": nominee.full_name})
        else:
            form = RefusalForm(request.POST)
            reason = form.data.get("reason", "")
            services.nominee_refuse(nominee=nominee, reason=reason, by=request.user)
            messages.success(request, _("Accreditation refused."))
    return redirect("delegations:organise", slug=slug)


@login_required
@require_POST
def organise_seat_request(request, slug: str, pk: int):
    event = _managed_event(request, slug)
    row = get_object_or_404(SeatRequest, pk=pk, delegation__event=event)
    with errors_as_messages(request):
        services.seat_request_decide(
            request=row, approve=request.POST.get("approve") == "1", by=request.user
        )
        messages.success(request, _("Decision recorded."))
    return redirect("delegations:organise", slug=slug)
