"""Travel grants and per diem: airfare caps by departure region, per-diem rates per city,
the amounts approved per person, reimbursement claims with receipts (private storage)
reviewed by an organiser, totals per budget line and the finance export."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import log_action
from backend.errors import BridgesError, ConflictError
from participants import documents as receipts
from participants.models import Application
from programmes.models import Event

from ..enums import ClaimStatus
from ..models import AirfareCap, Claim, Grant, PerDiemRate


def _money(value, field: str) -> Decimal:
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except Exception:  # noqa: BLE001 - any unreadable number is the same 400
        raise BridgesError(_("Enter an amount."), field=field) from None
    if amount < 0:
        raise BridgesError(_("Enter an amount."), field=field)
    return amount


def airfare_cap_set(
    *, event: Event, region: str, countries: list[str], amount, currency: str, by
) -> AirfareCap:
    with transaction.atomic():
        cap, _created = AirfareCap.objects.update_or_create(
            event=event,
            region=region.strip(),
            defaults={
                "countries": sorted({c.upper() for c in countries}),
                "amount": _money(amount, "amount"),
                "currency": currency.upper(),
            },
        )
        log_action(
            cap,
            "logistics.grant.changed",
            user=by,
            data={"region": cap.region, "cap": str(cap.amount)},
        )
    return cap


def per_diem_set(*, event: Event, city: str, amount, currency: str, by) -> PerDiemRate:
    with transaction.atomic():
        rate, _created = PerDiemRate.objects.update_or_create(
            event=event,
            city=city.strip(),
            defaults={"amount": _money(amount, "amount"), "currency": currency.upper()},
        )
        log_action(
            rate,
            "logistics.grant.changed",
            user=by,
            data={"city": rate.city, "per_day": str(rate.amount)},
        )
    return rate


def grant_approve(
    *,
    application: Application,
    budget_line: str,
    airfare,
    per_diem: PerDiemRate | None = None,
    per_diem_days: int = 0,
    by,
) -> Grant:
    """Approve a person's grant; the airfare may not exceed the cap of the region they
    travel from (the country on their application)."""
    airfare = _money(airfare, "airfare")
    if not budget_line.strip():
        raise BridgesError(_("This field is required."), field="budget_line")
    cap = next(
        (
            c
            for c in AirfareCap.objects.filter(event=application.event)
            if str(application.country) in c.countries
        ),
        None,
    )
    if airfare and cap is None:
        raise BridgesError(
            _("No airfare cap covers this person's country."), code="no_cap", field="airfare"
        )
    if cap is not None and airfare > cap.amount:
        raise BridgesError(
            _("The airfare is above the cap for %(region)s (%(cap)s %(currency)s).")
            % {"region": cap.region, "cap": cap.amount, "currency": cap.currency},
            code="over_cap",
            field="airfare",
        )
    if per_diem is not None and per_diem.event_id != application.event_id:
        raise BridgesError(_("This rate belongs to another event."), field="per_diem")
    with transaction.atomic():
        grant, _created = Grant.objects.update_or_create(
            application=application,
            defaults={
                "budget_line": budget_line.strip(),
                "airfare": airfare,
                "airfare_currency": cap.currency if cap else "",
                "per_diem": per_diem,
                "per_diem_days": per_diem_days,
            },
        )
        log_action(
            grant,
            "logistics.grant.changed",
            user=by,
            data={"airfare": str(airfare), "days": per_diem_days},
            event=application.event,
        )
    return grant


def claim_submit(*, grant: Grant, amount, currency: str, description: str, receipt, by) -> Claim:
    """The person claims a reimbursement with a receipt (checked by content, stored privately)."""
    if grant.application.applicant_id != by.pk:
        raise BridgesError(_("Only the grantee can claim."), code="forbidden", status=403)
    amount = _money(amount, "amount")
    if not amount:
        raise BridgesError(_("Enter an amount."), field="amount")
    stored = receipts.store_upload(receipt)
    try:
        with transaction.atomic():
            claim = Claim.objects.create(
                grant=grant,
                amount=amount,
                currency=currency.upper()[:3],
                description=description.strip()[:200],
                receipt_storage_name=stored.storage_name,
                receipt_name=stored.original_name,
            )
            log_action(
                claim,
                "logistics.claim.submitted",
                user=by,
                data={"amount": str(amount)},
                event=grant.application.event,
            )
    except BaseException:
        receipts.delete_stored(stored.storage_name)
        raise
    return claim


def claim_review(*, claim: Claim, approve: bool, by) -> Claim:
    with transaction.atomic():
        claim = (
            Claim.objects.select_for_update()
            .select_related("grant__application__event")
            .get(pk=claim.pk)
        )
        if claim.status != ClaimStatus.SUBMITTED:
            raise ConflictError(_("This claim has been reviewed already."), code="reviewed")
        claim.status = ClaimStatus.APPROVED if approve else ClaimStatus.REJECTED
        claim.reviewed_by, claim.reviewed_at = by, timezone.now()
        claim.save(update_fields=["status", "reviewed_by", "reviewed_at"])
        log_action(
            claim,
            "logistics.claim.reviewed",
            user=by,
            data={"status": claim.status},
            event=claim.grant.application.event,
        )
    return claim


def grant_totals(*, event: Event) -> dict[str, dict[str, Decimal]]:
    """Per budget line: airfare and per diem approved, claims approved and waiting (in
    each grant's currency; lines mixing currencies list them apart). Two queries."""
    totals: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    grants = (
        Grant.objects.filter(application__event=event)
        .select_related("per_diem")
        .prefetch_related("claims")
    )
    for grant in grants:
        line = totals[grant.budget_line]
        line["airfare"] += grant.airfare
        if grant.per_diem is not None:
            line["per_diem"] += grant.per_diem.amount * grant.per_diem_days
        for claim in grant.claims.all():
            line[f"claims_{claim.status}"] += claim.amount
    return {name: dict(values) for name, values in sorted(totals.items())}


def finance_csv(*, event: Event) -> str:
    """One line per grant for the finance team."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "Person",
            "Country",
            "Budget line",
            "Airfare",
            "Currency",
            "Per diem city",
            "Per day",
            "Days",
            "Per diem total",
            "Claims approved",
            "Claims waiting",
        ]
    )
    grants = (
        Grant.objects.filter(application__event=event)
        .select_related("application__applicant", "per_diem")
        .prefetch_related("claims")
    )
    for grant in grants.order_by("budget_line", "pk"):
        rate = grant.per_diem
        claims = list(grant.claims.all())
        writer.writerow(
            [
                grant.application.applicant.get_full_name(),
                str(grant.application.country),
                grant.budget_line,
                grant.airfare,
                grant.airfare_currency,
                rate.city if rate else "",
                rate.amount if rate else "",
                grant.per_diem_days,
                (rate.amount * grant.per_diem_days) if rate else 0,
                sum((c.amount for c in claims if c.status == ClaimStatus.APPROVED), Decimal(0)),
                sum((c.amount for c in claims if c.status == ClaimStatus.SUBMITTED), Decimal(0)),
            ]
        )
    return out.getvalue()
