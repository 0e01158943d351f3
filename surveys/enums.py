from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SurveyKind(models.TextChoices):
    SESSION_FEEDBACK = "session_feedback", _("Feedback on a session")
    EVALUATION = "evaluation", _("End-of-event evaluation")
    BEFORE_AFTER = "before_after", _("Before and after (matched pair)")
    FOLLOW_UP = "follow_up", _("Follow-up some months later")


class WaveNumber(models.IntegerChoices):
    """A before/after survey has both; every other kind has only the first."""

    FIRST = 1, pgettext_lazy("survey wave", "Before")
    SECOND = 2, pgettext_lazy("survey wave", "After")


class Breakdown(models.TextChoices):
    COUNTRY = "country", _("Country")
    GENDER = "gender", _("Gender")
    TEAM = "team", _("Team")
    KIND = "kind", _("Kind of participant")
    AGE = "age", _("Age")


# No figure for a group under the organiser's threshold, and the threshold itself never
# under this floor (three people are the least that hides one person's answer).
DEFAULT_MIN_GROUP_SIZE = 5
MIN_GROUP_SIZE_FLOOR = 3
