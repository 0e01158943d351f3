"""Which optional messages a person receives: the preferences page and the one-click
unsubscribe."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from backend.errors import BridgesError

from ..enums import OPTIONAL_KINDS
from ..models import OptOut

User = get_user_model()


def optouts_set(*, user, disabled_kinds: list[str]) -> set[str]:
    """Replace the user's opt-outs; transactional kinds can't be turned off."""
    bad = [k for k in disabled_kinds if k not in OPTIONAL_KINDS]
    if bad:
        raise BridgesError(
            _("These messages can't be turned off: %(kinds)s.") % {"kinds": ", ".join(bad)},
            code="not_optional",
            field="disabled_kinds",
        )
    wanted = set(disabled_kinds)
    with transaction.atomic():
        OptOut.objects.filter(user=user).exclude(kind__in=wanted).delete()
        for kind in sorted(wanted):
            OptOut.objects.get_or_create(user=user, kind=kind)
    return wanted


def optout_add(*, user_id: int, kind: str) -> bool:
    """The one-click unsubscribe; True if it changed something."""
    if kind not in OPTIONAL_KINDS or not User.objects.filter(pk=user_id).exists():
        return False
    _row, created = OptOut.objects.get_or_create(user_id=user_id, kind=kind)
    return created
