"""The logistics team: the owners of the organisation give the logistics role (passport
data) to their organisers and take it back, through ``services.access_grant``/``_revoke``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from programmes.enums import MemberRole
from programmes.models import Membership

from .. import services
from ..models import LogisticsAccess
from ..organiser_forms import AccessForm
from .common import _event_for, _require


@login_required
def team(request, slug: str):
    """The organisation's organisers and who holds the logistics role; owners change it."""
    event = _event_for(request, slug)
    organisation = event.organisation
    if request.method == "POST":
        _require(request, "programmes.change_memberships", organisation)
        form = AccessForm(request.POST)
        if not form.is_valid():
            return redirect("logistics:team", slug)
        member = get_object_or_404(
            Membership.objects.select_related("user"),
            organisation=organisation,
            user_id=form.cleaned_data["user"],
        )
        if request.POST.get("action") == "revoke":
            services.access_revoke(organisation=organisation, user=member.user, by=request.user)
            messages.success(request, _("The logistics role was taken back."))
        else:
            services.access_grant(organisation=organisation, user=member.user, by=request.user)
            messages.success(request, _("The logistics role was given."))
        return redirect("logistics:team", slug)
    holders = set(
        LogisticsAccess.objects.filter(organisation=organisation).values_list("user_id", flat=True)
    )
    members = (
        Membership.objects.filter(
            organisation=organisation, role__in=[MemberRole.OWNER, MemberRole.ORGANISER]
        )
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    )
    return render(
        request,
        "logistics/team.html",
        {
            "event": event,
            "members": [(m, m.user_id in holders) for m in members],
            "can_change": request.user.has_perm("programmes.change_memberships", organisation),
        },
    )
