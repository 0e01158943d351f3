"""Organisations, programmes, events, venues, people and the agenda.

All instants are stored in UTC. An event has a home time zone; a venue has its own,
and a session is shown in its venue's zone (or the event's when it has no venue).
Dates without a time (an event's first and last day, a leg's days) are local dates.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from backend.files import private_storage

from .enums import (
    AttendanceMode,
    CoOrganiserAccess,
    EventKind,
    EventPhase,
    EventStatus,
    MemberRole,
    OrganisationKind,
    SessionStatus,
    SessionType,
)


class TimeZoneField(models.CharField):
    """An IANA zone name such as ``Asia/Seoul``; validated against the zone database."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 64)
        super().__init__(*args, **kwargs)

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        from .validators import validate_time_zone

        validate_time_zone(value)


def logo_storage():
    # Through settings.STORAGES like every file (local disk or S3); read by the letter PDFs.
    return private_storage


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    country = CountryField(_("country"))
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    website = models.URLField(_("website"), blank=True)
    # Drawn at the top of its letters (invitations, visa support); checked and re-encoded
    # by backoffice.organisation_logo before it is stored through the private storage.
    logo = models.FileField(_("logo"), upload_to="logos/", storage=logo_storage, blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="organisations"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=MemberRole.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"], name="membership_unique_user_per_org"
            ),
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation} ({self.role})"


class Programme(models.Model):
    """A recurring series, such as the ASEAN-Korea Youth Network Workshop."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="programmes"
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "slug"], name="programme_unique_slug_per_org"
            ),
        ]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        return self.title


class Person(models.Model):
    """Someone who speaks, lectures or guides; not necessarily a user of Bridges."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="people")
    name = models.CharField(_("name"), max_length=200)
    affiliation = models.CharField(_("affiliation"), max_length=200, blank=True)
    country = CountryField(_("country"), blank=True)
    bio = models.TextField(_("biography"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="speaker_profiles",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.name


class Venue(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="venues")
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    city = models.CharField(_("city"), max_length=120)
    country = CountryField(_("country"))
    time_zone = TimeZoneField(_("time zone"))
    capacity = models.PositiveIntegerField(_("capacity"))
    # Opening hours in local time; the scheduler keeps sessions inside them.
    opens_at = models.TimeField(_("opens at"), default=dt.time(8, 0))
    closes_at = models.TimeField(_("closes at"), default=dt.time(22, 0))

    class Meta:
        ordering = ["country", "city", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gt=0), name="venue_capacity_positive"),
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="venue_closes_after_opening"
            ),
        ]
        verbose_name = _("venue")
        verbose_name_plural = _("venues")

    def __str__(self) -> str:
        return f"{self.name}, {self.city}"

    def clean(self) -> None:
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The venue must close after it opens.")})

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)


class EventQuerySet(models.QuerySet):
    def published(self) -> EventQuerySet:
        return self.filter(status=EventStatus.PUBLISHED)

    def open_for_applications(self, at: dt.datetime | None = None) -> EventQuerySet:
        at = at or timezone.now()
        return self.published().filter(applications_open_at__lte=at, applications_close_at__gt=at)


