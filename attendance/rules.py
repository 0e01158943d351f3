"""Who may scan, see attendance, manage passes and read a certificate, as named rules
(roles from ``programmes.rules``)."""

from __future__ import annotations

import rules

from participants.enums import ApplicationStatus
from programmes.rules import is_check_in_staff, is_organiser


@rules.predicate
def holds_pass(user, pass_) -> bool:
    return bool(user and user.is_authenticated and pass_.application.applicant_id == user.pk)


@rules.predicate
def is_confirmed_pass(user, pass_) -> bool:
    # A withdrawn participant's pass works nowhere.
    return pass_.application.status == ApplicationStatus.CONFIRMED


@rules.predicate
def holds_certificate(user, certificate) -> bool:
    return bool(user and user.is_authenticated and certificate.application.applicant_id == user.pk)


# On an event: check people in and out, see the roster (owners, organisers, staff).
rules.add_perm("attendance.scan_event", is_check_in_staff)
rules.add_perm("attendance.view_attendance", is_check_in_staff)
# On an event: revoke and reissue passes, set the policy, issue certificates.
rules.add_perm("attendance.manage_passes", is_organiser)
# On a certificate.
rules.add_perm("attendance.download_certificate", holds_certificate | is_organiser)
# On a pass: its participant while confirmed; otherwise the event's organisers.
rules.add_perm(
    "attendance.view_pass", (holds_pass & is_confirmed_pass) | (~holds_pass & is_organiser)
)
