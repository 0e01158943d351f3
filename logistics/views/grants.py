"""Travel grants: airfare caps by region, per-diem rates per city, the amounts approved per
person, claims to review (receipts by signed link), totals per budget line and the finance
export. Changes need ``logistics.manage_grants`` (the logistics role), as in the API."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from backend.errors import BridgesError
from backend.files import signed_url
from backend.pages import errors_as_messages

from .. import services
from ..models import AirfareCap, Claim, Grant, PerDiemRate
from ..organiser_forms import AirfareCapForm, GrantForm, PerDiemForm
from ..services.removals import airfare_cap_delete, per_diem_delete
from .common import _event_for, _form_refused, _require, member_event, registry_download


def _save(request, event, action: str, form) -> None:
    """Run the service behind ``action`` with the form's data (raises BridgesError)."""
    data = dict(form.cleaned_data)
    if action == "cap":
        services.airfare_cap_set(event=event, by=request.user, **data)
    elif action == "per_diem":
        services.per_diem_set(event=event, by=request.user, **data)
    else:
        application = services.attending(event).filter(pk=data.pop("application")).first()
        if application is None:
            raise BridgesError(_("Choose a confirmed participant."), field="application")
        data.pop("per_diem_lines")
        lines = services.per_diem_lines_for(event=event, lines=form.per_diem_pairs())
        services.grant_approve(
            application=application, per_diem_lines=lines, by=request.user, **data
        )


def _pk(request, name: str) -> int:
    value = request.POST.get(name, "")
    return int(value) if value.isdigit() else 0


FORMS = {"cap": AirfareCapForm, "per_diem": PerDiemForm, "grant": GrantForm}


@login_required
def grants(request, slug: str):
    """Caps, rates, grants and claims. The finance export is the export registry's
    ``grants`` list (and ``grant-totals``); ``?format=csv`` (the old address) leads there."""
    if request.GET.get("format") == "csv":
        return registry_download(member_event(request, slug), "grants", "csv")
    event = _event_for(request, slug)
    forms = {name: form_class(prefix=name) for name, form_class in FORMS.items()}
    status = 200
    if request.method == "POST":
        _require(request, "logistics.manage_grants", event)
        action = request.POST.get("action")
        if action in FORMS:
            form = forms[action] = FORMS[action](request.POST, prefix=action)
            if form.is_valid():
                try:
                    _save(request, event, action, form)
                except BridgesError as exc:
                    _form_refused(form, exc)
            if not form.errors:
                messages.success(request, _("Saved."))
                return redirect("logistics:grants", slug)
            status = 400
        elif action in ("cap_delete", "per_diem_delete"):
            with errors_as_messages(request):
                if action == "cap_delete":
                    cap = get_object_or_404(AirfareCap, pk=_pk(request, "cap"), event=event)
                    airfare_cap_delete(cap=cap, by=request.user)
                else:
                    rate = get_object_or_404(PerDiemRate, pk=_pk(request, "rate"), event=event)
                    per_diem_delete(rate=rate, by=request.user)
                messages.success(request, _("Removed."))
            return redirect("logistics:grants", slug)
        else:
            claim = get_object_or_404(
                Claim, pk=_pk(request, "claim"), grant__application__event=event
            )
            with errors_as_messages(request):
                services.claim_review(claim=claim, approve=action == "approve", by=request.user)
                messages.success(request, _("Claim reviewed."))
            return redirect("logistics:grants", slug)
    rows = list(
        Grant.objects.filter(application__event=event)
        .select_related("application__applicant")
        .prefetch_related("claims", "per_diem_lines__rate")
        .order_by("budget_line", "pk")
    )
    for grant in rows:
        for claim in grant.claims.all():  # the prefetched rows the template reads
            claim.receipt_link = signed_url(claim.receipt_storage_name)
    editing = next((g for g in rows if str(g.pk) == request.GET.get("edit", "")), None)
    if request.method == "POST" and forms["grant"].is_bound:
        lines = [
            {"rate": str(rate), "days": days} for rate, days in forms["grant"].per_diem_pairs()
        ]
    elif editing is not None:
        forms["grant"] = GrantForm(
            prefix="grant",
            initial={
                "application": editing.application_id,
                "budget_line": editing.budget_line,
                "airfare": editing.airfare,
            },
        )
        lines = [
            {"rate": str(line.rate_id), "days": line.days} for line in editing.per_diem_lines.all()
        ]
    else:
        lines = []
    lines += [{"rate": "", "days": ""}] * max(1, 3 - len(lines))
    return render(
        request,
        "logistics/grants.html",
        {
            "event": event,
            "grants": rows,
            "totals": services.grant_totals(event=event),
            "caps": AirfareCap.objects.filter(event=event).order_by("region"),
            "rates": list(PerDiemRate.objects.filter(event=event).order_by("city")),
            "people": services.attending(event)
            .select_related("applicant")
            .order_by("applicant__last_name", "applicant__first_name", "pk"),
            "can_manage": request.user.has_perm("logistics.manage_grants", event),
            "per_diem_rows": lines,
            **{f"{name}_form": form for name, form in forms.items()},
        },
        status=status,
    )
