"""Who may scan, see attendance, manage passes and read a certificate.

Thin wrappers over the organisation roles in programmes.permissions, so the API, the
pages and the admin ask the same question the same way.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef

from participants.enums import ApplicationStatus
from programmes.enums import MANAGING_ROLES, MemberRole
from programmes.models import Event, Membership
from programmes.permissions import can_check_in, can_manage_event

from .models import Certificate, Pass


def can_scan(user, event: Event) -> bool:
    """Check people in and out, see the roster (owners, organisers, staff)."""
    return can_check_in(user, event)


def can_scan_expression(user) -> Exists:
    """``can_scan`` as an expression to annotate a Session queryset with: the check-in
    endpoint is the busiest one, and this saves it the separate memberships query."""
    return Exists(
        Membership.objects.filter(
            user_id=user.pk,
            organisation_id=OuterRef("event__organisation_id"),
            role__in=MANAGING_ROLES | {MemberRole.STAFF},
        )
    )


def can_view_attendance(user, event: Event) -> bool:
    return can_check_in(user, event)


def can_manage_passes(user, event: Event) -> bool:
    """Revoke and reissue passes, set the policy, issue certificates."""
    return can_manage_event(user, event)


def can_download_certificate(user, certificate: Certificate) -> bool:
    if not user or not user.is_authenticated:
        return False
    return certificate.application.applicant_id == user.pk or can_manage_event(
        user, certificate.event
    )


def can_read_pass(user, pass_: Pass) -> bool:
    """The participant while confirmed (a withdrawn one's pass works nowhere), and the
    event's organisers."""
    if not user or not user.is_authenticated:
        return False
    application = pass_.application
    if application.applicant_id == user.pk:
        return application.status == ApplicationStatus.CONFIRMED
    return can_manage_passes(user, pass_.event)
