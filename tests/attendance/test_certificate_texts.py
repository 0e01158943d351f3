"""What the certificates say, written by the organisers in each working language on the
attendance dashboard (issue 17): saved from a French page into each language's column,
a missing language marked, a refusal beside its field; each PDF in its participant's
language, falling back to the event's first one, with Bridges' wording when empty."""

import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from attendance.models import AttendancePolicy
from audit.models import LogEntry
from programmes.enums import MemberRole
from tests.factories.attendance import CertificateFactory, ParticipantFactory
from tests.factories.programmes import MembershipFactory

pytestmark = pytest.mark.django_db

TEXTS = {
    "certificate_heading_en": "Certificate of attendance",
    "certificate_body_en": "took an active part in the regional meeting",
    "certificate_body_fr": "a participé activement à la réunion régionale",
}


@pytest.fixture
def organiser(event):
    event.working_languages = ["en", "fr"]
    event.save(update_fields=["working_languages"])
    client = Client()
    client.force_login(
        MembershipFactory(organisation=event.organisation, role=MemberRole.ORGANISER).user
    )
    return client


def _fr(name, event):
    with translation.override("fr"):
        return reverse(f"attendance:{name}", args=[event.slug])


def _pdf_text(client, certificate) -> str:
    response = client.get(reverse("attendance:certificate-download", args=[certificate.code]))
    assert response.status_code == 200
    pdf = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    return " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)


def _certificate(event, language):
    application = ParticipantFactory(event=event)
    application.applicant.profile.preferred_language = language
    application.applicant.profile.save()
    return CertificateFactory(application=application, event=event)


def test_organisers_write_the_certificate_in_each_language(event, organiser):
    # Nothing written yet: Bridges' own wording.
    assert "took part in" in _pdf_text(organiser, _certificate(event, "en"))

    too_long = {**TEXTS, "certificate_body_fr": "x" * 201}
    refused = organiser.post(_fr("certificate-texts", event), too_long)
    assert refused.status_code == 400
    french_body = refused.content.decode().split('id="id_certificate_body_fr"')[1]
    assert "200 caractères" in french_body.split("</div>")[0]
    assert not AttendancePolicy.objects.filter(event=event, certificate_body_en__gt="").exists()

    response = organiser.post(_fr("certificate-texts", event), TEXTS)
    assert response.status_code == 302
    policy = AttendancePolicy.objects.get(event=event)
    assert policy.certificate_body_fr == TEXTS["certificate_body_fr"]
    assert policy.certificate_heading_en == TEXTS["certificate_heading_en"]
    assert not policy.certificate_heading_fr
    assert LogEntry.objects.filter(action_type="attendance.policy.changed").exists()

    page = organiser.get(_fr("dashboard", event)).content.decode()
    body = page.split('data-content-field="certificate_body"')[1].split("</fieldset>")[0]
    assert f'value="{TEXTS["certificate_body_fr"]}"' in body
    heading = page.split('data-content-field="certificate_heading"')[1].split("</fieldset>")[0]
    assert "content-languages__badge" in heading  # French heading not written

    french = _pdf_text(organiser, _certificate(event, "fr"))
    assert TEXTS["certificate_body_fr"] in french
    assert TEXTS["certificate_heading_en"] in french  # falls back to the first language
    korean = _pdf_text(organiser, _certificate(event, "ko"))
    assert TEXTS["certificate_body_en"] in korean and "took part in" not in korean


def test_only_organisers_change_the_wording(event, organiser, staff_client):
    client = Client()
    client.force_login(staff_client.user)
    url = reverse("attendance:certificate-texts", args=[event.slug])
    assert client.post(url, TEXTS).status_code == 403
    assert (
        'id="certificate"'
        not in client.get(reverse("attendance:dashboard", args=[event.slug])).content.decode()
    )
    assert not AttendancePolicy.objects.filter(event=event).exists()
