"""What the scheduler places, when speakers are free, runs of the solver, and teams.

All instants are UTC. Rules that are local clock times (day hours, lunch) are read in
the zone of the city the event is in that day.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from programmes.enums import SessionType
from programmes.models import Event, Person, Session, Venue

from .enums import ACTIVE_RUN_STATUSES, LivePhase, RunStatus, SlotMinutes


class SchedulingRules(models.Model):
    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="scheduling_rules")
    slot_minutes = models.PositiveSmallIntegerField(
        _("slot length"), choices=SlotMinutes.choices, default=SlotMinutes.FIFTEEN
    )
    day_starts_at = models.TimeField(_("day starts at"), default=dt.time(9, 0))
    day_ends_at = models.TimeField(_("day ends at"), default=dt.time(18, 0))
    # Kept free of all-participant sessions; both empty means no lunch break.
    lunch_starts_at = models.TimeField(
        _("lunch starts at"), null=True, blank=True, default=dt.time(12, 0)
    )
    lunch_ends_at = models.TimeField(
        _("lunch ends at"), null=True, blank=True, default=dt.time(13, 0)
    )
    time_limit_seconds = models.PositiveSmallIntegerField(
        _("solver time limit (seconds)"), default=20
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(day_ends_at__gt=F("day_starts_at")), name="rules_day_ordered"
            ),
            models.CheckConstraint(
                condition=Q(lunch_starts_at__isnull=True, lunch_ends_at__isnull=True)
                | Q(lunch_ends_at__gt=F("lunch_starts_at")),
                name="rules_lunch_ordered",
            ),
            models.CheckConstraint(
                condition=Q(time_limit_seconds__gte=1, time_limit_seconds__lte=600),
                name="rules_time_limit_range",
            ),
        ]
        verbose_name = _("scheduling rules")
        verbose_name_plural = _("scheduling rules")

    def __str__(self) -> str:
        return f"{self.event}: {self.day_starts_at}–{self.day_ends_at}"


class Team(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="teams")
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["event", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "number"], name="team_unique_number_per_event"
            ),
        ]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self) -> str:
        return self.name


class TeamMember(models.Model):
    # ``event`` repeats the team's so the database keeps a person in one team per event.
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="team_members")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_memberships"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["team__number", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"], name="team_member_one_team_per_event"
            ),
        ]
        verbose_name = _("team member")
        verbose_name_plural = _("team members")

    def __str__(self) -> str:
        return f"{self.user} in {self.team}"


class SessionRequest(models.Model):
    """A session the scheduler should place, with everything that limits where and when."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="session_requests")
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(
        _("type"), max_length=30, choices=SessionType.choices, default=SessionType.LECTURE
    )
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    speakers = models.ManyToManyField(Person, blank=True, related_name="session_requests")
    city = models.CharField(
        _("city"), max_length=120, blank=True, help_text=_("Empty: any city the event visits.")
    )
    min_capacity = models.PositiveIntegerField(_("minimum capacity"), default=0)
    venue = models.ForeignKey(
        Venue,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="session_requests",
        help_text=_("Only this venue; empty lets the scheduler choose."),
    )
    # Empty: every participant attends, so nothing else may run for anyone at the same time.
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="session_requests"
    )
    fixed_start = models.DateTimeField(_("fixed start"), null=True, blank=True)
    after = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="before", verbose_name=_("after")
    )
    not_before_day = models.PositiveSmallIntegerField(_("not before day"), null=True, blank=True)
    not_after_day = models.PositiveSmallIntegerField(_("not after day"), null=True, blank=True)
    # The agenda session this request places, once accepted (or one that existed before).
    session = models.OneToOneField(
        Session, null=True, blank=True, on_delete=models.SET_NULL, related_name="scheduling_request"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["event", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=5, duration_minutes__lte=24 * 60),
                name="request_duration_range",
            ),
            models.CheckConstraint(
                condition=Q(not_before_day__isnull=True)
                | Q(not_after_day__isnull=True)
                | Q(not_after_day__gte=F("not_before_day")),
                name="request_day_window_ordered",
            ),
            models.CheckConstraint(
                condition=Q(not_before_day__isnull=True) | Q(not_before_day__gte=1),
                name="request_not_before_day_positive",
            ),
            models.CheckConstraint(
                condition=Q(not_after_day__isnull=True) | Q(not_after_day__gte=1),
                name="request_not_after_day_positive",
            ),
        ]
        verbose_name = _("session request")
        verbose_name_plural = _("session requests")

    def __str__(self) -> str:
        return self.title


class SpeakerAvailability(models.Model):
    """A window in which a speaker can take sessions; a speaker with none is always free."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="speaker_availability")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="availability")
    starts_at = models.DateTimeField(pgettext_lazy("time range", "from"))
    ends_at = models.DateTimeField(_("until"))

    class Meta:
        ordering = ["event", "person", "starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="availability_ends_after_start"
            ),
        ]
        verbose_name = _("speaker availability")
        verbose_name_plural = _("speaker availability")

    def __str__(self) -> str:
        return f"{self.person}: {self.starts_at:%Y-%m-%d %H:%M}–{self.ends_at:%H:%M} UTC"


class ScheduleRun(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="schedule_runs")
    status = models.CharField(
        _("status"), max_length=20, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    cancel_requested = models.BooleanField(_("cancel requested"), default=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    time_limit_seconds = models.PositiveSmallIntegerField(default=20)
    # Each conflict: {"code", "message", "constraints": [...], "request_ids": [...]}.
    conflicts = models.JSONField(default=list, blank=True)
    error = models.CharField(max_length=500, blank=True)
    solver_status = models.CharField(max_length=20, blank=True)
    wall_seconds = models.FloatField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event"],
                condition=Q(status__in=sorted(ACTIVE_RUN_STATUSES)),
                name="schedule_run_one_active_per_event",
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="schedule_run_progress_range"
            ),
        ]
        verbose_name = _("schedule run")
        verbose_name_plural = _("schedule runs")

    def __str__(self) -> str:
        return f"{self.event} run {self.pk} ({self.status})"


class ProposedPlacement(models.Model):
    run = models.ForeignKey(ScheduleRun, on_delete=models.CASCADE, related_name="placements")
    request = models.ForeignKey(SessionRequest, on_delete=models.CASCADE, related_name="placements")
    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="+")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "request_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "request"], name="placement_unique_request_per_run"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="placement_ends_after_start"
            ),
        ]
        verbose_name = _("proposed placement")
        verbose_name_plural = _("proposed placements")

    def __str__(self) -> str:
        return f"{self.request} @ {self.venue} {self.starts_at:%Y-%m-%d %H:%M} UTC"


class SessionPhaseMark(models.Model):
    """That a session's start or end has been announced (``signals.session_phase_changed``);
    the unique key makes the announcement happen once even with two beat processes."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="phase_marks")
    phase = models.CharField(max_length=20, choices=LivePhase.choices)
    at = models.DateTimeField()
    marked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "phase"], name="phase_mark_once_per_session"
            ),
        ]
        verbose_name = _("session phase mark")
        verbose_name_plural = _("session phase marks")

    def __str__(self) -> str:
        return f"{self.session} {self.phase} at {self.at:%Y-%m-%d %H:%M} UTC"
