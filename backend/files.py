"""Files go only through Django's storage API (``settings.STORAGES``), never a local path,
so that several web machines can share them in S3-compatible object storage.

The "private" storage holds what names a person: applicants' documents, profile photos,
certificates. Nothing in it has a public address: a file is served by a view that checks
who asks (``private_file_response``) or behind a short-lived signed link
(``storage.url(name)``: S3's presigned URL, or ``signed_url`` on local disk).
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils.functional import LazyObject, empty

PRIVATE = "private"
_SIGNED_URL_SALT = "bridges.files.private-url"


class _PrivateStorage(LazyObject):
    def _setup(self) -> None:
        self._wrapped = storages[PRIVATE]


# Looked up on first use, like Django's ``default_storage``, so that model fields can take
# it at import time and still follow the configured backend.
private_storage = _PrivateStorage()


@receiver(setting_changed)
def _private_storage_changed(*, setting: str, **kwargs) -> None:
    # As Django does for default_storage: a STORAGES override (tests) reaches the fields.
    if setting == "STORAGES":
        private_storage._wrapped = empty


def save_private(name: str, data: bytes) -> str:
    """Write a whole file in one call and return the name it was saved under.

    A reader never sees half of it: an object store's put is all or nothing, and on disk
    the name is new and no row points at it until the caller saves one.
    """
    return private_storage.save(name, ContentFile(data))


def private_file_response(
    name: str,
    *,
    content_type: str | None = None,
    filename: str | None = None,
    as_attachment: bool = False,
    cache_control: str = "private, no-store",
) -> FileResponse:
    """Stream a private file from storage; 404 if it is gone. Call only after deciding
    that the requester may see it."""
    try:
        handle = private_storage.open(name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, content_type=content_type, as_attachment=as_attachment, filename=filename or ""
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = cache_control
    return response


# --- short-lived signed links ---------------------------------------------------------


def signed_url(name: str) -> str:
    """A link to the private file ``name`` that works for PRIVATE_URL_MAX_AGE seconds
    for whoever holds it; the local-disk counterpart of an S3 presigned URL."""
    return reverse("private-file", args=[signing.dumps(name, salt=_SIGNED_URL_SALT)])


def signed_name(token: str) -> str | None:
    """The file name a signed link carries; None if it was altered or has expired."""
    try:
        return signing.loads(token, salt=_SIGNED_URL_SALT, max_age=settings.PRIVATE_URL_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired included
        return None


class PrivateFileSystemStorage(FileSystemStorage):
    """Local disk for private files. Its ``url()`` is a short-lived signed link, never an
    address under MEDIA_URL, so links it hands out (the admin's "Currently: ...") expire
    as S3's presigned ones do."""

    def url(self, name: str | None) -> str:
        return signed_url(name or "")
