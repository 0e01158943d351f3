"""The focal point's changes on the delegation page: replace or withdraw a nominee, ask
another delegation for a bilateral meeting and answer one. Thin: a form, a named rule, a
service (which refuses a focal point after the cut-off and lets organisers through), a
redirect back to the delegation with the outcome as a message."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backend.errors import BridgesError
from backend.pages import errors_as_messages

from . import selectors, services
from .forms import ReplacementForm
from .models import Bilateral, Nominee
from .views import _delegation, _delegation_page, bilateral_form


def _form_errors(request, form, delegation_pk: int):
    """The delegation page again, with a 400 and each error named by its field's label."""
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)
    return _page_again(request, delegation_pk, 400)


def _refused(request, exc: BridgesError, delegation_pk: int):
    """A service's refusal (cut-off passed, seats full...): the page again with its status."""
    messages.error(request, exc.message)
    return _page_again(request, delegation_pk, exc.status)


def _page_again(request, delegation_pk: int, status: int):
    return _delegation_page(request, _delegation(request, delegation_pk), status=status)


def _changeable_nominee(request, pk: int) -> Nominee:
    nominee = get_object_or_404(
        Nominee.objects.select_related("delegation__partner", "event"), pk=pk
    )
    if not request.user.has_perm("delegations.change_delegation", nominee):
        raise Http404
    return nominee


@login_required
@require_POST
def nominee_replace(request, pk: int):
    nominee = _changeable_nominee(request, pk)
    form = ReplacementForm(request.POST, prefix=f"replace-{nominee.pk}")
    if not form.is_valid():
        return _form_errors(request, form, nominee.delegation_id)
    try:
        new = services.nominee_substitute(nominee=nominee, data=form.cleaned_data, by=request.user)
    except BridgesError as exc:
        return _refused(request, exc, nominee.delegation_id)
    messages.success(
        request,
        _("%(new)s replaces %(old)s.") % {"new": new.full_name, "old": nominee.full_name},
    )
    return redirect("delegations:delegation", pk=nominee.delegation_id)


@login_required
@require_POST
def nominee_withdraw(request, pk: int):
    nominee = _changeable_nominee(request, pk)
    try:
        services.nominee_withdraw(nominee=nominee, by=request.user)
    except BridgesError as exc:
        return _refused(request, exc, nominee.delegation_id)
    messages.success(request, _("%(name)s is withdrawn.") % {"name": nominee.full_name})
    return redirect("delegations:delegation", pk=nominee.delegation_id)


@login_required
@require_POST
def bilateral_request(request, pk: int):
    delegation = selectors.delegation_detail(pk)
    if delegation is None or not request.user.has_perm("delegations.change_delegation", delegation):
        raise Http404
    form = bilateral_form(delegation, request.POST)
    if not form.is_valid():
        return _form_errors(request, form, delegation.pk)
    counterpart = selectors.delegation_detail(form.cleaned_data["counterpart"])
    try:
        services.bilateral_request(
            requester=delegation,
            counterpart=counterpart,
            by=request.user,
            note=form.cleaned_data["note"],
            duration_minutes=form.cleaned_data["duration_minutes"],
            preferred_days=form.cleaned_data["preferred_days"],
        )
    except BridgesError as exc:
        return _refused(request, exc, delegation.pk)
    messages.success(
        request,
        _("Your request is sent to %(name)s.") % {"name": counterpart.partner.official_name},
    )
    return redirect("delegations:delegation", pk=delegation.pk)


@login_required
@require_POST
def bilateral_answer(request, pk: int):
    row = get_object_or_404(
        Bilateral.objects.select_related("event", "requester__partner", "counterpart__partner"),
        pk=pk,
    )
    if not request.user.has_perm("delegations.answer_bilateral", row):
        raise Http404
    accept = request.POST.get("accept") == "1"
    with errors_as_messages(request):
        services.bilateral_answer(bilateral=row, accept=accept, by=request.user)
        messages.success(
            request, _("You accepted the meeting.") if accept else _("You declined the meeting.")
        )
    return redirect("delegations:delegation", pk=row.counterpart_id)
