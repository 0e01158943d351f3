"""Travel grants: the airfare cap by departure region, per diem, a claim with its receipt
through the page, the organiser's review, totals per budget line and the finance export."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from logistics import services
from logistics.models import Claim
from tests.factories.attendance import ParticipantFactory

from .conftest import client_for

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def test_grant_cap_claim_review_and_finance_export(exchange, plain_organiser, logistics_organiser):
    event, _seoul, _hanoi = exchange
    services.airfare_cap_set(
        event=event,
        region="Mainland ASEAN",
        countries=["VN", "KH", "LA"],
        amount="650",
        currency="usd",
        by=plain_organiser,
    )
    seoul_rate = services.per_diem_set(
        event=event, city="Seoul", amount="60", currency="USD", by=plain_organiser
    )
    person = ParticipantFactory(event=event, country="VN")
    with pytest.raises(Exception) as over:
        services.grant_approve(
            application=person, budget_line="AKC youth", airfare="700", by=plain_organiser
        )
    assert over.value.field == "airfare" and over.value.code == "over_cap"
    outsider = ParticipantFactory(event=event, country="KR")
    with pytest.raises(Exception) as no_cap:
        services.grant_approve(
            application=outsider, budget_line="AKC youth", airfare="100", by=plain_organiser
        )
    assert no_cap.value.code == "no_cap"
    services.grant_approve(
        application=person,
        budget_line="AKC youth",
        airfare="640.50",
        per_diem_lines=[(seoul_rate, 5)],
        by=plain_organiser,
    )

    page = client_for(person.applicant)
    url = f"/events/{event.slug}/travel/"
    response = page.post(
        url,
        {
            "action": "claim",
            "claim-description": "Taxi from ICN",
            "claim-amount": "42.00",
            "claim-currency": "USD",
            "claim-receipt": SimpleUploadedFile("taxi.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    refused = page.post(
        url,
        {
            "action": "claim",
            "claim-description": "Hotel",
            "claim-amount": "10",
            "claim-currency": "USD",
            "claim-receipt": SimpleUploadedFile(
                "hotel.pdf", b"MZ not a receipt", content_type="application/pdf"
            ),
        },
    )
    assert refused.status_code == 200 and Claim.objects.count() == 1

    organiser = client_for(logistics_organiser)  # reviewing needs the logistics role
    grants_url = f"/organise/events/{event.slug}/logistics/grants/"
    body = organiser.get(grants_url).content.decode()
    assert "Taxi from ICN" in body and "/files/" in body  # the receipt by a short-lived signed link
    claim = Claim.objects.get()
    assert organiser.post(grants_url, {"claim": claim.pk, "action": "approve"}).status_code == 302
    assert services.grant_totals(event=event) == [
        {
            "budget_line": "AKC youth",
            "currency": "USD",
            "airfare": Decimal("640.50"),
            "per_diem": Decimal("300.00"),
            "claims_approved": Decimal("42.00"),
            "claims_submitted": Decimal(0),
        }
    ]
    export = organiser.get(grants_url + "?format=csv", follow=True)  # the registry's list
    lines = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))
    assert lines[1][2:] == [
        "AKC youth",
        "640.50",
        "USD",
        "Seoul",
        "60.00",
        "USD",
        "5",
        "300.00 USD",
        "42.00 USD",
        "",
    ]
    # Someone else's organiser sees nothing of it.
    assert client_for(ParticipantFactory(event=event).applicant).get(grants_url).status_code == 404
