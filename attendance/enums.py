from django.db import models
from django.utils.translation import gettext_lazy as _

from programmes.enums import SessionType


class CheckInMethod(models.TextChoices):
    QR = "qr", _("QR code")
    SEARCH = "search", _("Name search")


class CheckInResult(models.TextChoices):
    """What a check-in request did; the staff page colours its answer by it."""

    CHECKED_IN = "checked_in", _("Checked in")
    ALREADY_CHECKED_IN = "already_checked_in", _("Already checked in")
    CHECKED_OUT = "checked_out", _("Checked out")
    ALREADY_CHECKED_OUT = "already_checked_out", _("Already checked out")


class CheckInWindow(models.TextChoices):
    NOT_YET = "not_yet", _("Check-in not open yet")
    OPEN = "open", _("Check-in open")
    CLOSED = "closed", _("Check-in closed")


# Sessions that count towards attendance: people are expected there. Meals, travel and
# free time are on the agenda but nobody checks in to them.
NON_ATTENDANCE_SESSION_TYPES = frozenset(
    {SessionType.MEAL, SessionType.TRAVEL, SessionType.FREE_TIME}
)
ATTENDANCE_SESSION_TYPES = frozenset(set(SessionType) - NON_ATTENDANCE_SESSION_TYPES)

DEFAULT_CERTIFICATE_THRESHOLD = 80
DEFAULT_LATE_GRACE_MINUTES = 10
# Check-in for a session opens this long before it starts and closes this long after it ends.
DEFAULT_CHECK_IN_OPENS_MINUTES = 30
DEFAULT_CHECK_IN_CLOSES_MINUTES = 0