class Event(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="events")
    programme = models.ForeignKey(
        Programme, null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    co_organisers = models.ManyToManyField(
        Organisation, blank=True, related_name="co_organised_events"
    )
    partners = models.ManyToManyField(Organisation, blank=True, related_name="partnered_events")

    kind = models.CharField(_("kind"), max_length=30, choices=EventKind.choices)
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    theme = models.CharField(_("theme"), max_length=300, blank=True)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True)
    working_languages = models.JSONField(_("working languages"), default=list, blank=True)
    host_country = CountryField(_("host country"))
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    time_zone = TimeZoneField(_("home time zone"))
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    applications_open_at = models.DateTimeField(_("applications open"), null=True, blank=True)
    applications_close_at = models.DateTimeField(_("applications close"), null=True, blank=True)
    min_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    # Who may apply: a nationality in the first list and residence in the second (either
    # list empty: any), checked by participants.services.eligibility.
    eligible_countries = CountryField(_("eligible nationalities"), multiple=True, blank=True)
    eligible_residence_countries = CountryField(
        _("eligible countries of residence"), multiple=True, blank=True
    )
    attendance_mode = models.CharField(
        _("attendance"),
        max_length=20,
        choices=AttendanceMode.choices,
        default=AttendanceMode.IN_PERSON,
    )
    online_url = models.URLField(_("online link"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=EventStatus.choices, default=EventStatus.DRAFT
    )
    # Bumped by the services that change what the agenda shows, in their transaction
    # (programmes.caching.agenda_bump_version): cached agendas are keyed by it.
    agenda_version = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["start_date", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(applications_open_at__isnull=True)
                | Q(applications_close_at__isnull=True)
                | Q(applications_close_at__gt=F("applications_open_at")),
                name="event_application_window_ordered",
            ),
            models.CheckConstraint(
                condition=Q(min_age__isnull=True)
                | Q(max_age__isnull=True)
                | Q(max_age__gte=F("min_age")),
                name="event_age_range_ordered",
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gt=0),
                name="event_capacity_positive",
            ),
        ]
        indexes = [models.Index(fields=["status", "start_date"])]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self) -> str:
        return self.title

    # Years an event may plausibly fall in. Far outside them a typo (year 184 for 2026)
    # would be accepted, and zoneinfo gives such dates local mean time, whose offsets
    # have seconds (+06:42:04) that no RFC 3339 date-time (the API's) can carry.
    FIRST_YEAR, LAST_YEAR = 1900, 2200

    def clean(self) -> None:
        errors: dict[str, str] = {}
        for name in ("start_date", "end_date"):
            day = getattr(self, name)
            if day and not self.FIRST_YEAR <= day.year <= self.LAST_YEAR:
                errors[name] = _("Choose a date between the years %(first)s and %(last)s.") % {
                    "first": self.FIRST_YEAR,
                    "last": self.LAST_YEAR,
                }
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The last day must not be before the first day.")
        if (
            self.applications_open_at
            and self.applications_close_at
            and self.applications_close_at <= self.applications_open_at
        ):
            errors["applications_close_at"] = _("Applications must close after they open.")
        if self.min_age is not None and self.max_age is not None and self.max_age < self.min_age:
            errors["max_age"] = _("The maximum age must not be below the minimum age.")
        if (
            self.programme_id
            and self.organisation_id
            and self.programme.organisation_id != self.organisation_id
        ):
            errors["programme"] = _("The programme belongs to another organisation.")
        if (
            self.attendance_mode in (AttendanceMode.ONLINE, AttendanceMode.HYBRID)
            and not self.online_url
        ):
            errors["online_url"] = _("Online and hybrid events need an online link.")
        if errors:
            raise ValidationError(errors)

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def local_today(self, now: dt.datetime | None = None) -> dt.date:
        return (now or timezone.now()).astimezone(self.zone).date()

    def starts_at(self) -> dt.datetime:
        """Midnight of the first day in the event's zone, as an aware datetime."""
        return dt.datetime.combine(self.start_date, dt.time.min, tzinfo=self.zone)

    def ends_at(self) -> dt.datetime:
        """Midnight after the last day in the event's zone."""
        return dt.datetime.combine(
            self.end_date + dt.timedelta(days=1), dt.time.min, tzinfo=self.zone
        )

    def applications_open(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        return (
            self.status == EventStatus.PUBLISHED
            and self.applications_open_at is not None
            and self.applications_close_at is not None
            and self.applications_open_at <= now < self.applications_close_at
        )

    def phase(self, now: dt.datetime | None = None) -> EventPhase:
        now = now or timezone.now()
        if self.status == EventStatus.DRAFT:
            return EventPhase.DRAFT
        if self.status == EventStatus.CANCELLED:
            return EventPhase.CANCELLED
        today = self.local_today(now)
        if today > self.end_date:
            return EventPhase.COMPLETED
        if today >= self.start_date:
            return EventPhase.IN_PROGRESS
        if self.applications_open(now):
            return EventPhase.APPLICATIONS_OPEN
        if self.applications_close_at and now >= self.applications_close_at:
            return EventPhase.APPLICATIONS_CLOSED
        return EventPhase.ANNOUNCED

    def days(self) -> list[dt.date]:
        count = (self.end_date - self.start_date).days + 1
        return [self.start_date + dt.timedelta(days=i) for i in range(count)]


class Leg(models.Model):
    """Where the event is on which days: days 1-5 in Seoul, days 6-9 in Hanoi."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="legs")
    city = models.CharField(_("city"), max_length=120)
    country = CountryField(_("country"))
    # Blank: the event's home zone (legs made before legs had zones).
    time_zone = TimeZoneField(_("time zone"), blank=True)
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))

    class Meta:
        ordering = ["start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="leg_ends_after_start"
            ),
        ]
        verbose_name = _("leg")
        verbose_name_plural = _("legs")

    def __str__(self) -> str:
        return f"{self.city} ({self.start_date} – {self.end_date})"

    def clean(self) -> None:
        if not (self.start_date and self.end_date):
            return
        if self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The last day must not be before the first day.")})
        if self.event_id:
            event = self.event
            if self.start_date < event.start_date:
                raise ValidationError({"start_date": _("The leg starts before the event.")})
            if self.end_date > event.end_date:
                raise ValidationError({"end_date": _("The leg ends after the event.")})

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone) if self.time_zone else self.event.zone


class EventRole(models.Model):
    """A role on one event only (organiser, reviewer or staff), for someone invited to that
    event rather than to the organisation; the role predicates count it with the
    organisation's roles (``programmes.rules.roles_in``)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="roles")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_roles"
    )
    role = models.CharField(_("role"), max_length=20, choices=MemberRole.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="event_role_unique_user"),
            models.CheckConstraint(
                condition=Q(role__in=["organiser", "reviewer", "staff"]),
                name="event_role_kind",
            ),
        ]
        verbose_name = _("event role")
        verbose_name_plural = _("event roles")

    def __str__(self) -> str:
        return f"{self.user} · {self.event} ({self.role})"


