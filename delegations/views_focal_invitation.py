"""The link in a focal-point invitation mail (``services.focal_points``): signed in with
the invited address, it makes them the focal point; not signed in, an account with a
password signs in first (the sign-in then claims the invitation), and anyone else creates
their account here (allauth's password form, the address verified by the link)."""

from __future__ import annotations

from allauth.account.forms import SetPasswordForm
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from backend.errors import BridgesError

from . import services
from .services.focal_points import account_for_invitation, invitation_usable


@require_http_methods(["GET", "POST"])
def focal_point_invitation(request, token: str):
    invitation = services.focal_point_invitation_from_token(token)
    if invitation is None:
        return render(request, "delegations/invitation_invalid.html", status=400)
    if invitation.accepted_at is None and not invitation_usable(invitation):
        # Withdrawn by the organisers or too old: it says so, and makes no account.
        return render(
            request,
            "delegations/invitation_invalid.html",
            {"expired": True, "invitation": invitation},
            status=410,
        )
    context = {"invitation": invitation, "partner": invitation.partner}
    if request.user.is_authenticated:
        try:
            services.focal_point_invitation_accept(invitation=invitation, user=request.user)
        except BridgesError:
            return render(request, "delegations/focal_point_invitation.html", context, status=403)
        messages.success(
            request,
            _("You are the focal point of %(name)s.") % {"name": invitation.partner},
        )
        return redirect("delegations:mine")
    existing = account_for_invitation(invitation)
    if invitation.accepted_at is not None or (
        existing is not None and existing.password and existing.has_usable_password()
    ):
        return redirect(f"{reverse('account_login')}?{urlencode({'next': request.path})}")
    user = existing or get_user_model()(email=invitation.email)
    form = SetPasswordForm(user=user, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.focal_point_invitation_sign_up(
                invitation=invitation, password=form.cleaned_data["password1"]
            )
        except BridgesError as exc:
            form.add_error(None, exc.message)
        else:
            auth_login(request, user, backend="allauth.account.auth_backends.AuthenticationBackend")
            messages.success(request, _("Your account is ready."))
            return redirect("delegations:mine")
    return render(
        request,
        "delegations/focal_point_invitation.html",
        {**context, "form": form},
        status=400 if request.method == "POST" else 200,
    )
