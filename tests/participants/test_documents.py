import hashlib

import pytest
import time_machine

from participants import services
from participants.models import Document
from tests.factories.participants import ProfileFactory
from tests.participants.apply_helpers import (
    DURING,
    ELF,
    PDF,
    PNG,
    open_call,
    stored_files,
    use_private_root,
)

pytestmark = pytest.mark.django_db

BOUNDARY = "----bridges-test-boundary"


def multipart(filename: str, content: bytes, kind: str = "cv") -> bytes:
    """A hand-built body: the test client would strip directories from the name itself."""
    return (
        (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="kind"\r\n\r\n{kind}\r\n'
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{BOUNDARY}--\r\n".encode()
    )


def upload(client, application_id, filename, content, kind="cv"):
    return client.generic(
        "POST",
        f"/api/v1/applications/{application_id}/documents/",
        multipart(filename, content, kind),
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
    )


@pytest.fixture
def private_root(settings, tmp_path):
    return use_private_root(settings, tmp_path)


@pytest.fixture
def draft(event, applicant_client):
    open_call(event)
    ProfileFactory(user=applicant_client.user)
    with time_machine.travel(DURING, tick=False):
        return services.application_save_draft(event=event, applicant=applicant_client.user)


def test_pdf_upload_is_stored_privately_and_downloadable_by_owner(
    draft, applicant_client, private_root, settings
):
    response = upload(applicant_client, draft.pk, "My CV (2027).pdf", PDF)
    assert response.status_code == 201, response.json()
    data = response.json()
    document = Document.objects.get()
    assert data == {
        "id": document.pk,
        "kind": "cv",
        "original_name": "My CV (2027).pdf",
        "content_type": "application/pdf",
        "size": len(PDF),
        "sha256": hashlib.sha256(PDF).hexdigest(),
        "application": draft.pk,
        "uploaded_at": data["uploaded_at"],
        "download_url": f"/api/v1/documents/{document.pk}/download/",
    }
    files = stored_files(private_root)
    assert len(files) == 1 and files[0].read_bytes() == PDF
    assert "CV" not in files[0].name  # our random name, not the client's
    assert not str(files[0]).startswith(str(settings.MEDIA_ROOT))
    response = applicant_client.get(data["download_url"])
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert 'attachment; filename="My CV (2027).pdf"' == response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_png_named_jpg_is_typed_by_content(draft, applicant_client, private_root):
    response = upload(applicant_client, draft.pk, "passport.jpg", PNG, kind="passport")
    assert response.status_code == 201
    assert response.json()["content_type"] == "image/png"
    assert response.json()["original_name"] == "passport.jpg.png"


@pytest.mark.parametrize(
    ("filename", "content", "code"),
    [
        ("cv.pdf", ELF, "file_type_not_allowed"),  # an executable renamed .pdf
        ("cv.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200, "file_type_not_allowed"),
        ("cv.pdf", b"just some text, not a pdf", "file_type_not_allowed"),
        ("../../etc/passwd.pdf", PDF, "invalid_file_name"),
        ("..\\..\\windows\\cv.pdf", PDF, "invalid_file_name"),
        ("/tmp/cv.pdf", PDF, "invalid_file_name"),
    ],
)
def test_bad_uploads_are_400_and_nothing_is_stored(
    draft, applicant_client, private_root, filename, content, code
):
    response = upload(applicant_client, draft.pk, filename, content)
    assert response.status_code == 400
    assert response.json()["code"] == code
    assert "file" in response.json()
    assert not Document.objects.exists()
    assert stored_files(private_root) == []


def test_upload_over_the_limit_is_400_and_nothing_is_stored(
    draft, applicant_client, private_root, settings
):
    settings.UPLOAD_MAX_BYTES = 1024
    response = upload(applicant_client, draft.pk, "cv.pdf", PDF + b"0" * 2000)
    assert response.status_code == 400
    assert response.json() == {
        "file": ["The file is larger than 0.00 MB."],
        "code": "file_too_large",
    }
    assert not Document.objects.exists()
    assert stored_files(private_root) == []


def test_a_failing_database_write_leaves_no_file(
    draft, applicant_client, private_root, monkeypatch
):
    def boom(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(Document.objects, "create", boom)
    with pytest.raises(RuntimeError):
        upload(applicant_client, draft.pk, "cv.pdf", PDF)
    assert stored_files(private_root) == []


def test_unknown_kind_and_extra_fields_are_refused(draft, applicant_client, private_root):
    response = upload(applicant_client, draft.pk, "cv.pdf", PDF, kind="diploma")
    assert response.status_code == 400 and "kind" in response.json()
    assert stored_files(private_root) == []


def test_owner_can_delete_a_draft_document(
    draft, applicant_client, private_root, django_capture_on_commit_callbacks
):
    document_id = upload(applicant_client, draft.pk, "cv.pdf", PDF).json()["id"]
    with django_capture_on_commit_callbacks(execute=True):
        response = applicant_client.delete(f"/api/v1/documents/{document_id}/")
    assert response.status_code == 204
    assert not Document.objects.exists()
    assert stored_files(private_root) == []
