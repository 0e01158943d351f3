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
    # Survey kinds (issue 20), usable in every form.
    LIKERT = "likert", _("Agreement scale (Likert)")
    LIKERT_MATRIX = "likert_matrix", _("Statements on one scale (Likert matrix)")
    NPS = "nps", _("Recommendation 0-10 (NPS)")
    RATING = "rating", _("Rating (stars)")
    SECTION = "section", _("Section heading")


CHOICE_KINDS = frozenset({QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE})
# Kinds whose answer is a point on a numbered scale (an int): 1..points, or 0..10 for NPS.
SCALE_KINDS = frozenset({QuestionKind.LIKERT, QuestionKind.RATING, QuestionKind.NPS})
# Likert items have 5 or 7 points; ratings 3 to 10 (stars).
LIKERT_POINTS = (5, 7)
RATING_POINTS = range(3, 11)
NPS_POINTS = range(0, 11)
# Kinds that take no answer (a heading between parts of the form).
NO_ANSWER_KINDS = frozenset({QuestionKind.SECTION})
# Kinds a later question's condition cannot refer to (no single comparable answer).
NOT_CONDITIONAL_KINDS = frozenset(
    {QuestionKind.SECTION, QuestionKind.LIKERT_MATRIX, QuestionKind.FILE, QuestionKind.LONG_TEXT}
)


class QuestionnairePurpose(models.TextChoices):
    """What a form is for. The application form is the questions without a questionnaire."""

    APPLICATION = "application", _("Application form")
    FOLLOW_UP = "follow_up", _("Follow-up form (after confirmation)")
    SURVEY = "survey", _("Survey")


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
