"""A nominee's photo, for their badge and the check-in card: the person's profile photo
(one per person, checked by content type and size and re-encoded by participants'
photo storage), set by a focal point of the delegation or an organiser, or by the
nominee through their own profile link. Served only by views that ask
``delegations.view_nominee_photo`` (or hold the nominee's link)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import log_action
from backend.errors import ConflictError
from participants.selectors import profile_of
from participants.services import profile_photo_set

from ..enums import ACTIVE_NOMINEE_STATUSES
from ..models import Nominee
from .common import by_organiser, cutoff_passed


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
        profile_photo_set(user=nominee.user, uploaded=uploaded)
        log_action(nominee, "delegations.nominee.photo", user=by, event=nominee.event)
    return nominee


def nominee_photo_file(nominee: Nominee) -> tuple[str, str] | None:
    """(storage name, content type) of the nominee's photo, or None."""
    profile = profile_of(nominee.user_id) if nominee.user_id else None
    if profile is None or not profile.photo_storage_name:
        return None
    return profile.photo_storage_name, profile.photo_content_type
