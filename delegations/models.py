"""Delegations: the partner directory, each event's invited partners with their allocation
and invitation, the nominees a focal point names, extra-seat requests, meeting documents
with their versions, bilateral meetings and badge print jobs.

Seats are decided under a row lock on the delegation (``EventPartner``) in
``services.nominations``; the constraints below back what a lock cannot (one head, one
active nomination per address and event).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from programmes.models import Event, Organisation, Programme, Venue

from .enums import (
    ACTIVE_NOMINEE_STATUSES,
    BadgeFormat,
    BatchStatus,
    BilateralStatus,
    ChairPlacement,
    DocumentKind,
    InvitationStatus,
    NomineeStatus,
    Participation,
    PartnerKind,
    SeatingLayout,
    SeatRequestStatus,
    Visibility,
)

DEFAULT_LETTER = _(
    "{partner_name}\n\n"
    "Excellency,\n\n"
    "On behalf of {organisation_name}, I have the honour to invite your delegation to "
    "{event_title}, to be held in {place} on {dates}.\n\n"
    "Your delegation is invited as {participation}, with {seats} seat(s). Please name your "
    "delegation through Bridges by {reply_by}: {link}\n\n"
    "Please accept, Excellency, the assurances of my highest consideration."
)


class Partner(models.Model):
    """A country or an organisation in an organisation's partner directory; it lasts
    across the programme's events."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="delegation_partners"
    )
    programme = models.ForeignKey(
        Programme,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="delegation_partners",
    )
    key = models.SlugField(_("key"), max_length=60)
    kind = models.CharField(_("kind"), max_length=20, choices=PartnerKind.choices)
    country = CountryField(_("country"), blank=True)
    official_name = models.CharField(_("official name"), max_length=200)
    # The name protocol order sorts by ("Korea, Republic of" sorts as "Korea").
    alphabetical_name = models.CharField(_("alphabetical as"), max_length=200, blank=True)
    focal_points = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="focal_point_of"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["alphabetical_name", "official_name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="partner_unique_key"),
        ]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")

    def __str__(self) -> str:
        return self.official_name

    @property
    def sort_name(self) -> str:
        return self.alphabetical_name or self.official_name


class FocalPointInvitation(models.Model):
    """A person the organisers named as a partner's focal point by name and address,
    with no verified account of that address yet. It makes them a focal point when they
    create their account from its link, or sign in with that address verified
    (``services.focal_points``). One pending invitation per partner and address."""

    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="focal_point_invitations"
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("invited at"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Withdrawn by the organisers, or replaced by a new invitation once expired.
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        ordering = ["partner", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "email"],
                condition=Q(accepted_at__isnull=True, withdrawn_at__isnull=True),
                name="focal_point_invitation_one_pending",
            ),
        ]
        verbose_name = _("focal point invitation")
        verbose_name_plural = _("focal point invitations")

    def __str__(self) -> str:
        return f"{self.name} <{self.email}> → {self.partner}"


class DelegationSettings(models.Model):
    """An event's delegation rules: cut-off, protocol order, seating, the invitation letter."""

    event = models.OneToOneField(
        Event, on_delete=models.CASCADE, related_name="delegation_settings"
    )
    # After it only organisers change a delegation (nominations, substitutions).
    nomination_cutoff = models.DateTimeField(_("nominations close"), null=True, blank=True)
    reply_by = models.DateTimeField(_("reply by"), null=True, blank=True)
    meeting_language = models.CharField(_("meeting language"), max_length=8, default="en")
    # Drawn by lot (UN practice): protocol order starts at the first name from this letter.
    drawn_letter = models.CharField(_("drawn letter"), max_length=1, blank=True)
    host_first = models.BooleanField(_("host first"), default=True)
    chair = models.ForeignKey(
        "EventPartner",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("chair"),
    )
    chair_placement = models.CharField(
        _("chair placed"),
        max_length=20,
        choices=ChairPlacement.choices,
        default=ChairPlacement.IN_ORDER,
    )
    seating_layout = models.CharField(
        _("seating layout"),
        max_length=20,
        choices=SeatingLayout.choices,
        default=SeatingLayout.U_SHAPE,
    )
    letter_subject = models.CharField(_("letter subject"), max_length=200, blank=True)
    letter_template = models.TextField(_("invitation letter"), blank=True)
    reminder_days = models.PositiveSmallIntegerField(_("remind after days"), default=7)

    class Meta:
        verbose_name = _("delegation settings")
        verbose_name_plural = _("delegation settings")

    def __str__(self) -> str:
        return str(self.event)


