"""The logistics role: owners give it to (and take it from) their organisers."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import log_action
from backend.errors import BridgesError
from programmes.models import Organisation
from programmes.rules import is_organiser, is_owner

from ..models import LogisticsAccess


def access_grant(*, organisation: Organisation, user, by) -> LogisticsAccess:
    """Give ``user`` (an owner or organiser of ``organisation``) the logistics role."""
    if not is_owner(by, organisation):
        raise PermissionDenied
    if not is_organiser(user, organisation):
        raise BridgesError(
            _("Only the organisation's organisers can hold the logistics role."), field="user"
        )
    with transaction.atomic():
        access, created = LogisticsAccess.objects.get_or_create(
            organisation=organisation, user=user, defaults={"granted_by": by}
        )
        if created:
            log_action(access, "logistics.access.granted", user=by, data={"user": user.pk})
    if hasattr(user, "_bridges_logistics"):
        del user._bridges_logistics
    return access


def access_revoke(*, organisation: Organisation, user, by) -> bool:
    if not is_owner(by, organisation):
        raise PermissionDenied
    with transaction.atomic():
        access = LogisticsAccess.objects.filter(organisation=organisation, user=user).first()
        if access is None:
            return False
        log_action(access, "logistics.access.revoked", user=by, data={"user": user.pk})
        access.delete()
    if hasattr(user, "_bridges_logistics"):
        del user._bridges_logistics
    return True
