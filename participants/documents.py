"""Storing applicants' files outside every served root.

Files are written under ``settings.PRIVATE_STORAGE_ROOT`` with a random name we
choose; the client's name is kept (sanitised) only as metadata for the download.
The type is decided from the content (magic bytes, ``filetype``), never from the name.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import re
import unicodedata
import uuid
from dataclasses import dataclass
from pathlib import Path

import filetype
from django.conf import settings
from django.utils.translation import gettext as _

from backend.errors import BridgesError
from backend.files import atomic_write

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


def private_root() -> Path:
    return Path(settings.PRIVATE_STORAGE_ROOT)


def stored_path(storage_name: str) -> Path:
    """The absolute path of a stored file; refuses names that would leave the root."""
    root = private_root().resolve()
    path = (root / storage_name).resolve()
    if root not in path.parents:
        raise BridgesError(_("Invalid document path."), code="invalid_path")
    return path


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

    Nothing is left on disk when this raises. The caller deletes the file again with
    ``delete_stored`` if its own database work fails afterwards.
    """
    if uploaded is None:
        raise BridgesError(_("Choose a file to upload."), code="required", field="file")
    # ``client_name`` (set by the API's parser) is the name before Django trimmed folders.
    original = sanitise_file_name(
        getattr(uploaded, "client_name", None) or getattr(uploaded, "name", "")
    )
    limit = settings.UPLOAD_MAX_BYTES
    if uploaded.size is not None and uploaded.size > limit:
        raise BridgesError(
            _("The file is larger than %(mb)s MB.") % {"mb": _mb(limit)},
            code="file_too_large",
            field="file",
        )
    if not uploaded.size:
        raise BridgesError(_("The file is empty."), code="file_empty", field="file")
    uploaded.seek(0)
    head = uploaded.read(2048)
    uploaded.seek(0)
    kind = filetype.guess(head)
    mime = kind.mime if kind else None
    if mime not in ALLOWED_DOCUMENT_TYPES:
        raise BridgesError(
            _("Only PDF, JPEG and PNG files are accepted; this file is not one of them."),
            code="file_type_not_allowed",
            field="file",
        )
    extension = ALLOWED_DOCUMENT_TYPES[mime]
    storage_name = f"{SUBDIR}/{uuid.uuid4().hex}.{extension}"
    digest = hashlib.sha256()
    size = 0
    with atomic_write(stored_path(storage_name)) as out:
        for chunk in uploaded.chunks():
            size += len(chunk)
            # The declared size can lie (chunked uploads); count what really arrives.
            if size > limit:
                raise BridgesError(
                    _("The file is larger than %(mb)s MB.") % {"mb": _mb(limit)},
                    code="file_too_large",
                    field="file",
                )
            digest.update(chunk)
            out.write(chunk)
    return StoredFile(
        storage_name=storage_name,
        original_name=_name_with_extension(original, extension),
        content_type=mime,
        size=size,
        sha256=digest.hexdigest(),
    )


def delete_stored(storage_name: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        stored_path(storage_name).unlink()


def open_stored(storage_name: str):
    return open(stored_path(storage_name), "rb")


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
    (400, field "photo") if refused. Nothing is left on disk when this raises."""
    if uploaded is None:
        raise BridgesError(_("Choose a photo to upload."), code="required", field="photo")
    limit = photo_max_bytes()
    too_large = BridgesError(
        _("The photo is larger than %(mb)s MB.") % {"mb": _mb(limit)},
        code="file_too_large",
        field="photo",
    )
    if uploaded.size is not None and uploaded.size > limit:
        raise too_large
    if not uploaded.size:
        raise BridgesError(_("The file is empty."), code="file_empty", field="photo")
    uploaded.seek(0)
    # The declared size can lie (chunked uploads): read at most one byte past the limit.
    data = uploaded.read(limit + 1)
    if len(data) > limit:
        raise too_large
    kind = filetype.guess(data[:2048])
    mime = kind.mime if kind else None
    if mime not in PHOTO_TYPES:
        raise BridgesError(
            _("Only JPEG and PNG photos are accepted; this file is not one of them."),
            code="file_type_not_allowed",
            field="photo",
        )
    data = _reencode_photo(data, mime)
    extension = PHOTO_TYPES[mime]
    storage_name = f"{PHOTO_SUBDIR}/{uuid.uuid4().hex}.{extension}"
    with atomic_write(stored_path(storage_name)) as out:
        out.write(data)
    return StoredFile(
        storage_name=storage_name,
        original_name=f"photo.{extension}",
        content_type=mime,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )
