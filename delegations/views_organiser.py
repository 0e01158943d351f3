"""The organiser's delegations pages in the back office, part one: the partner directory
(names in every working language, focal points, the invitation to this meeting) and the
invitation letter (its text per language, a preview, sending and reminding). Thin: a
form, the named rule ``delegations.manage_delegations``, a service, a redirect; a
service's refusal shows beside the field it names."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from backend.content_language import column
from backend.errors import BridgesError
from backend.pages import errors_as_messages
from programmes.models import Event

from . import selectors, services
from .enums import AWAITING_REPLY, InvitationStatus
from .models import EventPartner, Partner
from .organiser_forms import (
    FocalPointForm,
    InviteForm,
    LetterForm,
    PartnerForm,
    WithdrawFocalPointForm,
    language_choices,
)
from .services import organiser as organiser_services
from .services.focal_points import pending_invitations


def organiser_event(request, slug: str) -> Event:
    """The event, for its organisers only (others: 403; anonymous: to the login)."""
    event = get_object_or_404(Event.objects.select_related("organisation"), slug=slug)
    if not request.user.has_perm("delegations.manage_delegations", event):
        raise PermissionDenied
    return event


def languages_of(event: Event) -> list[str]:
    return list(event.working_languages or []) or ["en"]


def form_failed(form, exc: BridgesError) -> int:
    """Put a service's refusal beside the field it names (or above the form)."""
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    return exc.status


# ------------------------------------------------------------------ partner directory


def _directory(event: Event):
    partners = Partner.objects.filter(organisation_id=event.organisation_id)
    if event.programme_id:
        partners = partners.filter(
            Q(programme_id=event.programme_id)
            | Q(programme__isnull=True)
            | Q(delegations__event=event)
        ).distinct()
    return partners.prefetch_related("focal_points").order_by(
        "alphabetical_name", "official_name", "pk"
    )


@login_required
@require_http_methods(["GET", "POST"])
def partners(request, slug: str):
    """The programme's partner directory with each partner's invitation to this meeting,
    and the form that adds a partner (and invites it at once when asked)."""
    event = organiser_event(request, slug)
    languages = languages_of(event)
    form = PartnerForm(request.POST or None, prefix="partner", languages=languages)
    invite = InviteForm(request.POST or None, prefix="invite")
    wants_invite = request.POST.get("invite-now") == "1"
    status = 200
    if request.method == "POST":
        status = 400
        invite_ok = not wants_invite or invite.is_valid()
        if (
            form.is_valid()
            and Partner.objects.filter(
                organisation_id=event.organisation_id, key=form.cleaned_data["key"]
            ).exists()
        ):
            form.add_error("key", _("The directory has a partner with this key already."))
        if form.is_valid() and invite_ok:
            try:
                with transaction.atomic():
                    partner = _save_partner(request, event, form, key=form.cleaned_data["key"])
                    if wants_invite:
                        _invite(request, event, partner, invite)
            except BridgesError as exc:
                status = form_failed(invite if exc.field in invite.fields else form, exc)
            else:
                messages.success(request, _("%(name)s is saved.") % {"name": partner})
                return redirect("delegations:organise-partners", slug=event.slug)
    invited = {d.partner_id: d for d in selectors.delegations_of_event(event)}
    rows = [(p, invited.get(p.pk)) for p in _directory(event)]
    return render(
        request,
        "delegations/organise/partners.html",
        {
            "event": event,
            "rows": rows,
            "form": form,
            "invite": invite,
            "wants_invite": wants_invite,
        },
        status=status,
    )


def _save_partner(request, event: Event, form: PartnerForm, *, key: str) -> Partner:
    data = form.cleaned_data
    fields = {"kind": data["kind"], "country": data["country"]}
    if not Partner.objects.filter(organisation_id=event.organisation_id, key=key).exists():
        fields["programme"] = event.programme  # a new partner joins this programme's directory
    return organiser_services.partner_save_in_languages(
        organisation=event.organisation,
        key=key,
        data=fields,
        texts=form.content_data(),
        languages=form.content_languages,
        by=request.user,
    )


def _invite(request, event: Event, partner: Partner, form: InviteForm) -> EventPartner:
    return services.delegation_invite(
        event=event, partner=partner, by=request.user, **form.cleaned_data
    )


