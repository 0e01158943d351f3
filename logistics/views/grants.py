"""Travel grants, claims to review and the finance export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from backend.files import signed_url
from backend.pages import errors_as_messages

from .. import services
from ..models import (
    Claim,
    Grant,
)
from .common import _event_for


@login_required
def grants(request, slug: str):
    """Grants, claims to review (receipts by signed link), totals per budget line, and
    the finance export (?format=csv)."""
    event = _event_for(request, slug)
    if request.method == "POST":
        claim = get_object_or_404(
            Claim, pk=request.POST.get("claim"), grant__application__event=event
        )
        with errors_as_messages(request):
            services.claim_review(
                claim=claim, approve=request.POST.get("action") == "approve", by=request.user
            )
            messages.success(request, _("Claim reviewed."))
        return redirect("logistics:grants", slug)
    if request.GET.get("format") == "csv":
        response = HttpResponse(
            services.finance_csv(event=event), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="grants-{event.slug}.csv"'
        return response
    rows = list(
        Grant.objects.filter(application__event=event)
        .select_related("application__applicant", "per_diem")
        .prefetch_related("claims")
        .order_by("budget_line", "pk")
    )
    for grant in rows:
        for claim in grant.claims.all():  # the prefetched rows the template reads
            claim.receipt_link = signed_url(claim.receipt_storage_name)
    return render(
        request,
        "logistics/grants.html",
        {
            "event": event,
            "grants": rows,
            "totals": services.grant_totals(event=event),
        },
    )
