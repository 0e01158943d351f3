"""Everything that changes delegations, one module per job:

- ``accounts``: the focal point's signed invitation link (sign in, or set up the account)
- ``focal_points``: naming a focal point by name and address (an account with that
  address verified, or a pending invitation by mail that the sign-up or sign-in claims)
- ``invitations``: the partner directory, each event's invited partners, the letter,
  sending invitations, the focal point's answer, reminders
- ``nominations``: nominating within the allocation (row lock on the delegation), head of
  delegation, substitutions until the cut-off, extra seats, accreditation
- ``protocol``: the one precedence order, and the list of participants, seating plan and
  speakers' list it orders
- ``badges``: badges and the meeting's print job
- ``documents``: meeting documents, versions, languages and who may read them
- ``photos``: a nominee's photo (their profile photo), for the badge
- ``bilaterals``: requests, answers, scheduling by the timetable solver, reminders

Lock order: the delegation row (``EventPartner``), then the Event row (inside
``participants.services.delegates``), then the nominee's.
"""

from .accounts import focal_point_account_set_up, invitation_from_token, invitation_link_url
from .badges import badge_batch_create, badge_batch_run, badge_pdf, badges_for
from .bilaterals import (
    bilateral_answer,
    bilateral_problem,
    bilateral_reminders_send,
    bilateral_request,
    bilaterals_ical,
    bilaterals_off_preference,
    bilaterals_schedule,
    on_preferred_day,
)
from .common import by_organiser, cutoff_passed, settings_for
from .documents import document_create, document_version_add, document_visible_to, documents_visible
from .focal_points import (
    focal_point_add,
    focal_point_invitation_accept,
    focal_point_invitation_from_token,
    focal_point_invitation_sign_up,
    focal_point_invitation_withdraw,
    focal_point_invitations_claim,
)
from .invitations import (
    delegation_invite,
    delegation_settings_update,
    invitation_answer,
    invitation_letter_pdf,
    invitation_reminders_send,
    invitations_send,
    partner_save,
)
from .nominations import (
    NOMINEE_FIELDS,
    delegation_withdraw_all,
    nominee_accredit,
    nominee_from_token,
    nominee_nominate,
    nominee_profile_update,
    nominee_profile_url,
    nominee_refuse,
    nominee_substitute,
    nominee_withdraw,
    seat_request_create,
    seat_request_decide,
    seats_taken,
)
from .photos import nominee_photo_file, nominee_photo_set
from .protocol import (
    order_delegations,
    participants_list,
    participants_list_pdf,
    protocol_order,
    seating_plan,
    seating_plan_pdf,
    speakers_list,
)

__all__ = [
    "NOMINEE_FIELDS",
    "badge_batch_create",
    "badge_batch_run",
    "badge_pdf",
    "badges_for",
    "bilateral_answer",
    "bilateral_problem",
    "bilateral_reminders_send",
    "bilateral_request",
    "bilaterals_ical",
    "bilaterals_off_preference",
    "bilaterals_schedule",
    "by_organiser",
    "cutoff_passed",
    "delegation_invite",
    "delegation_settings_update",
    "delegation_withdraw_all",
    "document_create",
    "document_version_add",
    "document_visible_to",
    "focal_point_account_set_up",
    "focal_point_add",
    "focal_point_invitation_accept",
    "focal_point_invitation_from_token",
    "focal_point_invitation_sign_up",
    "focal_point_invitation_withdraw",
    "focal_point_invitations_claim",
    "documents_visible",
    "invitation_answer",
    "invitation_from_token",
    "invitation_letter_pdf",
    "invitation_link_url",
    "invitation_reminders_send",
    "invitations_send",
    "nominee_accredit",
    "nominee_from_token",
    "nominee_nominate",
    "nominee_photo_file",
    "nominee_photo_set",
    "nominee_profile_update",
    "nominee_profile_url",
    "nominee_refuse",
    "nominee_substitute",
    "nominee_withdraw",
    "on_preferred_day",
    "order_delegations",
    "participants_list",
    "participants_list_pdf",
    "partner_save",
    "protocol_order",
    "seat_request_create",
    "seat_request_decide",
    "seating_plan",
    "seating_plan_pdf",
    "seats_taken",
    "settings_for",
    "speakers_list",
]
