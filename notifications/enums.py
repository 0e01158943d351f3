from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    # Every message is mailed and also listed in the recipient's in-app inbox.
    EMAIL = "email", _("Email")


class MessageStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


# A delivery task may (re)try these; the others are final.
DELIVERABLE_STATUSES = frozenset({MessageStatus.QUEUED, MessageStatus.SENDING})


class MessageKind(models.TextChoices):
    # Transactional: always sent.
    APPLICATION_RECEIVED = "application_received", _("Application received")
    GUARDIAN_CONSENT_REQUEST = "guardian_consent_request", _("Guardian consent request")
    GUARDIAN_CONSENT_LAPSED = "guardian_consent_lapsed", _("Guardian consent not given")
    DECISION_ACCEPTED = "decision_accepted", _("Decision: accepted")
    DECISION_WAITLISTED = "decision_waitlisted", _("Decision: waiting list")
    DECISION_REJECTED = "decision_rejected", _("Decision: not selected")
    CONFIRMATION_RECEIVED = "confirmation_received", _("Confirmation received")
    PROMOTED_FROM_WAITLIST = "promoted_from_waitlist", _("Promoted from the waiting list")
    SCHEDULE_CHANGED = "schedule_changed", _("Schedule changed")
    # Sign-up confirmation, password reset, address change: written by allauth's templates.
    ACCOUNT = "account", _("Account (sign-up, password, email address)")
    # Delegations of intergovernmental meetings (delegations/ writes them).
    DELEGATION_INVITATION = "delegation_invitation", _("Invitation to a meeting")
    DELEGATION_NOTICE = "delegation_notice", _("News about a delegation")
    # Logistics (logistics/ writes them): a visa letter is needed to travel, and the
    # logistics team must hear of answers changed after the lock.
    VISA_LETTER = "visa_letter", _("Visa support letter")
    FOLLOW_UP_CHANGED = "follow_up_changed", _("Follow-up answers changed after the lock")
    # Reminders: the recipient may turn each off.
    CALL_CLOSING = "call_closing", _("Call closing soon")
    GUARDIAN_CONSENT_PENDING = "guardian_consent_pending", _("Guardian consent still pending")
    CONFIRMATION_DEADLINE = "confirmation_deadline", _("Confirmation deadline approaching")
    EVENT_STARTS_SOON = "event_starts_soon", _("Event starts in 7 days")
    SESSION_REMINDER = "session_reminder", _("Session reminder")
    DAILY_AGENDA = "daily_agenda", _("Daily agenda")
    FEEDBACK_REQUEST = "feedback_request", _("Feedback request")
    DELEGATION_REMINDER = "delegation_reminder", _("Invitation not yet answered")
    MEETING_DOCUMENT = "meeting_document", _("New meeting document")
    FOLLOW_UP_REMINDER = "follow_up_reminder", _("Follow-up form not yet answered")
    # Surveys (surveys/ writes them): their own kinds, so an organiser's wording for the
    # end-of-event feedback request never replaces a survey's invitation or reminder.
    SURVEY_INVITATION = "survey_invitation", _("Survey invitation")
    SURVEY_REMINDER = "survey_reminder", _("Survey not yet answered")
    # Written by organisers.
    BROADCAST = "broadcast", _("Message from the organisers")


K = MessageKind

TRANSACTIONAL_KINDS = frozenset(
    {
        K.APPLICATION_RECEIVED,
        K.GUARDIAN_CONSENT_REQUEST,
        K.GUARDIAN_CONSENT_LAPSED,
        K.DECISION_ACCEPTED,
        K.DECISION_WAITLISTED,
        K.DECISION_REJECTED,
        K.CONFIRMATION_RECEIVED,
        K.PROMOTED_FROM_WAITLIST,
        K.SCHEDULE_CHANGED,
        K.ACCOUNT,
        K.DELEGATION_INVITATION,
        K.DELEGATION_NOTICE,
        K.VISA_LETTER,
        K.FOLLOW_UP_CHANGED,
    }
)
# Kinds a recipient may unsubscribe from (one-click link, preferences page).
OPTIONAL_KINDS = frozenset(set(K) - TRANSACTIONAL_KINDS)
# Kinds whose text an organiser may replace for an event: not broadcasts (written by the
# organiser anyway) nor account mail (no event; written by allauth's templates).
OVERRIDABLE_KINDS = frozenset(set(K) - {K.BROADCAST, K.ACCOUNT})


class Segment(models.TextChoices):
    CONFIRMED_PARTICIPANTS = "confirmed", _("All confirmed participants")
    APPLICANTS_FROM_COUNTRY = "country", _("All applicants from one country")
    # Applications picked on the applications desk (participants.services.desk): the
    # recipients are given, not a segment one composes to.
    CHOSEN_APPLICANTS = "chosen", _("Applicants chosen on the applications desk")


# The segments the messages desk and the API compose to.
COMPOSABLE_SEGMENTS = [
    (value, label) for value, label in Segment.choices if value != Segment.CHOSEN_APPLICANTS
]


# Placeholders an organiser may use in an overridden subject or body.
PLACEHOLDERS: dict[str, str] = {
    "first_name": _("Recipient's first name"),
    "event_title": _("Event title"),
    "session_title": _("Session title (session messages)"),
    "session_start_local": _("Session start in the session's local time"),
    "session_start_yours": _("Session start in the recipient's time zone"),
    "link": _("The main link of the message"),
    "unsubscribe_link": _("One-click unsubscribe link (reminders and broadcasts)"),
}
