"""Taking back what an organiser set up: an airfare cap, a per-diem rate (not while a
grant uses it), a companion (their room places go with them). Each writes the audit log."""

from __future__ import annotations

from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from audit.services import log_action
from backend.errors import ConflictError

from ..models import AirfareCap, Companion, PerDiemRate


def airfare_cap_delete(*, cap: AirfareCap, by) -> None:
    """Grants already approved keep their amounts; new ones no longer find this cap."""
    with transaction.atomic():
        log_action(
            cap,
            "logistics.grant.changed",
            user=by,
            data={"region": cap.region, "removed": True},
            event=cap.event,
        )
        cap.delete()


def per_diem_delete(*, rate: PerDiemRate, by) -> None:
    """Refused (409) while a grant pays per diem at this rate (the grants protect it)."""
    try:
        with transaction.atomic():
            log_action(
                rate,
                "logistics.grant.changed",
                user=by,
                data={"city": rate.city, "removed": True},
                event=rate.event,
            )
            rate.delete()
    except ProtectedError:
        raise ConflictError(
            _("Grants use this rate; change them first."), code="rate_in_use", field="rate"
        ) from None


def companion_remove(*, companion: Companion, by) -> None:
    """Unregister a companion; the beds they held are free at the next solve."""
    with transaction.atomic():
        log_action(
            companion,
            "logistics.companion.removed",
            user=by,
            data={"name": companion.name},
            event=companion.application.event,
        )
        companion.delete()
