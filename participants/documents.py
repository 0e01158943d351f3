"""Storing applicants' files in the private storage, which no URL serves.

Files go through ``backend.files.private_storage`` (``settings.STORAGES["private"]``: local
disk or S3) under a random name we choose; the client's name is kept (sanitised) only as
metadata for the download. The type is decided from the content (magic bytes,
``filetype``), never from the name.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import uuid
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.utils.translation import gettext as _

from backend.errors import BridgesError
from backend.files import private_storage, save_private

from .enums import ALLOWED_DOCUMENT_TYPES

SUBDIR = "documents"
_UNSAFE_CHARS = re.compile(r"[^\w.\- ()]+", re.UNICODE)


@dataclass(frozen=True)
class StoredFile:
    storage_name: str
    original_name: str
    content_type: str
    size: int
    sha256: str


def sanitise_file_name(name: str | None) -> str:
    """A display name safe for a Content-Disposition header and a spreadsheet cell.

    A name that carries a directory (``../../etc/passwd``, ``C:\\x``) is refused rather
    than silently trimmed: a client that sends one is misbehaving.
    """
    name = unicodedata.normalize("NFC", name or "").strip()
    if not name:
        raise BridgesError(_("The file has no name."), code="invalid_file_name", field="file")
    if (
        "/" in name
        or "\\" in name
        or "\x00" in name
        or name in {".", ".."}
        or re.match(r"^[A-Za-z]:", name)
    ):
        raise BridgesError(
            _("The file name must not contain a folder path."),
            code="invalid_file_name",
            field="file",
        )
    name = "".join(ch for ch in name if ch.isprintable())
    name = _UNSAFE_CHARS.sub("_", name).lstrip(".").strip()
    if not name:
        raise BridgesError(_("The file name is not valid."), code="invalid_file_name", field="file")
    return name[:150]


def _name_with_extension(name: str, extension: str) -> str:
    stem, dot, ext = name.rpartition(".")
    if dot and ext.lower() in {extension, "jpeg" if extension == "jpg" else extension}:
        return name
    return f"{name}.{extension}"


def store_upload(uploaded) -> StoredFile:
    """Check and write an uploaded file; raise BridgesError (400, field "file") if refused.

    Nothing is stored when this raises. The caller deletes the file again with
    ``delete_stored`` if its own database work fails afterwards.
    """
    if uploaded is None:
        raise BridgesError(_("Choose a file to upload."), code="required", field="file")
    # ``client_name`` (set by the API's parser) is the name before Django trimmed folders.
    original = sanitise_file_name(
        getattr(uploaded, "client_name", None) or getattr(uploaded, "name", "")
    )
    data, mime = _read_checked(
        uploaded,
        field="file",
        limit=settings.UPLOAD_MAX_BYTES,
        too_large=_("The file is larger than %(mb)s MB."),
        types=ALLOWED_DOCUMENT_TYPES,
        wrong_type=_("Only PDF, JPEG and PNG files are accepted; this file is not one of them."),
    )
    extension = ALLOWED_DOCUMENT_TYPES[mime]
    return _save(
        f"{SUBDIR}/{uuid.uuid4().hex}.{extension}",
        data,
        mime,
        original_name=_name_with_extension(original, extension),
    )


def _read_checked(
    uploaded, *, field: str, limit: int, too_large: str, types: dict[str, str], wrong_type: str
) -> tuple[bytes, str]:
    """The upload's bytes and its type found by content; refused (400 naming ``field``) when
    it is larger than ``limit`` (``too_large`` says so, with ``%(mb)s``), empty, or of a
    type not in ``types``."""
    too_large_error = BridgesError(
        too_large % {"mb": _mb(limit)}, code="file_too_large", field=field
    )
    if uploaded.size is not None and uploaded.size > limit:
        raise too_large_error
    if not uploaded.size:
        raise BridgesError(_("The file is empty."), code="file_empty", field=field)
    data = _read_at_most(uploaded, limit, too_large_error)
    kind = filetype.guess(data[:2048])
    mime = kind.mime if kind else None
    if mime not in types:
        raise BridgesError(wrong_type, code="file_type_not_allowed", field=field)
    return data, mime


def _read_at_most(uploaded, limit: int, too_large: BridgesError) -> bytes:
    """The whole upload, refused past ``limit``: the declared size can lie (chunked
    uploads), so read at most one byte more and count what really arrives."""
    uploaded.seek(0)
    data = uploaded.read(limit + 1)
    if len(data) > limit:
        raise too_large
    return data


def _save(name: str, data: bytes, mime: str, *, original_name: str) -> StoredFile:
    # One complete write through the storage API: nothing is stored if a check failed.
    return StoredFile(
        storage_name=save_private(name, data),
        original_name=original_name,
        content_type=mime,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )


def delete_stored(storage_name: str) -> None:
    """Remove a stored file; quiet if it is already gone (both backends are)."""
    private_storage.delete(storage_name)


def open_stored(storage_name: str):
    """The stored file, open for reading; FileNotFoundError if it is gone."""
    return private_storage.open(storage_name, "rb")


def _mb(limit: int) -> str:
    value = limit / (1024 * 1024)
    return f"{value:.0f}" if value >= 1 else f"{value:.2f}"


# --- profile photos ------------------------------------------------------------------

PHOTO_SUBDIR = "photos"
PHOTO_TYPES = {"image/jpeg": "jpg", "image/png": "png"}
PHOTO_MAX_BYTES_DEFAULT = 5 * 1024 * 1024
PHOTO_EDGE = 512  # what a check-in card or a list needs; smaller files, no hidden detail
PHOTO_MAX_PIXELS = 40_000_000  # refuse decompression bombs before decoding them


def photo_max_bytes() -> int:
    return int(getattr(settings, "PHOTO_MAX_BYTES", PHOTO_MAX_BYTES_DEFAULT))


def photo_max_mb() -> str:
    return _mb(photo_max_bytes())


def _reencode_photo(data: bytes, mime: str) -> bytes:
    """Decode and re-encode with Pillow when it is installed: a thumbnail without EXIF
    (location, camera) and without anything appended to the image. Without Pillow the
    checked upload is stored as it came."""
    try:
        from PIL import Image, ImageOps
    except ImportError:  # pragma: no cover - Pillow is installed here
        return data
    unreadable = BridgesError(
        _("The photo could not be read; upload a JPEG or PNG image."),
        code="photo_unreadable",
        field="photo",
    )
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > PHOTO_MAX_PIXELS:
                raise unreadable
            image = ImageOps.exif_transpose(image)
            image.thumbnail((PHOTO_EDGE, PHOTO_EDGE))
            out = io.BytesIO()
            if mime == "image/jpeg":
                image.convert("RGB").save(out, format="JPEG", quality=85, optimize=True)
            else:
                if image.mode not in ("RGB", "RGBA", "L", "LA"):
                    image = image.convert("RGBA")
                image.save(out, format="PNG", optimize=True)
    except BridgesError:
        raise
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise unreadable from None
    return out.getvalue()


def store_photo(uploaded) -> StoredFile:
    """Check (type by content, size) and write a profile photo; raise BridgesError
    (400, field "photo") if refused. Nothing is stored when this raises."""
    if uploaded is None:
        raise BridgesError(_("Choose a photo to upload."), code="required", field="photo")
    data, mime = _read_checked(
        uploaded,
        field="photo",
        limit=photo_max_bytes(),
        too_large=_("The photo is larger than %(mb)s MB."),
        types=PHOTO_TYPES,
        wrong_type=_("Only JPEG and PNG photos are accepted; this file is not one of them."),
    )
    data = _reencode_photo(data, mime)
    extension = PHOTO_TYPES[mime]
    return _save(
        f"{PHOTO_SUBDIR}/{uuid.uuid4().hex}.{extension}",
        data,
        mime,
        original_name=f"photo.{extension}",
    )