@login_required
@require_http_methods(["GET", "POST"])
def partner_edit(request, slug: str, pk: int):
    """One partner: its names, kind, country and focal points, and its invitation to this
    meeting (participation and allocation)."""
    event = organiser_event(request, slug)
    partner = get_object_or_404(
        Partner.objects.prefetch_related("focal_points"), pk=pk, organisation=event.organisation
    )
    delegation = EventPartner.objects.filter(event=event, partner=partner).first()
    languages = languages_of(event)
    which = request.POST.get("form") if request.method == "POST" else None
    initial = {
        "key": partner.key,
        "kind": partner.kind,
        "country": str(partner.country or ""),
        **{
            column(name, code): getattr(partner, column(name, code), "") or ""
            for name in PartnerForm.content_fields
            for code in languages
        },
    }
    form = PartnerForm(
        request.POST if which == "partner" else None,
        prefix="partner",
        languages=languages,
        initial=initial,
        editing=True,
    )
    invite = InviteForm(
        request.POST if which == "invite" else None,
        prefix="invite",
        initial={
            "participation": delegation.participation,
            "seats": delegation.seats,
            "advisers_allowed": delegation.advisers_allowed,
            "max_advisers": delegation.max_advisers,
            "media_seats": delegation.media_seats,
        }
        if delegation
        else None,
    )
    focal = FocalPointForm(request.POST if which == "focal" else None, prefix="focal")
    status = 200
    if which == "focal":
        status = 400
        if focal.is_valid():
            try:
                added = services.focal_point_add(
                    partner=partner, by=request.user, **focal.cleaned_data
                )
            except BridgesError as exc:
                status = form_failed(focal, exc)
            else:
                text = (
                    _("%(name)s is a focal point now.")
                    if added.user is not None
                    else _("%(name)s is invited by mail to be a focal point.")
                )
                messages.success(request, text % {"name": focal.cleaned_data["name"]})
                return redirect("delegations:organise-partner", slug=event.slug, pk=partner.pk)
    if which == "withdraw":
        withdraw = WithdrawFocalPointForm(request.POST)
        pending = pending_invitations(partner)
        if not withdraw.is_valid() or not (
            invitation := pending.filter(pk=withdraw.cleaned_data["invitation"]).first()
        ):
            raise Http404
        services.focal_point_invitation_withdraw(invitation=invitation, by=request.user)
        messages.success(
            request, _("The invitation to %(email)s is withdrawn.") % {"email": invitation.email}
        )
        return redirect("delegations:organise-partner", slug=event.slug, pk=partner.pk)
    if which in ("partner", "invite"):
        status = 400
        bound = form if which == "partner" else invite
        if bound.is_valid():
            try:
                if which == "partner":
                    _save_partner(request, event, form, key=partner.key)
                    messages.success(request, _("%(name)s is saved.") % {"name": partner})
                else:
                    _invite(request, event, partner, invite)
                    messages.success(request, _("The invitation is saved."))
            except BridgesError as exc:
                status = form_failed(bound, exc)
            else:
                return redirect("delegations:organise-partner", slug=event.slug, pk=partner.pk)
    return render(
        request,
        "delegations/organise/partner.html",
        {
            "event": event,
            "partner": partner,
            "delegation": delegation,
            "seats_taken": services.seats_taken(delegation) if delegation else 0,
            "form": form,
            "invite": invite,
            "focal": focal,
            "pending_focal_points": pending_invitations(partner),
        },
        status=status,
    )


# ------------------------------------------------------------------ the letter


@login_required
@require_http_methods(["GET", "POST"])
def letter(request, slug: str):
    """The invitation letter's subject and text in each working language, the language
    letters go out in, previews, and the buttons that send and remind."""
    event = organiser_event(request, slug)
    config = services.settings_for(event)
    languages = languages_of(event)
    initial = {
        "meeting_language": config.meeting_language,
        "reminder_days": config.reminder_days,
        **{
            column(name, code): getattr(config, column(name, code), "") or ""
            for name in LetterForm.content_fields
            for code in languages
        },
    }
    form = LetterForm(request.POST or None, languages=languages, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                organiser_services.letter_update(
                    event=event,
                    data={
                        "meeting_language": form.cleaned_data["meeting_language"],
                        "reminder_days": form.cleaned_data["reminder_days"],
                    },
                    texts=form.content_data(),
                    by=request.user,
                )
            except BridgesError as exc:
                status = form_failed(form, exc)
            else:
                messages.success(request, _("The letter is saved."))
                return redirect("delegations:organise-letter", slug=event.slug)
    sample = selectors.delegations_of_event(event).first()
    counts = {"not_sent": 0, "awaiting": 0}
    for status_value in EventPartner.objects.filter(event=event).values_list(
        "invitation_status", flat=True
    ):
        if status_value == InvitationStatus.NOT_SENT:
            counts["not_sent"] += 1
        elif status_value in AWAITING_REPLY:
            counts["awaiting"] += 1
    return render(
        request,
        "delegations/organise/letter.html",
        {
            "event": event,
            "form": form,
            "sample": sample,
            # Not "languages": base.html sets that name for its language menu.
            "preview_languages": language_choices(form.content_languages),
            "counts": counts,
            "placeholders": [
                "{partner_name}",
                "{organisation_name}",
                "{event_title}",
                "{place}",
                "{dates}",
                "{participation}",
                "{seats}",
                "{reply_by}",
                "{link}",
            ],
        },
        status=status,
    )


@login_required
def letter_preview(request, slug: str):
    """The letter as a PDF for one delegation (the first one by default) in one language."""
    event = organiser_event(request, slug)
    language = request.GET.get("language", "")
    if language not in languages_of(event):
        raise Http404
    rows = EventPartner.objects.filter(event=event).select_related("partner", "event__organisation")
    delegation_id = request.GET.get("delegation", "")
    if delegation_id:
        if not delegation_id.isdigit():
            raise Http404
        rows = rows.filter(pk=int(delegation_id))
    delegation = rows.order_by("partner__alphabetical_name", "pk").first()
    if delegation is None:
        raise Http404
    data = organiser_services.letter_preview_pdf(delegation=delegation, language=language)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="invitation-preview.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def letter_send(request, slug: str):
    event = organiser_event(request, slug)
    with errors_as_messages(request):
        count = services.invitations_send(event=event, by=request.user)
        messages.success(request, _("%(n)s invitations sent.") % {"n": count})
    return redirect("delegations:organise-letter", slug=event.slug)


@login_required
@require_POST
def letter_remind(request, slug: str):
    event = organiser_event(request, slug)
    with errors_as_messages(request):
        count = organiser_services.invitation_reminders_send_now(event=event, by=request.user)
        messages.success(
            request, _("%(n)s delegations that have not answered are reminded.") % {"n": count}
        )
    return redirect("delegations:organise-letter", slug=event.slug)
