"""The action types the log knows, with the words the history pages show for each.

Like pretix's registry of log entry types: a code names the app, the object and what
happened (``participants.application.submitted``); ``log_action`` refuses a code that is
not here, so a typo cannot write entries nobody can read. A new app registers its own
with ``register`` in its ``AppConfig.ready``.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ACTION_TYPES: dict[str, Promise] = {
    # programmes
    "programmes.organisation.created": _("Organisation created"),
    "programmes.organisation.changed": _("Organisation changed"),
    "programmes.membership.added": _("Team member added"),
    "programmes.membership.changed": _("Team member's role changed"),
    "programmes.membership.removed": _("Team member removed"),
    "programmes.programme.created": _("Programme created"),
    "programmes.programme.changed": _("Programme changed"),
    "programmes.programme.deleted": _("Programme deleted"),
    "programmes.person.created": _("Person added"),
    "programmes.person.changed": _("Person changed"),
    "programmes.person.deleted": _("Person deleted"),
    "programmes.venue.created": _("Venue added"),
    "programmes.venue.changed": _("Venue changed"),
    "programmes.venue.deleted": _("Venue deleted"),
    "programmes.event.created": _("Event created"),
    "programmes.event.changed": _("Event changed"),
    "programmes.event.published": _("Event published"),
    "programmes.event.cancelled": _("Event cancelled"),
    "programmes.event.deleted": _("Event deleted"),
    "programmes.leg.created": _("Leg added"),
    "programmes.leg.changed": _("Leg changed"),
    "programmes.leg.deleted": _("Leg deleted"),
    "programmes.quota.created": _("Country quota added"),
    "programmes.quota.changed": _("Country quota changed"),
    "programmes.quota.deleted": _("Country quota deleted"),
    "programmes.gender_quota.created": _("Seats per gender set"),
    "programmes.gender_quota.changed": _("Seats per gender changed"),
    "programmes.gender_quota.deleted": _("Seats per gender removed"),
    "programmes.session.created": _("Session added"),
    "programmes.session.changed": _("Session changed"),
    "programmes.session.confirmed": _("Session confirmed"),
    "programmes.session.cancelled": _("Session cancelled"),
    "programmes.session.deleted": _("Session deleted"),
    # participants
    "participants.call_settings.changed": _("Call settings changed"),
    "participants.question.created": _("Question added"),
    "participants.question.changed": _("Question changed"),
    "participants.question.deleted": _("Question deleted"),
    "participants.application.created": _("Application started"),
    "participants.application.changed": _("Application changed"),
    "participants.application.submitted": _("Application submitted"),
    "participants.application.awaiting_guardian_consent": _("Waiting for guardian consent"),
    "participants.application.consent_lapsed": _("Guardian consent lapsed"),
    "participants.application.under_review": _("Review started"),
    "participants.application.shortlisted": _("Decision: shortlisted"),
    "participants.application.accepted": _("Decision: accepted"),
    "participants.application.waitlisted": _("Decision: waiting list"),
    "participants.application.rejected": _("Decision: rejected"),
    "participants.application.confirmed": _("Place confirmed"),
    "participants.application.declined": _("Place declined"),
    "participants.application.withdrawn": _("Application withdrawn"),
    "participants.application.guardian_changed": _("Guardian details changed"),
    "participants.guardian_consent.requested": _("Guardian consent requested"),
    "participants.document.uploaded": _("Document uploaded"),
    "participants.document.deleted": _("Document deleted"),
    # review
    "review.settings.changed": _("Review settings changed"),
    "review.criterion.created": _("Review criterion added"),
    "review.criterion.changed": _("Review criterion changed"),
    "review.criterion.deleted": _("Review criterion deleted"),
    "review.assignment.created": _("Reviewer assigned"),
    "review.assignment.deleted": _("Reviewer unassigned"),
    "review.assignments.auto": _("Reviewers assigned automatically"),
    "review.conflict.declared": _("Conflict of interest declared"),
    "review.review.submitted": _("Review submitted"),
    # scheduling
    "scheduling.rules.changed": _("Scheduling rules changed"),
    "scheduling.request.created": _("Session request added"),
    "scheduling.request.changed": _("Session request changed"),
    "scheduling.request.deleted": _("Session request deleted"),
    "scheduling.availability.added": _("Speaker availability added"),
    "scheduling.availability.deleted": _("Speaker availability deleted"),
    "scheduling.run.started": _("Scheduling run started"),
    "scheduling.run.cancelled": _("Scheduling run cancelled"),
    "scheduling.proposal.accepted": _("Schedule proposal accepted"),
    "scheduling.teams.formed": _("Teams formed"),
    "scheduling.team_member.moved": _("Team member moved"),
    "scheduling.team.renamed": _("Team renamed"),
    # attendance
    "attendance.policy.changed": _("Attendance policy changed"),
    "attendance.pass.revoked": _("Pass revoked"),
    "attendance.pass.reissued": _("Pass reissued"),
    "attendance.certificate.issued": _("Certificate issued"),
    # notifications
    "notifications.broadcast.sent": _("Broadcast sent"),
    "notifications.message.retried": _("Message sent again"),
    "notifications.message.cancelled": _("Message cancelled"),
    "notifications.message.given_up": _("Message given up"),
    "notifications.template.saved": _("Message template saved"),
    "notifications.template.deleted": _("Message template reset"),
}


def register(code: str, text: Promise) -> None:
    """Add an action type (a new app's); a code is registered once."""
    if code in ACTION_TYPES and ACTION_TYPES[code] != text:
        raise ValueError(f"audit action type {code!r} is already registered")
    ACTION_TYPES[code] = text


def is_registered(code: str) -> bool:
    return code in ACTION_TYPES


def action_text(code: str) -> Promise | str:
    """The words for ``code``; an unknown code (from an app since removed) shows as itself."""
    return ACTION_TYPES.get(code, code)
