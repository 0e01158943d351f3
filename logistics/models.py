"""Travel, visas and stay of the people attending an event.

A person attending an event is a confirmed ``participants.Application`` (accepted
applicants and accredited delegates alike); every record here is keyed on it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from participants.enums import Gender
from participants.models import Application
from programmes.models import Event, Leg, Organisation, TimeZoneField

from .crypto import EncryptedDateField, EncryptedTextField
from .enums import ClaimStatus, CompanionRole, Direction, LetterJobStatus, VisaStatus


class LogisticsAccess(models.Model):
    """The logistics role: an organiser of the organisation who may see passport data."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="logistics_access"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="logistics_access"
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"], name="logistics_access_one_per_user"
            )
        ]
        verbose_name = _("logistics role")
        verbose_name_plural = _("logistics roles")

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation}"


class TravelProfile(models.Model):
    """One attending person's passport data (encrypted at rest) and rooming needs."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="travel_profile"
    )
    passport_name = EncryptedTextField(_("name in the passport"), blank=True, default="")
    passport_number = EncryptedTextField(_("passport number"), blank=True, default="")
    nationality = EncryptedTextField(_("nationality (passport)"), blank=True, default="")
    passport_expiry = EncryptedDateField(_("passport expiry"), blank=True, default="")
    date_of_birth = EncryptedDateField(_("date of birth"), blank=True, default="")
    # Delegation heads and others the organisers decide: a room of their own.
    single_room = models.BooleanField(_("single room"), default=False)
    passport_erased_at = models.DateTimeField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("travel profile")
        verbose_name_plural = _("travel profiles")

    def __str__(self) -> str:
        return f"{self.application_id}"

    @property
    def event(self):
        return self.application.event


class VisaRule(models.Model):
    """Holders of ``nationality`` need a visa to enter ``country`` (a country a leg is in)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="visa_rules")
    country = CountryField(_("country visited"))
    nationality = CountryField(_("nationality"))

    class Meta:
        ordering = ["country", "nationality"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "country", "nationality"], name="visa_rule_unique"
            )
        ]
        verbose_name = _("visa requirement")
        verbose_name_plural = _("visa requirements")

    def __str__(self) -> str:
        return f"{self.nationality} → {self.country}"


class VisaCase(models.Model):
    """Where one person stands with the visa for one leg."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="visa_cases"
    )
    leg = models.ForeignKey(Leg, on_delete=models.CASCADE, related_name="visa_cases")
    status = models.CharField(_("visa status"), max_length=20, choices=VisaStatus.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "leg"], name="visa_case_one_per_leg")
        ]
        verbose_name = _("visa case")
        verbose_name_plural = _("visa cases")

    def __str__(self) -> str:
        return f"{self.application_id} · {self.leg_id} · {self.status}"

    @property
    def event(self):
        return self.leg.event


class LetterSettings(models.Model):
    """What the organisers' visa support letters say besides the person's own data."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="letter_settings")
    letterhead = models.CharField(_("letterhead"), max_length=300)
    purpose = models.CharField(_("purpose of the stay"), max_length=300)
    costs_covered_by = models.CharField(_("who pays"), max_length=300)
    signatory_name = models.CharField(_("signatory"), max_length=200)
    signatory_title = models.CharField(_("signatory's title"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("visa letter settings")
        verbose_name_plural = _("visa letter settings")

    def __str__(self) -> str:
        return self.letterhead


class Job(models.Model):
    """A background run with progress (the one way logistics does jobs): its task moves
    ``done`` towards ``total`` and touches ``touched_at`` at each step; the sweeper
    (``logistics.sweep_jobs``) re-queues a job whose worker died, then fails it."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(
        max_length=20, choices=LetterJobStatus.choices, default=LetterJobStatus.QUEUED
    )
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    touched_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    # The Celery task (by name) that runs a job of this kind: ``task(job_id=...)``.
    task_name = ""

    class Meta:
        abstract = True
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.event_id} · {self.status} {self.done}/{self.total}"

    @property
    def percent(self) -> int:
        return 100 if not self.total else int(100 * self.done / self.total)

    @property
    def is_running(self) -> bool:
        return self.status in (LetterJobStatus.QUEUED, LetterJobStatus.RUNNING)


class LetterJob(Job):
    """One bulk run that makes and sends the visa letters still missing; its progress."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="letter_jobs")

    task_name = "logistics.make_letters"

    class Meta(Job.Meta):
        constraints = [
            models.CheckConstraint(
                condition=Q(done__lte=F("total")), name="letter_job_done_le_total"
            )
        ]


class RoomingJob(Job):
    """One solve of a leg's rooming list by CP-SAT in the worker; ``result`` holds what
    ``rooming_solve`` returned (placed, same-country pairs, seconds)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="rooming_jobs")
    leg = models.ForeignKey(Leg, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    result = models.JSONField(default=dict, blank=True)

    task_name = "logistics.solve_rooming"

    class Meta(Job.Meta):
        constraints = [
            models.CheckConstraint(
                condition=Q(done__lte=F("total")), name="rooming_job_done_le_total"
            )
        ]


class VisaLetter(models.Model):
    """One visa support letter: a person, a destination country, a public reference."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="visa_letters"
    )
    country = CountryField(_("destination"))
    reference = models.CharField(_("reference"), max_length=40, unique=True)
    # What the public check shows: never the passport name in full, never the number.
    masked_name = models.CharField(_("name"), max_length=200)
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    # The PDF holds the passport number: private storage, deleted with the passport data.
    storage_name = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["country"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "country"], name="visa_letter_one_per_country"
            )
        ]
        verbose_name = _("visa letter")
        verbose_name_plural = _("visa letters")

    def __str__(self) -> str:
        return self.reference

    @property
    def event(self):
        return self.application.event


