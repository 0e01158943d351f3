"""Roles held on one event only, and what co-organising organisations may do on an event.

Who may call these is the caller's rule (``programmes.change_event``: the event's
organisers); an invitation to an event is that organiser's decision, carried out when the
invitee accepts (``backoffice.services.invitation_accept``)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import log_action
from backend.errors import BridgesError, ConflictError
from backend.services import save_checked as _save

from ..enums import EVENT_ROLES, CoOrganiserAccess
from ..models import CoOrganiserGrant, Event, EventRole, Organisation
from ..rules import forget_roles


def _check_role(role: str) -> None:
    if role not in EVENT_ROLES:
        raise BridgesError(
            _("Choose organiser, reviewer or staff."), code="invalid_role", field="role"
        )


@transaction.atomic
def event_role_add(*, event: Event, user, role: str, by) -> EventRole:
    """Give ``user`` ``role`` on ``event`` only; someone with a role on it already keeps it
    (409: change that one instead)."""
    _check_role(role)
    if EventRole.objects.filter(event=event, user=user).exists():
        raise ConflictError(
            _("This person already has a role on this event."), code="already_member", field="email"
        )
    row = EventRole(event=event, user=user, role=role)
    _save(row)
    log_action(row, "programmes.event_role.added", user=by, data=_data(row))
    forget_roles(user)
    return row


@transaction.atomic
def event_role_remove(*, event_role: EventRole, by) -> None:
    log_action(event_role, "programmes.event_role.removed", user=by, data=_data(event_role))
    user = event_role.user
    event_role.delete()
    forget_roles(user)


def _data(row: EventRole) -> dict:
    return {"email": row.user.email, "role": row.role}


@transaction.atomic
def co_organiser_access_set(
    *, event: Event, organisation: Organisation, access: str, by
) -> CoOrganiserGrant:
    """Set what ``organisation``'s members may do on ``event``; it must co-organise it."""
    if access not in CoOrganiserAccess.values:
        raise BridgesError(_("Choose an access level from the list."), field="access")
    if not event.co_organisers.filter(pk=organisation.pk).exists():
        raise BridgesError(
            _("This organisation does not co-organise the event."),
            code="not_co_organiser",
            field="organisation",
        )
    grant, _created = CoOrganiserGrant.objects.select_for_update().get_or_create(
        event=event, organisation=organisation
    )
    if grant.access != access:
        before = {"access": grant.access}
        grant.access = access
        grant.save(update_fields=["access"])
        log_action(grant, "programmes.co_organiser.access_changed", user=by, before=before)
    return grant
