from django.db import models
from django.utils.translation import gettext_lazy as _

from participants.enums import ApplicationStatus
from programmes.enums import MemberRole


class AssignmentSource(models.TextChoices):
    MANUAL = "manual", _("By hand")
    AUTOMATIC = "automatic", _("Automatic")


class DecisionOutcome(models.TextChoices):
    ACCEPT = "accept", _("Accept")
    WAITLIST = "waitlist", _("Waitlist")
    REJECT = "reject", _("Reject")


# What each organiser decision moves the application to.
OUTCOME_STATUS = {
    DecisionOutcome.ACCEPT: ApplicationStatus.ACCEPTED,
    DecisionOutcome.WAITLIST: ApplicationStatus.WAITLISTED,
    DecisionOutcome.REJECT: ApplicationStatus.REJECTED,
}

# Applications that are in the running: reviewed, ranked and part of a proposal.
REVIEWABLE_STATUSES = frozenset(
    {
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.UNDER_REVIEW,
        ApplicationStatus.SHORTLISTED,
        ApplicationStatus.WAITLISTED,
        ApplicationStatus.ACCEPTED,
        ApplicationStatus.CONFIRMED,
    }
)

# A proposal is made for these; accepted and confirmed ones already hold their seats.
PROPOSABLE_STATUSES = frozenset(
    {
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.UNDER_REVIEW,
        ApplicationStatus.SHORTLISTED,
        ApplicationStatus.WAITLISTED,
    }
)

# Members with these roles may be given applications to review.
REVIEWER_ROLES = frozenset({MemberRole.OWNER, MemberRole.ORGANISER, MemberRole.REVIEWER})
