"""An organisation's logo: uploaded on its settings page by its owners and organisers
(PNG/JPEG only, size limited, refusals named beside the field and nothing stored), kept
through the storage API, and drawn on the invitation and visa support letters."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from audit.models import LogEntry
from backend.files import private_storage
from backoffice.organisation_logo import LOGO_MAX_BYTES
from programmes.enums import MemberRole
from programmes.models import Organisation
from tests.delegations.conftest import make_meeting
from tests.factories.programmes import MembershipFactory, UserFactory
from tests.logistics.conftest import exchange, participant, with_passport  # noqa: F401
from tests.logistics.test_passports import _letter

pytestmark = pytest.mark.django_db


def png_bytes(size=(40, 20)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (18, 53, 91)).save(out, format="PNG")
    return out.getvalue()


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def settings_url(organisation) -> str:
    return reverse("backoffice:organisation-settings", args=[organisation.slug])


def upload(client, organisation, name, data, content_type="image/png"):
    return client.post(
        settings_url(organisation), {"logo": SimpleUploadedFile(name, data, content_type)}
    )


def images_on_first_page(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages[0].images)


def set_logo(organisation) -> None:
    organiser = MembershipFactory(organisation=organisation, role=MemberRole.ORGANISER).user
    response = upload(logged_in(organiser), organisation, "logo.png", png_bytes())
    assert response.status_code == 302


def test_an_organiser_uploads_a_png_and_it_is_stored_and_logged(organisation):
    organiser = MembershipFactory(organisation=organisation, role=MemberRole.ORGANISER).user
    client = logged_in(organiser)
    assert client.get(settings_url(organisation)).status_code == 200
    response = upload(client, organisation, "logo.png", png_bytes())
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.logo.name.startswith("logos/")
    with organisation.logo.open("rb") as handle:
        assert Image.open(handle).size == (40, 20)
    entry = LogEntry.objects.get(action_type="programmes.organisation.changed")
    assert entry.actor == organiser and entry.data["changes"]["logo"]["after"].startswith("logos/")
    # A second upload replaces the first; the old file is removed once committed.
    first = organisation.logo.name
    assert upload(client, organisation, "b.png", png_bytes((10, 10))).status_code == 302
    organisation.refresh_from_db()
    assert organisation.logo.name != first


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("logo.png", b"%PDF-1.4 not an image at all" * 10, "Only PNG and JPEG"),
        ("logo.gif", b"GIF89a" + b"\x00" * 200, "Only PNG and JPEG"),
        ("logo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * (LOGO_MAX_BYTES + 1), "larger than 2 MB"),
    ],
    ids=["pdf", "gif", "too large"],
)
def test_a_refused_file_is_named_beside_the_field_and_nothing_is_saved(
    organisation, name, data, expected
):
    owner = MembershipFactory(organisation=organisation, role=MemberRole.OWNER).user
    response = upload(logged_in(owner), organisation, name, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert expected in page and 'class="field has-error"' in page
    assert Organisation.objects.get(pk=organisation.pk).logo.name == ""
    assert not LogEntry.objects.filter(action_type="programmes.organisation.changed").exists()


def test_no_file_is_a_400_naming_the_field(organisation):
    owner = MembershipFactory(organisation=organisation, role=MemberRole.OWNER).user
    response = logged_in(owner).post(settings_url(organisation), {})
    assert response.status_code == 400
    assert 'class="field has-error"' in response.content.decode()


def test_someone_outside_the_organisation_gets_a_404_and_changes_nothing(organisation):
    stranger = UserFactory()
    other = MembershipFactory(role=MemberRole.OWNER).user  # owner of another organisation
    reviewer = MembershipFactory(organisation=organisation, role=MemberRole.REVIEWER).user
    for user in (stranger, other, reviewer):
        client = logged_in(user)
        assert client.get(settings_url(organisation)).status_code == 404
        assert upload(client, organisation, "logo.png", png_bytes()).status_code == 404
    anonymous = upload(Client(), organisation, "logo.png", png_bytes())
    assert anonymous.status_code == 302 and "/login" in anonymous["Location"]
    assert Organisation.objects.get(pk=organisation.pk).logo.name == ""


def test_the_invitation_letter_carries_the_logo_only_when_one_is_set():
    meeting = make_meeting()
    organiser = logged_in(meeting.organiser)
    preview = f"/organise/events/{meeting.event.slug}/delegations/letter/preview.pdf?language=en"
    response = organiser.get(preview)
    assert response.status_code == 200 and images_on_first_page(response.content) == 0
    set_logo(meeting.event.organisation)
    pdf = organiser.get(preview).content
    assert images_on_first_page(pdf) == 1
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert meeting.event.organisation.name in text  # the name is still on the letterhead


@pytest.mark.parametrize("has_logo", [False, True], ids=["no logo", "logo"])
def test_the_visa_support_letter_carries_the_logo_only_when_one_is_set(
    with_passport,  # noqa: F811
    has_logo,
):
    if has_logo:
        set_logo(with_passport.event.organisation)
    letter = _letter(with_passport)
    with private_storage.open(letter.storage_name, "rb") as handle:
        pdf = handle.read()
    assert images_on_first_page(pdf) == (1 if has_logo else 0)
    assert "ASEAN-Korea Centre" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
