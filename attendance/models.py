"""Passes, check-ins and certificates.

A participant of an event is a confirmed Application. Each one gets a Pass (the QR
code staff scan), a CheckIn per session they came to, and, if they came often
enough, a Certificate. All instants are UTC.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from backend.files import private_storage
from programmes.models import Event, Session

from . import qr
from .enums import (
    DEFAULT_CERTIFICATE_THRESHOLD,
    DEFAULT_CHECK_IN_CLOSES_MINUTES,
    DEFAULT_CHECK_IN_OPENS_MINUTES,
    DEFAULT_LATE_GRACE_MINUTES,
    CheckInMethod,
    CheckInWindow,
)


def certificate_storage():
    # Certificates name a person: the private storage, served by a view that checks who asks.
    return private_storage


class AttendancePolicy(models.Model):
    """Per-event attendance settings; events without a row use the defaults."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="attendance_policy")
    certificate_threshold = models.PositiveSmallIntegerField(
        _("certificate threshold (%)"),
        default=DEFAULT_CERTIFICATE_THRESHOLD,
        validators=[MaxValueValidator(100)],
        help_text=_("Participants who attended at least this share of sessions get a certificate."),
    )
    late_grace_minutes = models.PositiveSmallIntegerField(
        _("late after (minutes)"), default=DEFAULT_LATE_GRACE_MINUTES
    )
    certificates_issued_at = models.DateTimeField(
        _("certificates last issued"), null=True, blank=True
    )
    check_in_opens_minutes = models.PositiveSmallIntegerField(
        _("check-in opens (minutes before start)"),
        default=DEFAULT_CHECK_IN_OPENS_MINUTES,
        validators=[MaxValueValidator(24 * 60)],
    )
    check_in_closes_minutes = models.PositiveSmallIntegerField(
        _("check-in closes (minutes after end)"),
        default=DEFAULT_CHECK_IN_CLOSES_MINUTES,
        validators=[MaxValueValidator(24 * 60)],
    )
    # What the certificate says, written by the organisers in each working language
    # (attendance/translation.py); empty: Bridges' own wording in the reader's language.
    certificate_heading = models.CharField(
        _("certificate heading"),
        max_length=120,
        blank=True,
        help_text=_("Empty: “Certificate of participation”."),
    )
    certificate_body = models.CharField(
        _("certificate wording"),
        max_length=200,
        blank=True,
        help_text=_("The line between the name and the event. Empty: “took part in”."),
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(certificate_threshold__lte=100),
                name="attendance_policy_threshold_percent",
            ),
        ]
        verbose_name = _("attendance policy")
        verbose_name_plural = _("attendance policies")

    def __str__(self) -> str:
        return f"{self.event}: {self.certificate_threshold}%"

    def check_in_window(self, session: Session) -> tuple[dt.datetime, dt.datetime]:
        """When check-in for ``session`` opens and closes (UTC)."""
        return (
            session.starts_at - dt.timedelta(minutes=self.check_in_opens_minutes),
            session.ends_at + dt.timedelta(minutes=self.check_in_closes_minutes),
        )


class SessionAttendanceState(models.Model):
    """What the periodic scan last recorded about a session's check-in window, so pages
    show "open"/"closed" from a column instead of recomputing it from the policy."""

    session = models.OneToOneField(
        Session, on_delete=models.CASCADE, related_name="attendance_state", primary_key=True
    )
    check_in_opened_at = models.DateTimeField(_("check-in opened"), null=True, blank=True)
    check_in_closed_at = models.DateTimeField(_("check-in closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("session attendance state")
        verbose_name_plural = _("session attendance states")

    def __str__(self) -> str:
        return f"{self.session_id}: {self.window_state}"

    @property
    def window_state(self) -> str:
        if self.check_in_closed_at is not None:
            return CheckInWindow.CLOSED
        if self.check_in_opened_at is not None:
            return CheckInWindow.OPEN
        return CheckInWindow.NOT_YET


class Pass(models.Model):
    """A participant's personal pass: the QR code and the secret calendar feed."""

    application = models.OneToOneField(
        "participants.Application", on_delete=models.CASCADE, related_name="attendance_pass"
    )
    # Copied from the application so a scan checks the event without a join.
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="passes")
    # Part of the signed code; a new nonce makes every earlier code for this pass invalid.
    nonce = models.CharField(max_length=32, unique=True)
    feed_token = models.CharField(max_length=64, unique=True)
    issued_at = models.DateTimeField(auto_now_add=True)
    reissued_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("pass")
        verbose_name_plural = _("passes")

    def __str__(self) -> str:
        return f"Pass {self.pk} · {self.application_id}"

    @property
    def code(self) -> str:
        return qr.make_code(pass_id=self.pk, nonce=self.nonce)

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class CheckIn(models.Model):
    # No single-column indexes on session and application: the unique constraint (session,
    # application) and the index (application, session) lead with each, and every index
    # is one more write on the busiest INSERT.
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="check_ins", db_index=False
    )
    application = models.ForeignKey(
        "participants.Application",
        on_delete=models.CASCADE,
        related_name="check_ins",
        db_index=False,
    )
    # The client's idempotency key: a retried request finds its first answer. A
    # constraint rather than unique=True, which would add a LIKE index nobody uses.
    nonce = models.CharField(max_length=64)
    method = models.CharField(_("method"), max_length=10, choices=CheckInMethod.choices)
    # When staff scanned (the device's clock), which may be well before it reached us
    # if the device was offline; lateness is judged on it.
    scanned_at = models.DateTimeField(_("scanned at"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    device = models.CharField(_("device"), max_length=100, blank=True)
    late = models.BooleanField(_("late"), default=False)
    checked_out_at = models.DateTimeField(_("left at"), null=True, blank=True)
    checked_out_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    left_early = models.BooleanField(_("left early"), default=False)

    class Meta:
        ordering = ["session", "scanned_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "application"], name="checkin_one_per_session_participant"
            ),
            models.UniqueConstraint(fields=["nonce"], name="checkin_nonce_unique"),
        ]
        indexes = [models.Index(fields=["application", "session"])]
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")

    def __str__(self) -> str:
        return f"{self.application_id} @ {self.session_id}"


class Certificate(models.Model):
    application = models.OneToOneField(
        "participants.Application", on_delete=models.CASCADE, related_name="certificate"
    )
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="certificates")
    code = models.CharField(_("verification code"), max_length=20, unique=True)
    # What the certificate says, frozen at issue so the verification page matches the PDF.
    participant_name = models.CharField(_("name"), max_length=300)
    attendance_percent = models.PositiveSmallIntegerField(_("attendance (%)"))
    sessions_attended = models.PositiveIntegerField()
    sessions_total = models.PositiveIntegerField()
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    pdf = models.FileField(upload_to="certificates/", storage=certificate_storage, blank=True)

    class Meta:
        ordering = ["event", "participant_name"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self) -> str:
        return f"{self.code} · {self.participant_name}"