class CoOrganiserGrant(models.Model):
    """How much a co-organising organisation's members may do on the event (its access
    level); a co-organiser without one is named only."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="co_organiser_grants")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    access = models.CharField(
        _("access"), max_length=20, choices=CoOrganiserAccess.choices, default="named"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["event", "organisation"], name="co_organiser_grant_unique"
            ),
        ]
        verbose_name = _("co-organiser access")
        verbose_name_plural = _("co-organiser access")

    def __str__(self) -> str:
        return f"{self.organisation} · {self.event} ({self.access})"


class CountryQuota(models.Model):
    """How many participants an event takes at least and at most from one country."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="quotas")
    country = CountryField(_("country"))
    minimum = models.PositiveIntegerField(_("minimum"), default=0)
    maximum = models.PositiveIntegerField(_("maximum"), null=True, blank=True)

    class Meta:
        ordering = ["country"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "country"], name="quota_unique_country_per_event"
            ),
            models.CheckConstraint(
                condition=Q(maximum__isnull=True) | Q(maximum__gte=F("minimum")),
                name="quota_max_gte_min",
            ),
        ]
        verbose_name = _("country quota")
        verbose_name_plural = _("country quotas")

    def __str__(self) -> str:
        return f"{self.event} · {self.country}: {self.minimum}–{self.maximum or '∞'}"

    def clean(self) -> None:
        if self.maximum is not None and self.minimum is not None and self.maximum < self.minimum:
            raise ValidationError({"maximum": _("The maximum must not be below the minimum.")})
        if (
            self.event_id
            and self.event.capacity is not None
            and (self.minimum or 0) > self.event.capacity
        ):
            raise ValidationError(
                {"minimum": _("The minimum is larger than the event's capacity.")}
            )


class GenderQuota(models.Model):
    """At least ``minimum`` and at most ``maximum`` of the event's seats for one gender (a
    code of the applicants' gender field, ``participants.enums.Gender``), as a country
    quota; the selection honours it with the country quotas (``review.selection``)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="gender_quotas")
    gender = models.CharField(_("gender"), max_length=20)
    minimum = models.PositiveIntegerField(_("minimum"), default=0)
    maximum = models.PositiveIntegerField(_("maximum"), null=True, blank=True)

    class Meta:
        ordering = ["gender"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "gender"], name="gender_quota_unique_gender_per_event"
            ),
            models.CheckConstraint(condition=~Q(gender=""), name="gender_quota_gender_given"),
            models.CheckConstraint(
                condition=Q(maximum__isnull=True) | Q(maximum__gte=F("minimum")),
                name="gender_quota_max_gte_min",
            ),
        ]
        verbose_name = _("gender quota")
        verbose_name_plural = _("gender quotas")

    def __str__(self) -> str:
        return f"{self.event} · {self.gender}: {self.minimum}–{self.maximum or '∞'}"


class Session(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("type"), max_length=30, choices=SessionType.choices)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    venue = models.ForeignKey(
        Venue, null=True, blank=True, on_delete=models.PROTECT, related_name="sessions"
    )
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    speakers = models.ManyToManyField(Person, blank=True, related_name="sessions")
    status = models.CharField(
        _("status"), max_length=20, choices=SessionStatus.choices, default=SessionStatus.CONFIRMED
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=["event", "starts_at"])]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if not (self.starts_at and self.ends_at and self.event_id):
            return
        event = self.event
        if self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The session must end after it starts.")})
        if self.venue_id and self.venue.organisation_id != event.organisation_id:
            raise ValidationError({"venue": _("The venue belongs to another organisation.")})
        # The event's days are local dates; a session belongs to the day it has where it happens.
        zone = self.zone
        if self.starts_at.astimezone(zone).date() < event.start_date:
            raise ValidationError(
                {"starts_at": _("The session starts before the event's first day.")}
            )
        if self.starts_at.astimezone(zone).date() > event.end_date:
            raise ValidationError(
                {"starts_at": _("The session starts after the event's last day.")}
            )
        # A session ending exactly at midnight after the last day still fits.
        last_moment = self.ends_at.astimezone(zone) - dt.timedelta(microseconds=1)
        if last_moment.date() > event.end_date:
            raise ValidationError({"ends_at": _("The session ends after the event's last day.")})
        if self.capacity is not None and self.venue_id and self.capacity > self.venue.capacity:
            raise ValidationError(
                {
                    "capacity": _("The venue holds at most %(capacity)s people.")
                    % {"capacity": self.venue.capacity}
                }
            )

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        """The zone the session is shown in: its venue's, else the event's."""
        return self.venue.zone if self.venue_id else self.event.zone

    @property
    def local_starts_at(self) -> dt.datetime:
        return self.starts_at.astimezone(self.zone)

    @property
    def local_ends_at(self) -> dt.datetime:
        return self.ends_at.astimezone(self.zone)
