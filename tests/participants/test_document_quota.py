"""The per-application document quota: a count and a total size, decided under the
application's row lock (a race with real threads on PostgreSQL, with its control)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from participants import documents as storage
from participants import services
from participants.models import Document
from participants.services import documents as document_services
from tests.concurrency import run_concurrently
from tests.factories.participants import ProfileFactory
from tests.participants.apply_helpers import PDF, open_call, stored_files, use_private_root
from tests.participants.test_documents import upload


@pytest.fixture
def private_root(settings, tmp_path):
    return use_private_root(settings, tmp_path)


@pytest.fixture
def live_draft(event):
    now = timezone.now()
    open_call(event, opens=now - dt.timedelta(days=1), closes=now + dt.timedelta(days=1))
    user = ProfileFactory().user
    return services.application_save_draft(event=event, applicant=user)


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.django_db
def test_the_eleventh_document_is_refused_naming_the_field(live_draft, private_root, settings):
    settings.UPLOAD_MAX_DOCUMENTS_PER_APPLICATION = 10
    client = _client(live_draft.applicant)
    for i in range(10):
        assert upload(client, live_draft.pk, f"cv-{i}.pdf", PDF).status_code == 201
    response = upload(client, live_draft.pk, "one-more.pdf", PDF)
    assert response.status_code == 409
    assert response.json() == {
        "file": ["An application can hold at most 10 documents; remove one first."],
        "code": "too_many_documents",
    }
    assert Document.objects.filter(application=live_draft).count() == 10
    assert len(stored_files(private_root)) == 10  # the refused file is not kept
    # Removing one makes room again.
    client.delete(f"/api/v1/documents/{Document.objects.first().pk}/")
    assert upload(client, live_draft.pk, "one-more.pdf", PDF).status_code == 201


@pytest.mark.django_db
def test_documents_over_the_total_size_are_a_413_naming_the_field(
    live_draft, private_root, settings
):
    settings.UPLOAD_MAX_BYTES_PER_APPLICATION = 2 * 1024 * 1024
    client = _client(live_draft.applicant)
    padded = PDF + b"%" + b"0" * (900 * 1024)  # a PDF of about 0.9 MB
    assert upload(client, live_draft.pk, "a.pdf", padded).status_code == 201
    assert upload(client, live_draft.pk, "b.pdf", padded).status_code == 201
    response = upload(client, live_draft.pk, "c.pdf", padded)
    assert response.status_code == 413
    assert response.json() == {
        "file": [
            "The documents of an application may weigh 2 MB in all; this file would take "
            "them over. Remove one or upload a smaller file."
        ],
        "code": "application_documents_too_large",
    }
    assert Document.objects.filter(application=live_draft).count() == 2
    assert len(stored_files(private_root)) == 2


def _race(live_draft, monkeypatch, settings, threads: int) -> list[int]:
    """``threads`` uploads that all have their file stored before any of them counts."""
    settings.UPLOAD_MAX_DOCUMENTS_PER_APPLICATION = 10
    for i in range(9):
        services.document_upload(
            owner=live_draft.applicant,
            uploaded=_file(f"cv-{i}.pdf"),
            application=live_draft,
        )
    barrier = threading.Barrier(threads)
    store = storage.store_upload

    def store_then_wait(uploaded):
        stored = store(uploaded)
        barrier.wait(timeout=30)
        return stored

    monkeypatch.setattr(storage, "store_upload", store_then_wait)

    def run(i: int) -> int:
        return upload(
            _client(live_draft.applicant), live_draft.pk, f"race-{i}.pdf", PDF
        ).status_code

    return run_concurrently(threads, run, timeout=30)


def _file(name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.mark.django_db(transaction=True)
def test_parallel_uploads_cannot_pass_the_count_together(
    live_draft, private_root, settings, monkeypatch
):
    codes = _race(live_draft, monkeypatch, settings, threads=4)
    assert sorted(codes) == [201, 409, 409, 409]
    assert Document.objects.filter(application=live_draft).count() == 10


@pytest.mark.django_db(transaction=True)
def test_control_without_the_lock_the_race_overfills(
    live_draft, private_root, settings, monkeypatch
):
    # Shows that the test above would catch a missing lock: all four count nine.
    monkeypatch.setattr(document_services, "DOCUMENT_QUOTA_LOCKING_ENABLED", False)
    codes = _race(live_draft, monkeypatch, settings, threads=4)
    assert Document.objects.filter(application=live_draft).count() > 10
    assert codes.count(201) > 1
