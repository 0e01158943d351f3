from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    NON_BINARY = "non_binary", _("Non-binary")
    SELF_DESCRIBED = "self_described", _("Self-described")
    PREFER_NOT_TO_SAY = "prefer_not_to_say", _("Prefer not to say")


class PreferredLanguage(models.TextChoices):
    EN = "en", _("English")
    FR = "fr", _("French")
    KO = "ko", _("Korean")
    TH = "th", _("Thai")
    VI = "vi", _("Vietnamese")


class QuestionKind(models.TextChoices):
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    SINGLE_CHOICE = "single_choice", _("Single choice")
    MULTIPLE_CHOICE = "multiple_choice", _("Multiple choice")
    YES_NO = "yes_no", _("Yes / no")
    NUMBER = "number", _("Number")
    DATE = "date", _("Date")
    COUNTRY = "country", _("Country")
    FILE = "file", _("File upload")


CHOICE_KINDS = frozenset({QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE})


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("application status", "Draft")
    SUBMITTED = "submitted", _("Submitted")
    AWAITING_GUARDIAN_CONSENT = "awaiting_guardian_consent", _("Awaiting guardian consent")
    # The call closed and the last consent link expired unanswered: never considered.
    CONSENT_LAPSED = "consent_lapsed", _("No guardian consent")
    UNDER_REVIEW = "under_review", _("Under review")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    ACCEPTED = "accepted", _("Accepted")
    WAITLISTED = "waitlisted", _("Waitlisted")
    REJECTED = "rejected", _("Rejected")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


S = ApplicationStatus

# Statuses that occupy a seat: capacity and country maximums count these.
SEAT_HOLDING_STATUSES = frozenset({S.ACCEPTED, S.CONFIRMED})

# "One active application per person per event": only a withdrawn or lapsed application
# stops counting, so someone who withdrew (or whose call is reopened after their
# guardian's consent lapsed) may apply again. A rejection or a declined offer is a final
# answer for that event and is not reopened by a second application.
INACTIVE_STATUSES = frozenset({S.WITHDRAWN, S.CONSENT_LAPSED})
ACTIVE_STATUSES = frozenset(set(S) - INACTIVE_STATUSES)

# The applicant may withdraw from these (every status that is not final).
WITHDRAWABLE_STATUSES = frozenset(
    {
        S.DRAFT,
        S.SUBMITTED,
        S.AWAITING_GUARDIAN_CONSENT,
        S.UNDER_REVIEW,
        S.SHORTLISTED,
        S.ACCEPTED,
        S.WAITLISTED,
        S.CONFIRMED,
    }
)

# Submitted and not yet decided: answers may still be edited if the call allows it.
EDITABLE_AFTER_SUBMIT_STATUSES = frozenset(
    {S.SUBMITTED, S.AWAITING_GUARDIAN_CONSENT, S.UNDER_REVIEW}
)

# What organisers see: everything the applicant has sent (drafts are private).
SENT_STATUSES = frozenset(set(S) - {S.DRAFT})

# The one transition map. Keys are the current status, values where it may go next.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.SUBMITTED, S.AWAITING_GUARDIAN_CONSENT, S.WITHDRAWN}),
    S.AWAITING_GUARDIAN_CONSENT: frozenset(
        {S.SUBMITTED, S.CONSENT_LAPSED, S.REJECTED, S.WITHDRAWN}
    ),
    S.SUBMITTED: frozenset(
        {S.UNDER_REVIEW, S.SHORTLISTED, S.ACCEPTED, S.WAITLISTED, S.REJECTED, S.WITHDRAWN}
    ),
    S.UNDER_REVIEW: frozenset({S.SHORTLISTED, S.ACCEPTED, S.WAITLISTED, S.REJECTED, S.WITHDRAWN}),
    S.SHORTLISTED: frozenset({S.ACCEPTED, S.WAITLISTED, S.REJECTED, S.WITHDRAWN}),
    S.WAITLISTED: frozenset({S.ACCEPTED, S.REJECTED, S.WITHDRAWN}),
    # An organiser may take back an unconfirmed offer; an expired offer becomes declined.
    S.ACCEPTED: frozenset({S.CONFIRMED, S.DECLINED, S.WAITLISTED, S.REJECTED, S.WITHDRAWN}),
    S.CONFIRMED: frozenset({S.WITHDRAWN}),
    S.REJECTED: frozenset(),
    S.DECLINED: frozenset(),
    S.WITHDRAWN: frozenset(),
    S.CONSENT_LAPSED: frozenset(),
}


class DocumentKind(models.TextChoices):
    CV = "cv", _("CV")
    PASSPORT = "passport", _("Passport copy")
    RECOMMENDATION = "recommendation", _("Recommendation letter")
    OTHER = "other", _("Other")


# Allowed upload types, decided from the file's content (magic bytes), never its name.
ALLOWED_DOCUMENT_TYPES: dict[str, str] = {
    "application/pdf": "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
}
