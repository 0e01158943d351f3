from django.db import models
from django.utils.translation import gettext_lazy as _


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Proposal ready")
    INFEASIBLE = "infeasible", _("No timetable fits")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


# At most one run per event is in these at a time (a partial unique constraint).
ACTIVE_RUN_STATUSES = frozenset({RunStatus.QUEUED, RunStatus.RUNNING})
FINISHED_RUN_STATUSES = frozenset(set(RunStatus) - ACTIVE_RUN_STATUSES)


class SlotMinutes(models.IntegerChoices):
    FIVE = 5, _("5 minutes")
    TEN = 10, _("10 minutes")
    FIFTEEN = 15, _("15 minutes")
    THIRTY = 30, _("30 minutes")
    SIXTY = 60, _("1 hour")


class LivePhase(models.TextChoices):
    """Where a session is relative to now; derived from its times, never stored."""

    UPCOMING = "upcoming", _("Upcoming")
    IN_PROGRESS = "in_progress", _("In progress")
    FINISHED = "finished", _("Finished")
    CANCELLED = "cancelled", _("Cancelled")
