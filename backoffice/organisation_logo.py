"""An organisation's logo: checked like a profile photo (type by content, size, decoded and
re-encoded by Pillow), stored through the private storage, drawn on its letters."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import log_action, snapshot
from backend.errors import BridgesError
from participants.documents import PHOTO_TYPES, _read_checked, _reencode_photo
from programmes.models import Organisation

LOGO_MAX_BYTES = 2 * 1024 * 1024


def logo_set(*, organisation: Organisation, uploaded, by) -> Organisation:
    """Replace the organisation's logo; BridgesError (400, field "logo") if refused, and
    then nothing is stored. Checking who may is the caller's (the page's rule)."""
    if uploaded is None:
        raise BridgesError(_("Choose an image to upload."), code="required", field="logo")
    data, mime = _read_checked(
        uploaded,
        field="logo",
        limit=LOGO_MAX_BYTES,
        too_large=_("The logo is larger than %(mb)s MB."),
        types=PHOTO_TYPES,
        wrong_type=_("Only PNG and JPEG images are accepted; this file is not one of them."),
    )
    try:
        data = _reencode_photo(data, mime)
    except BridgesError:
        raise BridgesError(
            _("The image could not be read; upload a PNG or JPEG image."),
            code="logo_unreadable",
            field="logo",
        ) from None
    old_name = organisation.logo.name
    before = snapshot(organisation, ["logo"])
    with transaction.atomic():
        organisation.logo.save(f"logo.{PHOTO_TYPES[mime]}", ContentFile(data), save=False)
        organisation.save(update_fields=["logo"])
        log_action(organisation, "programmes.organisation.changed", user=by, before=before)
        if old_name:
            storage = organisation.logo.storage
            transaction.on_commit(lambda: storage.delete(old_name))
    return organisation


def logo_bytes(organisation: Organisation) -> bytes | None:
    """The stored logo for a letter, or None (none set, or its file is gone)."""
    if not organisation.logo:
        return None
    try:
        with organisation.logo.open("rb") as handle:
            return handle.read()
    except FileNotFoundError:
        return None
