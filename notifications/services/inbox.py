"""A person's own messages on the site: marking them read."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from backend.errors import BridgesError

from ..models import Message


def inbox_mark_read(*, user, message_id: int) -> Message:
    message = Message.objects.filter(pk=message_id, recipient=user).first()
    if message is None:
        raise BridgesError(_("No such message."), code="not_found", field="id", status=404)
    if message.read_at is None:
        message.read_at = timezone.now()
        message.save(update_fields=["read_at"])
    return message


def inbox_mark_all_read(*, user) -> int:
    return Message.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
