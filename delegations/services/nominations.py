"""The delegation a focal point names: nominations within the allocation (decided under
the delegation's row lock), the head of delegation, extra-seat requests, substitutions
until the cut-off, the nominee's own profile link, and the organiser's accreditation,
which makes the delegate a person attending the event (a confirmed application and its
pass, through ``participants.services.delegates``)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from attendance.services import pass_for_application
from audit.services import log_action, snapshot
from backend.errors import BridgesError, ConflictError
from notifications.enums import MessageKind
from participants.services import profile_for, profile_update
from participants.services.delegates import delegate_attendance_confirm, delegate_attendance_end

from ..enums import (
    ACTIVE_NOMINEE_STATUSES,
    InvitationStatus,
    NomineeStatus,
    SeatRequestStatus,
)
from ..models import EventPartner, Nominee, SeatRequest
from .common import by_organiser, cutoff_passed, delegation_url, notify
from .photos import nominee_photo_store

NOMINEE_FIELDS = (
    "full_name",
    "honorific",
    "function",
    "organisation_name",
    "email",
    "phone",
    "rank",
    "is_head",
    "is_adviser",
    "is_media",
)
REQUIRED = ("full_name", "email")
PROFILE_SALT = "delegations.nominee-profile"
# Tests switch this off to show that the concurrency test would catch an oversell.
SEAT_LOCKING_ENABLED = True


def seats_taken(delegation: EventPartner) -> int:
    """Active nominees who hold one of the delegation's seats (advisers and media do not)."""
    return Nominee.objects.filter(
        delegation_id=delegation.pk,
        status__in=ACTIVE_NOMINEE_STATUSES,
        is_adviser=False,
        is_media=False,
    ).count()


def _category_taken(delegation: EventPartner, flag: str) -> int:
    return Nominee.objects.filter(
        delegation_id=delegation.pk, status__in=ACTIVE_NOMINEE_STATUSES, **{flag: True}
    ).count()


def _clean(data: Mapping[str, Any], *, partial: bool = False) -> dict[str, Any]:
    unknown = set(data) - set(NOMINEE_FIELDS)
    if unknown:
        raise BridgesError(_("This field cannot be changed here."), field=sorted(unknown)[0])
    clean = {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items()}
    for name in REQUIRED:
        if not partial and not clean.get(name):
            raise BridgesError(_("This field is required."), field=name)
    if clean.get("email"):
        try:
            validate_email(clean["email"])
        except DjangoValidationError:
            raise BridgesError(_("Enter a valid email address."), field="email") from None
        clean["email"] = clean["email"].lower()
    rank = clean.get("rank", 10)
    if not isinstance(rank, int) or isinstance(rank, bool) or not 0 <= rank <= 999:
        raise BridgesError(_("Give a rank between 0 and 999."), field="rank")
    for name in ("is_head", "is_adviser", "is_media"):
        if name in clean and not isinstance(clean[name], bool):
            raise BridgesError(_("Answer yes or no."), field=name)
    if clean.get("is_media") and (clean.get("is_head") or clean.get("is_adviser")):
        raise BridgesError(
            _("Media are neither the head of delegation nor advisers."), field="is_media"
        )
    for name, limit in (
        ("full_name", 200),
        ("honorific", 60),
        ("function", 200),
        ("organisation_name", 200),
        ("phone", 40),
    ):
        if len(str(clean.get(name, ""))) > limit:
            raise BridgesError(_("Keep this under %(n)s characters.") % {"n": limit}, field=name)
    return clean


def _guard_change(delegation: EventPartner, by) -> None:
    """Focal points change their delegation until the cut-off; organisers always."""
    if delegation.invitation_status == InvitationStatus.DECLINED:
        raise ConflictError(_("This invitation was declined."), code="declined")
    if delegation.invitation_status == InvitationStatus.NOT_SENT:
        raise ConflictError(_("This invitation has not been sent yet."), code="not_invited")
    if cutoff_passed(delegation.event) and not by_organiser(by, delegation.event):
        raise ConflictError(
            _("Nominations closed at the cut-off; ask the organisers for any change."),
            code="cutoff_passed",
        )


def _lock(delegation: EventPartner) -> EventPartner:
    if not SEAT_LOCKING_ENABLED:
        return EventPartner.objects.select_related("event").get(pk=delegation.pk)
    return (
        EventPartner.objects.select_for_update(of=("self",))
        .select_related("event")
        .get(pk=delegation.pk)
    )


