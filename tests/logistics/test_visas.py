"""Visa requirements, what each person says, visa letters made in bulk by the Celery job,
and the public check of a letter."""

import io

import pytest
from django.test import Client
from pypdf import PdfReader
from rest_framework.test import APIClient

from logistics import services
from logistics.enums import LetterJobStatus, VisaStatus
from logistics.models import LetterJob, VisaCase, VisaLetter
from notifications.models import Message, OptOut
from tests.factories.attendance import ParticipantFactory

from .conftest import PASSPORT_NUMBER, client_for

pytestmark = pytest.mark.django_db


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _settings(event, by):
    services.letter_settings_save(
        event=event,
        data={
            "letterhead": "ASEAN-Korea Centre",
            "purpose": "ASEAN-Korea Youth Network Workshop",
            "costs_covered_by": "ASEAN-Korea Centre (flights, hotel, meals)",
            "signatory_name": "Kim Hae-yong",
            "signatory_title": "Secretary-General",
        },
        by=by,
    )


def test_visa_table_per_leg_and_what_the_person_says(exchange, with_passport, plain_organiser):
    event, seoul, hanoi = exchange
    client = _api(plain_organiser)
    answer = client.put(
        f"/api/v1/events/{event.slug}/logistics/visa-rules/KR/",
        {"nationalities": ["vn", "KH"]},
        format="json",
    )
    assert answer.status_code == 200 and answer.json() == {"nationalities": ["KH", "VN"]}
    bad = client.put(
        f"/api/v1/events/{event.slug}/logistics/visa-rules/FR/",
        {"nationalities": []},
        format="json",
    )
    assert bad.status_code == 400 and "country" in bad.json()
    assert services.visa_needs(application=with_passport) == {seoul.pk: True, hanoi.pk: False}

    page = client_for(with_passport.applicant)
    response = page.get(f"/events/{event.slug}/travel/")
    assert response.status_code == 200
    assert "needs a visa here" in response.content.decode()
    page.post(f"/events/{event.slug}/travel/", {"action": "visa", "leg": seoul.pk, "needed": "yes"})
    page.post(f"/events/{event.slug}/travel/", {"action": "visa", "leg": hanoi.pk, "needed": "no"})
    assert dict(VisaCase.objects.values_list("leg_id", "status")) == {
        seoul.pk: VisaStatus.NEEDED,
        hanoi.pk: VisaStatus.NOT_NEEDED,
    }
    rows = client.get(f"/api/v1/events/{event.slug}/logistics/visas/").json()
    assert [(leg["city"], leg["needed_by_table"], leg["status"]) for leg in rows[0]["legs"]] == [
        ("Seoul", True, "needed"),
        ("Hanoi", False, "not_needed"),
    ]
    # At risk: the Seoul leg starts within 30 days of 1 July 2027 and the visa is not granted.
    import datetime as dt

    assert [
        c.leg
        for c in services.people_at_risk(
            event=event, today=seoul.start_date - dt.timedelta(days=10)
        )
    ] == [seoul]
    case = VisaCase.objects.get(leg=seoul)
    answer = client.patch(
        f"/api/v1/events/{event.slug}/logistics/visa-cases/{case.pk}/",
        {"status": "granted"},
        format="json",
    )
    assert answer.status_code == 200
    assert (
        services.people_at_risk(event=event, today=seoul.start_date - dt.timedelta(days=10)) == []
    )


def test_letters_by_the_celery_job_with_every_field_mailed_and_checked(
    exchange, with_passport, plain_organiser, eager_celery, django_capture_on_commit_callbacks
):
    event, seoul, _hanoi = exchange
    _settings(event, plain_organiser)
    services.visa_rules_set(event=event, country="KR", nationalities=["VN"], by=plain_organiser)
    no_passport = ParticipantFactory(event=event, country="VN")  # no passport yet: no letter
    # Turning broadcasts off must not cost anyone their visa letter.
    OptOut.objects.create(user=with_passport.applicant, kind="broadcast")
    client = _api(plain_organiser)
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(f"/api/v1/events/{event.slug}/logistics/letter-jobs/")
    assert answer.status_code == 202 and answer.json()["total"] == 1
    job = client.get(
        f"/api/v1/events/{event.slug}/logistics/letter-jobs/{answer.json()['id']}/"
    ).json()
    assert job == {
        "id": answer.json()["id"],
        "status": "done",
        "done": 1,
        "total": 1,
        "percent": 100,
    }

    letter = VisaLetter.objects.get()
    assert letter.application == with_passport and letter.country == "KR"
    assert not VisaLetter.objects.filter(application=no_passport).exists()
    assert (
        VisaCase.objects.get(application=with_passport, leg=seoul).status == VisaStatus.LETTER_SENT
    )

    response = client_for(with_passport.applicant).get(f"/visa-letters/{letter.pk}/download/")
    assert response.status_code == 200
    text = PdfReader(io.BytesIO(b"".join(response.streaming_content))).pages[0].extract_text()
    for expected in (
        "ASEAN-Korea Centre",
        "TRAN THI MAI",
        PASSPORT_NUMBER,
        "Vietnam",
        "5 July 2027",
        "9 July 2027",
        "ASEAN-Korea Youth Network Workshop",
        "flights, hotel, meals",
        "Kim Hae-yong",
        letter.reference,
        f"/visa-letters/verify/{letter.reference}/",
    ):
        assert expected in text, expected

    mail = Message.objects.get(idempotency_key=f"logistics:visa-letter:{letter.pk}")
    # Its own kind, always sent (not a broadcast one could have opted out of).
    assert (
        mail.recipient == with_passport.applicant
        and mail.kind == "visa_letter"
        and mail.context["reference"] == letter.reference
        and mail.status == "sent"
    )

    # A second run finds nothing to do and sends nothing again.
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(f"/api/v1/events/{event.slug}/logistics/letter-jobs/")
    assert again.json()["total"] == 0 and VisaLetter.objects.count() == 1
    assert Message.objects.filter(idempotency_key__startswith="logistics:visa-letter:").count() == 1
    assert LetterJob.objects.filter(status=LetterJobStatus.DONE).count() == 2

    public = Client()
    page = public.get(f"/visa-letters/verify/{letter.reference}/")
    body = page.content.decode()
    assert page.status_code == 200
    assert letter.reference in body and event.title in body and "T**N T*I M*I" in body
    assert "5 July 2027" in body and PASSPORT_NUMBER not in body and "TRAN THI MAI" not in body
    tampered = letter.reference[:-1] + ("A" if letter.reference[-1] != "A" else "B")
    assert public.get(f"/visa-letters/verify/{tampered}/").status_code == 404
    assert public.get("/visa-letters/verify/VL-NOPE/").status_code == 404


def test_a_second_job_while_one_runs_is_refused(exchange, with_passport, plain_organiser):
    event, _seoul, _hanoi = exchange
    _settings(event, plain_organiser)
    services.letter_job_start(event=event, by=plain_organiser)  # not run: no commit in this test
    answer = _api(plain_organiser).post(f"/api/v1/events/{event.slug}/logistics/letter-jobs/")
    assert answer.status_code == 409 and answer.json()["code"] == "job_running"


def test_letters_need_the_settings_first(exchange, plain_organiser):
    event, _seoul, _hanoi = exchange
    answer = _api(plain_organiser).post(f"/api/v1/events/{event.slug}/logistics/letter-jobs/")
    assert answer.status_code == 400 and "letterhead" in answer.json()