class EventPartner(models.Model):
    """A partner invited to an event: its participation, its allocation and its invitation.
    Its nominees make up the delegation."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="delegations")
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="delegations")
    participation = models.CharField(
        _("participation"), max_length=30, choices=Participation.choices
    )
    seats = models.PositiveSmallIntegerField(_("seats"), default=3)
    extra_seats = models.PositiveSmallIntegerField(_("extra seats granted"), default=0)
    advisers_allowed = models.BooleanField(_("advisers beyond the seats"), default=False)
    # Category quotas beside the seats (decided under the delegation's row lock in
    # ``services.nominations``): advisers beyond the seats (empty: no limit) and
    # accredited media (press and journalists the partner names).
    max_advisers = models.PositiveSmallIntegerField(_("advisers at most"), null=True, blank=True)
    media_seats = models.PositiveSmallIntegerField(_("media places"), default=0)
    invitation_status = models.CharField(
        _("invitation"),
        max_length=20,
        choices=InvitationStatus.choices,
        default=InvitationStatus.NOT_SENT,
    )
    invited_at = models.DateTimeField(_("invited at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["event", "partner__alphabetical_name"]
        constraints = [
            models.UniqueConstraint(fields=["event", "partner"], name="delegation_unique_partner"),
            models.CheckConstraint(condition=Q(seats__gte=1), name="delegation_at_least_one_seat"),
        ]
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")

    def __str__(self) -> str:
        return f"{self.partner} · {self.event}"

    @property
    def seat_limit(self) -> int:
        return self.seats + self.extra_seats


class Nominee(models.Model):
    """A person a focal point names to the delegation."""

    delegation = models.ForeignKey(EventPartner, on_delete=models.CASCADE, related_name="nominees")
    # Copied from the delegation so that one address is nominated once per event.
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="nominees")
    full_name = models.CharField(_("name as in passport"), max_length=200)
    honorific = models.CharField(_("title"), max_length=60, blank=True)
    function = models.CharField(_("function"), max_length=200, blank=True)
    organisation_name = models.CharField(_("ministry or organisation"), max_length=200, blank=True)
    email = models.EmailField(_("email"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    # Lower is more senior: the head first, then by rank.
    rank = models.PositiveSmallIntegerField(_("rank"), default=10)
    is_head = models.BooleanField(_("head of delegation"), default=False)
    is_adviser = models.BooleanField(_("adviser beyond the seats"), default=False)
    # Press and journalists: outside the seats, within the delegation's media places,
    # accredited like others, with their own badge colour.
    is_media = models.BooleanField(_("media"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=NomineeStatus.choices, default=NomineeStatus.NOMINATED
    )
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    replaces = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaced_by",
        verbose_name=_("replaces"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="nominations",
    )
    application = models.OneToOneField(
        "participants.Application",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="nominee",
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The badge photo a focal point or organiser gave for someone whose account is their
    # own (``services.photos``): it never replaces that person's own profile photo.
    photo_storage_name = models.CharField(max_length=200, blank=True)
    photo_content_type = models.CharField(max_length=100, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["delegation", "-is_head", "rank", "full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["delegation"],
                condition=Q(is_head=True, status__in=ACTIVE_NOMINEE_STATUSES),
                name="nominee_one_head_per_delegation",
            ),
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=Q(status__in=ACTIVE_NOMINEE_STATUSES),
                name="nominee_one_active_per_address",
            ),
        ]
        verbose_name = _("nominee")
        verbose_name_plural = _("nominees")

    def __str__(self) -> str:
        return self.full_name


class SeatRequest(models.Model):
    delegation = models.ForeignKey(
        EventPartner, on_delete=models.CASCADE, related_name="seat_requests"
    )
    seats = models.PositiveSmallIntegerField(_("extra seats"))
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=SeatRequestStatus.choices,
        default=SeatRequestStatus.PENDING,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(seats__gte=1), name="seat_request_positive"),
        ]
        verbose_name = _("extra-seat request")
        verbose_name_plural = _("extra-seat requests")

    def __str__(self) -> str:
        return f"{self.delegation} +{self.seats}"

    @property
    def event(self) -> Event:
        return self.delegation.event


class MeetingDocument(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="meeting_documents")
    symbol = models.CharField(_("symbol"), max_length=60)
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(
        _("kind"), max_length=20, choices=DocumentKind.choices, default=DocumentKind.WORKING
    )
    visibility = models.CharField(
        _("visibility"), max_length=20, choices=Visibility.choices, default=Visibility.ACCREDITED
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["event", "symbol"]
        constraints = [
            models.UniqueConstraint(fields=["event", "symbol"], name="meeting_document_symbol"),
        ]
        verbose_name = _("meeting document")
        verbose_name_plural = _("meeting documents")

    def __str__(self) -> str:
        return f"{self.symbol} {self.title}"


class DocumentVersion(models.Model):
    document = models.ForeignKey(MeetingDocument, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    language = models.CharField(_("language"), max_length=8)
    storage_name = models.CharField(max_length=200, unique=True)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("file type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["document", "-number", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number", "language"], name="document_version_unique"
            ),
        ]
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")

    def __str__(self) -> str:
        return f"{self.document.symbol} v{self.number} ({self.language})"

    @property
    def event(self) -> Event:
        return self.document.event


class Bilateral(models.Model):
    """One delegation asks another for a bilateral meeting; accepted ones are placed by
    the timetable solver."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="bilaterals")
    requester = models.ForeignKey(
        EventPartner, on_delete=models.CASCADE, related_name="bilaterals_requested"
    )
    counterpart = models.ForeignKey(
        EventPartner, on_delete=models.CASCADE, related_name="bilaterals_received"
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=BilateralStatus.choices,
        default=BilateralStatus.REQUESTED,
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    # Days of the meeting the requester prefers (ISO dates, within the event); the
    # scheduler places the meeting on one of them when it can.
    preferred_days = models.JSONField(_("preferred days"), default=list, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=30)
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    venue = models.ForeignKey(
        Venue, null=True, blank=True, on_delete=models.SET_NULL, related_name="bilaterals"
    )
    reminded_at = models.DateTimeField(null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["event", "starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(requester=F("counterpart")), name="bilateral_two_delegations"
            ),
        ]
        verbose_name = _("bilateral meeting")
        verbose_name_plural = _("bilateral meetings")

    def __str__(self) -> str:
        return f"{self.requester.partner} – {self.counterpart.partner}"

    @property
    def preferred_dates(self) -> list:
        import datetime as dt

        return [dt.date.fromisoformat(day) for day in self.preferred_days or ()]


class BadgeBatch(models.Model):
    """A print job for the whole meeting's badges, run by a Celery task with progress."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="badge_batches")
    format = models.CharField(
        _("format"), max_length=10, choices=BadgeFormat.choices, default=BadgeFormat.CR80
    )
    status = models.CharField(
        _("status"), max_length=20, choices=BatchStatus.choices, default=BatchStatus.QUEUED
    )
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    storage_name = models.CharField(max_length=200, blank=True)
    error = models.CharField(max_length=500, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("badge print job")
        verbose_name_plural = _("badge print jobs")

    def __str__(self) -> str:
        return f"{self.event} badges ({self.status})"

    @property
    def progress(self) -> int:
        return 100 if self.status == BatchStatus.DONE else int(100 * self.done / (self.total or 1))
