"""Who attends an event, for every logistics list (travel, letters, rooms, follow-up)."""

from __future__ import annotations

from typing import Any

from participants.enums import ApplicationStatus
from participants.models import Application


def attending(event) -> Any:
    """The people attending ``event``: its confirmed applications (delegates included)."""
    return Application.objects.filter(event=event, status=ApplicationStatus.CONFIRMED)
