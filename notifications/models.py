"""The outbox: every message is a row written in the transaction that caused it.

Delivery, retries and the sweeper work on these rows only, so a message exists if and
only if the change that caused it committed, and its ``idempotency_key`` (unique) makes
every scan, receiver and retry safe to run twice.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from programmes.models import Event

from .enums import Channel, MessageKind, MessageStatus, Segment


class Message(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notification_messages",
    )
    # Always filled: a user's address at queue time, or a guardian's who has no account.
    to_email = models.EmailField(pgettext_lazy("email recipient", "to"))
    to_name = models.CharField(_("name"), max_length=200, blank=True)
    channel = models.CharField(
        _("channel"), max_length=20, choices=Channel.choices, default=Channel.EMAIL
    )
    kind = models.CharField(_("kind"), max_length=40, choices=MessageKind.choices)
    # Template name under notifications/email/ (the kind's own unless told otherwise).
    template = models.CharField(_("template"), max_length=80)
    context = models.JSONField(_("context"), default=dict, blank=True)
    language = models.CharField(_("language"), max_length=8, default="en")
    idempotency_key = models.CharField(_("idempotency key"), max_length=200, unique=True)
    status = models.CharField(
        _("status"), max_length=20, choices=MessageStatus.choices, default=MessageStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    event = models.ForeignKey(
        Event, null=True, blank=True, on_delete=models.CASCADE, related_name="notification_messages"
    )
    broadcast = models.ForeignKey(
        "Broadcast", null=True, blank=True, on_delete=models.SET_NULL, related_name="messages"
    )
    # What was sent, kept for the inbox and for support ("what exactly did they get?").
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    body_text = models.TextField(_("text"), blank=True)
    body_html = models.TextField(_("HTML"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # When a delivery task was last asked for; the sweeper re-enqueues rows left behind.
    enqueued_at = models.DateTimeField(_("enqueued at"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="message_inbox_idx"),
            # The sweeper's scan: only unfinished rows are indexed.
            models.Index(
                fields=["enqueued_at"],
                condition=Q(status__in=["queued", "sending"]),
                name="message_pending_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False),
                name="message_sent_has_sent_at",
            ),
        ]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self) -> str:
        return f"{self.kind} → {self.to_email} ({self.status})"


class OptOut(models.Model):
    """A recipient turned off one optional kind (reminders and broadcasts)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_opt_outs"
    )
    kind = models.CharField(_("kind"), max_length=40, choices=MessageKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="optout_unique_kind_per_user")
        ]
        verbose_name = _("opt-out")
        verbose_name_plural = _("opt-outs")

    def __str__(self) -> str:
        return f"{self.user} ✕ {self.kind}"


class TemplateOverride(models.Model):
    """An organiser's own subject and body for one kind of message of one event.

    ``language`` blank applies to every language without its own override.
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="message_templates")
    kind = models.CharField(_("kind"), max_length=40, choices=MessageKind.choices)
    language = models.CharField(_("language"), max_length=8, blank=True)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("body"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "kind", "language"],
                name="templateoverride_unique_per_event_kind_language",
            )
        ]
        verbose_name = _("message template")
        verbose_name_plural = _("message templates")

    def __str__(self) -> str:
        return f"{self.event} · {self.kind} ({self.language or '*'})"


class Broadcast(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="broadcasts")
    segment = models.CharField(_("recipients"), max_length=20, choices=Segment.choices)
    country = models.CharField(_("country"), max_length=2, blank=True)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("body"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0)
    # The one-time token of the form that sent it: a second submit of the same form
    # finds this row and sends nothing (double click, back and resubmit, a retry).
    submit_token = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "submit_token"], name="broadcast_one_per_submit_token"
            )
        ]
        verbose_name = _("broadcast")
        verbose_name_plural = _("broadcasts")

    def __str__(self) -> str:
        return f"{self.event} · {self.subject}"
