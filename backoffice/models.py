"""Invitations to an organisation's team, by email, answered through a signed link."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from programmes.enums import MemberRole
from programmes.models import Event, Organisation


class Invitation(models.Model):
    """One person asked to join ``organisation`` with ``role``; accepting it adds the
    membership (``programmes.services.membership_add``). With ``event``, the role is on
    that event only (``programmes.services.event_roles.event_role_add``); ``organisation``
    is then the event's. The link carries the id and the nonce, signed; a new invitation
    to the same address (and event) withdraws the pending one."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    event = models.ForeignKey(
        Event, null=True, blank=True, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("email"))
    role = models.CharField(_("role"), max_length=20, choices=MemberRole.choices)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    nonce = models.CharField(max_length=32, unique=True)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("link expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "email"],
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True, event__isnull=True),
                name="invitation_one_pending_per_email",
            ),
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="invitation_one_pending_per_email_and_event",
            ),
        ]
        verbose_name = _("team invitation")
        verbose_name_plural = _("team invitations")

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation} ({self.role})"


class EventCopy(models.Model):
    """The copy made from ``source`` by one submit of the copy form: its one-time
    ``submit_token`` makes a second submit of the same form find this copy instead of
    making another draft."""

    source = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="copied_from")
    submit_token = models.UUIDField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "submit_token"], name="event_copy_one_per_submit_token"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source} → {self.event}"
