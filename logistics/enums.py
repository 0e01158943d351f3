from django.db import models
from django.utils.translation import gettext_lazy as _


class VisaStatus(models.TextChoices):
    NOT_NEEDED = "not_needed", _("No visa needed")
    NEEDED = "needed", _("Visa needed")
    LETTER_SENT = "letter_sent", _("Letter sent")
    APPLIED = "applied", _("Applied")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")


# Statuses that still stand between the person and the border.
OPEN_VISA_STATUSES = frozenset(
    {VisaStatus.NEEDED, VisaStatus.LETTER_SENT, VisaStatus.APPLIED, VisaStatus.REFUSED}
)


class LetterJobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Did not finish")


# Every logistics job (letters, rooming) goes through the same states.
JobStatus = LetterJobStatus


class Direction(models.TextChoices):
    ARRIVAL = "arrival", _("Arrival")
    TRANSFER = "transfer", _("Transfer between legs")
    DEPARTURE = "departure", _("Departure")


class CompanionRole(models.TextChoices):
    ACCOMPANYING = "accompanying", _("Accompanying person")
    # A chaperone may share a room with the minors of their group (their country).
    CHAPERONE = "chaperone", _("Chaperone")


class ClaimStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
