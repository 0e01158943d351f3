"""A participant's pass through the API: code, QR image, printable card; owner and
organisers only."""

import re

import pytest
from django.test import Client
from rest_framework.test import APIClient

from attendance import qr
from attendance.models import Pass
from participants.enums import ApplicationStatus
from tests.factories.attendance import ParticipantFactory, PassFactory

SITE = "http://127.0.0.1:8000"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


def _as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_participant_reads_their_pass_created_on_first_read(event, participant):
    response = _as(participant.applicant).get(f"/api/v1/events/{event.slug}/my-pass/")

    assert response.status_code == 200
    pass_ = Pass.objects.get(application=participant)
    token = pass_.feed_token
    assert response.json() == {
        "id": pass_.pk,
        "application": participant.pk,
        "event": event.slug,
        "event_title": event.title,
        "name": "Hà Nguyễn",
        "code": qr.make_code(pass_id=pass_.pk, nonce=pass_.nonce),
        "qr_png_url": f"{SITE}/passes/{token}/qr.png",
        "pdf_url": f"{SITE}/passes/{token}/pass.pdf",
        "calendar_url": f"{SITE}/ical/{token}.ics",
        "agenda_url": f"{SITE}/events/{event.slug}/my-agenda/",
        "issued_at": pass_.issued_at.isoformat().replace("+00:00", "Z"),
        "reissued_at": None,
        "revoked_at": None,
    }
    # The same pass on the next read.
    again = _as(participant.applicant).get(f"/api/v1/events/{event.slug}/my-pass/").json()
    assert again["id"] == pass_.pk
    assert again["code"] == response.json()["code"]
    assert qr.read_code(again["code"]) == qr.PassCode(pass_id=pass_.pk, nonce=pass_.nonce)


def _pdf(url: str):
    return Client().get(url.removeprefix(SITE))


def test_links_give_the_qr_image_and_a_card_with_the_name_and_code(event, pass_):
    body = _as(pass_.application.applicant).get(f"/api/v1/passes/{pass_.pk}/").json()

    image = Client().get(body["qr_png_url"].removeprefix(SITE))
    assert image.status_code == 200
    assert image["Content-Type"] == "image/png"
    assert image.content.startswith(b"\x89PNG")

    card = _pdf(body["pdf_url"])
    assert card.status_code == 200
    assert card["Content-Type"] == "application/pdf"
    assert card["Content-Disposition"] == f'inline; filename="pass-{event.slug}.pdf"'
    content = card.content
    assert content.startswith(b"%PDF-")
    assert f"/Keywords ({body['code']})".encode() in content
    assert f"/Subject ({event.title})".encode() in content
    # Bank-card size (85.6 x 54 mm in points), and the Vietnamese name in an embedded font.
    assert re.search(rb"/MediaBox \[\s*0 0 242\.6\d* 153\.0\d*\s*\]", content)
    assert b"/FontFile2" in content


@pytest.mark.parametrize(
    ("first", "last", "font"),
    [
        ("민지", "김", b"+NanumSquareR"),
        ("สมชาย", "ใจดี", b"+NotoSansThai-Regular"),
        ("Hằng", "Nguyễn Thị", b"+NotoSans-Regular"),
    ],
)
def test_korean_thai_and_vietnamese_names_print_in_a_font_that_has_them(event, first, last, font):
    person = ParticipantFactory(event=event, applicant__first_name=first, applicant__last_name=last)
    body = _as(person.applicant).get(f"/api/v1/events/{event.slug}/my-pass/").json()
    assert body["name"] == f"{first} {last}"
    content = _pdf(body["pdf_url"]).content
    assert font in content


def test_owner_and_organisers_read_a_pass_everyone_else_gets_404(
    event, pass_, organiser_client, staff_client, other_organiser_client, applicant_client
):
    url = f"/api/v1/passes/{pass_.pk}/"
    statuses = {
        "owner": _as(pass_.application.applicant).get(url).status_code,
        "organiser": organiser_client.get(url).status_code,
        "staff": staff_client.get(url).status_code,
        "other organiser": other_organiser_client.get(url).status_code,
        "another applicant": applicant_client.get(url).status_code,
        "another participant": _as(ParticipantFactory(event=event).applicant).get(url).status_code,
        "no such pass": organiser_client.get(f"/api/v1/passes/{pass_.pk + 1000}/").status_code,
    }
    assert statuses == {
        "owner": 200,
        "organiser": 200,
        "staff": 404,
        "other organiser": 404,
        "another applicant": 404,
        "another participant": 404,
        "no such pass": 404,
    }
    assert APIClient().get(url).status_code in (401, 403)


def test_my_pass_is_404_for_anyone_not_a_confirmed_participant(
    event, participant, applicant_client, organiser_client
):
    url = f"/api/v1/events/{event.slug}/my-pass/"
    assert applicant_client.get(url).status_code == 404
    assert organiser_client.get(url).status_code == 404
    assert (
        _as(participant.applicant).get("/api/v1/events/no-such-event/my-pass/").status_code == 404
    )
    PassFactory(application=participant)
    participant.status = ApplicationStatus.WITHDRAWN
    participant.save()
    assert _as(participant.applicant).get(url).status_code == 404
    pass_ = Pass.objects.get(application=participant)
    assert _as(participant.applicant).get(f"/api/v1/passes/{pass_.pk}/").status_code == 404
    assert Client().get(f"/passes/{pass_.feed_token}/pass.pdf").status_code == 404
    assert not Pass.objects.exclude(pk=pass_.pk).exists()


def test_a_revoked_pass_shows_no_code_and_its_card_is_gone(event, pass_, organiser_client):
    old_token = pass_.feed_token
    assert organiser_client.post(f"/api/v1/passes/{pass_.pk}/revoke/").status_code == 200

    body = _as(pass_.application.applicant).get(f"/api/v1/events/{event.slug}/my-pass/").json()
    assert body["revoked_at"] is not None
    assert (body["code"], body["qr_png_url"], body["pdf_url"], body["calendar_url"]) == (
        None,
        None,
        None,
        None,
    )
    assert Client().get(f"/passes/{old_token}/pass.pdf").status_code == 404

    assert organiser_client.post(f"/api/v1/passes/{pass_.pk}/reissue/").status_code == 200
    body = _as(pass_.application.applicant).get(f"/api/v1/passes/{pass_.pk}/").json()
    assert body["revoked_at"] is None and body["reissued_at"] is not None
    assert body["pdf_url"] != f"{SITE}/passes/{old_token}/pass.pdf"
    assert _pdf(body["pdf_url"]).status_code == 200
