"""Everyone who comes: the name list for badges (companions included) and the meal
counts per dietary need, both from ``selectors.attendees_with_companions``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from backend.errors import BridgesError

from .. import services
from ..enums import CompanionRole
from ..models import Companion
from ..organiser_forms import CompanionForm
from ..selectors import attendees_with_companions, meal_counts
from ..services.removals import companion_remove
from .common import _event_for, _form_refused, member_event, registry_download


def companion_unregister(request, applications, pk) -> None:
    """Remove one companion of ``applications`` (404 for anyone else's)."""
    companion = get_object_or_404(
        Companion, pk=pk if str(pk).isdigit() else 0, application__in=applications
    )
    companion_remove(companion=companion, by=request.user)
    messages.success(request, _("Accompanying person removed."))


def companion_save(request, form, application) -> bool:
    """Register the form's companion with ``application``; False (errors on the form)
    when the form or the service refuses."""
    if not form.is_valid():
        return False
    data = {k: v for k, v in form.cleaned_data.items() if k != "application"}
    try:
        services.companion_add(application=application, by=request.user, **data)
    except BridgesError as exc:
        _form_refused(form, exc)
        return False
    messages.success(request, _("Accompanying person registered."))
    return True


@login_required
def people(request, slug: str):
    """The name list (badges) and meal counts. Its download for the badge printer is the
    export registry's ``names`` list; ``?format=csv`` (the old address) leads there."""
    if request.GET.get("format") == "csv":
        return registry_download(member_event(request, slug), "names", "csv")
    event = _event_for(request, slug)
    form, status = CompanionForm(prefix="companion"), 200
    if request.method == "POST" and request.POST.get("action") == "remove":
        companion_unregister(request, services.attending(event), request.POST.get("companion"))
        return redirect("logistics:people", slug)
    if request.method == "POST":
        form = CompanionForm(request.POST, prefix="companion")
        application = None
        if form.is_valid():
            application = (
                services.attending(event).filter(pk=form.cleaned_data["application"]).first()
            )
            if application is None:
                form.add_error("application", _("Choose a confirmed participant."))
        if application is not None and companion_save(request, form, application):
            return redirect("logistics:people", slug)
        status = 400
    rows = attendees_with_companions(event)
    roles = dict(CompanionRole.choices)
    return render(
        request,
        "logistics/people.html",
        {
            "event": event,
            "rows": rows,
            "roles": roles,
            "meals": meal_counts(event),
            "form": form,
        },
        status=status,
    )
