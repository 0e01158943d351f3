"""Demo data for the back office, run last by ``manage.py load_demo``.

The ASEAN-Korea Centre's owner has invited a new reviewer who has not answered yet, so
the owner's team page shows a pending invitation and its mail lands in ``var/mail/``.
A second load leaves a live invitation as it is (no second mail). IFACCA, which
co-organised UNESCO Bangkok's focal points meeting, reviews on it (its access level set
through the service; setting the same level again logs nothing).
"""

from __future__ import annotations

from django.utils import timezone

from programmes.demo import Demo
from programmes.enums import CoOrganiserAccess, MemberRole
from programmes.services.event_roles import co_organiser_access_set

from . import services
from .models import Invitation

INVITEE = "new.reviewer@bridges.demo"


def load(demo: Demo) -> None:
    organisation = demo.organisations["akc"]
    pending = Invitation.objects.filter(
        organisation=organisation,
        email=INVITEE,
        accepted_at=None,
        revoked_at=None,
        expires_at__gt=timezone.now(),
    )
    if not pending.exists():
        services.invitation_send(
            organisation=organisation,
            email=INVITEE,
            role=MemberRole.REVIEWER,
            by=demo.users["owner"],
        )
    event = demo.events.get("focal-points-2014")
    if event is not None:
        co_organiser_access_set(
            event=event,
            organisation=demo.organisations["ifacca"],
            access=CoOrganiserAccess.REVIEW,
            by=demo.users["owner"],
        )
