from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OrganisationKind(models.TextChoices):
    FOUNDATION = "foundation", _("Foundation")
    MINISTRY = "ministry", _("Ministry")
    UN_OFFICE = "un_office", _("UN office")
    CENTRE = "centre", _("Centre")
    NGO = "ngo", _("NGO")
    UNIVERSITY = "university", _("University")
    OTHER = "other", _("Other")


class MemberRole(models.TextChoices):
    OWNER = "owner", _("Owner")
    ORGANISER = "organiser", pgettext_lazy("membership role", "Organiser")
    REVIEWER = "reviewer", _("Reviewer")
    STAFF = "staff", _("Staff")


# Roles that may create and change an organisation's programmes, events and agenda.
MANAGING_ROLES = frozenset({MemberRole.OWNER, MemberRole.ORGANISER})
# The roles someone may hold on one event only (``EventRole``).
EVENT_ROLES = (MemberRole.ORGANISER, MemberRole.REVIEWER, MemberRole.STAFF)


class CoOrganiserAccess(models.TextChoices):
    """What a co-organising organisation's members may do on the event."""

    NAMED = "named", _("Named only (no access)")
    STAFF = "staff", _("Check-in: its owners, organisers and staff act as staff")
    REVIEW = "review", _("Review: its owners, organisers and reviewers act as reviewers")
    FULL = "full", _("Full: its members' own roles count on the event")


class EventKind(models.TextChoices):
    WORKSHOP = "workshop", _("Workshop")
    FORUM = "forum", _("Forum")
    YOUTH_EXCHANGE = "youth_exchange", _("Youth exchange")
    MINISTERIAL_MEETING = "ministerial_meeting", _("Ministerial meeting")
    CONFERENCE = "conference", _("Conference")
    WEBINAR = "webinar", _("Webinar")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")


class EventPhase(models.TextChoices):
    """What a published event is doing now, derived from its dates, never stored."""

    DRAFT = "draft", _("Draft")
    CANCELLED = "cancelled", _("Cancelled")
    ANNOUNCED = "announced", _("Announced")
    APPLICATIONS_OPEN = "applications_open", _("Applications open")
    APPLICATIONS_CLOSED = "applications_closed", _("Applications closed")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")


class AttendanceMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid")


class SessionType(models.TextChoices):
    PLENARY = "plenary", _("Plenary")
    LECTURE = "lecture", _("Lecture")
    PANEL = "panel", _("Panel")
    WORKSHOP = "workshop", _("Workshop")
    SITE_VISIT = "site_visit", _("Site visit")
    TEAM_MISSION = "team_mission", _("Team mission")
    CULTURAL_EXCHANGE = "cultural_exchange", _("Cultural exchange")
    NETWORKING = "networking", _("Networking")
    MEAL = "meal", _("Meal")
    TRAVEL = "travel", _("Travel")
    FREE_TIME = "free_time", _("Free time")


class SessionStatus(models.TextChoices):
    TENTATIVE = "tentative", _("Tentative")
    CONFIRMED = "confirmed", pgettext_lazy("session status", "Confirmed")
    CANCELLED = "cancelled", _("Cancelled")


# Sessions that occupy people and rooms; a cancelled one frees both.
ACTIVE_SESSION_STATUSES = frozenset({SessionStatus.TENTATIVE, SessionStatus.CONFIRMED})


class ConflictKind(models.TextChoices):
    SPEAKER_DOUBLE_BOOKED = "speaker_double_booked", _("Speaker double-booked")
    VENUE_DOUBLE_BOOKED = "venue_double_booked", _("Venue double-booked")
    VENUE_OUTSIDE_LEG = "venue_outside_leg", _("Venue in a city the event is not in that day")
