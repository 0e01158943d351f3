"""Surveys: what is asked of whom and when, the personal links, and the responses.

A survey asks one questionnaire (participants' form engine) in one wave, or in two for a
before/after pair. Responses are keyed by a pair key, a keyed hash of the person and the
survey (``surveys.pairing``): the same in both waves, so one person's answers pair up,
and meaningless without the server secret. An anonymous survey stores nothing else about
who answered: no person, no invitation, no exact time.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from participants.models import Application, Questionnaire
from programmes.models import Event, Session
from scheduling.models import Team

from .enums import DEFAULT_MIN_GROUP_SIZE, MIN_GROUP_SIZE_FLOOR, SurveyKind, WaveNumber


class Survey(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="surveys")
    kind = models.CharField(_("kind"), max_length=20, choices=SurveyKind.choices)
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True)
    # The questions (participants' form engine, purpose survey); both waves of a pair ask
    # the same questionnaire, which is what makes their answers comparable.
    questionnaire = models.ForeignKey(
        Questionnaire,
        null=True,
        blank=True,
        # Kept while surveys ask it; removed with its event (RESTRICT, unlike PROTECT,
        # lets the event's deletion take both).
        on_delete=models.RESTRICT,
        related_name="surveys",
        verbose_name=_("questions"),
    )
    anonymous = models.BooleanField(
        _("anonymous"),
        default=True,
        help_text=_("Answers are kept without the name of the person who gave them."),
    )
    session = models.ForeignKey(
        Session,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="surveys",
        verbose_name=_("session"),
    )
    # Who is asked: the event's confirmed participants, narrowed by these
    # (surveys.selectors.survey_segment).
    min_sessions = models.PositiveSmallIntegerField(
        _("attended at least this many sessions"), default=0
    )
    team = models.ForeignKey(
        Team,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="surveys",
        verbose_name=_("team"),
    )
    delegation = models.ForeignKey(
        "delegations.EventPartner",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="surveys",
        verbose_name=_("delegation"),
    )
    min_group_size = models.PositiveSmallIntegerField(
        _("smallest group shown"),
        default=DEFAULT_MIN_GROUP_SIZE,
        help_text=_("No figure or comment is shown for a group with fewer respondents."),
    )
    summary_published = models.BooleanField(_("impact summary published"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["event", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_group_size__gte=MIN_GROUP_SIZE_FLOOR),
                name="survey_min_group_size_floor",
            ),
            models.CheckConstraint(
                condition=~Q(kind=SurveyKind.SESSION_FEEDBACK) | Q(session__isnull=False),
                name="survey_session_feedback_has_session",
            ),
        ]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")

    def __str__(self) -> str:
        return self.title

    @property
    def is_pair(self) -> bool:
        return self.kind == SurveyKind.BEFORE_AFTER


class Wave(models.Model):
    """One round of asking: its window, and when invitations and the reminder went out."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="waves")
    number = models.PositiveSmallIntegerField(_("wave"), choices=WaveNumber.choices)
    opens_at = models.DateTimeField(pgettext_lazy("survey wave", "opens at"))
    closes_at = models.DateTimeField(pgettext_lazy("survey wave", "closes at"))
    remind_at = models.DateTimeField(_("reminder at"), null=True, blank=True)
    # Set under the wave's row lock by the scan that sent them: never twice.
    invited_at = models.DateTimeField(_("invitations sent at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)

    class Meta:
        ordering = ["survey", "number"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "number"], name="wave_unique_number"),
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="wave_closes_after_opening"
            ),
        ]
        verbose_name = _("wave")
        verbose_name_plural = _("waves")

    def __str__(self) -> str:
        return f"{self.survey} · {self.get_number_display()}"

    @property
    def is_over(self) -> bool:
        return timezone.now() >= self.closes_at


class Invitation(models.Model):
    """A person's signed link to a survey (all its waves); it needs no sign-in."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="survey_invitations"
    )
    nonce = models.CharField(max_length=32, unique=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "application"], name="invitation_one_per_person"
            ),
        ]
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")

    def __str__(self) -> str:
        return f"{self.survey} → {self.application_id}"


class Response(models.Model):
    """One person's answers to one wave; a draft until ``submitted_at`` is set.

    ``application`` is set only on identified surveys. On anonymous ones the row holds the
    pair key, the answers and the submission day (not the time), nothing that names or
    points to a person.
    """

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="responses")
    pair_key = models.CharField(max_length=64)
    application = models.ForeignKey(
        Application,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="survey_responses",
    )
    # {"<question id>": value}, values as participants' form engine cleans them.
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        ordering = ["wave", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["wave", "pair_key"], name="response_one_per_wave"),
        ]
        indexes = [models.Index(fields=["wave", "submitted_at"])]
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")

    def __str__(self) -> str:
        return f"{self.wave} #{self.pk}"