class Flight(models.Model):
    """A person's arrival, departure or transfer flight; times in UTC, each airport's zone
    kept beside it so itineraries show local times."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="flights")
    direction = models.CharField(_("direction"), max_length=20, choices=Direction.choices)
    flight_number = models.CharField(_("flight"), max_length=12)
    # The event's end of the flight: the airport landed at (arrival, transfer) or left from.
    airport = models.CharField(_("airport (IATA)"), max_length=3)
    airport_zone = TimeZoneField(_("airport time zone"))
    at = models.DateTimeField(_("lands or leaves at"))

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "direction"], name="flight_one_per_direction"
            )
        ]
        verbose_name = _("flight")
        verbose_name_plural = _("flights")

    def __str__(self) -> str:
        return f"{self.flight_number} {self.airport}"


class PickupGroup(models.Model):
    """A vehicle meeting (or taking) people at one airport within a window."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="pickup_groups")
    direction = models.CharField(_("direction"), max_length=20, choices=Direction.choices)
    airport = models.CharField(_("airport (IATA)"), max_length=3)
    vehicle = models.PositiveIntegerField(_("vehicle"))
    capacity = models.PositiveIntegerField(_("seats"))
    window = models.DurationField(_("window"))
    first_at = models.DateTimeField()
    last_at = models.DateTimeField()
    flights = models.ManyToManyField(Flight, related_name="pickup_groups")

    class Meta:
        ordering = ["first_at", "vehicle"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_at__gte=F("first_at"))
                & Q(last_at__lte=F("first_at") + F("window")),
                name="pickup_group_within_window",
            ),
            models.UniqueConstraint(
                fields=["event", "direction", "vehicle"], name="pickup_group_vehicle_unique"
            ),
        ]
        verbose_name = _("pickup group")
        verbose_name_plural = _("pickup groups")

    def __str__(self) -> str:
        return f"{self.airport} #{self.vehicle}"


