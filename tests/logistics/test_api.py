"""The API for travel grants and claims and for the follow-up form: who may read what,
constant queries on the lists, passport data only for the logistics role (logged)."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from audit.models import LogEntry
from logistics import services
from logistics.models import Claim
from tests.factories.attendance import ParticipantFactory

from .conftest import PASSPORT_NUMBER
from .test_follow_up import make_follow_up
from .test_grants import PDF

pytestmark = pytest.mark.django_db

DEADLINE = dt.datetime(2027, 6, 1, 9, 0, tzinfo=dt.UTC)


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _grant(application, organiser):
    services.airfare_cap_set(
        event=application.event,
        region="ASEAN",
        countries=["VN", "TH"],
        amount="800",
        currency="USD",
        by=organiser,
    )
    return services.grant_approve(
        application=application, budget_line="AKC youth", airfare="500", by=organiser
    )


def _receipt(name="ticket.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def test_claims_sent_with_a_receipt_and_reviewed_through_the_api(
    exchange, participant, logistics_organiser, plain_organiser, django_assert_max_num_queries
):
    event, _seoul, _hanoi = exchange
    _grant(participant, logistics_organiser)
    mine = f"/api/v1/events/{event.slug}/my-travel/claims/"
    person = _api(participant.applicant)
    sent = person.post(
        mine,
        {"amount": "412.50", "currency": "usd", "description": "Flight", "receipt": _receipt()},
        format="multipart",
    )
    assert sent.status_code == 201, sent.content
    body = sent.json()
    assert (body["amount"], body["currency"], body["status"]) == ("412.50", "USD", "submitted")
    assert body["receipt_name"] == "ticket.pdf" and body["receipt_url"].startswith("/")
    # A bad amount names the field; nothing is saved.
    bad = person.post(
        mine,
        {"amount": "0", "currency": "USD", "description": "Taxi", "receipt": _receipt()},
        format="multipart",
    )
    assert bad.status_code == 400 and "amount" in bad.json() and Claim.objects.count() == 1
    no_receipt = person.post(
        mine, {"amount": "5", "currency": "USD", "description": "Taxi"}, format="multipart"
    )
    assert no_receipt.status_code == 400 and "receipt" in no_receipt.json()
    assert [c["id"] for c in person.get(mine).json()] == [body["id"]]
    # Another participant sees none of it and cannot claim without a grant.
    other = _api(ParticipantFactory(event=event, country="TH").applicant)
    assert other.get(mine).json() == []
    refused = other.post(
        mine,
        {"amount": "5", "currency": "USD", "description": "Taxi", "receipt": _receipt()},
        format="multipart",
    )
    assert refused.status_code == 409 and refused.json()["code"] == "no_grant"

    claims = f"/api/v1/events/{event.slug}/logistics/claims/"
    # An organiser without the logistics role may not list or review claims.
    assert _api(plain_organiser).get(claims).status_code == 403
    assert _api(plain_organiser).post(f"{claims}{body['id']}/approve/").status_code == 403
    assert person.get(claims).status_code == 403
    organiser = _api(logistics_organiser)
    approved = organiser.post(f"{claims}{body['id']}/approve/")
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    assert organiser.post(f"{claims}{body['id']}/reject/").status_code == 409  # reviewed once
    assert LogEntry.objects.filter(action_type="logistics.claim.reviewed").count() == 1
    # django-filter on the list, and constant queries as claims grow.
    assert [c["status"] for c in organiser.get(claims, {"status": "approved"}).json()] == [
        "approved"
    ]
    assert organiser.get(claims, {"status": "submitted"}).json() == []
    assert organiser.get(claims, {"status": "nope"}).status_code == 400
    with django_assert_max_num_queries(30) as first:
        organiser.get(claims)
    for _ in range(3):
        services.claim_submit(
            grant=participant.grant,
            amount="10",
            currency="USD",
            description="Bus",
            receipt=_receipt(),
            by=participant.applicant,
        )
    with django_assert_max_num_queries(len(first.captured_queries)):
        assert len(organiser.get(claims).json()) == 4


def test_the_follow_up_form_through_the_api(
    exchange, with_passport, logistics_organiser, plain_organiser, django_assert_max_num_queries
):
    event, _seoul, _hanoi = exchange
    follow_up, flight, diet = make_follow_up(event, logistics_organiser, deadline=DEADLINE)
    mine = f"/api/v1/events/{event.slug}/my-travel/follow-up/"
    person = _api(with_passport.applicant)
    form = person.get(mine).json()
    assert [q["label"] for q in form["questions"]] == ["Arrival flight", "Dietary needs"]
    assert form["answers"] == {} and form["locked"] is False and form["submitted_at"] is None
    # Incomplete: 400 naming the missing answer, nothing saved.
    missing = person.put(mine, {"answers": {str(flight.pk): "VN416"}}, format="json")
    assert missing.status_code == 400 and not with_passport.answers.exists()
    done = person.put(
        mine, {"answers": {str(flight.pk): "VN416", str(diet.pk): "Halal"}}, format="json"
    )
    assert done.status_code == 200, done.content
    assert done.json()["answers"] == {str(flight.pk): "VN416", str(diet.pk): "Halal"}
    assert done.json()["submitted_at"]
    # Another participant of the event reads only their own (empty) form.
    other_person = ParticipantFactory(event=event, country="TH")
    other = _api(other_person.applicant)
    assert other.get(mine).json()["answers"] == {}
    # Someone not attending gets nothing.
    assert _api(ParticipantFactory().applicant).get(mine).status_code == 404

    responses = f"/api/v1/events/{event.slug}/logistics/follow-up/responses/"
    assert person.get(responses).status_code == 403
    # An organiser without the logistics role: the answers, never the passport.
    plain = _api(plain_organiser).get(responses)
    assert plain.status_code == 200 and PASSPORT_NUMBER not in plain.content.decode()
    rows = {r["application"]: r for r in plain.json()}
    assert rows[with_passport.pk]["passport"] is None
    assert rows[with_passport.pk]["answers"][str(diet.pk)] == "Halal"
    assert not LogEntry.objects.filter(action_type="logistics.passport.viewed").exists()
    # With the role: the passport too, and each read logged.
    organiser = _api(logistics_organiser)
    full = organiser.get(responses).json()
    by_id = {r["application"]: r for r in full}
    assert by_id[with_passport.pk]["passport"]["passport_number"] == PASSPORT_NUMBER
    assert LogEntry.objects.filter(
        action_type="logistics.passport.viewed", actor=logistics_organiser
    ).count() == len(full)
    # django-filter: who has not answered yet.
    waiting = organiser.get(responses, {"answered": "false"}).json()
    assert [r["application"] for r in waiting] == [other_person.pk]
    assert organiser.get(responses, {"answered": "maybe"}).status_code == 400
    with django_assert_max_num_queries(40) as first:
        organiser.get(responses)
    for _ in range(3):
        ParticipantFactory(event=event, country="VN")
    with django_assert_max_num_queries(len(first.captured_queries)):
        assert len(organiser.get(responses).json()) == 5
