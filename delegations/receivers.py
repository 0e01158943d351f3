"""Signing in, or confirming an address, accepts the focal-point invitations pending for
the person's verified addresses (``services.focal_points``)."""

from __future__ import annotations

from allauth.account.signals import email_confirmed
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .services.focal_points import focal_point_invitations_claim


@receiver(user_logged_in, dispatch_uid="delegations.focal_points_on_login")
def claim_on_login(sender, request, user, **kwargs) -> None:
    focal_point_invitations_claim(user=user)


@receiver(email_confirmed, dispatch_uid="delegations.focal_points_on_confirm")
def claim_on_confirm(sender, request, email_address, **kwargs) -> None:
    focal_point_invitations_claim(user=email_address.user)
