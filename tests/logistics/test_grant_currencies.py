"""Grant totals never add two currencies: USD airfare, KRW per diem and claims in VND
are totalled per (budget line, currency), on the grants page and in the finance CSV."""

import csv
import io
from decimal import Decimal

import pytest

from logistics import services
from logistics.enums import ClaimStatus
from logistics.models import Claim
from tests.factories.attendance import ParticipantFactory

from .conftest import client_for

pytestmark = pytest.mark.django_db


def _registry_csv(response) -> list[list[str]]:
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def test_totals_per_budget_line_and_currency(exchange, plain_organiser, logistics_organiser):
    event, _seoul, _hanoi = exchange
    services.airfare_cap_set(
        event=event,
        region="ASEAN",
        countries=["VN"],
        amount="700",
        currency="USD",
        by=plain_organiser,
    )
    seoul = services.per_diem_set(
        event=event, city="Seoul", amount="80000", currency="KRW", by=plain_organiser
    )
    person = ParticipantFactory(event=event, country="VN")
    grant = services.grant_approve(
        application=person,
        budget_line="AKC youth",
        airfare="650",
        per_diem_lines=[(seoul, 5)],
        by=plain_organiser,
    )
    for amount, currency, status in (
        ("42", "USD", ClaimStatus.APPROVED),
        ("250000", "VND", ClaimStatus.APPROVED),
        ("15000", "KRW", ClaimStatus.SUBMITTED),
    ):
        Claim.objects.create(
            grant=grant,
            amount=amount,
            currency=currency,
            description="Taxi",
            receipt_storage_name="x",
            receipt_name="x.pdf",
            status=status,
        )
    rows = {(r["budget_line"], r["currency"]): r for r in services.grant_totals(event=event)}
    assert sorted(rows) == [("AKC youth", "KRW"), ("AKC youth", "USD"), ("AKC youth", "VND")]
    assert (rows["AKC youth", "USD"]["airfare"], rows["AKC youth", "USD"]["claims_approved"]) == (
        Decimal("650.00"),
        Decimal("42.00"),
    )
    krw = rows["AKC youth", "KRW"]
    assert (krw["airfare"], krw["per_diem"], krw["claims_submitted"]) == (
        0,
        Decimal("400000.00"),
        Decimal("15000.00"),
    )
    assert rows["AKC youth", "VND"]["claims_approved"] == Decimal("250000.00")

    page = client_for(logistics_organiser)
    url = f"/organise/events/{event.slug}/logistics/grants/"
    body = page.get(url).content.decode()
    totals = body[
        body.index('id="grant-totals"') : body.index("</table>", body.index('id="grant-totals"'))
    ]
    assert totals.count('<th scope="row">AKC youth</th>') == 3 and "400000.00" in totals
    lines = _registry_csv(page.get(url + "?format=csv", follow=True))
    assert lines[1][-2:] == ["42.00 USD; 250000.00 VND", "15000.00 KRW"]
    assert lines[1][7] == "KRW"
    # The totals per budget line and currency are the registry's grant-totals list.
    summary = _registry_csv(page.get(f"/organise/events/{event.slug}/exports/grant-totals.csv"))[1:]
    assert [row[:2] for row in summary] == [
        ["AKC youth", "KRW"],
        ["AKC youth", "USD"],
        ["AKC youth", "VND"],
    ]
    assert summary[0][3] == "400000.00" and summary[1][2] == "650.00"


def test_a_grant_pays_per_diem_in_two_cities(exchange, plain_organiser):
    event, _seoul, _hanoi = exchange
    seoul = services.per_diem_set(
        event=event, city="Seoul", amount="80000", currency="KRW", by=plain_organiser
    )
    hanoi = services.per_diem_set(
        event=event, city="Hanoi", amount="25", currency="USD", by=plain_organiser
    )
    person = ParticipantFactory(event=event, country="KR")
    services.grant_approve(
        application=person,
        budget_line="AKC youth",
        airfare="0",
        per_diem_lines=[(seoul, 5), (hanoi, 3)],
        by=plain_organiser,
    )
    rows = {r["currency"]: r["per_diem"] for r in services.grant_totals(event=event)}
    assert rows == {"KRW": Decimal("400000.00"), "USD": Decimal("75.00")}
    with pytest.raises(Exception) as twice:
        services.grant_approve(
            application=person,
            budget_line="AKC youth",
            airfare="0",
            per_diem_lines=[(seoul, 5), (seoul, 3)],
            by=plain_organiser,
        )
    assert twice.value.field == "per_diem_lines"
    (line,) = services.grants.finance_rows(event=event)
    assert "Seoul; Hanoi" in line and "400000.00 KRW; 75.00 USD" in line
