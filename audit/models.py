"""One audit log for the whole house: who changed what, when, on which object.

Modelled on pretix's ``LogEntry`` and ``LoggedModel.log_action``: services write an entry
with ``audit.services.log_action`` inside the transaction that makes the change, so a
rolled-back change leaves no entry. ``data`` holds the changed fields' values before and
after (``{"changes": {"status": {"before": "draft", "after": "submitted"}}}``) and
whatever else the action type documents. Event and organisation are copied from the
object so that entries can be listed and permitted per event without a join.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .registry import action_text


class LogEntry(models.Model):
    action_type = models.CharField(_("action"), max_length=100)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("by"),
        help_text=_("Empty for the system (periodic tasks, the solver, expiries)."),
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    # What the object was called when the entry was written; it outlives the object.
    object_repr = models.CharField(_("object"), max_length=200)
    # Entries outlive a deleted event (its deletion is itself an entry).
    event = models.ForeignKey(
        "programmes.Event",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("event"),
    )
    organisation = models.ForeignKey(
        "programmes.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("organisation"),
    )
    data = models.JSONField(_("data"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    # Entries that record someone looking at protected data (passport numbers, issue 19):
    # listed only to those allowed to see that data.
    sensitive = models.BooleanField(_("about protected data"), default=False)
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["content_type", "object_id", "created_at"], name="audit_object_time"
            ),
            models.Index(fields=["event", "created_at"], name="audit_event_time"),
            models.Index(fields=["organisation", "created_at"], name="audit_organisation_time"),
        ]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")

    def __str__(self) -> str:
        return f"{self.action_type} {self.object_repr}"

    def display(self) -> str:
        """The action in words, in the current language."""
        return str(action_text(self.action_type))
