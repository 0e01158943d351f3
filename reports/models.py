"""Export runs (each one the record of who took which list out, and the job of a large
one), scheduled exports, and webhooks (subscriptions and their delivery log)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from programmes.models import Event, Organisation


class ExportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "Excel (XLSX)"
    PDF = "pdf", "PDF"


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class ExportRun(models.Model):
    """One export of one list: streamed at once (status done on creation) or run by a
    worker (queued -> running -> done, with progress) and mailed as a link."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="export_runs")
    export = models.CharField(_("export"), max_length=60)
    format = models.CharField(_("format"), max_length=10, choices=ExportFormat.choices)
    sensitive = models.BooleanField(_("with sensitive fields"), default=False)
    # The export's filters ({name: value}, validated by the export), so that a background
    # run lists what the person asked for.
    params = models.JSONField(_("filters"), default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="export_runs",
    )
    scheduled = models.ForeignKey(
        "ScheduledExport", null=True, blank=True, on_delete=models.SET_NULL, related_name="runs"
    )
    # A scheduled run's occasion (its local day): one run per schedule and day.
    occasion = models.CharField(max_length=40, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows written"), default=0)
    storage_name = models.CharField(max_length=200, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheduled", "occasion"],
                condition=Q(scheduled__isnull=False),
                name="exportrun_once_per_occasion",
            )
        ]
        verbose_name = _("export")
        verbose_name_plural = _("exports")

    def __str__(self) -> str:
        return f"{self.export}.{self.format} ({self.status})"

    @property
    def progress(self) -> int:
        return 100 if not self.rows_total else min(100, 100 * self.rows_done // self.rows_total)


class ScheduledExport(models.Model):
    """'Every day at 07:00 event time, the attendance list to the logistics team': a
    django-celery-beat periodic task in the event's zone starts each run."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="scheduled_exports")
    export = models.CharField(_("export"), max_length=60)
    format = models.CharField(_("format"), max_length=10, choices=ExportFormat.choices)
    hour = models.PositiveSmallIntegerField(_("hour (event time)"))
    minute = models.PositiveSmallIntegerField(_("minute"), default=0)
    recipients = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="scheduled_exports", verbose_name=_("recipients")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    periodic_task = models.OneToOneField(
        "django_celery_beat.PeriodicTask", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["event", "hour", "minute"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hour__lte=23) & Q(minute__lte=59), name="scheduledexport_valid_time"
            )
        ]
        verbose_name = _("scheduled export")
        verbose_name_plural = _("scheduled exports")

    def __str__(self) -> str:
        return f"{self.export}.{self.format} {self.hour:02d}:{self.minute:02d}"


class WebhookSubscription(models.Model):
    """An organisation's URL that receives the events it chose, signed with its secret."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="webhooks"
    )
    url = models.URLField(_("URL"), max_length=500)
    events = models.JSONField(_("events"), default=list)
    secret = models.CharField(max_length=64)
    active = models.BooleanField(_("active"), default=True)
    # Where the last scan for occurrences ended (reports.services.webhooks.webhooks_scan).
    scanned_until = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation", "url"]
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")

    def __str__(self) -> str:
        return self.url


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")


class WebhookDelivery(models.Model):
    """One occurrence for one subscription: written in the transaction of the change it
    announces (so it exists exactly when the change does), sent after commit, retried
    with backoff, and its last answer kept. ``key`` makes the same occurrence one row."""

    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    key = models.CharField(max_length=200)
    event_type = models.CharField(_("event"), max_length=60)
    payload = models.JSONField()
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    response_status = models.PositiveSmallIntegerField(_("answer"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "key"], name="webhookdelivery_unique_key"
            )
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status="pending"),
                name="webhookdelivery_pending_idx",
            )
        ]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")

    def __str__(self) -> str:
        return f"{self.event_type} → {self.subscription_id} ({self.status})"


class ApiToken(models.Model):
    """An API token: an organisation's (for its other systems: a role, maybe one event,
    maybe read-only) or a person's own (a staff member's scanner). Only the key's SHA-256
    is kept; the key is shown once, when it is made. ``user`` is who the token acts as:
    the person for a personal token, the member who made it for an organisation's
    (whose access it never exceeds, and loses with theirs)."""

    PREFIX = "brg_"  # reports.authentication.PREFIX

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    key_start = models.CharField(_("starts with"), max_length=12)
    role = models.CharField(_("role"), max_length=20, blank=True)
    event = models.ForeignKey(
        Event, null=True, blank=True, on_delete=models.CASCADE, related_name="api_tokens"
    )
    read_only = models.BooleanField(_("read only"), default=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False) | (Q(role="") & Q(event__isnull=True)),
                name="apitoken_scopes_need_organisation",
            )
        ]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.key_start}…)"
