"""Documents, photos and certificates travel only through the storage API.

With the private storage in memory (tests/conftest.py) and the local folders pointed at
an empty directory, each kind of file goes in and comes out through the API or the page
that serves it, to its owner only, and nothing lands on disk: a write that assumed a
local path would show up in that directory.
"""

import datetime as dt

import pytest
import time_machine
from django.core.files.storage import InMemoryStorage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from participants import services
from participants.models import Document, Profile
from tests.factories.attendance import CertificateFactory
from tests.factories.participants import ProfileFactory
from tests.participants.apply_helpers import DURING, PDF, open_call
from tests.participants.test_documents import upload
from tests.participants.test_photo import image_bytes, post_photo

pytestmark = pytest.mark.django_db


@pytest.fixture
def private(settings, tmp_path):
    """The in-memory private storage; every folder a path-assuming write would use is
    under ``tmp_path``, which must stay empty."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_STORAGE_ROOT = tmp_path / "private"
    storage = storages["private"]
    assert isinstance(storage, InMemoryStorage)
    yield storage
    assert list(tmp_path.rglob("*")) == []


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_document_round_trips_through_storage_to_its_owner_only(
    private, event, applicant_client, anonymous_client, django_capture_on_commit_callbacks
):
    open_call(event)
    ProfileFactory(user=applicant_client.user)
    with time_machine.travel(DURING, tick=False):
        draft = services.application_save_draft(event=event, applicant=applicant_client.user)
    response = upload(applicant_client, draft.pk, "cv.pdf", PDF)
    assert response.status_code == 201, response.json()
    document = Document.objects.get()
    with private.open(document.storage_name) as stored:
        assert stored.read() == PDF

    download = response.json()["download_url"]
    response = applicant_client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    stranger = ProfileFactory().user
    assert logged_in(stranger).get(download).status_code == 404
    assert anonymous_client.get(download).status_code in (401, 403)
    # The stored name is no address: neither alone nor under a media prefix.
    for guess in (f"/{document.storage_name}", f"/media/{document.storage_name}"):
        assert applicant_client.get(guess).status_code == 404

    with django_capture_on_commit_callbacks(execute=True):
        assert applicant_client.delete(f"/api/v1/documents/{document.pk}/").status_code == 204
    assert not private.exists(document.storage_name)


def test_a_photo_round_trips_through_storage_to_its_owner_only(
    private, applicant_client, django_capture_on_commit_callbacks
):
    ProfileFactory(user=applicant_client.user)
    response = post_photo(applicant_client, "me.png", image_bytes("PNG"))
    assert response.status_code == 200, response.json()
    profile = Profile.objects.get(user=applicant_client.user)
    with private.open(profile.photo_storage_name) as stored:
        kept = stored.read()
    assert kept.startswith(b"\x89PNG")

    url = response.json()["photo_url"]
    response = logged_in(applicant_client.user).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == kept
    assert logged_in(ProfileFactory().user).get(url).status_code == 404
    assert Client().get(url).status_code == 404

    # Replaced: the old file leaves the storage once the new one is saved.
    previous = profile.photo_storage_name
    with django_capture_on_commit_callbacks(execute=True):
        services.profile_photo_set(
            user=applicant_client.user, uploaded=SimpleUploadedFile("new.png", image_bytes("PNG"))
        )
    assert not private.exists(previous)


def test_a_certificate_is_written_to_storage_and_served_to_its_participant_only(private):
    certificate = CertificateFactory()
    participant = certificate.application
    url = f"/certificates/{certificate.code}/download/"
    with time_machine.travel(dt.datetime(2027, 7, 20, tzinfo=dt.UTC), tick=False):
        response = logged_in(participant.applicant).get(url)
    assert response.status_code == 200
    served = b"".join(response.streaming_content)
    assert served.startswith(b"%PDF-")
    certificate.refresh_from_db()
    assert private.exists(certificate.pdf.name)
    with private.open(certificate.pdf.name) as stored:
        assert stored.read() == served
    assert logged_in(ProfileFactory().user).get(url).status_code == 404
    assert Client().get(url).status_code == 302  # to the login page
