"""Organisations and their members; only owners manage members, and the last owner stays."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import log_action, snapshot
from backend.errors import BridgesError, ConflictError
from backend.services import save_checked as _save
from backend.services import set_fields as _set_fields

from ..caching import event_list_bump_version
from ..enums import MemberRole
from ..models import Membership, Organisation
from ..rules import forget_roles, is_owner
from .common import unique_slug

# Fields a generic ``*_update`` may set; everything else (owner, status, event) has its own service.
ORGANISATION_FIELDS = frozenset({"name", "country", "kind", "website"})


@transaction.atomic
def organisation_create(
    *, name: str, country: str, kind: str, owner, slug: str = "", website: str = ""
) -> Organisation:
    """Create an organisation; ``owner`` becomes its first owner."""
    organisation = Organisation(
        name=name,
        country=country,
        kind=kind,
        website=website,
        slug=slug or unique_slug(Organisation, name),
    )
    _save(organisation)
    membership = Membership.objects.create(
        organisation=organisation, user=owner, role=MemberRole.OWNER
    )
    forget_roles(owner)
    fields = ("name", "country", "kind", "website", "slug")
    log_action(organisation, "programmes.organisation.created", before=dict.fromkeys(fields))
    log_action(membership, "programmes.membership.added", data=_member(membership))
    return organisation


@transaction.atomic
def organisation_update(*, organisation: Organisation, data: dict[str, Any]) -> Organisation:
    before = snapshot(organisation, data.keys() & ORGANISATION_FIELDS)
    changed = _set_fields(organisation, data, ORGANISATION_FIELDS)
    if changed:
        _save(organisation, update_fields=changed)
        log_action(organisation, "programmes.organisation.changed", before=before)
        event_list_bump_version()  # event rows and cards name the organisation
    return organisation


def _member(membership: Membership, before: str | None = None) -> dict[str, Any]:
    """Audit data naming the member (the entry is about the membership row)."""
    role = {"before": before, "after": membership.role}
    return {"user": membership.user_id, "email": membership.user.email, "changes": {"role": role}}


def _require_owner(by, organisation: Organisation) -> None:
    if not is_owner(by, organisation):
        raise BridgesError(_("Only owners manage members."), code="not_owner", status=403)


def _owner_count(organisation: Organisation) -> int:
    return Membership.objects.filter(organisation=organisation, role=MemberRole.OWNER).count()


@transaction.atomic
def membership_add(*, organisation: Organisation, user, role: str, by) -> Membership:
    """Add ``user`` to ``organisation`` with ``role``; only owners may."""
    _require_owner(by, organisation)
    if role not in MemberRole.values:
        raise BridgesError(_("Unknown role."), code="invalid_role", field="role")
    if Membership.objects.filter(organisation=organisation, user=user).exists():
        raise ConflictError(
            _("This person is already a member."), code="already_member", field="user"
        )
    membership = Membership(organisation=organisation, user=user, role=role)
    _save(membership)
    log_action(membership, "programmes.membership.added", user=by, data=_member(membership))
    forget_roles(user)
    return membership


@transaction.atomic
def membership_change(*, membership: Membership, role: str, by) -> Membership:
    """Change a member's role; the last owner cannot step down (the organisation would be orphaned)."""
    _require_owner(by, membership.organisation)
    if role not in MemberRole.values:
        raise BridgesError(_("Unknown role."), code="invalid_role", field="role")
    # Lock the owners so two owners demoting each other at once cannot leave none.
    list(
        Membership.objects.select_for_update()
        .filter(organisation_id=membership.organisation_id, role=MemberRole.OWNER)
        .order_by("pk")
    )
    membership.refresh_from_db()
    if membership.role == MemberRole.OWNER and role != MemberRole.OWNER:
        if _owner_count(membership.organisation) <= 1:
            raise ConflictError(
                _("An organisation needs at least one owner."), code="last_owner", field="role"
            )
    old_role, membership.role = membership.role, role
    membership.save(update_fields=["role"])
    if old_role != role:
        data = _member(membership, old_role)
        log_action(membership, "programmes.membership.changed", user=by, data=data)
    forget_roles(membership.user)
    forget_roles(by)
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, by) -> None:
    _require_owner(by, membership.organisation)
    list(
        Membership.objects.select_for_update()
        .filter(organisation_id=membership.organisation_id, role=MemberRole.OWNER)
        .order_by("pk")
    )
    if membership.role == MemberRole.OWNER and _owner_count(membership.organisation) <= 1:
        raise ConflictError(_("An organisation needs at least one owner."), code="last_owner")
    data = {"user": membership.user_id, "email": membership.user.email}
    data["changes"] = {"role": {"before": membership.role, "after": None}}
    log_action(membership, "programmes.membership.removed", user=by, data=data)
    membership.delete()
    forget_roles(membership.user)
    forget_roles(by)