def _check_room(
    delegation: EventPartner, *, is_adviser: bool, is_media: bool = False, freeing: int = 0
) -> None:
    """Each category within its quota: media within the media places, advisers when
    allowed (and within their limit, if any), everyone else within the seats. Called
    with the delegation's row locked."""
    if is_media:
        if _category_taken(delegation, "is_media") >= delegation.media_seats:
            raise ConflictError(
                _("All %(n)s media places of the delegation are taken.")
                % {"n": delegation.media_seats},
                code="media_full",
                field="is_media",
            )
        return
    if is_adviser:
        if not delegation.advisers_allowed:
            raise ConflictError(
                _("This delegation may not bring advisers beyond its seats."),
                code="advisers_not_allowed",
                field="is_adviser",
            )
        limit = delegation.max_advisers
        if limit is not None and _category_taken(delegation, "is_adviser") >= limit:
            raise ConflictError(
                _("All %(n)s adviser places of the delegation are taken.") % {"n": limit},
                code="advisers_full",
                field="is_adviser",
            )
        return
    if seats_taken(delegation) - freeing >= delegation.seat_limit:
        raise ConflictError(
            _("All %(n)s seats of the delegation are taken; request an extra seat.")
            % {"n": delegation.seat_limit},
            code="seats_full",
        )


def _user_for(email: str):
    User = get_user_model()
    user = User.objects.filter(email__iexact=email).order_by("pk").first()
    if user is None:
        user = User.objects.create_user(username=f"delegate-{uuid.uuid4().hex[:16]}", email=email)
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _create(delegation: EventPartner, clean: dict, *, by, replaces: Nominee | None = None):
    nominee = Nominee(
        delegation=delegation,
        event_id=delegation.event_id,
        nominated_by=by,
        replaces=replaces,
        **clean,
    )
    nominee.user = _user_for(nominee.email)
    try:
        with transaction.atomic():
            nominee.save()
    except IntegrityError as exc:
        if "head" in str(exc):
            raise ConflictError(
                _("The delegation has a head already."), code="head_taken", field="is_head"
            ) from None
        raise ConflictError(
            _("This person is nominated to this meeting already."),
            code="already_nominated",
            field="email",
        ) from None
    if not profile_for(nominee.user).full_name:
        # The name as in the passport is the name passes and lists print.
        profile_update(
            user=nominee.user, data={"full_name": nominee.full_name, "phone": nominee.phone}
        )
    return nominee


def nominee_profile_url(nominee: Nominee) -> str:
    token = signing.dumps(nominee.pk, salt=PROFILE_SALT)
    return settings.SITE_URL + reverse("delegations:nominee-profile", args=[token])


def nominee_from_token(token: str) -> Nominee | None:
    try:
        pk = signing.loads(token, salt=PROFILE_SALT, max_age=60 * 60 * 24 * 120)
    except signing.BadSignature:
        return None
    return (
        Nominee.objects.select_related("delegation__partner", "event", "user")
        .filter(pk=pk, status__in=ACTIVE_NOMINEE_STATUSES)
        .first()
    )


def _tell_nominee(nominee: Nominee) -> None:
    notify(
        kind=MessageKind.DELEGATION_NOTICE,
        template="delegations/nominee_profile",
        key=f"delegations.nominated:{nominee.pk}",
        recipients=[nominee.user],
        event=nominee.event,
        context={
            "partner_name": nominee.delegation.partner.official_name,
            "link": nominee_profile_url(nominee),
        },
    )


@transaction.atomic
def nominee_nominate(
    *, delegation: EventPartner, data: Mapping[str, Any], by, photo=None
) -> Nominee:
    """Name one person to the delegation, within its seats (advisers beyond them when
    allowed), with their photo if given. The seat count is read under the delegation's
    row lock, so parallel nominations never exceed the allocation. Raises ConflictError
    seats_full, head_taken, already_nominated, cutoff_passed, declined; a refused photo
    is a BridgesError on "photo" and nobody is nominated."""
    clean = _clean(data)
    locked = _lock(delegation)
    _guard_change(locked, by)
    _check_room(
        locked,
        is_adviser=clean.get("is_adviser", False),
        is_media=clean.get("is_media", False),
    )
    nominee = _create(locked, clean, by=by)
    if photo is not None:
        nominee_photo_store(nominee=nominee, uploaded=photo, by=by)
    log_action(
        nominee,
        "delegations.nominee.nominated",
        user=by,
        event=locked.event,
        data={"delegation": locked.pk, "head": nominee.is_head},
    )
    _tell_nominee(nominee)
    return nominee


