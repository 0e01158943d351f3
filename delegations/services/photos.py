"""A nominee's photo, for their badge and the check-in card. The nominee's own upload
(their profile link) and a focal point's or organiser's upload for an account made for
the nominee (no password of its own) are the person's profile photo; a focal point's or
organiser's upload for someone whose account is their own is kept on the nomination, so
nobody else's upload ever replaces a person's own profile photo. Reads take the
nomination's photo first, then the profile's. Every upload is checked by content type
and size and re-encoded by participants' photo storage. Served only by views that ask
``delegations.view_nominee_photo`` (or hold the nominee's link)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import log_action
from backend.errors import ConflictError
from participants import documents as storage
from participants.selectors import profile_of
from participants.services import profile_photo_set

from ..enums import ACTIVE_NOMINEE_STATUSES
from ..models import Nominee
from .common import by_organiser, cutoff_passed


def _own_account(user) -> bool:
    """An account its person signs in to with their own password (not one made for them)."""
    return bool(user is not None and user.password and user.has_usable_password())


def _set_on_nominee(nominee: Nominee, *, name: str, content_type: str) -> None:
    row = Nominee.objects.select_for_update().get(pk=nominee.pk)
    previous = row.photo_storage_name
    row.photo_storage_name, row.photo_content_type = name, content_type
    row.save(update_fields=["photo_storage_name", "photo_content_type", "updated_at"])
    nominee.photo_storage_name, nominee.photo_content_type = name, content_type
    if previous and previous != name:
        transaction.on_commit(lambda: storage.delete_stored(previous))


def nominee_photo_store(*, nominee: Nominee, uploaded, by) -> None:
    """Store ``uploaded`` for the nominee where it belongs (see the module); call inside
    the caller's transaction. Raises BridgesError (400, "photo") with nothing stored."""
    is_self = by is not None and by.pk == nominee.user_id
    if nominee.user_id and (is_self or not _own_account(nominee.user)):
        profile_photo_set(user=nominee.user, uploaded=uploaded)
        if nominee.photo_storage_name:  # the person's own photo now wins on the badge
            _set_on_nominee(nominee, name="", content_type="")
        return
    stored = storage.store_photo(uploaded)
    try:
        with transaction.atomic():
            _set_on_nominee(nominee, name=stored.storage_name, content_type=stored.content_type)
    except BaseException:
        storage.delete_stored(stored.storage_name)
        raise


def nominee_photo_set(*, nominee: Nominee, uploaded, by) -> Nominee:
    """Store ``uploaded`` as the nominee's photo. Raises BridgesError (400, field
    "photo": missing, not JPEG/PNG by content, over the size limit, unreadable) with
    nothing stored, or ConflictError when the nominee has left the delegation or, for a
    focal point, after the cut-off (the nominee themselves and organisers still may)."""
    if nominee.status not in ACTIVE_NOMINEE_STATUSES:
        raise ConflictError(_("This person is no longer in the delegation."), code="not_active")
    is_self = by is not None and by.pk == nominee.user_id
    if not is_self and cutoff_passed(nominee.event) and not by_organiser(by, nominee.event):
        raise ConflictError(
            _("Nominations closed at the cut-off; ask the organisers for any change."),
            code="cutoff_passed",
        )
    with transaction.atomic():
        nominee_photo_store(nominee=nominee, uploaded=uploaded, by=by)
        log_action(nominee, "delegations.nominee.photo", user=by, event=nominee.event)
    return nominee


def nominee_photo_file(nominee: Nominee) -> tuple[str, str] | None:
    """(storage name, content type) of the nominee's photo (the nomination's, else the
    profile's), or None."""
    if nominee.photo_storage_name:
        return nominee.photo_storage_name, nominee.photo_content_type
    profile = profile_of(nominee.user_id) if nominee.user_id else None
    if profile is None or not profile.photo_storage_name:
        return None
    return profile.photo_storage_name, profile.photo_content_type