class Companion(models.Model):
    """Someone registered with the person they accompany: counted for rooms, meals, badges
    and transfers, never for seats or quotas (it is not an Application)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="companions"
    )
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=20, choices=CompanionRole.choices)
    gender = models.CharField(_("gender"), max_length=20, choices=Gender.choices, blank=True)
    is_minor = models.BooleanField(_("under 18"), default=False)
    dietary_needs = models.CharField(_("dietary needs"), max_length=300, blank=True)
    # On the same flights as their person: in the manifest and the pickup vehicles.
    travels_with_person = models.BooleanField(_("travels with their person"), default=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("accompanying person")
        verbose_name_plural = _("accompanying persons")

    def __str__(self) -> str:
        return self.name

    @property
    def event(self):
        return self.application.event


class Hotel(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="hotels")
    # The leg it houses people for (Seoul, Hanoi); none for a one-place event.
    leg = models.ForeignKey(
        Leg, null=True, blank=True, on_delete=models.SET_NULL, related_name="hotels"
    )
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("hotel")
        verbose_name_plural = _("hotels")

    def __str__(self) -> str:
        return self.name


class RoomBlock(models.Model):
    """Rooms of one type booked at a hotel for a run of nights."""

    hotel = models.ForeignKey(Hotel, on_delete=models.CASCADE, related_name="blocks")
    room_type = models.CharField(_("room type"), max_length=100)
    beds = models.PositiveSmallIntegerField(_("beds per room"))
    rooms = models.PositiveSmallIntegerField(_("rooms"))
    first_night = models.DateField(_("first night"))
    last_night = models.DateField(_("last night"))

    class Meta:
        ordering = ["hotel", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(beds__gte=1), name="room_block_has_beds"),
            models.CheckConstraint(
                condition=Q(last_night__gte=F("first_night")), name="room_block_nights_in_order"
            ),
        ]
        verbose_name = _("room block")
        verbose_name_plural = _("room blocks")

    def __str__(self) -> str:
        return f"{self.hotel} · {self.room_type}"

    @property
    def nights(self) -> int:
        return (self.last_night - self.first_night).days + 1


class RoomAssignment(models.Model):
    """One person (or companion) in one room of a block for a leg's stay. ``kept``: placed
    by an organiser; the solver keeps it."""

    block = models.ForeignKey(RoomBlock, on_delete=models.CASCADE, related_name="assignments")
    room = models.PositiveSmallIntegerField(_("room"))
    # The stay: the hotel's leg id, 0 for an event without legs. One room per stay.
    stay = models.PositiveIntegerField(default=0)
    application = models.ForeignKey(
        Application,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="room_assignments",
    )
    companion = models.ForeignKey(
        Companion, null=True, blank=True, on_delete=models.CASCADE, related_name="room_assignments"
    )
    kept = models.BooleanField(_("placed by an organiser"), default=False)

    class Meta:
        ordering = ["block", "room", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(application__isnull=False, companion__isnull=True)
                | Q(application__isnull=True, companion__isnull=False),
                name="room_assignment_one_occupant",
            ),
            models.UniqueConstraint(
                fields=["stay", "application"], name="room_assignment_one_room_per_stay"
            ),
            models.UniqueConstraint(
                fields=["stay", "companion"], name="room_assignment_one_room_per_stay_companion"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.block_id} #{self.room}"


class FollowUp(models.Model):
    """An event's follow-up form after confirmation (a ``participants.Questionnaire``
    with purpose follow_up, built in the one form engine): deadline and lock."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="follow_up")
    questionnaire = models.OneToOneField(
        "participants.Questionnaire", on_delete=models.CASCADE, related_name="+"
    )
    deadline = models.DateTimeField(_("answer by"))
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("follow-up form")
        verbose_name_plural = _("follow-up forms")

    def __str__(self) -> str:
        return f"{self.event} · {self.deadline:%Y-%m-%d}"


class FollowUpResponse(models.Model):
    """That a person has answered the follow-up form (the answers themselves are
    ``participants.Answer`` rows on the application); reminders skip them."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="follow_up_response"
    )
    submitted_at = models.DateTimeField()
    changed_at = models.DateTimeField()
    changes_after_lock = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.application_id}"


class AirfareCap(models.Model):
    """The most a grant pays for a return flight from a region (a set of countries)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="airfare_caps")
    region = models.CharField(_("region"), max_length=100)
    countries = models.JSONField(_("countries"), default=list)
    amount = models.DecimalField(_("cap"), max_digits=10, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "region"], name="airfare_cap_one_per_region")
        ]

    def __str__(self) -> str:
        return f"{self.region}: {self.amount} {self.currency}"


class PerDiemRate(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="per_diem_rates")
    city = models.CharField(_("city"), max_length=120)
    amount = models.DecimalField(_("per day"), max_digits=10, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "city"], name="per_diem_one_per_city")
        ]

    def __str__(self) -> str:
        return f"{self.city}: {self.amount} {self.currency}"


class Grant(models.Model):
    """What the organisers pay one person: airfare up to the cap, and per diem as
    ``per_diem_lines`` (one per city, each at its city's rate and currency)."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="grant")
    budget_line = models.CharField(_("budget line"), max_length=100)
    airfare = models.DecimalField(_("airfare approved"), max_digits=10, decimal_places=2, default=0)
    airfare_currency = models.CharField(_("currency"), max_length=3)

    def __str__(self) -> str:
        return f"{self.application_id} · {self.budget_line}"


class GrantPerDiem(models.Model):
    """One city's per diem in a grant (Seoul for five days, Hanoi for three): a grant may
    pay several, each at its city's rate and currency."""

    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="per_diem_lines")
    rate = models.ForeignKey(PerDiemRate, on_delete=models.PROTECT, related_name="+")
    days = models.PositiveSmallIntegerField(_("per diem days"), default=0)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["grant", "rate"], name="grant_per_diem_one_per_city")
        ]

    def __str__(self) -> str:
        return f"{self.rate.city} × {self.days}"

    @property
    def total(self):
        return self.rate.amount * self.days


class Claim(models.Model):
    """A reimbursement claim with its receipt (private storage), reviewed by an organiser."""

    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="claims")
    amount = models.DecimalField(_("amount"), max_digits=10, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    description = models.CharField(_("what for"), max_length=200)
    receipt_storage_name = models.CharField(max_length=200)
    receipt_name = models.CharField(_("receipt"), max_length=200)
    status = models.CharField(
        _("status"), max_length=20, choices=ClaimStatus.choices, default=ClaimStatus.SUBMITTED
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="claim_amount_positive")
        ]

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"
