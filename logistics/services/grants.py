"""Travel grants and per diem: airfare caps by departure region, per-diem rates per city,
the amounts approved per person, reimbursement claims with receipts (private storage)
reviewed by an organiser, totals per budget line and the finance export."""

from __future__ import annotations

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
from ..models import AirfareCap, Claim, Grant, GrantPerDiem, PerDiemRate


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


def per_diem_lines_for(*, event: Event, lines: list[tuple]) -> list[tuple[PerDiemRate, int]]:
    """The (rate id, days) pairs a page or the API sent, as (this event's rate, days); each
    city once. Refusals name ``per_diem_lines`` (400)."""
    rates = PerDiemRate.objects.in_bulk([pk for pk, _days in lines if isinstance(pk, int)])
    result: list[tuple[PerDiemRate, int]] = []
    for pk, days in lines:
        rate = rates.get(pk) if isinstance(pk, int) else None
        if rate is None or rate.event_id != event.pk:
            raise BridgesError(_("Choose one of this event's rates."), field="per_diem_lines")
        if not isinstance(days, int) or not 0 <= days <= 366:
            raise BridgesError(_("Enter 0 to 366 days."), field="per_diem_lines")
        if any(seen.pk == rate.pk for seen, _days in result):
            raise BridgesError(
                _("%(city)s is given twice; give each city once.") % {"city": rate.city},
                code="duplicate_city",
                field="per_diem_lines",
            )
        result.append((rate, days))
    return result


def grant_approve(
    *,
    application: Application,
    budget_line: str,
    airfare,
    per_diem_lines: list[tuple[PerDiemRate, int]] = (),
    by,
) -> Grant:
    """Approve a person's grant; the airfare may not exceed the cap of the region they
    travel from (the country on their application). Per diem: ``per_diem_lines`` as
    (city's rate, days), one per city (Seoul and Hanoi); they replace the grant's previous
    lines. Refusals of the lines name ``per_diem_lines`` (400)."""
    per_diem_lines = list(per_diem_lines)
    for rate, days in per_diem_lines:
        if rate.event_id != application.event_id:
            raise BridgesError(_("Choose one of this event's rates."), field="per_diem_lines")
        if not 0 <= int(days) <= 366:
            raise BridgesError(_("Enter 0 to 366 days."), field="per_diem_lines")
    if len({rate.pk for rate, _days in per_diem_lines}) != len(per_diem_lines):
        raise BridgesError(_("Give each city once."), field="per_diem_lines")
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
    with transaction.atomic():
        grant, _created = Grant.objects.update_or_create(
            application=application,
            defaults={
                "budget_line": budget_line.strip(),
                "airfare": airfare,
                "airfare_currency": cap.currency if cap else "",
            },
        )
        grant.per_diem_lines.all().delete()
        GrantPerDiem.objects.bulk_create(
            [GrantPerDiem(grant=grant, rate=rate, days=days) for rate, days in per_diem_lines]
        )
        log_action(
            grant,
            "logistics.grant.changed",
            user=by,
            data={
                "airfare": str(airfare),
                "per_diem": [[rate.city, int(days)] for rate, days in per_diem_lines],
            },
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


TOTAL_KEYS = ("airfare", "per_diem", "claims_approved", "claims_submitted")


def _claims_by_currency(claims, status: str) -> dict[str, Decimal]:
    sums: dict[str, Decimal] = defaultdict(Decimal)
    for claim in claims:
        if claim.status == status:
            sums[claim.currency] += claim.amount
    return dict(sums)


def _in_currencies(sums: dict[str, Decimal]) -> str:
    return "; ".join(f"{amount} {currency}" for currency, amount in sorted(sums.items()))


def grant_totals(*, event: Event) -> list[dict]:
    """Per budget line and currency (amounts in two currencies are never added): one
    row each, {"budget_line", "currency", "airfare", "per_diem", "claims_approved",
    "claims_submitted"}, by line then currency. Two queries."""
    totals: dict[tuple[str, str], dict[str, Decimal]] = defaultdict(
        lambda: dict.fromkeys(TOTAL_KEYS, Decimal(0))
    )
    grants = Grant.objects.filter(application__event=event).prefetch_related(
        "claims", "per_diem_lines__rate"
    )
    for grant in grants:
        if grant.airfare:
            totals[grant.budget_line, grant.airfare_currency]["airfare"] += grant.airfare
        for line in grant.per_diem_lines.all():
            if line.days:
                totals[grant.budget_line, line.rate.currency]["per_diem"] += line.total
        for claim in grant.claims.all():
            if f"claims_{claim.status}" in TOTAL_KEYS:
                totals[grant.budget_line, claim.currency][f"claims_{claim.status}"] += claim.amount
    return [
        {"budget_line": line, "currency": currency, **values}
        for (line, currency), values in sorted(totals.items())
    ]


FINANCE_HEADER = [
    "Person",
    "Country",
    "Budget line",
    "Airfare",
    "Currency",
    "Per diem city",
    "Per day",
    "Per diem currency",
    "Days",
    "Per diem total",
    "Claims approved",
    "Claims waiting",
]


def finance_rows(*, event: Event):
    """One line per grant for the finance team (each amount beside its currency; per-diem
    cities, rates and days as lists in the same order; per diem and claims summed per
    currency): the export registry's ``grants`` list (its totals: ``grant_totals``)."""
    grants = (
        Grant.objects.filter(application__event=event)
        .select_related("application__applicant")
        .prefetch_related("claims", "per_diem_lines__rate")
    )
    for grant in grants.order_by("budget_line", "pk"):
        lines = list(grant.per_diem_lines.all())
        claims = list(grant.claims.all())
        per_diem: dict[str, Decimal] = defaultdict(Decimal)
        for line in lines:
            per_diem[line.rate.currency] += line.total
        yield [
            grant.application.applicant.get_full_name(),
            str(grant.application.country),
            grant.budget_line,
            grant.airfare,
            grant.airfare_currency,
            "; ".join(line.rate.city for line in lines),
            "; ".join(str(line.rate.amount) for line in lines),
            "; ".join(line.rate.currency for line in lines),
            "; ".join(str(line.days) for line in lines),
            _in_currencies(per_diem),
            _in_currencies(_claims_by_currency(claims, ClaimStatus.APPROVED)),
            _in_currencies(_claims_by_currency(claims, ClaimStatus.SUBMITTED)),
        ]
