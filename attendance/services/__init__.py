"""Everything that changes attendance state, one module per job:

- ``passes``: a participant's pass (created on first use), its links and card, revoked or reissued
- ``check_in``: check-in and check-out at the door or from an offline queue (CheckInOutcome)
- ``policy``: an event's attendance policy, and each session's check-in window opening and closing
- ``certificates``: certificates of participation, issued once the event is over, with their PDFs

Callers import from ``attendance.services``; the names below are the public ones.
"""

from .certificates import (
    CODE_ALPHABET,
    certificate_issue_check,
    certificate_issue_for_event,
    certificate_render,
    certificate_verify_url,
    new_certificate_code,
)
from .check_in import (
    CLOCK_SKEW,
    MAX_SCAN_AGE,
    NONCE_RE,
    CheckInOutcome,
    check_in_record,
    check_out_participant,
    check_out_record,
)
from .passes import (
    pass_card_pdf,
    pass_for_application,
    pass_links,
    pass_reissue,
    pass_revoke,
    pass_urls,
)
from .policy import certificate_texts_update, check_in_windows_record, policy_update

__all__ = [
    "CLOCK_SKEW",
    "CODE_ALPHABET",
    "MAX_SCAN_AGE",
    "NONCE_RE",
    "CheckInOutcome",
    "certificate_issue_check",
    "certificate_issue_for_event",
    "certificate_render",
    "certificate_texts_update",
    "certificate_verify_url",
    "check_in_record",
    "check_in_windows_record",
    "check_out_participant",
    "check_out_record",
    "new_certificate_code",
    "pass_card_pdf",
    "pass_for_application",
    "pass_links",
    "pass_reissue",
    "pass_revoke",
    "pass_urls",
    "policy_update",
]
