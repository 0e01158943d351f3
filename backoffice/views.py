"""The organiser area's pages. Thin: check the named rule, call a selector or a service,
render. An organisation's team is seen by its owners and organisers
(``programmes.change_organisation``; anyone else gets a 404, as on the other back-office
pages) and changed by its owners (``programmes.change_memberships``, the services' rule)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backend.errors import BridgesError
from programmes.models import Event, Membership, Organisation
from programmes.services import event_roles, membership_change, membership_remove

from . import selectors, services
from .forms import CoOrganiserAccessForm, CoOrganiserAddForm, InvitationForm, RoleForm
from .models import Invitation


@login_required
def organiser_area(request: HttpRequest) -> HttpResponse:
    """My organisations and their events, with what needs attention on each."""
    if not request.user.has_perm("backoffice.view_organiser_area"):
        raise PermissionDenied
    overview = selectors.organiser_overview(request.user)
    return render(request, "backoffice/organiser_area.html", {"overview": overview})


def _team_organisation(request: HttpRequest, slug: str, *, change: bool = False) -> Organisation:
    organisation = get_object_or_404(Organisation, slug=slug)
    if not request.user.has_perm("programmes.change_organisation", organisation):
        raise Http404
    if change and not request.user.has_perm("programmes.change_memberships", organisation):
        raise PermissionDenied
    return organisation


def _team_page(
    request: HttpRequest,
    organisation: Organisation,
    *,
    invite_form: InvitationForm | None = None,
    role_forms: dict[int, RoleForm] | None = None,
    remove_errors: dict[int, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    role_forms, remove_errors = role_forms or {}, remove_errors or {}
    members = selectors.team_members(organisation)
    for member in members:
        member.remove_error = remove_errors.get(member.pk, "")
        member.role_form = role_forms.get(member.pk) or RoleForm(
            initial={"role": member.role}, prefix=f"m{member.pk}"
        )
    context = {
        "organisation": organisation,
        "members": members,
        "invitations": selectors.pending_invitations(organisation),
        "invite_form": invite_form or InvitationForm(),
        "can_change": request.user.has_perm("programmes.change_memberships", organisation),
    }
    return render(request, "backoffice/team.html", context, status=status)


@login_required
def team(request: HttpRequest, slug: str) -> HttpResponse:
    return _team_page(request, _team_organisation(request, slug))


def _team_event(request: HttpRequest, slug: str) -> Event:
    event = get_object_or_404(Event.objects.select_related("organisation"), slug=slug)
    if not request.user.has_perm("programmes.change_event", event):
        raise Http404
    return event


@login_required
def event_team(request: HttpRequest, slug: str) -> HttpResponse:
    """Who works on an event: the organising organisation's team (changed on its page),
    people invited to this event only, and what co-organising organisations may do."""
    return _event_team_page(request, _team_event(request, slug))


def _event_team_page(
    request: HttpRequest,
    event: Event,
    *,
    invite_form: InvitationForm | None = None,
    access_forms: dict[int, CoOrganiserAccessForm] | None = None,
    add_form: CoOrganiserAddForm | None = None,
    status: int = 200,
) -> HttpResponse:
    access_forms = access_forms or {}
    co_organisers = [
        (
            organisation,
            access_forms.get(organisation.pk)
            or CoOrganiserAccessForm(initial={"access": access}, prefix=f"o{organisation.pk}"),
        )
        for organisation, access in selectors.co_organiser_grants(event)
    ]
    context = {
        "event": event,
        "organisation": event.organisation,
        "members": selectors.team_members(event.organisation),
        "event_roles": selectors.event_roles(event),
        "invitations": selectors.pending_invitations(event.organisation, event=event),
        "invite_form": invite_form or InvitationForm(),
        "co_organisers": co_organisers,
        "co_organiser_form": add_form or CoOrganiserAddForm(event=event),
        "can_change": request.user.has_perm("programmes.change_memberships", event.organisation),
    }
    return render(request, "backoffice/event_team.html", context, status=status)


@login_required
@require_POST
def event_invite(request: HttpRequest, slug: str) -> HttpResponse:
    event = _team_event(request, slug)
    form = InvitationForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            invitation = services.invitation_send(
                organisation=event.organisation, event=event, by=request.user, **form.cleaned_data
            )
        except BridgesError as exc:
            status = _failed(form, exc)
        else:
            messages.success(
                request, _("Invitation sent to %(email)s.") % {"email": invitation.email}
            )
            return redirect("backoffice:event-team", slug=event.slug)
    return _event_team_page(request, event, invite_form=form, status=status)


@login_required
@require_POST
def event_role_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = _team_event(request, slug)
    row = get_object_or_404(event.roles.select_related("user"), pk=pk)
    event_roles.event_role_remove(event_role=row, by=request.user)
    messages.success(request, _("%(email)s was removed from the team.") % {"email": row.user.email})
    return redirect("backoffice:event-team", slug=event.slug)


@login_required
@require_POST
def event_invitation_withdraw(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = _team_event(request, slug)
    invitation = get_object_or_404(Invitation, event=event, pk=pk)
    try:
        services.invitation_revoke(invitation=invitation, by=request.user)
    except BridgesError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Invitation withdrawn."))
    return redirect("backoffice:event-team", slug=event.slug)


@login_required
@require_POST
def co_organiser_access(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = _team_event(request, slug)
    organisation = get_object_or_404(event.co_organisers, pk=pk)
    form = CoOrganiserAccessForm(request.POST, prefix=f"o{organisation.pk}")
    status = 400
    if form.is_valid():
        try:
            event_roles.co_organiser_access_set(
                event=event, organisation=organisation, by=request.user, **form.cleaned_data
            )
        except BridgesError as exc:
            status = _failed(form, exc)
        else:
            messages.success(request, _("Access changed."))
            return redirect("backoffice:event-team", slug=event.slug)
    return _event_team_page(request, event, access_forms={organisation.pk: form}, status=status)


@login_required
@require_POST
def co_organiser_add(request: HttpRequest, slug: str) -> HttpResponse:
    event = _team_event(request, slug)
    form = CoOrganiserAddForm(request.POST, event=event)
    status = 400
    if form.is_valid():
        organisation = form.cleaned_data["organisation"]
        try:
            services.co_organiser_add(event=event, organisation=organisation, by=request.user)
        except BridgesError as exc:
            status = _failed(form, exc)
        else:
            messages.success(
                request, _("%(name)s co-organises the event.") % {"name": organisation.name}
            )
            return redirect("backoffice:event-team", slug=event.slug)
    return _event_team_page(request, event, add_form=form, status=status)


@login_required
@require_POST
def co_organiser_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = _team_event(request, slug)
    organisation = get_object_or_404(event.co_organisers, pk=pk)
    services.co_organiser_remove(event=event, organisation=organisation, by=request.user)
    messages.success(
        request,
        _("%(name)s no longer co-organises the event.") % {"name": organisation.name},
    )
    return redirect("backoffice:event-team", slug=event.slug)


def _failed(form, exc: BridgesError) -> int:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    return exc.status


@login_required
@require_POST
def team_invite(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _team_organisation(request, slug, change=True)
    form = InvitationForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            invitation = services.invitation_send(
                organisation=organisation, by=request.user, **form.cleaned_data
            )
        except BridgesError as exc:
            status = _failed(form, exc)
        else:
            messages.success(
                request, _("Invitation sent to %(email)s.") % {"email": invitation.email}
            )
            return redirect("backoffice:team", slug=organisation.slug)
    return _team_page(request, organisation, invite_form=form, status=status)


def _member(organisation: Organisation, pk: int) -> Membership:
    return get_object_or_404(organisation.memberships.select_related("user", "organisation"), pk=pk)


@login_required
@require_POST
def team_role(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = _team_organisation(request, slug, change=True)
    membership = _member(organisation, pk)
    form = RoleForm(request.POST, prefix=f"m{membership.pk}")
    status = 400
    if form.is_valid():
        try:
            membership_change(
                membership=membership, role=form.cleaned_data["role"], by=request.user
            )
        except BridgesError as exc:
            status = _failed(form, exc)
        else:
            messages.success(request, _("Role changed."))
            return redirect("backoffice:team", slug=organisation.slug)
    return _team_page(request, organisation, role_forms={membership.pk: form}, status=status)


@login_required
@require_POST
def team_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = _team_organisation(request, slug, change=True)
    membership = _member(organisation, pk)
    try:
        membership_remove(membership=membership, by=request.user)
    except BridgesError as exc:
        errors = {membership.pk: exc.message}
        return _team_page(request, organisation, remove_errors=errors, status=exc.status)
    messages.success(
        request, _("%(email)s was removed from the team.") % {"email": membership.user.email}
    )
    return redirect("backoffice:team", slug=organisation.slug)


@login_required
@require_POST
def invitation_withdraw(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = _team_organisation(request, slug, change=True)
    invitation = get_object_or_404(Invitation, organisation=organisation, pk=pk)
    try:
        services.invitation_revoke(invitation=invitation, by=request.user)
    except BridgesError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Invitation withdrawn."))
    return redirect("backoffice:team", slug=organisation.slug)


def _invitation_refused(request: HttpRequest, exc: BridgesError) -> HttpResponse:
    context = {"message": exc.message}
    return render(request, "backoffice/invitation_invalid.html", context, status=exc.status)


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the invitation mail: who invites to what; accepting needs the invited
    address signed in. A tampered, used, withdrawn or expired link gets a page saying so."""
    try:
        found = services.invitation_for_token(token)
    except BridgesError as exc:
        return _invitation_refused(request, exc)
    if request.method == "POST" and request.user.is_authenticated:
        try:
            services.invitation_accept(invitation=found, user=request.user)
        except BridgesError as exc:
            return _invitation_refused(request, exc)
        name = found.event.title if found.event else found.organisation.name
        messages.success(request, _("You joined %(name)s.") % {"name": name})
        if request.user.has_perm("backoffice.view_organiser_area"):
            return redirect("backoffice:organiser-area")
        return redirect("home")
    email_matches = request.user.is_authenticated and (
        (request.user.email or "").strip().lower() == found.email
    )
    return render(
        request,
        "backoffice/invitation.html",
        {"invitation": found, "email_matches": email_matches},
    )
