"""What the participants app announces; downstream apps (notifications) listen.

Every signal is sent inside the transaction that made the change, so a receiver that
writes an outbox row commits or rolls back together with the change itself.
"""

from django.dispatch import Signal

# An application moved from one status to another.
# kwargs: application, from_status (str), to_status (str), by (user or None), note (str),
# change (the StatusChange history row just written; receivers need not query for it),
# announce (bool: False when the applicant is told by other means, e.g. a delegate's
# accreditation mail, so the applicant's status mail is not sent)
application_status_changed = Signal()

# A minor's guardian must be asked for consent; `consent_url` is the signed link.
# kwargs: application, consent (the GuardianConsent row), consent_url (absolute str)
guardian_consent_requested = Signal()
