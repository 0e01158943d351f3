"""backend/files.py and the STORAGES settings: private files through the storage API,
short-lived signed links, and S3 chosen by the environment."""

import datetime as dt
import importlib.util
import re
from pathlib import Path

import pytest
import time_machine
from django.core.files.storage import InMemoryStorage, StorageHandler
from django.test import Client

import backend.settings
from backend import files
from tests.factories.clock import FROZEN_NOW


@pytest.fixture
def on_disk(settings, tmp_path):
    """The private storage as configured by default (local disk), in a per-test folder."""
    root = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "backend.files.PrivateFileSystemStorage",
            "OPTIONS": {"location": root},
        },
    }
    return root


def test_a_saved_file_is_whole_under_a_new_name_and_deletion_is_quiet(on_disk):
    first = files.save_private("documents/cv.pdf", b"%PDF-1.4 whole")
    second = files.save_private("documents/cv.pdf", b"%PDF-1.4 other")
    assert first == "documents/cv.pdf" and second != first  # never overwrites
    assert (on_disk / first).read_bytes() == b"%PDF-1.4 whole"
    assert sorted(p.name for p in (on_disk / "documents").iterdir()) == sorted(
        [Path(first).name, Path(second).name]
    )
    files.private_storage.delete(first)
    files.private_storage.delete(first)  # already gone: quiet, as on S3
    assert not (on_disk / first).exists()


def test_the_private_storage_follows_a_storages_override(settings):
    """Model fields take ``private_storage`` at import; a later STORAGES change still
    reaches them (tests use that to keep files in memory)."""
    from attendance.models import Certificate

    field_storage = Certificate._meta.get_field("pdf").storage
    assert isinstance(field_storage, InMemoryStorage)  # tests/conftest.py's override
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {"BACKEND": "backend.files.PrivateFileSystemStorage"},
    }
    assert isinstance(field_storage, files.PrivateFileSystemStorage)


def test_a_local_private_file_has_no_address_under_media_url(on_disk, settings):
    name = files.save_private("photos/a.png", b"\x89PNG")
    url = files.private_storage.url(name)
    assert not url.startswith("/" + settings.MEDIA_URL)
    assert name not in url  # the name is inside the signed token, not a guessable path


def test_a_signed_link_serves_the_file_until_it_expires(on_disk, settings):
    settings.PRIVATE_URL_MAX_AGE = 300
    name = files.save_private("documents/cv.pdf", b"%PDF-1.4 signed")
    with time_machine.travel(FROZEN_NOW, tick=False):
        url = files.private_storage.url(name)
    anonymous = Client()

    with time_machine.travel(FROZEN_NOW + dt.timedelta(seconds=299), tick=False):
        response = anonymous.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 signed"
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"

    with time_machine.travel(FROZEN_NOW + dt.timedelta(seconds=301), tick=False):
        assert anonymous.get(url).status_code == 404


def test_an_altered_or_made_up_link_serves_nothing(on_disk):
    name = files.save_private("documents/cv.pdf", b"%PDF-1.4 secret")
    other = files.save_private("documents/other.pdf", b"%PDF-1.4 someone else")
    url = files.signed_url(name)
    payload, signature = url.rsplit("/", 1)[1].split(":", 1)
    other_payload = files.signed_url(other).rsplit("/", 1)[1].split(":", 1)[0]
    anonymous = Client()
    for address in (
        url[:-1] + ("A" if url[-1] != "A" else "B"),  # one character changed
        url.replace(payload, other_payload),  # another file's name under this signature
        f"/files/{name}",  # the storage name itself
        "/media/" + name,  # where a public media root would put it
        "/" + name,
    ):
        assert anonymous.get(address).status_code == 404, address
    assert anonymous.get(url).status_code == 200  # the link as issued works


def test_a_link_to_a_file_that_is_gone_is_404(on_disk):
    url = files.signed_url("documents/gone.pdf")
    assert Client().get(url).status_code == 404


# --- settings: the backend is chosen by the environment ------------------------------


def _settings_from(monkeypatch, **environ):
    """backend/settings.py evaluated afresh under ``environ`` (the running settings
    stay as they are)."""
    for key, value in environ.items():
        monkeypatch.setenv(key, value)
    spec = importlib.util.spec_from_file_location(
        "bridges_settings_under_test", backend.settings.__file__
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_local_disk_is_the_default(monkeypatch, tmp_path):
    monkeypatch.delenv("BRIDGES_STORAGE", raising=False)
    loaded = _settings_from(monkeypatch, BRIDGES_PRIVATE_ROOT=str(tmp_path / "private"))
    storages = StorageHandler(loaded.STORAGES)
    private = storages["private"]
    assert isinstance(private, files.PrivateFileSystemStorage)
    assert Path(private.location) == tmp_path / "private"
    assert type(storages["default"]).__name__ == "FileSystemStorage"


def test_s3_is_chosen_by_the_environment_with_bucket_and_endpoint(monkeypatch):
    from storages.backends.s3 import S3Storage

    loaded = _settings_from(
        monkeypatch,
        BRIDGES_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="bridges-files",
        AWS_S3_ENDPOINT_URL="https://objects.example.test",
        AWS_S3_REGION_NAME="ap-northeast-2",
        AWS_S3_ACCESS_KEY_ID="test-key",  # boto3 signs locally with these
        AWS_S3_SECRET_ACCESS_KEY="test-secret",
        BRIDGES_PRIVATE_URL_MAX_AGE="120",
    )
    storages = StorageHandler(loaded.STORAGES)
    private, default = storages["private"], storages["default"]
    for storage in (private, default):
        assert type(storage) is S3Storage
        assert storage.bucket_name == "bridges-files"
        assert storage.endpoint_url == "https://objects.example.test"
        assert storage.default_acl == "private"
        assert storage.file_overwrite is False
    assert (private.location, default.location) == ("private", "media")

    # A private file's address is presigned and short-lived (computed locally, no network).
    url = private.url("documents/cv.pdf")
    assert url.startswith("https://objects.example.test/bridges-files/private/documents/cv.pdf?")
    assert "X-Amz-Expires=120" in url and "X-Amz-Signature=" in url


@pytest.mark.parametrize(
    "environ",
    [
        {"BRIDGES_STORAGE": "ftp"},
        {"BRIDGES_STORAGE": "s3", "AWS_STORAGE_BUCKET_NAME": ""},  # as compose passes it unset
    ],
)
def test_an_unknown_backend_or_a_missing_bucket_refuses_to_start(monkeypatch, environ):
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="BRIDGES_STORAGE"):
        _settings_from(monkeypatch, **environ)


def test_the_admin_links_a_certificate_pdf_by_a_signed_link(on_disk, django_user_model):
    from attendance.services import certificate_render
    from tests.factories.attendance import CertificateFactory

    certificate = CertificateFactory()
    certificate_render(certificate=certificate)
    admin = Client()
    admin.force_login(django_user_model.objects.create_superuser("root", "root@example.org", "x"))
    page = admin.get(f"/admin/attendance/certificate/{certificate.pk}/change/").content.decode()
    # The signed link carries the second it was made: compare what it signs (the file's
    # name), since the page and this test may sign on either side of a second's tick.
    signed_name = files.private_storage.url(certificate.pdf.name).rsplit(":", 2)[0]
    link = re.search(rf'href="({re.escape(signed_name)}:[^"]+)"', page).group(1)
    response = Client().get(link)  # the link itself is the permission, until it expires
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