@transaction.atomic
def nominee_substitute(*, nominee: Nominee, data: Mapping[str, Any], by) -> Nominee:
    """Replace a nominee by another person in the same seat (and head role unless told
    otherwise). After the cut-off only organisers may."""
    clean = _clean(data)
    locked = _lock(nominee.delegation)
    _guard_change(locked, by)
    old = Nominee.objects.select_for_update().get(pk=nominee.pk)
    if old.status not in ACTIVE_NOMINEE_STATUSES:
        raise ConflictError(_("This person is no longer in the delegation."), code="not_active")
    clean.setdefault("is_head", old.is_head)
    clean.setdefault("rank", old.rank)
    clean.setdefault("is_adviser", old.is_adviser)
    clean.setdefault("is_media", old.is_media)
    _end(old, status=NomineeStatus.REPLACED, by=by, note=_("Replaced"))
    if (clean["is_adviser"], clean["is_media"]) != (old.is_adviser, old.is_media):
        _check_room(locked, is_adviser=clean["is_adviser"], is_media=clean["is_media"])
    new = _create(locked, clean, by=by, replaces=old)
    log_action(
        new,
        "delegations.nominee.substituted",
        user=by,
        event=locked.event,
        data={"replaces": old.pk, "replaced_name": old.full_name},
    )
    _tell_nominee(new)
    return new


def _end(nominee: Nominee, *, status: str, by, note: str, reason: str = "") -> None:
    before = snapshot(nominee, ("status",))
    nominee.status = status
    nominee.reason = reason[:500]
    nominee.save(update_fields=["status", "reason", "updated_at"])
    if nominee.application_id:
        delegate_attendance_end(application=nominee.application, by=by, note=note)
    log_action(
        nominee, f"delegations.nominee.{status}", user=by, before=before, event=nominee.event
    )


@transaction.atomic
def nominee_withdraw(*, nominee: Nominee, by) -> Nominee:
    locked = _lock(nominee.delegation)
    _guard_change(locked, by)
    row = Nominee.objects.select_for_update().get(pk=nominee.pk)
    if row.status not in ACTIVE_NOMINEE_STATUSES:
        raise ConflictError(_("This person is no longer in the delegation."), code="not_active")
    _end(row, status=NomineeStatus.WITHDRAWN, by=by, note=_("Withdrawn by the delegation"))
    return row


def delegation_withdraw_all(*, delegation: EventPartner, by) -> int:
    """A declined invitation: the delegation's own active nominees leave (in the
    caller's transaction, the delegation row locked by it)."""
    rows = list(
        Nominee.objects.select_for_update(of=("self",))
        .filter(delegation=delegation, status__in=ACTIVE_NOMINEE_STATUSES)
        .select_related("application", "event")
    )
    for row in rows:
        _end(row, status=NomineeStatus.WITHDRAWN, by=by, note=_("Invitation declined"))
    return len(rows)


# ------------------------------------------------------------------ extra seats


@transaction.atomic
def seat_request_create(*, delegation: EventPartner, seats: int, reason: str, by) -> SeatRequest:
    if not isinstance(seats, int) or isinstance(seats, bool) or not 1 <= seats <= 20:
        raise BridgesError(_("Ask for between 1 and 20 seats."), field="seats")
    locked = _lock(delegation)
    _guard_change(locked, by)
    request = SeatRequest.objects.create(
        delegation=locked, seats=seats, reason=(reason or "")[:500], requested_by=by
    )
    log_action(
        request, "delegations.seats.requested", user=by, event=locked.event, data={"seats": seats}
    )
    return request


