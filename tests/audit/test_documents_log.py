"""Applicants' documents in the log: an upload and a delete write one entry each on the
application's history, with the document's kind, name and size (never its content); a
refused upload writes none. Through the API and the documents step of the apply pages."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import LogEntry
from audit.selectors import actor_name
from participants import services
from participants.enums import DocumentKind
from participants.models import Document
from tests.participants._pages import open_call, pdf_bytes, verified_client
from tests.participants.apply_helpers import ELF, PDF, use_private_root
from tests.participants.test_documents import upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    return use_private_root(settings, tmp_path)


@pytest.fixture
def applicant(event):
    """A signed-in applicant with a draft for ``event``, whose call is open."""
    open_call(event)
    client = verified_client()
    client.draft = services.application_save_draft(event=event, applicant=client.user)
    return client


def document_entries():
    return list(
        LogEntry.objects.filter(action_type__startswith="participants.document.").order_by("pk")
    )


def test_an_upload_through_the_api_writes_one_entry_on_the_application(applicant):
    response = upload(applicant, applicant.draft.pk, "My CV.pdf", PDF, kind="cv")
    assert response.status_code == 201, response.json()
    document = Document.objects.get()
    [entry] = document_entries()
    assert entry.action_type == "participants.document.uploaded"
    assert entry.actor == applicant.user
    assert (entry.content_type.model, entry.object_id) == ("application", applicant.draft.pk)
    assert entry.event_id == applicant.draft.event_id
    assert entry.data == {
        "document": document.pk,
        "fields_of": "participants.document",
        "changes": {
            "kind": {"before": None, "after": "cv"},
            "original_name": {"before": None, "after": "My CV.pdf"},
            "size": {"before": None, "after": len(PDF)},
        },
    }
    # Neither the content nor where it is stored.
    assert document.sha256 not in str(entry.data)
    assert document.storage_name not in str(entry.data)


def test_refused_uploads_write_nothing(applicant, settings):
    settings.UPLOAD_MAX_BYTES = 64
    too_big = upload(applicant, applicant.draft.pk, "big.pdf", PDF + b"%" + b"0" * 100)
    assert too_big.status_code == 400
    assert too_big.json()["code"] == "file_too_large"
    assert document_entries() == []

    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    settings.UPLOAD_MAX_DOCUMENTS_PER_APPLICATION = 1
    assert upload(applicant, applicant.draft.pk, "one.pdf", PDF).status_code == 201
    over_quota = upload(applicant, applicant.draft.pk, "two.pdf", PDF)
    assert over_quota.status_code == 409
    assert over_quota.json()["code"] == "too_many_documents"
    assert [e.data["changes"]["original_name"]["after"] for e in document_entries()] == ["one.pdf"]


def test_a_delete_through_the_api_writes_one_entry_with_what_was_removed(applicant):
    assert upload(applicant, applicant.draft.pk, "passport.pdf", PDF, kind="passport").status_code
    document = Document.objects.get()
    response = applicant.delete(f"/api/v1/documents/{document.pk}/")
    assert response.status_code == 204
    entry = document_entries()[-1]
    assert entry.action_type == "participants.document.deleted"
    assert entry.actor == applicant.user
    assert entry.object_id == applicant.draft.pk
    assert entry.data["changes"] == {
        "kind": {"before": "passport", "after": None},
        "original_name": {"before": "passport.pdf", "after": None},
        "size": {"before": len(PDF), "after": None},
    }
    assert len(document_entries()) == 2


def test_a_refused_delete_writes_nothing(applicant, event):
    assert upload(applicant, applicant.draft.pk, "cv.pdf", PDF).status_code == 201
    document = Document.objects.get()
    someone_else = verified_client()
    assert someone_else.delete(f"/api/v1/documents/{document.pk}/").status_code == 404
    assert Document.objects.filter(pk=document.pk).exists()
    assert len(document_entries()) == 1


def test_the_documents_step_logs_and_the_organiser_sees_it_on_the_history(
    applicant, event, organiser_browser
):
    step = f"/events/{event.slug}/apply/documents/"
    pdf = pdf_bytes()
    uploaded = applicant.post(
        step,
        {
            "kind": DocumentKind.CV,
            "file": SimpleUploadedFile("cv 2027.pdf", pdf, content_type="application/pdf"),
            "upload": "1",
        },
    )
    assert uploaded.status_code == 302
    refused = applicant.post(
        step,
        {
            "kind": DocumentKind.PASSPORT,
            "file": SimpleUploadedFile("passport.pdf", ELF, content_type="application/pdf"),
            "upload": "1",
        },
    )
    assert refused.status_code == 200  # the form with its error
    document = Document.objects.get()
    assert applicant.post(step, {"delete": document.pk}).status_code == 302
    assert [e.action_type for e in document_entries()] == [
        "participants.document.uploaded",
        "participants.document.deleted",
    ]

    history = f"/events/{event.slug}/history/participants.application/{applicant.draft.pk}/"
    page = organiser_browser.get(history)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Document uploaded" in text and "Document deleted" in text
    # The document's fields by their labels, its kind by its name.
    assert "kind: — → CV" in text and "kind: CV → —" in text
    assert "file name: — → cv 2027.pdf" in text
    assert f"size: — → {len(pdf)}" in text
    assert "passport" not in text
    assert actor_name(applicant.user) in text
