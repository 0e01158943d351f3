"""Everything that changes profiles, applications, documents and consents, one module
per job:

- ``applications``: an applicant's draft, its submit, and edits after submitting
- ``engine``: the one form engine (application form, follow-up form, surveys): which
  questions show for the answers so far, each answer checked and turned into the value
  stored, a whole form's completeness (``visible_questions``, ``clean_answers``,
  ``check_complete``; participants.forms has its page side)
- ``answers``: answers kept on an application (the application and follow-up forms)
- ``questions``: the organisers' forms (add, change, hide, reorder, delete questions;
  follow-up forms and surveys as ``Questionnaire``)
- ``calls``: a call's settings, the event's default questions, whether the call has closed
- ``eligibility``: who may apply and when (window, age on the first day, countries)
- ``profiles``: the profile and its photo; the copy of it an application keeps
- ``guardians``: the parent or guardian a minor names, and that it is not the applicant
- ``consent``: the guardian's consent link, the consent itself, lapsing without it
- ``status``: ``application_transition``, the one way a status changes, with the seat and
  quota checks; the applicant's withdraw, confirm and decline
- ``documents``: uploading and deleting an applicant's documents, within the quota
- ``privacy``: a person's data export and the deletion of their account
- ``errors``: ``ApplicationInvalid``, several fields failing at once

Status changes go through ``application_transition`` only. Lock order, everywhere: the
Event row first (only for transitions into seat-holding statuses), then the Application
row. Signals are sent inside the transaction (see ``signals.py``). The switches the
concurrency tests turn off live where they are read: ``status.SEAT_LOCKING_ENABLED`` and
``documents.DOCUMENT_QUOTA_LOCKING_ENABLED``.

Callers import from ``participants.services``; the names below are the public ones.
"""

from .answers import application_answers_save
from .applications import (
    application_save_draft,
    application_submit,
    application_update_after_submit,
)
from .calls import (
    call_closed,
    call_settings_for,
    call_settings_update,
    event_default_questions,
    event_default_questions_ensure,
)
from .consent import (
    CONSENT_MAX_AGE,
    CONSENT_SALT,
    DEFAULT_CONSENT_TEXT,
    DEFAULT_CONSENT_VERSION,
    LAPSE_GRACE,
    application_guardian_change,
    consent_resend_allowed,
    consent_token,
    consent_url,
    guardian_consent_from_token,
    guardian_consent_give,
    guardian_consent_request,
    guardian_consent_resend,
    guardian_consents_lapse,
)
from .documents import document_delete, document_upload
from .eligibility import (
    application_draft_problems,
    application_eligibility,
    call_admits_minors,
    minor_on_first_day,
)
from .engine import (
    MAX_TEXT_CHARS,
    SHORT_TEXT_CHARS,
    check_complete,
    clean_answers,
    clean_value,
    condition_met,
    visible_question_ids,
    visible_questions,
)
from .errors import ApplicationInvalid
from .guardians import GUARDIAN_FIELDS, applicant_addresses
from .privacy import account_delete, my_data_export
from .profiles import (
    ADULT_AGE,
    PROFILE_FIELDS,
    PROFILE_REQUIRED_FOR_SUBMIT,
    SNAPSHOT_FIELDS,
    profile_for,
    profile_missing_fields,
    profile_photo_delete,
    profile_photo_set,
    profile_update,
    quota_country,
)
from .questions import (
    QUESTION_FIELDS,
    answered_question_ids,
    form_questions,
    question_create,
    question_delete,
    question_has_answers,
    question_move,
    question_update,
    questionnaire_create,
    questions_reorder,
    register_answer_check,
)
from .status import (
    application_confirm,
    application_decline,
    application_transition,
    application_withdraw,
)

__all__ = [
    "ADULT_AGE",
    "ApplicationInvalid",
    "CONSENT_MAX_AGE",
    "CONSENT_SALT",
    "DEFAULT_CONSENT_TEXT",
    "DEFAULT_CONSENT_VERSION",
    "GUARDIAN_FIELDS",
    "LAPSE_GRACE",
    "MAX_TEXT_CHARS",
    "PROFILE_FIELDS",
    "PROFILE_REQUIRED_FOR_SUBMIT",
    "QUESTION_FIELDS",
    "SHORT_TEXT_CHARS",
    "SNAPSHOT_FIELDS",
    "account_delete",
    "answered_question_ids",
    "applicant_addresses",
    "application_answers_save",
    "application_confirm",
    "application_decline",
    "application_draft_problems",
    "application_eligibility",
    "application_guardian_change",
    "application_save_draft",
    "application_submit",
    "application_transition",
    "application_update_after_submit",
    "application_withdraw",
    "call_admits_minors",
    "call_closed",
    "call_settings_for",
    "call_settings_update",
    "check_complete",
    "clean_answers",
    "clean_value",
    "condition_met",
    "consent_resend_allowed",
    "consent_token",
    "consent_url",
    "document_delete",
    "document_upload",
    "event_default_questions",
    "event_default_questions_ensure",
    "form_questions",
    "guardian_consent_from_token",
    "guardian_consent_give",
    "guardian_consent_request",
    "guardian_consent_resend",
    "guardian_consents_lapse",
    "minor_on_first_day",
    "my_data_export",
    "profile_for",
    "profile_missing_fields",
    "profile_photo_delete",
    "profile_photo_set",
    "profile_update",
    "question_create",
    "question_delete",
    "question_has_answers",
    "question_move",
    "question_update",
    "questionnaire_create",
    "questions_reorder",
    "register_answer_check",
    "quota_country",
    "visible_question_ids",
    "visible_questions",
]