@transaction.atomic
def seat_request_decide(*, request: SeatRequest, approve: bool, by) -> SeatRequest:
    """The organiser approves (the delegation gains the seats) or refuses; the focal
    points are told."""
    locked = _lock(request.delegation)
    row = SeatRequest.objects.select_for_update().get(pk=request.pk)
    if row.status != SeatRequestStatus.PENDING:
        raise ConflictError(_("This request has been decided already."), code="decided")
    row.status = SeatRequestStatus.APPROVED if approve else SeatRequestStatus.REFUSED
    row.decided_by = by
    row.decided_at = timezone.now()
    row.save(update_fields=["status", "decided_by", "decided_at"])
    if approve:
        locked.extra_seats += row.seats
        locked.save(update_fields=["extra_seats"])
    log_action(
        row,
        f"delegations.seats.{row.status}",
        user=by,
        event=locked.event,
        data={"seats": row.seats},
    )
    notify(
        kind=MessageKind.DELEGATION_NOTICE,
        template="delegations/seat_request",
        key=f"delegations.seats:{row.pk}",
        recipients=locked.partner.focal_points.all(),
        event=locked.event,
        context={"approved": approve, "seats": row.seats, "link": delegation_url(locked)},
    )
    return row


# ------------------------------------------------------------------ accreditation


def _tell_decision(nominee: Nominee, *, accredited: bool) -> None:
    delegation = nominee.delegation
    notify(
        kind=MessageKind.DELEGATION_NOTICE,
        template="delegations/accreditation",
        key=f"delegations.accreditation:{nominee.pk}:{nominee.status}",
        recipients=[nominee.user, *delegation.partner.focal_points.all()],
        event=nominee.event,
        context={
            "accredited": accredited,
            "nominee_name": nominee.full_name,
            "reason": nominee.reason,
            "partner_name": delegation.partner.official_name,
            "link": delegation_url(delegation),
        },
    )


@transaction.atomic
def nominee_accredit(*, nominee: Nominee, by) -> Nominee:
    """Accredit a nominee: a confirmed application and a pass (the same check-in as every
    participant). Callers check that ``by`` manages the event."""
    row = (
        Nominee.objects.select_for_update(of=("self",))
        .select_related("delegation__partner", "event", "user")
        .get(pk=nominee.pk)
    )
    if row.status == NomineeStatus.ACCREDITED:
        return row
    if row.status != NomineeStatus.NOMINATED:
        raise ConflictError(_("Only a nominee can be accredited."), code="not_nominated")
    application = delegate_attendance_confirm(
        event=row.event, user=row.user, by=by, note=_("Accredited delegate")
    )
    pass_for_application(application=application)
    row.status = NomineeStatus.ACCREDITED
    row.reason = ""
    row.application = application
    row.decided_at = timezone.now()
    row.save(update_fields=["status", "reason", "application", "decided_at", "updated_at"])
    log_action(row, "delegations.nominee.accredited", user=by, event=row.event)
    _tell_decision(row, accredited=True)
    return row


@transaction.atomic
def nominee_refuse(*, nominee: Nominee, reason: str, by) -> Nominee:
    """Refuse accreditation, with the reason the focal point and the nominee are told."""
    reason = (reason or "").strip()
    if not reason:
        raise BridgesError(_("Give the reason."), field="reason")
    row = (
        Nominee.objects.select_for_update(of=("self",))
        .select_related("delegation__partner", "event", "user", "application")
        .get(pk=nominee.pk)
    )
    if row.status not in ACTIVE_NOMINEE_STATUSES:
        raise ConflictError(_("This person is no longer in the delegation."), code="not_active")
    _end(row, status=NomineeStatus.REFUSED, by=by, note=_("Accreditation refused"), reason=reason)
    row.decided_at = timezone.now()
    row.save(update_fields=["decided_at"])
    _tell_decision(row, accredited=False)
    return row


# ------------------------------------------------------------------ the nominee's profile

NOMINEE_PROFILE_FIELDS = ("dietary_needs", "accessibility_needs", "phone")


def nominee_profile_update(*, nominee: Nominee, data: Mapping[str, Any]) -> None:
    """The nominee's own needs, on their profile (the same one logistics and passes read)."""
    unknown = set(data) - set(NOMINEE_PROFILE_FIELDS)
    if unknown:
        raise BridgesError(_("This field cannot be changed here."), field=sorted(unknown)[0])
    profile_update(user=nominee.user, data=dict(data))
    log_action(
        nominee,
        "delegations.nominee.profile",
        user=nominee.user,
        event=nominee.event,
        data={"fields": sorted(data)},
    )
