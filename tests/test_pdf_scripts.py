"""Certificates and pass cards print names in Hangul, Thai, Vietnamese and Cyrillic: the
text read back from the PDF is the name exactly, and every font is embedded."""

import datetime as dt
import io

import pytest
import time_machine
from django.test import Client
from pypdf import PdfReader
from rest_framework.test import APIClient

from attendance.models import Certificate
from attendance.tasks import issue_certificates
from tests.factories.attendance import CheckInFactory, ParticipantFactory
from tests.factories.programmes import SessionFactory

NAMES = [("민지", "김"), ("สมชาย", "ใจดี"), ("Hằng", "Nguyễn Thị"), ("Мария", "Иванова")]


def _text_and_fonts(content: bytes) -> tuple[str, dict[str, bool]]:
    """The page's text, and for each font used whether its file is in the PDF."""
    page = PdfReader(io.BytesIO(content)).pages[0]
    fonts = {}
    for font in page["/Resources"]["/Font"].values():
        font = font.get_object()
        descriptor = font.get("/FontDescriptor")
        if descriptor is None and "/DescendantFonts" in font:
            descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
        descriptor = descriptor.get_object() if descriptor is not None else {}
        fonts[str(font["/BaseFont"])] = any(
            key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
        )
    return page.extract_text(), fonts


def _get(url: str) -> bytes:
    response = Client().get("/" + url.split("/", 3)[3])  # the path of the absolute link
    assert response.status_code == 200
    return response.content


@pytest.mark.parametrize(("first", "last"), NAMES)
def test_pass_card_carries_the_name_exactly_in_embedded_fonts(event, first, last):
    person = ParticipantFactory(event=event, applicant__first_name=first, applicant__last_name=last)
    client = APIClient()
    client.force_authenticate(person.applicant)
    pdf_url = client.get(f"/api/v1/events/{event.slug}/my-pass/").json()["pdf_url"]
    text, fonts = _text_and_fonts(_get(pdf_url))
    assert f"{first} {last}" in text
    assert fonts and all(fonts.values()), fonts


def test_pass_card_prints_the_latin_name_under_the_name_as_written(event):
    person = ParticipantFactory(
        event=event, applicant__first_name="민지", applicant__last_name="김"
    )
    person.applicant.profile.latin_name = "KIM Minji"
    person.applicant.profile.save()
    client = APIClient()
    client.force_authenticate(person.applicant)
    pdf_url = client.get(f"/api/v1/events/{event.slug}/my-pass/").json()["pdf_url"]
    text, _fonts = _text_and_fonts(_get(pdf_url))
    assert "민지 김" in text and "KIM Minji" in text


def test_certificates_carry_the_names_exactly_in_embedded_fonts(event):
    start = dt.datetime(2027, 7, 5, 9, 0, tzinfo=event.zone)
    session = SessionFactory(event=event, starts_at=start)
    people = {}
    for first, last in NAMES:
        person = ParticipantFactory(
            event=event, applicant__first_name=first, applicant__last_name=last
        )
        CheckInFactory(session=session, application=person)
        people[person.pk] = f"{first} {last}"
    with time_machine.travel(dt.datetime(2027, 7, 20, tzinfo=dt.UTC), tick=False):
        assert issue_certificates(event_id=event.pk) == len(NAMES)

    for certificate in Certificate.objects.filter(event=event):
        with certificate.pdf.open("rb") as pdf:
            text, fonts = _text_and_fonts(pdf.read())
        assert people[certificate.application_id] in text
        assert fonts and all(fonts.values()), fonts
